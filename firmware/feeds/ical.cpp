#include "feeds/ical.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <unordered_set>

#include <fmt/format.h>
#include <libical/ical.h>
#include <libxml/HTMLparser.h>
#include <unicode/ucal.h>

#include "feeds/html_text.hpp"
#include "feeds/reference.hpp"
#include "feeds/utf8.hpp"
#include "util/hash.hpp"
#include "util/time.hpp"

namespace placard::feeds {
namespace {

using std::chrono::days;
using std::chrono::seconds;
using std::chrono::sys_days;

template <auto Free>
struct Deleter {
    template <class T>
    void operator()(T* p) const noexcept {
        Free(p);
    }
};
using Component = std::unique_ptr<icalcomponent, Deleter<icalcomponent_free>>;
using RecurIterator = std::unique_ptr<icalrecur_iterator, Deleter<icalrecur_iterator_free>>;

constexpr const char* hint_url =
    "check the source's url in the playlist; it should point at the calendar's iCal address, often ending in .ics";
constexpr const char* hint_html =
    "the address gives a web page; use the calendar's iCal export or subscription link instead (often ending in .ics)";
constexpr const char* hint_truncated =
    "the download was cut short or the site stopped writing the calendar; it is fetched again at the next refresh";
constexpr const char* hint_event =
    "the calendar's other events are shown; correct this one in the calendar program that publishes it";
constexpr const char* hint_zone = "use a name from the zone database, such as \"Europe/London\" or \"America/Caracas\"";

// Repetitions of one rule walked before giving up, wherever they fall: a DAILY rule
// begun in 1990 takes about 13,000 to reach 2026, a FREQ=SECONDLY rule would never end.
// Steps before the window cost little (no zone conversion): 50,000 take about 0.1 s here.
constexpr long max_rule_steps = 50'000;
constexpr size_t steps_per_occurrence = 10;

// Whether a rule part is given: libical ends each list with ICAL_RECURRENCE_ARRAY_MAX.
template <size_t N>
bool given(const short (&by)[N]) {
    return by[0] != ICAL_RECURRENCE_ARRAY_MAX;
}

// Why libical cannot expand the rule in bounded time, or nothing. Each call to
// icalrecur_iterator_next walks the rule's frequency, a second, a minute or an hour at a
// time, until the BY parts that limit it match, or up to the year 2582 when they never
// do: FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=30 takes 10 s there, FREQ=SECONDLY days. So a
// rule finer than a day may limit only its own unit (BYSECOND, BYMINUTE, BYHOUR) and,
// hourly, the weekday; and BYMONTH with BYMONTHDAY must name a day that exists.
std::optional<std::string> unbounded_rule(const icalrecurrencetype& rule) {
    const bool days_limited = given(rule.by_month_day) || given(rule.by_year_day) || given(rule.by_week_no) ||
                              given(rule.by_month) || given(rule.by_set_pos);
    const char* unit = nullptr;
    bool coarser = days_limited;
    switch (rule.freq) {
        case ICAL_SECONDLY_RECURRENCE:
            unit = "second";
            coarser = coarser || given(rule.by_minute) || given(rule.by_hour) || given(rule.by_day);
            break;
        case ICAL_MINUTELY_RECURRENCE:
            unit = "minute";
            coarser = coarser || given(rule.by_hour) || given(rule.by_day);
            break;
        case ICAL_HOURLY_RECURRENCE:
            unit = "hour";
            break;
        default:
            break;
    }
    if (unit && coarser)
        return fmt::format("it repeats every {} but only at some times, which takes too long to work out", unit);
    if (given(rule.by_month) && given(rule.by_month_day)) {
        // RFC 5545 3.3.10: BYMONTHDAY=-1 is the last day of the month.
        constexpr int longest[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        for (short m : rule.by_month) {
            if (m == ICAL_RECURRENCE_ARRAY_MAX) break;
            int month = icalrecurrencetype_month_month(m);
            if (month < 1 || month > 12) continue;
            for (short d : rule.by_month_day) {
                if (d == ICAL_RECURRENCE_ARRAY_MAX) break;
                if (d != 0 && std::abs(d) <= longest[month - 1]) return std::nullopt;
            }
        }
        return std::string("its BYMONTH and BYMONTHDAY name no day that exists");
    }
    return std::nullopt;
}

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string_view trim_view(std::string_view s) {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

char lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (size_t i = 0; i < prefix.size(); ++i)
        if (lower(s[i]) != lower(prefix[i])) return false;
    return true;
}

bool contains_nocase(std::string_view s, std::string_view needle) {
    for (size_t i = 0; i + needle.size() <= s.size(); ++i)
        if (starts_with_nocase(s.substr(i), needle)) return true;
    return false;
}

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

// Names handed to the zone database become file paths below /usr/share/zoneinfo.
bool safe_zone_name(std::string_view name) {
    if (name.empty() || name.size() > 64 || name.front() == '/' || name.find("..") != std::string_view::npos)
        return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' || c == '_' ||
               c == '-' || c == '+';
    });
}

icaltimezone* system_zone(std::string_view name) {
    if (!safe_zone_name(name)) return nullptr;
    return icaltimezone_get_builtin_timezone(std::string(name).c_str());
}

// Windows zone names ("GMT Standard Time"), as Outlook and Exchange write them without a
// VTIMEZONE, mapped to IANA names by ICU's copy of CLDR's windowsZones table.
icaltimezone* windows_zone(std::string_view name) {
    if (name.empty() || name.size() > 64) return nullptr;
    std::array<UChar, 64> windows{};
    for (size_t i = 0; i < name.size(); ++i) {
        if (static_cast<unsigned char>(name[i]) > 0x7F) return nullptr;
        windows[i] = static_cast<UChar>(name[i]);
    }
    std::array<UChar, 64> iana{};
    UErrorCode status = U_ZERO_ERROR;
    int32_t length = ucal_getTimeZoneIDForWindowsID(windows.data(), static_cast<int32_t>(name.size()), nullptr,
                                                    iana.data(), static_cast<int32_t>(iana.size()), &status);
    if (U_FAILURE(status) || length <= 0 || length >= static_cast<int32_t>(iana.size())) return nullptr;
    std::string id(static_cast<size_t>(length), '\0');
    for (int32_t i = 0; i < length; ++i) id[static_cast<size_t>(i)] = static_cast<char>(iana[static_cast<size_t>(i)]);
    return system_zone(id);
}

// A time as the calendar wrote it: a wall clock reading in a zone, or a date.
struct Stamp {
    icaltimetype wall = icaltime_null_time();
    icaltimezone* zone = nullptr;  // null: floating (or a date), placed in the display's zone
    bool date = false;
    bool null() const { return icaltime_is_null_time(wall); }
};

sys_days date_of(const icaltimetype& t) {
    using namespace std::chrono;
    return sys_days(
        year_month_day(year(t.year), month(static_cast<unsigned>(t.month)), day(static_cast<unsigned>(t.day))));
}

// The wall reading as if it were UTC: within a day of the real instant in any zone, and
// free of zone arithmetic, for skipping the repetitions far before the window.
SysTime as_if_utc(const icaltimetype& t) {
    return SysTime(date_of(t)) + seconds(t.hour * 3600 + t.minute * 60 + t.second);
}

// TZIDs to zones: the file's VTIMEZONE first (it is what the organizer's program meant,
// even when the name is odd: vobject names Europe/London "GMT"), then the system's zone
// database by IANA name (libical reads /usr/share/zoneinfo; it also knows the prefixed
// forms such as "/freeassociation.sourceforge.net/Europe/London"), then Windows names.
class Zones {
public:
    Zones(icalcomponent* calendar, icaltimezone* display, const Zone& floating)
        : calendar_(calendar), display_(display), floating_(floating) {}

