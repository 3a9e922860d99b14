#include <algorithm>

#include "schedule/schedule.hpp"
#include "util/time.hpp"

namespace placard::schedule {
namespace {

bool on_day(const config::When& when, int weekday) {
    return when.days.empty() || std::find(when.days.begin(), when.days.end(), weekday) != when.days.end();
}

}  // namespace

// Hours belong to the evening they start on: with days ["fri"] and hours "22:00-02:00",
// the slide shows from Friday 22:00 to Saturday 02:00, as an organizer means "Friday
// night"; Friday 01:00 belongs to Thursday night and is out. Hours are wall-clock time,
// so they follow DST: "09:00-17:00" is 09:00 local on the day the clocks change.
bool allows(const config::When& when, SysTime now, const Zone& zone) {
    if (when.from && now < *when.from) return false;
    if (when.until && now >= *when.until) return false;
    const LocalTime local = to_local(now, zone);
    const int today = local.weekday;
    const int yesterday = (today + 6) % 7;
    if (when.hours.empty()) return on_day(when, today);
    const int minute = local.minutes_of_day();
    return std::any_of(when.hours.begin(), when.hours.end(), [&](const config::HourRange& range) {
        if (range.begin <= range.end) return minute >= range.begin && minute < range.end && on_day(when, today);
        // Past midnight: the part before it is tonight's, the part after it last night's.
        if (minute >= range.begin) return on_day(when, today);
        return minute < range.end && on_day(when, yesterday);
    });
}

bool screen_on(const config::Display& display, SysTime now) {
    if (display.hours.empty()) return true;
    return std::any_of(display.hours.begin(), display.hours.end(),
                       [&](const config::When& span) { return allows(span, now, display.zone); });
}

std::optional<SysTime> screen_changes_at(const config::Display& display, SysTime now) {
    if (display.hours.empty()) return std::nullopt;
    using namespace std::chrono;
    const bool on = screen_on(display, now);
    // Spans begin and end on whole minutes of local time; zone offsets are whole minutes.
    SysTime t = floor<minutes>(now) + minutes(1);
    for (const SysTime last = now + days(8); t <= last; t += minutes(1))
        if (screen_on(display, t) != on) return t;
    return std::nullopt;
}

}  // namespace placard::schedule
