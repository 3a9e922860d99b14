#include <algorithm>

#include "schedule/schedule.hpp"
#include "util/time.hpp"

namespace placard::schedule {
namespace {

bool in_range(const config::HourRange& range, int minute) {
    if (range.begin <= range.end) return minute >= range.begin && minute < range.end;
    return minute >= range.begin || minute < range.end;  // wraps past midnight
}

}  // namespace

// Days and hours are tested separately against the local day of `now`: with days
// ["fri"] and hours "22:00-02:00", Friday 00:00-02:00 and Friday 22:00-24:00 are in,
// Saturday 01:00 is not. It keeps a `when` readable as two independent filters, and
// wall-clock hours follow DST: "09:00-17:00" is 09:00 local on the day clocks change.
bool allows(const config::When& when, SysTime now) {
    if (when.from && now < *when.from) return false;
    if (when.until && now >= *when.until) return false;
    LocalTime local = to_local(now);
    if (!when.days.empty() && std::find(when.days.begin(), when.days.end(), local.weekday) == when.days.end())
        return false;
    if (when.hours.empty()) return true;
    int minute = local.minutes_of_day();
    return std::any_of(when.hours.begin(), when.hours.end(),
                       [minute](const config::HourRange& range) { return in_range(range, minute); });
}

}  // namespace placard::schedule
