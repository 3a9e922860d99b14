#include "feeds/ical_expand.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "feeds/html_text.hpp"
#include "feeds/ical_rule.hpp"
#include "util/deleter.hpp"
#include "util/hash.hpp"
#include "util/time.hpp"
#include "util/utf8.hpp"

namespace placard::feeds::ical {
namespace {

using std::chrono::days;
using std::chrono::seconds;
using std::chrono::sys_days;

using RecurIterator = std::unique_ptr<icalrecur_iterator, Deleter<icalrecur_iterator_free>>;

constexpr size_t steps_per_occurrence = 10;
constexpr const char* hint_event =
    "the calendar's other events are shown; correct this one in the calendar program that publishes it";

// An occurrence's identity: its original start, as RECURRENCE-ID and EXDATE name it.
struct Key {
    bool date = false;
    std::int64_t value = 0;  // days since 1970 for a date, else UTC seconds
    // NOLINTNEXTLINE(modernize-use-nullptr): clang-tidy 14 sees a literal 0 in the defaulted <=>.
    auto operator<=>(const Key&) const = default;
};

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

class Calendar {
public:
    explicit Calendar(Expansion& e)
        : zones_(e.zones),
          options_(e.options),
          out_(e.out),
          steps_left_(e.steps_left),
          unknown_zones_(e.unknown_zones) {}

    void add(const Series& series) {
        if (series.master)
            add_master(*series.master, series.overrides);
        else
            for (const VEvent& e : series.overrides) add_single(e, std::nullopt, nullptr, std::nullopt);
    }

private:
    Zones& zones_;
    const IcalOptions& options_;
    IcalEvents& out_;
    size_t& steps_left_;  // of options_.max_rule_steps, shared by every VCALENDAR of the file
    std::set<std::string>& unknown_zones_;

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