    // Null with `known` false when nobody knows the name.
    icaltimezone* find(const std::string& tzid, bool& known) {
        auto it = cache_.find(tzid);
        if (it == cache_.end()) {
            icaltimezone* zone = icalcomponent_get_timezone(calendar_, tzid.c_str());
            if (!zone) zone = system_zone(tzid);
            if (!zone && tzid.find("..") == std::string::npos)
                zone = icaltimezone_get_builtin_timezone_from_tzid(tzid.c_str());
            if (!zone) zone = windows_zone(tzid);
            it = cache_.emplace(tzid, zone).first;
        }
        known = it->second != nullptr;
        return it->second;
    }

    // The instant of a wall reading; floating readings and dates in the display's zone.
    SysTime instant(icaltimetype wall, icaltimezone* zone) const {
        if (wall.is_date) wall.hour = wall.minute = wall.second = 0;
        wall.is_date = 0;
        if (!zone) zone = display_;
        if (zone) return SysTime(seconds(icaltime_as_timet_with_zone(wall, zone)));
        // No display zone named: the feed options' zone, as the rest of placard uses it.
        return from_local(floating_, wall.year, wall.month, wall.day, wall.hour, wall.minute, wall.second);
    }
    SysTime instant(const Stamp& s) const { return instant(s.wall, s.date ? nullptr : s.zone); }
    SysTime midnight(sys_days day) const {
        using namespace std::chrono;
        year_month_day ymd(day);
        icaltimetype t = icaltime_null_time();
        t.year = static_cast<int>(ymd.year());
        t.month = static_cast<int>(static_cast<unsigned>(ymd.month()));
        t.day = static_cast<int>(static_cast<unsigned>(ymd.day()));
        return instant(t, nullptr);
    }

private:
    icalcomponent* calendar_;
    icaltimezone* display_;
    Zone floating_;
    std::map<std::string, icaltimezone*> cache_;
};

// An occurrence's identity: its original start, as RECURRENCE-ID and EXDATE name it.
struct Key {
    bool date = false;
    std::int64_t value = 0;  // days since 1970 for a date, else UTC seconds
    auto operator<=>(const Key&) const = default;
};

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

// What an Item takes from a VEVENT besides its times.
struct Details {
    std::string uid, title, text, place, link, image;
    std::vector<std::string> categories;
    std::optional<SysTime> published;
};

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

// An override lacking a text the master has keeps the master's.
Details merged(Details over, const Details& master) {
    if (over.uid.empty()) over.uid = master.uid;
    if (over.title.empty()) over.title = master.title;
    if (over.text.empty()) over.text = master.text;
    if (over.place.empty()) over.place = master.place;
    if (over.link.empty()) over.link = master.link;
    if (over.image.empty()) over.image = master.image;
    if (over.categories.empty()) over.categories = master.categories;
    if (!over.published) over.published = master.published;
    return over;
}

// RFC 5545 3.8.2.4-3.8.2.5, 3.8.5: how long each occurrence lasts.
struct Length {
    long long days = 0;  // all-day events: whole days, at least one
    seconds exact{0};    // timed events
};

struct VEvent {
    icalcomponent* comp = nullptr;
    size_t line = 0;
};

// A master VEVENT (or one alone) with the VEVENTs that override its occurrences.
struct Series {
    std::optional<VEvent> master;
    std::vector<VEvent> overrides;
};

// One override, read against its master's zone.
struct Override {
    VEvent event;
    Stamp original_stamp;
    Key original;
    SysTime original_start;
};

bool cancelled(icalcomponent* comp) {
    return icalcomponent_get_status(comp) == ICAL_STATUS_CANCELLED;
}

// A hall screen is public: events marked private or confidential stay off it. TRANSP
// says whether an event blocks the organizer's time, not who may see it, so it counts
// for nothing here.
bool hidden(icalcomponent* comp) {
    icalproperty* p = icalcomponent_get_first_property(comp, ICAL_CLASS_PROPERTY);
    if (!p) return false;
    icalproperty_class c = icalproperty_get_class(p);
    return c == ICAL_CLASS_PRIVATE || c == ICAL_CLASS_CONFIDENTIAL;
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

class Calendar {
public:
    Calendar(icalcomponent* calendar, icaltimezone* display, std::string_view text, const IcalOptions& options,
             IcalEvents& out, size_t& steps_left)
        : zones_(calendar, display, options.feed.zone), text_(text), options_(options), out_(out), steps_left_(steps_left) {}

    void add(Series& series) {
        if (series.master)
            add_master(*series.master, series.overrides);
        else
            for (const VEvent& e : series.overrides) add_single(e, std::nullopt, nullptr, std::nullopt);
    }

private:
    Zones zones_;
    std::string_view text_;  // for quoting broken lines
    const IcalOptions& options_;
    IcalEvents& out_;
    size_t& steps_left_;  // of options_.max_rule_steps, shared by every VCALENDAR of the file

    std::string where(const VEvent& e) const {
        return options_.feed.origin.empty() ? fmt::format("line {}", e.line)
                                            : fmt::format("{}:{}", options_.feed.origin, e.line);
    }

    void problem(const VEvent& e, const std::string& title, const std::string& what, const char* hint = hint_event) {
        std::string name =
            title.empty() ? std::string("an event") : fmt::format("event \"{}\"", cut_at_word(title, 60));
        // `what` may quote the calendar's bytes (a TZID, a line as written): the status line
        // draws only UTF-8.
        out_.problems.push_back(Error{where(e), valid_utf8(fmt::format("{}: {}", name, what)), hint});
    }

    // A DATE or DATE-TIME property as written. Floating readings of EXDATE, RDATE and
    // RECURRENCE-ID take `floating_zone`, the master's: a few programs leave TZID off them.
    Stamp read_stamp(icalproperty* prop, icaltimetype value, icaltimezone* floating_zone, const VEvent& e,
                     const std::string& title) {
        Stamp s;
        s.wall = value;
        s.date = value.is_date != 0;
        if (s.null() || s.date) return s;
        if (icaltime_is_utc(value)) {
            s.zone = icaltimezone_get_utc_timezone();
            return s;
        }
        s.zone = floating_zone;
        if (icalparameter* p = icalproperty_get_first_parameter(prop, ICAL_TZID_PARAMETER)) {
            const char* tzid = icalparameter_get_tzid(p);
            bool known = false;
            icaltimezone* zone = zones_.find(tzid ? tzid : "", known);
            if (known) {
                s.zone = zone;
            } else if (unknown_zones_.insert(tzid ? tzid : "").second) {
                problem(e, title,
                        fmt::format("unknown time zone \"{}\": its times are taken as the display's local time",
                                    tzid ? tzid : ""),
                        "add the VTIMEZONE to the calendar, or use a zone database name such as \"Europe/London\"");
            }
        }
        return s;
    }

    Stamp read_property(icalcomponent* comp, icalproperty_kind kind, icaltimezone* floating_zone, const VEvent& e,
                        const std::string& title) {
        icalproperty* p = icalcomponent_get_first_property(comp, kind);
        if (!p) return Stamp{};
        return read_stamp(p, icalvalue_get_datetime(icalproperty_get_value(p)), floating_zone, e, title);
    }

    Key key_of(const Stamp& s) const {
        if (s.date) return Key{true, date_of(s.wall).time_since_epoch().count()};
        return Key{false, zones_.instant(s).time_since_epoch().count()};
    }

    std::string id_of(const std::string& uid, const Details& d, const Stamp& original) const {
        std::string base = uid.empty() ? sha256_hex(d.title + icaltime_as_ical_string(original.wall)) : uid;
        if (original.date) {
            using namespace std::chrono;
            year_month_day ymd(date_of(original.wall));
            return fmt::format("{}/{:04}-{:02}-{:02}", base, static_cast<int>(ymd.year()),
                               static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
        }
        return fmt::format("{}/{}", base, format_iso8601_utc(zones_.instant(original)));
    }

    Length read_length(icalcomponent* comp, const Stamp& start, const VEvent& e, const std::string& title) {
        Length length;
        Stamp end = read_property(comp, ICAL_DTEND_PROPERTY, start.zone, e, title);
        icalproperty* duration = icalcomponent_get_first_property(comp, ICAL_DURATION_PROPERTY);
        if (start.date) {
            length.days = 1;  // RFC 5545 3.6.1: a DATE without DTEND lasts the day
            if (!end.null()) {
                // DTEND is exclusive: DTSTART 27th, DTEND 1st is four days.
                length.days = (date_of(end.wall) - date_of(start.wall)).count();
            } else if (duration) {
                icaldurationtype d = icalproperty_get_duration(duration);
                length.days = d.is_neg ? 0 : static_cast<long long>(d.weeks) * 7 + d.days;
            }
            length.days = std::max(length.days, 1LL);
            return length;
        }
        if (!end.null()) {
            length.exact = zones_.instant(end) - zones_.instant(start);
        } else if (duration) {
            icaldurationtype d = icalproperty_get_duration(duration);
            length.exact = seconds(d.is_neg ? 0 : icaldurationtype_as_int(d));
        }
        if (length.exact < seconds(0)) {
            problem(e, title, "it ends before it starts; shown without an end time");
            length.exact = seconds(0);
        }
        return length;
    }

    bool in_window(SysTime start, SysTime end) const {
        if (end == start) return options_.from <= start && start < options_.until;
        return start < options_.until && end > options_.from;
    }

    void emit(const Details& d, const std::string& id, const Stamp& start, const Length& length, days shift_days,
              seconds shift) {
        Item item;
        item.kind = ItemKind::event;
        item.id = id;
        item.title = d.title;
        item.text = d.text;
        item.link = d.link;
        item.image = d.image;
        item.place = d.place;
        item.categories = d.categories;
        item.published = d.published;
        item.all_day = start.date;
        if (start.date) {
            sys_days first = date_of(start.wall) + shift_days;
            item.starts = zones_.midnight(first);
            item.ends = zones_.midnight(first + days(length.days));
        } else {
            item.starts = zones_.instant(start) + shift;
            item.ends = *item.starts + length.exact;
        }
        if (!in_window(*item.starts, *item.ends)) return;
        out_.items.push_back(std::move(item));
        // An occurrence in the window costs about ten steps before it (a zone conversion,
        // an Item), so that 250 FREQ=MINUTELY rules spend the budget, too.
        steps_left_ -= std::min(steps_left_, steps_per_occurrence);
    }

    // An override, or an event that has no master in this file (Google Calendar exports
    // a single changed occurrence so when only it is shared).
    void add_single(const VEvent& e, const std::optional<Details>& master, const Stamp* master_start,
                    std::optional<Length> master_length) {
        Details d = read_details(e.comp, options_.feed);
        if (master) d = merged(std::move(d), *master);
        if (cancelled(e.comp) || hidden(e.comp)) return;
        if (auto error = timing_error(e.comp, text_, e.line))
            return problem(e, d.title, *error + "; the event is left out");
        icaltimezone* zone = master_start ? master_start->zone : nullptr;
        Stamp original = read_property(e.comp, ICAL_RECURRENCEID_PROPERTY, zone, e, d.title);
        Stamp start = read_property(e.comp, ICAL_DTSTART_PROPERTY, nullptr, e, d.title);
        if (start.null()) start = original;
        if (start.null()) return problem(e, d.title, "it has no DTSTART; the event is left out");
        bool own_length = icalcomponent_get_first_property(e.comp, ICAL_DTEND_PROPERTY) ||
                          icalcomponent_get_first_property(e.comp, ICAL_DURATION_PROPERTY);
        Length length = own_length || !master_length ? read_length(e.comp, start, e, d.title) : *master_length;
        emit(d, id_of(d.uid, d, original.null() ? start : original), start, length, days(0), seconds(0));
    }

    void add_master(const VEvent& m, const std::vector<VEvent>& override_events) {
        Details d = read_details(m.comp, options_.feed);
        // A cancelled series takes its overrides with it.
        if (cancelled(m.comp) || hidden(m.comp)) return;
        if (auto error = timing_error(m.comp, text_, m.line))
            return problem(m, d.title, *error + "; the event is left out");
        Stamp start = read_property(m.comp, ICAL_DTSTART_PROPERTY, nullptr, m, d.title);
        if (start.null()) return problem(m, d.title, "it has no DTSTART; the event is left out");
        if (start.date) start.zone = nullptr;
        const Length length = read_length(m.comp, start, m, d.title);

        // Overrides: one occurrence each, or (RANGE=THISANDFUTURE) this one and the later.
        std::set<Key> replaced;
        std::vector<Override> from_here_on;
        for (const VEvent& o : override_events) {
            Details od = merged(read_details(o.comp, options_.feed), d);
            icalproperty* rid = icalcomponent_get_first_property(o.comp, ICAL_RECURRENCEID_PROPERTY);
            Stamp original = read_property(o.comp, ICAL_RECURRENCEID_PROPERTY, start.zone, o, od.title);
            if (original.null()) {
                problem(o, od.title, "its RECURRENCE-ID cannot be read, so the change it makes is left out");
                continue;
            }
            icalparameter* range = icalproperty_get_first_parameter(rid, ICAL_RANGE_PARAMETER);
            if (range && icalparameter_get_range(range) == ICAL_RANGE_THISANDFUTURE) {
                from_here_on.push_back(Override{o, original, key_of(original), zones_.instant(original)});
            } else {
                replaced.insert(key_of(original));
                add_single(o, d, &start, length);
            }
        }
        std::sort(from_here_on.begin(), from_here_on.end(),
                  [](const Override& a, const Override& b) { return a.original < b.original; });

        std::set<Key> excluded;
        std::set<std::int64_t> excluded_days;  // EXDATE;VALUE=DATE on a timed series
        for (icalproperty* p = icalcomponent_get_first_property(m.comp, ICAL_EXDATE_PROPERTY); p;
             p = icalcomponent_get_next_property(m.comp, ICAL_EXDATE_PROPERTY)) {
            Stamp ex = read_stamp(p, icalproperty_get_exdate(p), start.zone, m, d.title);
            if (ex.null()) continue;
            if (ex.date && !start.date)
                excluded_days.insert(date_of(ex.wall).time_since_epoch().count());
            else
                excluded.insert(key_of(ex));
        }

        // How far a THISANDFUTURE override moves the occurrences, for the window's margin.
        seconds max_shift{0};
        for (const Override& o : from_here_on) {
            Stamp moved = read_property(o.event.comp, ICAL_DTSTART_PROPERTY, nullptr, o.event, d.title);
            if (!moved.null()) max_shift = std::max(max_shift, abs(zones_.instant(moved) - o.original_start));
        }

        size_t emitted = 0;
        bool capped = false;
        std::set<Key> seen;
        // Each candidate occurrence, in the series' zone; false to stop.
        auto occurrence = [&](const Stamp& at, std::optional<Length> own_length) {
            Key key = key_of(at);
            if (!seen.insert(key).second || excluded.count(key) || replaced.count(key)) return true;
            if (!at.date && excluded_days.count(date_of(at.wall).time_since_epoch().count())) return true;
            Length len = own_length.value_or(length);
            const Override* changed = nullptr;
            for (const Override& o : from_here_on)
                if (o.original <= key && o.original.date == key.date) changed = &o;
            size_t before = out_.items.size();
            if (changed) {
                if (cancelled(changed->event.comp) || hidden(changed->event.comp)) return true;
                Details od = merged(read_details(changed->event.comp, options_.feed), d);
                Stamp moved =
                    read_property(changed->event.comp, ICAL_DTSTART_PROPERTY, nullptr, changed->event, od.title);
                days shift_days{0};
                seconds shift{0};
                if (!moved.null() && moved.date == at.date) {
                    if (at.date)
                        shift_days = date_of(moved.wall) - date_of(changed->original_stamp.wall);
                    else
                        shift = zones_.instant(moved) - changed->original_start;
                }
                bool own = icalcomponent_get_first_property(changed->event.comp, ICAL_DTEND_PROPERTY) ||
                           icalcomponent_get_first_property(changed->event.comp, ICAL_DURATION_PROPERTY);
                if (own && !moved.null()) len = read_length(changed->event.comp, moved, changed->event, od.title);
                emit(od, id_of(d.uid, d, at), at, len, shift_days, shift);
            } else {
                emit(d, id_of(d.uid, d, at), at, len, days(0), seconds(0));
            }
            if (out_.items.size() > before && ++emitted >= options_.max_occurrences_per_event) {
                capped = true;
                return false;
            }
            return true;
        };

        for (icalproperty* p = icalcomponent_get_first_property(m.comp, ICAL_RRULE_PROPERTY); p && !capped;
             p = icalcomponent_get_next_property(m.comp, ICAL_RRULE_PROPERTY)) {
            icalrecurrencetype rule = icalproperty_get_rrule(p);
            std::string rule_text = icalrecurrencetype_as_string(&rule) ? icalrecurrencetype_as_string(&rule) : "";
            icaltimetype first = start.wall;
            if (start.zone) first = icaltime_set_timezone(&first, start.zone);
            if (auto why = unbounded_rule(rule))
                return problem(m, d.title, fmt::format("its RRULE \"{}\": {}; the event is left out", rule_text, *why),
                               "write it as a DAILY or WEEKLY rule with BYHOUR and BYMINUTE, such as "
                               "\"RRULE:FREQ=WEEKLY;BYDAY=SA;BYHOUR=10,11,12\"");
            // Cheap bounds first: a wall reading is within a day of its instant.
            seconds span = start.date ? seconds(days(length.days)) : length.exact;
            seconds margin = seconds(days(2)) + max_shift;
            // libical stops looking at UNTIL (a rule with COUNT may have none): one that
            // never matches again then gives up at the window's end, not in 2582.
            const SysTime stop = options_.until + margin + seconds(days(1));
            if (rule.count == 0 && (icaltime_is_null_time(rule.until) || as_if_utc(rule.until) > stop)) {
                // A 32-bit time_t (armhf) ends in 2038: the bound is clamped to it there.
                const auto until_s =
                    std::min<long long>(std::chrono::duration_cast<seconds>(stop.time_since_epoch()).count(),
                                        std::numeric_limits<time_t>::max());
                rule.until = icaltime_from_timet_with_zone(static_cast<time_t>(until_s), start.date,
                                                           icaltimezone_get_utc_timezone());
            }
            RecurIterator it(rule.freq == ICAL_NO_RECURRENCE ? nullptr : icalrecur_iterator_new(rule, first));
            if (!it)
                return problem(m, d.title,
                               fmt::format("its RRULE \"{}\" cannot be expanded; the event is left out", rule_text));
            long steps = 0;
            bool dtstart_matched = false;
            for (icaltimetype t = icalrecur_iterator_next(it.get()); !icaltime_is_null_time(t);
                 t = icalrecur_iterator_next(it.get())) {
                // libical leaves out a DTSTART the rule does not match, which COUNT counts
                // all the same (RFC 5545 3.3.10): then the rule's last repetition is one too many.
                if (steps == 0) dtstart_matched = icaltime_compare(t, first) == 0;
                if (rule.count > 0 && !dtstart_matched && steps + 1 >= rule.count) break;
                if (++steps > max_rule_steps) {
                    problem(m, d.title,
                            fmt::format("its RRULE \"{}\" repeats too often; stopped after {} repetitions", rule_text,
                                        max_rule_steps));
                    break;
                }
                if (steps_left_ == 0) {
                    problem(m, d.title,
                            fmt::format("the calendar's rules repeat too often: after {} repetitions of them all, its "
                                        "RRULE \"{}\" is not worked out further",
                                        options_.max_rule_steps, rule_text),
                            "a calendar with rules that repeat this often is probably a mistake");
                    break;
                }
                --steps_left_;
                SysTime rough = as_if_utc(t);
                if (rough - margin >= options_.until) break;
                if (rough + span + margin < options_.from) continue;
                Stamp at{t, start.zone, start.date};
                if (!occurrence(at, std::nullopt)) break;
            }
        }
        // RFC 5545 3.8.5.3: DTSTART is always the first occurrence, matched by the rule or not.
        if (!capped) occurrence(start, std::nullopt);
        for (icalproperty* p = icalcomponent_get_first_property(m.comp, ICAL_RDATE_PROPERTY); p && !capped;
             p = icalcomponent_get_next_property(m.comp, ICAL_RDATE_PROPERTY)) {
            icaldatetimeperiodtype rdate = icalproperty_get_rdate(p);
            std::optional<Length> own;
            icaltimetype when = rdate.time;
            if (icaltime_is_null_time(when)) {
                // A PERIOD: its own start and end or duration.
                when = rdate.period.start;
                Stamp from = read_stamp(p, when, start.zone, m, d.title);
                Length l;
                if (!icaltime_is_null_time(rdate.period.end))
                    l.exact =
                        zones_.instant(read_stamp(p, rdate.period.end, start.zone, m, d.title)) - zones_.instant(from);
                else
                    l.exact = seconds(icaldurationtype_as_int(rdate.period.duration));
                l.exact = std::max(l.exact, seconds(0));
                own = l;
            }
            Stamp at = read_stamp(p, when, start.zone, m, d.title);
            if (at.null() || at.date != start.date) continue;
            if (!occurrence(at, own)) break;
        }
        if (capped)
            problem(m, d.title,
                    fmt::format("only its first {} occurrences in the window are shown",
                                options_.max_occurrences_per_event),
                    "a rule that repeats this often is probably a mistake in the calendar");
    }

    std::set<std::string> unknown_zones_;
};

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
            VEvent e{c, ordinal < lines.size() ? lines[ordinal] : 0};
            ++ordinal;
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
        Calendar reader(calendar, display, text, options, out, steps_left);
        for (Series& s : series) reader.add(s);
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
