#pragma once
// iCalendar (RFC 5545) to event Items, one per occurrence in a window, with libical.
// Pure: no I/O but the system's zone database, no clock (the window is given); safe on
// any thread: libical guards its zone cache with a lock and keeps scratch space per thread.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "feeds/item.hpp"
#include "feeds/rss.hpp"
#include "util/clock.hpp"
#include "util/result.hpp"

namespace placard::feeds {

struct IcalOptions {
    FeedOptions feed;  // origin and max_text_chars; the kind is always event
    // The window: occurrences that overlap [from, until) come out, also one that began
    // before `from` and is still on.
    SysTime from;
    SysTime until;
    // Where floating times (no TZID, no Z) and all-day dates are placed: an IANA name
    // such as "Europe/London"; "" is the process's local zone (TZ).
    std::string display_zone;
    size_t max_occurrences_per_event = 1000;  // a FREQ=MINUTELY rule stops here
    size_t max_items = 5000;                  // the whole calendar, earliest kept
    // libical's steps for all the calendar's rules together, each rule's counted before it
    // is worked out from what it takes from its DTSTART to the window's end (a rule that
    // would take more than 50,000 alone is refused; see ical_rule.hpp), an occurrence in
    // the window counting as ten more: under a second here at worst, so that no calendar,
    // however many costly rules it holds, keeps the worker from the other sources for long.
    size_t max_rule_steps = 200'000;
};

struct IcalEvents {
    std::vector<Item> items;  // sorted by start, then title
    // Events left out or cut short, one Error each naming origin:line of the BEGIN:VEVENT:
    // a broken RRULE or DTSTART, an unknown TZID, a rule capped. Not fatal: log them.
    std::vector<Error> problems;
};

// An Error for what is no calendar at all: empty, an HTML page, JSON, a vCard, a file
// cut short before END:VCALENDAR, or an unknown display_zone.
Result<IcalEvents> parse_ical(std::string_view text, const IcalOptions& options);

}  // namespace placard::feeds
