#include "schedule/event_time.hpp"

#include <chrono>

#include "util/time.hpp"

namespace placard::schedule {
namespace {

std::chrono::sys_days civil_date(SysTime t, const Zone& zone) {
    LocalTime local = to_local(t, zone);
    return std::chrono::sys_days(std::chrono::year(local.year) / local.month / local.day);
}

}  // namespace

std::optional<SysTime> event_end(const std::optional<SysTime>& starts, const std::optional<SysTime>& ends, bool all_day,
                                 const Zone& zone) {
    if (!starts) return std::nullopt;
    if (all_day) return next_local_midnight(all_day_last_day(*starts, ends), zone);
    return ends ? *ends : *starts;
}

SysTime all_day_last_day(SysTime starts, const std::optional<SysTime>& ends) {
    if (ends && *ends > starts) return *ends - std::chrono::seconds(1);
    return starts;
}

SysTime next_local_midnight(SysTime t, const Zone& zone) {
    LocalTime local = to_local(t, zone);
    // from_local carries day 32 into the next month, and finds the right offset after a DST change.
    SysTime midnight = from_local(zone, local.year, local.month, local.day + 1);
    // Never go backwards, whatever a zone's history does around midnight.
    return midnight > t ? midnight : t + std::chrono::hours(24);
}

int local_days_between(SysTime from, SysTime to, const Zone& zone) {
    return static_cast<int>((civil_date(to, zone) - civil_date(from, zone)).count());
}

}  // namespace placard::schedule
