#pragma once
// iCalendar TZIDs to zones (the file's VTIMEZONE, IANA names, Windows names) and wall readings to instants.
#include <chrono>
#include <map>
#include <string>
#include <string_view>

#include <libical/ical.h>

#include "util/clock.hpp"
#include "util/time.hpp"

namespace placard::feeds::ical {

// A time as the calendar wrote it: a wall clock reading in a zone, or a date.
struct Stamp {
    icaltimetype wall = icaltime_null_time();
    icaltimezone* zone = nullptr;  // null: floating (or a date), placed in the display's zone
    bool date = false;
    bool null() const { return icaltime_is_null_time(wall); }
};

std::chrono::sys_days date_of(const icaltimetype& t);

// The wall reading as if it were UTC: within a day of the real instant in any zone, and
// free of zone arithmetic, for skipping the repetitions far before the window.
SysTime as_if_utc(const icaltimetype& t);

// A zone of the system's database by IANA name; null when unknown or not a safe name.
icaltimezone* system_zone(std::string_view name);

// TZIDs to zones: the file's VTIMEZONE first (it is what the organizer's program meant,
// even when the name is odd: vobject names Europe/London "GMT"), then the system's zone
// database by IANA name (libical reads /usr/share/zoneinfo; it also knows the prefixed
// forms such as "/freeassociation.sourceforge.net/Europe/London"), then Windows names.
class Zones {
public:
    // `floating`: the zone of floating times and dates when no display zone is named.
    Zones(icalcomponent* calendar, icaltimezone* display, const Zone& floating)
        : calendar_(calendar), display_(display), floating_(floating) {}

    // Null with `known` false when nobody knows the name.
    icaltimezone* find(const std::string& tzid, bool& known);

    // The instant of a wall reading; floating readings and dates in the display's zone.
    SysTime instant(icaltimetype wall, icaltimezone* zone) const;
    SysTime instant(const Stamp& s) const { return instant(s.wall, s.date ? nullptr : s.zone); }
    SysTime midnight(std::chrono::sys_days day) const;
    // The display's local day that an instant falls on, rounded to the nearest midnight.
    std::chrono::sys_days nearest_day(SysTime t) const;

private:
    icalcomponent* calendar_;
    icaltimezone* display_;
    Zone floating_;
    std::map<std::string, icaltimezone*> cache_;
};

}  // namespace placard::feeds::ical
