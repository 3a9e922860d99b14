#pragma once
// Events on the local calendar (the display's time zone): when they are over, which day
// they end on, how many calendar days lie between two instants.
#include <optional>

#include "util/clock.hpp"
#include "util/time.hpp"

namespace placard::schedule {

// When an event is over: its end; its start when it has no end; for an all-day event the
// local midnight after its last day. nullopt without a start.
std::optional<SysTime> event_end(const std::optional<SysTime>& starts, const std::optional<SysTime>& ends, bool all_day,
                                 const Zone& zone);

// An instant in the last day of an all-day event. Its `ends` is exclusive, as iCalendar's
// DTEND: a Saturday-Sunday event ends at Monday's midnight. Without an end (or an end at
// its start) the event is the one day it starts on.
SysTime all_day_last_day(SysTime starts, const std::optional<SysTime>& ends);

// The first local midnight after t. Days are 23 or 25 hours long on DST changes.
SysTime next_local_midnight(SysTime t, const Zone& zone);

// Calendar days from the local date of `from` to the local date of `to` (0 = same day).
int local_days_between(SysTime from, SysTime to, const Zone& zone);

}  // namespace placard::schedule
