#pragma once
// iCalendar series to event Items: a rule's occurrences in the window, overrides, EXDATE.
#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <libical/ical.h>

#include "feeds/ical.hpp"
#include "feeds/ical_zones.hpp"
#include "feeds/item.hpp"

namespace placard::feeds::ical {

// What an Item takes from a VEVENT besides its times.
struct Details {
    std::string uid, title, text, place, link, image;
    std::vector<std::string> categories;
    std::optional<SysTime> published;
};

// One VEVENT as read.
struct VEvent {
    icalcomponent* comp = nullptr;
    size_t line = 0;  // of its BEGIN:VEVENT, for problems
    Details details;
    std::optional<std::string> timing_error;  // a DTSTART, RRULE... libical could not read
};

// A master VEVENT (or one alone) with the VEVENTs that override its occurrences.
struct Series {
    std::optional<VEvent> master;
    std::vector<VEvent> overrides;
};

// What the series of one VCALENDAR share while they are expanded.
struct Expansion {
    Zones zones;
    const IcalOptions& options;
    IcalEvents& out;
    size_t& steps_left;                        // of options.max_rule_steps, shared by every VCALENDAR of the file
    std::set<std::string> unknown_zones = {};  // named in a problem once
};

// Appends the series' occurrences in the window to expansion.out, and its problems.
void expand(const Series& series, Expansion& expansion);

}  // namespace placard::feeds::ical
