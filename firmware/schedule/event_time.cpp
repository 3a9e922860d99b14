#include "schedule/event_time.hpp"

#include <chrono>

#include "util/time.hpp"

namespace placard::schedule {
namespace {

std::chrono::sys_days civil_date(SysTime t) {
    LocalTime local = to_local(t);
    return std::chrono::sys_days(std::chrono::year(local.year) / local.month / local.day);
}

}  // namespace

std::optional<SysTime> event_end(const std::optional<SysTime>& starts, const std::optional<SysTime>& ends,
                                 bool all_day) {
    if (!starts) return std::nullopt;
    if (all_day) return next_local_midnight(all_day_last_day(*starts, ends));
    return ends ? *ends : *starts;
}

SysTime all_day_last_day(SysTime starts, const std::optional<SysTime>& ends) {
    if (ends && *ends > starts) return *ends - std::chrono::seconds(1);
    return starts;
}

SysTime next_local_midnight(SysTime t) {
    LocalTime local = to_local(t);
    // mktime normalises day 32 into the next month, and finds the right offset after a DST change.
    SysTime midnight = from_local(local.year, local.month, local.day + 1);
    // Where a DST change skips midnight itself, mktime may land before t: never go backwards.
    return midnight > t ? midnight : t + std::chrono::hours(24);
}

int local_days_between(SysTime from, SysTime to) {
    return static_cast<int>((civil_date(to) - civil_date(from)).count());
}

}  // namespace placard::schedule
