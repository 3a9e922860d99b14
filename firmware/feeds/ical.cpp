#include "feeds/ical.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_set>

#include <fmt/format.h>
#include <libical/ical.h>
#include <libxml/HTMLparser.h>

#include "feeds/html_text.hpp"
#include "feeds/ical_expand.hpp"
#include "feeds/ical_zones.hpp"
#include "feeds/reference.hpp"
#include "util/deleter.hpp"
#include "util/text.hpp"
#include "util/utf8.hpp"

namespace placard::feeds {
namespace {

using namespace ical;
using std::chrono::seconds;

using Component = std::unique_ptr<icalcomponent, Deleter<icalcomponent_free>>;

constexpr const char* hint_url =
    "check the source's url in the playlist; it should point at the calendar's iCal address, often ending in .ics";
constexpr const char* hint_html =
    "the address gives a web page; use the calendar's iCal export or subscription link instead (often ending in .ics)";
constexpr const char* hint_truncated =
    "the download was cut short or the site stopped writing the calendar; it is fetched again at the next refresh";
constexpr const char* hint_zone = "use a name from the zone database, such as \"Europe/London\" or \"America/Caracas\"";

// The lines of the text, CRLF or LF, with their numbers (from 1).
template <class F>
void for_each_line(std::string_view text, F&& f) {
    size_t number = 1;
    for (size_t start = 0; start < text.size(); ++number) {
        size_t end = text.find('\n', start);
        std::string_view line = text.substr(start, end == std::string_view::npos ? end : end - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        f(line, number);
        if (end == std::string_view::npos) break;
        start = end + 1;
    }
}

// What the text is, when it is not an iCalendar file; nothing when it looks like one.
std::optional<Error> not_a_calendar(std::string_view text, const std::string& origin) {
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // a BOM, as some exports write
    std::string_view body = trim_view(text);
    if (body.empty()) return Error{origin, "the calendar is empty: not an iCalendar file", hint_url};
    if (body.find('\0') != std::string_view::npos) return Error{origin, "binary data, not an iCalendar file", hint_url};
    if (starts_with_nocase(body, "BEGIN:VCALENDAR")) return std::nullopt;
    std::string_view first_line = trim_view(body.substr(0, body.find_first_of("\r\n")));
    std::string beginning = cut_at_word(first_line.substr(0, 400), 60);
    if (starts_with_nocase(body, "BEGIN:VCARD"))
        return Error{origin, "an address book (vCard), not an iCalendar file", hint_url};
    bool html = body.front() == '<' && (contains_nocase(body.substr(0, 2000), "<html") ||
                                        contains_nocase(body.substr(0, 2000), "<!doctype html"));
    return Error{origin, fmt::format("not an iCalendar file: it starts with {}", beginning),
                 html ? hint_html : hint_url};
}

// libical's parser is forgiving and returns what it read before the end; a calendar
// without its last line lost its tail, so none of it is trusted.
std::optional<Error> truncated(std::string_view text, const std::string& origin) {
    bool ended = false;
    size_t lines = 0;
    for_each_line(text, [&](std::string_view line, size_t number) {
        if (starts_with_nocase(trim_view(line), "END:VCALENDAR")) ended = true;
        if (!trim_view(line).empty()) lines = number;
    });
    if (ended) return std::nullopt;
    return Error{origin, fmt::format("the calendar ends too early: no END:VCALENDAR after line {}", lines),
                 hint_truncated};
}

// Line numbers of the BEGIN:VEVENT lines, in order: libical keeps components in file
// order, so the n-th VEVENT it gives is the n-th one here.
std::vector<size_t> event_lines(std::string_view text) {
    std::vector<size_t> lines;
    for_each_line(text, [&](std::string_view line, size_t number) {
        if (starts_with_nocase(trim_view(line), "BEGIN:VEVENT")) lines.push_back(number);
    });
    return lines;
}

std::string ical_text(icalproperty* prop) {
    const char* s = prop ? icalvalue_get_text(icalproperty_get_value(prop)) : nullptr;
    return s ? std::string(s) : std::string();
}

std::string property_text(icalcomponent* comp, icalproperty_kind kind) {
    return ical_text(icalcomponent_get_first_property(comp, kind));
}

// Google Calendar and WordPress plugins put HTML in DESCRIPTION; most programs write
// plain text there. A tag that HTML knows, or an entity, gives HTML away.
bool looks_like_html(std::string_view s) {
    for (size_t i = s.find('<'); i != std::string_view::npos; i = s.find('<', i + 1)) {
        size_t j = i + 1;
        if (j < s.size() && s[j] == '/') ++j;
        std::string name;
        while (j < s.size() && name.size() < 12 &&
               ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z') ||
                (name.size() > 0 && s[j] >= '1' && s[j] <= '6')))
            name += lower(s[j++]);
        if (!name.empty() && j < s.size() && (s[j] == '>' || s[j] == ' ' || s[j] == '/') &&
            htmlTagLookup(reinterpret_cast<const xmlChar*>(name.c_str())))
            return true;
    }
    for (const char* entity : {"&amp;", "&nbsp;", "&quot;", "&lt;", "&gt;", "&#"})
        if (s.find(entity) != std::string_view::npos) return true;
    return false;
}

// Plain text keeps its paragraphs: spaces collapsed, lines trimmed, at most one blank
// line in a row.
std::string plain_paragraphs(std::string_view text) {
    std::string out;
    size_t blank_lines = 0;
    for_each_line(text, [&](std::string_view line, size_t) {
        std::string collapsed;
        for (char c : trim_view(line)) {
            if (is_space(c)) {
                if (collapsed.empty() || collapsed.back() != ' ') collapsed += ' ';
            } else {
                collapsed += c;
            }
        }
        if (collapsed.empty()) {
            ++blank_lines;
            return;
        }
        if (!out.empty()) out += blank_lines > 0 ? "\n\n" : "\n";
        blank_lines = 0;
        out += collapsed;
    });
    return out;
}

std::string screen_text(std::string_view text, size_t max_chars) {
    std::string valid = valid_utf8(text);
    if (looks_like_html(valid)) return html_to_text(valid, max_chars);
    std::string plain = plain_paragraphs(valid);
    return max_chars > 0 ? cut_at_word(plain, max_chars) : plain;
}

// A title or a place: one line.
std::string screen_line(std::string_view text) {
    std::string s = screen_text(text, 0);
    std::replace(s.begin(), s.end(), '\n', ' ');
    return plain_paragraphs(s);
}

std::optional<SysTime> utc_property(icalcomponent* comp, icalproperty_kind kind) {
    icalproperty* prop = icalcomponent_get_first_property(comp, kind);
    if (!prop) return std::nullopt;
    icaltimetype t = icalvalue_get_datetime(icalproperty_get_value(prop));
    if (icaltime_is_null_time(t)) return std::nullopt;
    return SysTime(seconds(icaltime_as_timet_with_zone(t, icaltimezone_get_utc_timezone())));
}

std::string picture_of(icalcomponent* comp, const std::string& origin) {
    // RFC 7986's IMAGE, else an ATTACH that says it is a picture.
    for (icalproperty* p = icalcomponent_get_first_property(comp, ICAL_IMAGE_PROPERTY); p;
         p = icalcomponent_get_next_property(comp, ICAL_IMAGE_PROPERTY)) {
        const char* uri = icalproperty_get_value_as_string(p);
        if (uri)
            if (std::string picture = resolve_picture(trim_view(uri), origin); !picture.empty()) return picture;
    }
    for (icalproperty* p = icalcomponent_get_first_property(comp, ICAL_ATTACH_PROPERTY); p;
         p = icalcomponent_get_next_property(comp, ICAL_ATTACH_PROPERTY)) {
        icalparameter* type = icalproperty_get_first_parameter(p, ICAL_FMTTYPE_PARAMETER);
        const char* fmttype = type ? icalparameter_get_fmttype(type) : nullptr;
        icalattach* attach = icalproperty_get_attach(p);
        if (!fmttype || !std::string_view(fmttype).starts_with("image/") || !attach || !icalattach_get_is_url(attach))
            continue;
        if (const char* url = icalattach_get_url(attach))
            if (std::string picture = resolve_picture(trim_view(url), origin); !picture.empty()) return picture;
    }
    return {};
}

Details read_details(icalcomponent* comp, const FeedOptions& options) {
    Details d;
    // The UID becomes the items' ids, which the cache and the status line show.
    d.uid = valid_utf8(trim_view(property_text(comp, ICAL_UID_PROPERTY)));
    d.title = screen_line(property_text(comp, ICAL_SUMMARY_PROPERTY));
    d.text = screen_text(property_text(comp, ICAL_DESCRIPTION_PROPERTY), options.max_text_chars);
    d.place = screen_line(property_text(comp, ICAL_LOCATION_PROPERTY));
    if (icalproperty* url = icalcomponent_get_first_property(comp, ICAL_URL_PROPERTY))
        if (const char* u = icalproperty_get_url(url)) d.link = resolve_link(trim_view(u), options.origin);
    d.image = picture_of(comp, options.origin);
    // libical gives each value of "CATEGORIES:a,b" as a property of its own.
    for (icalproperty* p = icalcomponent_get_first_property(comp, ICAL_CATEGORIES_PROPERTY); p;
         p = icalcomponent_get_next_property(comp, ICAL_CATEGORIES_PROPERTY)) {
        const char* c = icalproperty_get_categories(p);
        std::string category = c ? screen_line(c) : std::string();
        if (!category.empty() && std::find(d.categories.begin(), d.categories.end(), category) == d.categories.end())
            d.categories.push_back(category);
    }
    // Not DTSTAMP: many servers set it to the time of the download.
    d.published = utc_property(comp, ICAL_LASTMODIFIED_PROPERTY);
    if (!d.published) d.published = utc_property(comp, ICAL_CREATED_PROPERTY);
    return d;
}

// The properties that decide when an event happens: when libical could not read one of
// them it dropped it with an X-LIC-ERROR, and what is left would put the event at the
// wrong times.
constexpr std::array<std::string_view, 8> timing_properties = {"DTSTART", "DTEND",  "DURATION", "RRULE",
                                                               "RDATE",   "EXDATE", "EXRULE",   "RECURRENCE-ID"};

// The line of the event (from its BEGIN:VEVENT on) that holds the property, as written:
// what libical quotes in its X-LIC-ERROR is what it made of the line, which can mislead.
std::string written_line(std::string_view text, size_t event_line, std::string_view name) {
    std::string found;
    bool done = false;
    for_each_line(text, [&](std::string_view line, size_t number) {
        if (done || number < event_line) return;
        if (number > event_line && starts_with_nocase(line, "END:VEVENT")) done = true;
        if (starts_with_nocase(line, name) && line.size() > name.size() &&
            (line[name.size()] == ':' || line[name.size()] == ';')) {
            found = cut_at_word(trim_view(line), 100);
            done = true;
        }
    });
    return found;
}

std::optional<std::string> timing_error(icalcomponent* comp, std::string_view text, size_t event_line) {
    for (icalproperty* p = icalcomponent_get_first_property(comp, ICAL_XLICERROR_PROPERTY); p;
         p = icalcomponent_get_next_property(comp, ICAL_XLICERROR_PROPERTY)) {
        const char* message = icalproperty_get_xlicerror(p);
        std::string_view m = message ? message : "";
        for (std::string_view name : timing_properties) {
            if (m.find(fmt::format(" in {} property", name)) == std::string_view::npos) continue;
            std::string line = written_line(text, event_line, name);
            return line.empty() ? fmt::format("its {} cannot be read", name)
                                : fmt::format("its {} cannot be read: \"{}\"", name, line);
        }
    }
    return std::nullopt;
}

}  // namespace

Result<IcalEvents> parse_ical(std::string_view text, const IcalOptions& options) {
    const std::string& origin = options.feed.origin;
    if (auto error = not_a_calendar(text, origin)) return *error;
    if (auto error = truncated(text, origin)) return *error;

    static std::once_flag quiet;
    // libical's own checks log and go on; a bad calendar must not end the player.
    std::call_once(quiet, [] { icalerror_set_errors_are_fatal(0); });

    icaltimezone* display = nullptr;
    if (!options.display_zone.empty()) {
        display = system_zone(options.display_zone);
        if (!display)
            return Error{origin, fmt::format("unknown display time zone \"{}\"", options.display_zone), hint_zone};
    }

    std::string input(text);  // libical reads a NUL-terminated string
    Component root(icalparser_parse_string(input.c_str()));
    if (!root) return Error{origin, "the iCalendar file could not be read", hint_url};
    std::vector<icalcomponent*> calendars;
    if (icalcomponent_isa(root.get()) == ICAL_VCALENDAR_COMPONENT) {
        calendars.push_back(root.get());
    } else {
        for (icalcomponent* c = icalcomponent_get_first_component(root.get(), ICAL_VCALENDAR_COMPONENT); c;
             c = icalcomponent_get_next_component(root.get(), ICAL_VCALENDAR_COMPONENT))
            calendars.push_back(c);
    }
    if (calendars.empty()) return Error{origin, "not an iCalendar file: it has no VCALENDAR", hint_url};

    std::vector<size_t> lines = event_lines(text);
    size_t ordinal = 0;
    IcalEvents out;
    size_t steps_left = options.max_rule_steps;
    for (icalcomponent* calendar : calendars) {
        // Grouped by UID, in file order: a master and the overrides of its occurrences.
        std::vector<Series> series;
        std::map<std::string, size_t> by_uid;
        for (icalcomponent* c = icalcomponent_get_first_component(calendar, ICAL_VEVENT_COMPONENT); c;
             c = icalcomponent_get_next_component(calendar, ICAL_VEVENT_COMPONENT)) {
            const size_t line = ordinal < lines.size() ? lines[ordinal] : 0;
            ++ordinal;
            VEvent e{c, line, read_details(c, options.feed), timing_error(c, text, line)};
            std::string uid(trim_view(property_text(c, ICAL_UID_PROPERTY)));
            bool is_override = icalcomponent_get_first_property(c, ICAL_RECURRENCEID_PROPERTY) != nullptr;
            size_t index;
            auto found = uid.empty() ? by_uid.end() : by_uid.find(uid);
            if (found != by_uid.end() && (is_override || !series[found->second].master)) {
                index = found->second;
            } else {
                index = series.size();
                series.emplace_back();
                if (!uid.empty() && found == by_uid.end()) by_uid.emplace(uid, index);
            }
            if (is_override)
                series[index].overrides.push_back(e);
            else
                series[index].master = e;
        }
        Expansion expansion{Zones(calendar, display, options.feed.zone), options, out, steps_left};
        for (const Series& s : series) expand(s, expansion);
    }

    std::stable_sort(out.items.begin(), out.items.end(), [](const Item& a, const Item& b) {
        if (a.starts != b.starts) return a.starts < b.starts;
        return a.title < b.title;
    });
    // The same UID twice in a file (a copy pasted in) would show each occurrence twice.
    std::unordered_set<std::string> ids;
    std::erase_if(out.items, [&](const Item& item) { return !ids.insert(item.id).second; });
    if (out.items.size() > options.max_items) {
        out.problems.push_back(Error{origin,
                                     fmt::format("{} occurrences in the window; only the first {} are kept",
                                                 out.items.size(), options.max_items),
                                     "shorten the window of the slides that show this calendar"});
        out.items.resize(options.max_items);
    }
    return out;
}

}  // namespace placard::feeds