    void spent(const VEvent& m, const std::string& title, const std::string& rule_text) {
        problem(m, title,
                fmt::format("the calendar's rules repeat too often: after {} repetitions of them all, its "
                            "RRULE \"{}\" is not worked out further",
                            options_.max_rule_steps, rule_text),
                "a calendar with rules that repeat this often is probably a mistake");
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

    // Exchange and Apple iCal write the RECURRENCE-ID and EXDATE of an all-day series as a
    // date-time at the day's midnight: with a TZID as the wall reading 00:00, or in UTC as
    // the instant of the organizer's midnight (23:00Z the day before for Paris). Such a
    // stamp names the day of its wall reading; in UTC, the display's day nearest to it
    // (the organizer's zone is not written), as node-ical and Mustang read them.
    Stamp as_day(const Stamp& s) const {
        if (s.null() || s.date) return s;
        const bool utc = s.zone == icaltimezone_get_utc_timezone();
        const sys_days day = utc ? zones_.nearest_day(zones_.instant(s)) : date_of(s.wall);
        const std::chrono::year_month_day ymd(day);
        Stamp out;
        out.wall.year = static_cast<int>(ymd.year());
        out.wall.month = static_cast<int>(static_cast<unsigned>(ymd.month()));
        out.wall.day = static_cast<int>(static_cast<unsigned>(ymd.day()));
        out.wall.is_date = 1;
        out.date = true;
        return out;
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
        Details d = master ? merged(e.details, *master) : e.details;
        if (cancelled(e.comp) || hidden(e.comp)) return;
        if (e.timing_error) return problem(e, d.title, *e.timing_error + "; the event is left out");
        icaltimezone* zone = master_start ? master_start->zone : nullptr;
        Stamp original = read_property(e.comp, ICAL_RECURRENCEID_PROPERTY, zone, e, d.title);
        if (master_start && master_start->date) original = as_day(original);
        Stamp start = read_property(e.comp, ICAL_DTSTART_PROPERTY, nullptr, e, d.title);
        if (start.null()) start = original;
        if (start.null()) return problem(e, d.title, "it has no DTSTART; the event is left out");
        bool own_length = icalcomponent_get_first_property(e.comp, ICAL_DTEND_PROPERTY) ||
                          icalcomponent_get_first_property(e.comp, ICAL_DURATION_PROPERTY);
        Length length = own_length || !master_length ? read_length(e.comp, start, e, d.title) : *master_length;
        emit(d, id_of(d.uid, d, original.null() ? start : original), start, length, days(0), seconds(0));
    }

    void add_master(const VEvent& m, const std::vector<VEvent>& override_events) {
        const Details& d = m.details;
        // A cancelled series takes its overrides with it.
        if (cancelled(m.comp) || hidden(m.comp)) return;
        if (m.timing_error) return problem(m, d.title, *m.timing_error + "; the event is left out");
        Stamp start = read_property(m.comp, ICAL_DTSTART_PROPERTY, nullptr, m, d.title);
        if (start.null()) return problem(m, d.title, "it has no DTSTART; the event is left out");
        if (start.date) start.zone = nullptr;
        const Length length = read_length(m.comp, start, m, d.title);

        // Overrides: one occurrence each, or (RANGE=THISANDFUTURE) this one and the later.
        std::set<Key> replaced;
        std::vector<Override> from_here_on;
        for (const VEvent& o : override_events) {
            Details od = merged(o.details, d);
            icalproperty* rid = icalcomponent_get_first_property(o.comp, ICAL_RECURRENCEID_PROPERTY);
            Stamp original = read_property(o.comp, ICAL_RECURRENCEID_PROPERTY, start.zone, o, od.title);
            if (start.date) original = as_day(original);
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
            if (start.date) ex = as_day(ex);
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
                Details od = merged(changed->event.details, d);
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
            // Cheap bounds first: a wall reading is within a day of its instant.
            seconds span = start.date ? seconds(days(length.days)) : length.exact;
            seconds margin = seconds(days(2)) + max_shift;
            // libical stops looking at UNTIL, also between two occurrences: a rule that
            // never matches again then gives up at the window's end, not in 2582. COUNT
            // alone would not stop that walk, so UNTIL is set beside it too.
            const SysTime stop = options_.until + margin + seconds(days(1));
            if (icaltime_is_null_time(rule.until) || as_if_utc(rule.until) > stop) {
                // A 32-bit time_t (armhf) ends in 2038: the bound is clamped to it there.
                const auto until_s =
                    std::min<long long>(std::chrono::duration_cast<seconds>(stop.time_since_epoch()).count(),
                                        std::numeric_limits<time_t>::max());
                rule.until = icaltime_from_timet_with_zone(static_cast<time_t>(until_s), start.date,
                                                           icaltimezone_get_utc_timezone());
            }
            const char* rewrite =
                "write it as a DAILY or WEEKLY rule with BYHOUR and BYMINUTE, such as "
                "\"RRULE:FREQ=WEEKLY;BYDAY=SA;BYHOUR=10,11,12\"";
            if (rule.freq == ICAL_NO_RECURRENCE)
                return problem(m, d.title,
                               fmt::format("its RRULE \"{}\" cannot be expanded; the event is left out", rule_text));
            if (steps_left_ == 0) {
                spent(m, d.title, rule_text);
                continue;
            }
            if (auto why = without_occurrence(rule, first)) {
                // Looking through 60 years of months costs about a step a month.
                steps_left_ -= std::min<size_t>(steps_left_, size_t{12} * 60);
                return problem(m, d.title, fmt::format("its RRULE \"{}\": {}; the event is left out", rule_text, *why),
                               hint_event);
            }
            const size_t cost = rule_steps(rule, RuleSpan{first, options_.from, std::min(stop, as_if_utc(rule.until)),
                                                          options_.max_occurrences_per_event});
            if (cost > max_steps_per_rule)
                return problem(m, d.title,
                               fmt::format("its RRULE \"{}\" takes about {} steps to work out from its start to the "
                                           "window's end, more than {}; the event is left out",
                                           rule_text, cost, max_steps_per_rule),
                               rewrite);
            if (cost > steps_left_) {
                spent(m, d.title, rule_text);
                continue;
            }
            steps_left_ -= cost;
            RecurIterator it(icalrecur_iterator_new(rule, first));
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
                // The cost worked out above bounds the walk; should libical walk much
                // further (a shape of rule the estimate misjudges), the rest is cut off.
                if (static_cast<size_t>(steps) >= 2 * std::max(cost, max_steps_per_rule)) {
                    problem(m, d.title,
                            fmt::format("its RRULE \"{}\" took more than {} steps; its occurrences from {} are left "
                                        "out",
                                        rule_text, steps, format_iso8601_utc(as_if_utc(t))));
                    break;
                }
                ++steps;
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
};

}  // namespace

void expand(const Series& series, Expansion& expansion) {
    Calendar(expansion).add(series);
}

}  // namespace placard::feeds::ical
