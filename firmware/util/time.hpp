#pragma once
// Calendar time: parsing the dates feeds and organizers write, and local time in the
// display's time zone. The zone is the process's (TZ), set once at start from
// display.timezone: g++ 12 has no std::chrono::zoned_time.
#include <optional>
#include <string>
#include <string_view>

#include "util/clock.hpp"
#include "util/result.hpp"

namespace placard {

struct LocalTime {
    int year = 1970, month = 1, day = 1;  // month 1-12
    int hour = 0, minute = 0, second = 0;
    int weekday = 4;                      // 0 = Sunday ... 6 = Saturday
    int minutes_of_day() const { return hour * 60 + minute; }
};

// Uses the process time zone (TZ).
LocalTime to_local(SysTime t);
// Local wall time to an instant (mktime: gaps and folds resolved as the C library does).
SysTime from_local(int year, int month, int day, int hour = 0, int minute = 0, int second = 0);

// Sets the process time zone (setenv TZ + tzset). An empty name keeps the system's.
// Returns an error when the zone is not in the system's zone database.
Result<void> set_time_zone(const std::string& name);

// ISO 8601 / RFC 3339: "2026-12-01", "2026-12-01T18:00", "2026-12-01T18:00:00Z",
// "2026-12-01 18:00:00+01:00". Without an offset the time is local.
std::optional<SysTime> parse_iso8601(std::string_view text);
// RFC 822 / RFC 1123 dates as RSS writes them ("Mon, 05 Oct 2009 14:00:00 +0100"),
// through curl_getdate, which also takes most of the variants found in the wild.
std::optional<SysTime> parse_rfc822(std::string_view text);

// "2026-12-01T18:00:00Z"
std::string format_iso8601_utc(SysTime t);

}  // namespace placard
