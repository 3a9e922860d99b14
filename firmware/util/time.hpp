#pragma once
// Calendar time: parsing the dates feeds and organizers write, and local time in the
// display's time zone. A zone is a value passed to what converts, never the process's
// TZ: the worker and the main thread convert at the same time. g++ 12 has no
// std::chrono::zoned_time; Howard Hinnant's date library (its precursor, reading the
// system's /usr/share/zoneinfo) stands in for it.
#include <optional>
#include <string>
#include <string_view>

#include "util/clock.hpp"
#include "util/result.hpp"

namespace date {
class time_zone;
}

namespace placard {

struct LocalTime {
    int year = 1970, month = 1, day = 1;  // month 1-12
    int hour = 0, minute = 0, second = 0;
    int weekday = 4;  // 0 = Sunday ... 6 = Saturday
    int minutes_of_day() const { return hour * 60 + minute; }
};

// A time zone of the system's database, or UTC. Cheap to copy; immutable, so safe to use
// from any thread at once.
class Zone {
public:
    Zone() = default;  // UTC
    // A name of the zone database ("Europe/London"); an error names the mistake.
    static Result<Zone> named(std::string_view name);
    // The system's: $TZ when it names a zone, else /etc/localtime, else UTC. Read once, at
    // the first call: a new zone of the machine's takes effect at the next start (a
    // playlist's "display": {"timezone"} at the next reload).
    static Zone system();
    // "UTC" for the default zone.
    std::string name() const;
    bool operator==(const Zone& other) const { return zone_ == other.zone_; }

private:
    friend LocalTime to_local(SysTime t, const Zone& zone);
    friend SysTime from_local(const Zone& zone, int year, int month, int day, int hour, int minute, int second);
    const date::time_zone* zone_ = nullptr;  // null: UTC; the database's entries live as long as the process
};

LocalTime to_local(SysTime t, const Zone& zone);
// Local wall time to an instant. Fields out of range carry over as mktime's do (day 32 is
// the 1st of the next month). A time skipped by a DST change is moved on by the gap
// (01:30 on the spring-forward night in London is 02:30 BST); a time that happens twice
// is the first of the two.
SysTime from_local(const Zone& zone, int year, int month, int day, int hour = 0, int minute = 0, int second = 0);

// ISO 8601 / RFC 3339: "2026-12-01", "2026-12-01T18:00", "2026-12-01T18:00:00Z",
// "2026-12-01 18:00:00+01:00". Without an offset the time is local to `zone`.
std::optional<SysTime> parse_iso8601(std::string_view text, const Zone& zone);
// RFC 822 / RFC 1123 dates as RSS writes them ("Mon, 05 Oct 2009 14:00:00 +0100"),
// through curl_getdate, which also takes most of the variants found in the wild.
std::optional<SysTime> parse_rfc822(std::string_view text);

// "2026-12-01T18:00:00Z"
std::string format_iso8601_utc(SysTime t);

}  // namespace placard
