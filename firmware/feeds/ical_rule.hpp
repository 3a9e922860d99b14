#pragma once
// The work libical takes to expand an RRULE, so that a rule is refused by its cost, not its shape.
#include <cstddef>
#include <optional>
#include <string>

#include <libical/ical.h>

#include "util/clock.hpp"

namespace placard::feeds::ical {

// libical's steps for one rule at most, wherever they fall: 50,000 take about 0.1 s here.
constexpr size_t max_steps_per_rule = 50'000;

// Where a rule is expanded: from its DTSTART (a wall reading) through the window, which
// opens at `window_from`, until `stop`, where the expansion sets UNTIL; with at most
// `max_occurrences` shown in the window.
struct RuleSpan {
    icaltimetype first;
    SysTime window_from;
    SysTime stop;
    size_t max_occurrences;
};

// An upper bound of the steps libical takes to expand the rule over the span: each call
// to icalrecur_iterator_next walks the rule's frequency (INTERVAL at a time) and the BY
// parts it expands until the parts that limit it match, or until UNTIL. So a rule that
// limits a fine frequency to few times (FREQ=SECONDLY;BYHOUR=9, FREQ=HOURLY;BYMONTH=2;
// BYMONTHDAY=30) costs every second or hour of its span, while one whose every step is an
// occurrence costs what it shows.
size_t rule_steps(const icalrecurrencetype& rule, const RuleSpan& span);

// Why the rule has no occurrence, or nothing: its day parts (BYMONTH, BYMONTHDAY, BYDAY,
// BYYEARDAY, BYSETPOS) allow no day within 60 years of its DTSTART. A MONTHLY or YEARLY
// rule without occurrence would cost libical seconds: it looks for the first month or
// year holding one up to the year 20000, without a look at UNTIL (2 s for
// FREQ=MONTHLY;BYDAY=MO;BYSETPOS=6); a finer one stops at UNTIL but shows nothing.
std::optional<std::string> without_occurrence(const icalrecurrencetype& rule, const icaltimetype& first);

}  // namespace placard::feeds::ical
