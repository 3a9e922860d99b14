#include "feeds/ical_rule.hpp"

#include <algorithm>
#include <bitset>
#include <chrono>
#include <cstdlib>
#include <limits>
#include <vector>

#include <fmt/format.h>

#include "feeds/ical_zones.hpp"

namespace placard::feeds::ical {
namespace {

using namespace std::chrono;

constexpr size_t most = std::numeric_limits<size_t>::max();

// How many values a rule part lists: libical ends each list with ICAL_RECURRENCE_ARRAY_MAX.
template <size_t N>
size_t listed(const short (&by)[N]) {
    size_t n = 0;
    while (n < N && by[n] != ICAL_RECURRENCE_ARRAY_MAX) ++n;
    return n;
}

template <size_t N>
size_t or_one(const short (&by)[N]) {
    return std::max<size_t>(listed(by), 1);
}

size_t times(size_t a, size_t b) {
    return a != 0 && b > most / a ? most : a * b;
}

size_t plus(size_t a, size_t b) {
    return a > most - b ? most : a + b;
}

// The shortest length of the rule's frequency: a month is at least 28 days, a year 365.
seconds unit_of(icalrecurrencetype_frequency freq) {
    switch (freq) {
        case ICAL_SECONDLY_RECURRENCE:
            return seconds(1);
        case ICAL_MINUTELY_RECURRENCE:
            return minutes(1);
        case ICAL_HOURLY_RECURRENCE:
            return hours(1);
        case ICAL_DAILY_RECURRENCE:
            return days(1);
        case ICAL_WEEKLY_RECURRENCE:
            return weeks(1);
        case ICAL_MONTHLY_RECURRENCE:
            return days(28);
        default:
            return days(365);
    }
}

// The candidates libical tries in one period of the frequency: the BY parts finer than
// it expand (RFC 5545 3.3.10's table), each of their values a step.
size_t steps_per_period(const icalrecurrencetype& r) {
    const size_t clock = times(times(or_one(r.by_hour), or_one(r.by_minute)), or_one(r.by_second));
    size_t weekdays = 0;  // BYDAY: an ordinal ("1TH") is one day a period, a plain day up to five a month
    for (size_t i = 0; i < listed(r.by_day); ++i) weekdays += icalrecurrencetype_day_position(r.by_day[i]) != 0 ? 1 : 5;
    switch (r.freq) {
        case ICAL_SECONDLY_RECURRENCE:
            return 1;
        case ICAL_MINUTELY_RECURRENCE:
            return or_one(r.by_second);
        case ICAL_HOURLY_RECURRENCE:
            return times(or_one(r.by_minute), or_one(r.by_second));
        case ICAL_DAILY_RECURRENCE:
            return clock;
        case ICAL_WEEKLY_RECURRENCE:
            return times(std::min<size_t>(or_one(r.by_day), 7), clock);
        case ICAL_MONTHLY_RECURRENCE: {
            size_t d = listed(r.by_month_day) ? listed(r.by_month_day) : listed(r.by_day) ? weekdays : 1;
            if (listed(r.by_year_day)) d = 31;
            return times(std::min<size_t>(d, 31), clock);
        }
        default: {
            const size_t months = listed(r.by_month) ? listed(r.by_month) : 12;
            size_t d = listed(r.by_month) ? listed(r.by_month) : 1;
            if (listed(r.by_day)) d = times(times(weekdays, months), 53) / 5;
            if (listed(r.by_month_day)) d = times(listed(r.by_month_day), months);
            if (listed(r.by_week_no)) d = times(listed(r.by_week_no), 7);
            if (listed(r.by_year_day)) d = listed(r.by_year_day);
            return times(std::min<size_t>(d, 366), clock);
        }
    }
}

// Whether every candidate libical tries is an occurrence: no part limits the frequency.
bool every_step_occurs(const icalrecurrencetype& r) {
    if (listed(r.by_set_pos) || listed(r.by_week_no) || listed(r.by_year_day)) return false;
    switch (r.freq) {
        case ICAL_SECONDLY_RECURRENCE:
            return !listed(r.by_second) && !listed(r.by_minute) && !listed(r.by_hour) && !listed(r.by_day) &&
                   !listed(r.by_month_day) && !listed(r.by_month);
        case ICAL_MINUTELY_RECURRENCE:
            return !listed(r.by_minute) && !listed(r.by_hour) && !listed(r.by_day) && !listed(r.by_month_day) &&
                   !listed(r.by_month);
        case ICAL_HOURLY_RECURRENCE:
        case ICAL_DAILY_RECURRENCE:
            return (r.freq == ICAL_DAILY_RECURRENCE || !listed(r.by_hour)) && !listed(r.by_day) &&
                   !listed(r.by_month_day) && !listed(r.by_month);
        case ICAL_WEEKLY_RECURRENCE:
            return !listed(r.by_month) && !listed(r.by_month_day);
        case ICAL_MONTHLY_RECURRENCE:
            return !listed(r.by_month);
        default:
            return true;
    }
}

// The periods of length `step` that begin in [from, to).
size_t periods(SysTime from, SysTime to, seconds step) {
    if (to <= from) return 0;
    const long long n = (to - from) / step;
    return static_cast<unsigned long long>(n) >= most / 2 ? most / 2 : static_cast<size_t>(n) + 1;
}

// The days of a month that the rule's day parts allow (RFC 5545 3.3.10), counted; a
// little generous where libical's reading is finer (BYWEEKNO, BYDAY ordinals in a year).
size_t days_allowed(const icalrecurrencetype& r, year_month ym, const icaltimetype& first) {
    const bool monthly = r.freq == ICAL_MONTHLY_RECURRENCE;
    const bool yearly = r.freq == ICAL_YEARLY_RECURRENCE;
    const int month = static_cast<int>(static_cast<unsigned>(ym.month()));
    if (listed(r.by_month)) {
        bool in = false;
        for (size_t i = 0; i < listed(r.by_month); ++i)
            in = in || icalrecurrencetype_month_month(r.by_month[i]) == month;
        if (!in) return 0;
    }
    const int length = static_cast<int>(static_cast<unsigned>((ym / last).day()));
    const bool day_parts = listed(r.by_month_day) || listed(r.by_day) || listed(r.by_year_day) || listed(r.by_week_no);
    if (!day_parts && (monthly || yearly)) {
        // The day of DTSTART, in every month or (YEARLY without BYMONTH) in DTSTART's month.
        if (yearly && !listed(r.by_month) && month != first.month) return 0;
        return first.day <= length ? 1 : 0;
    }
    const sys_days month_start(ym / 1);
    const sys_days year_start(ym.year() / January / 1);
    const int year_length = ym.year().is_leap() ? 366 : 365;
    std::bitset<32> allowed;
    for (int d = 1; d <= length; ++d) allowed.set(static_cast<size_t>(d));
    if (listed(r.by_month_day)) {
        std::bitset<32> keep;
        for (size_t i = 0; i < listed(r.by_month_day); ++i) {
            const int v = r.by_month_day[i];
            const int d = v > 0 ? v : length + 1 + v;
            if (d >= 1 && d <= length) keep.set(static_cast<size_t>(d));
        }
        allowed &= keep;
    }
    if (listed(r.by_day)) {
        std::bitset<32> keep;
        const bool ordinals_in_month = monthly || (yearly && listed(r.by_month));
        for (size_t i = 0; i < listed(r.by_day); ++i) {
            const unsigned wday = static_cast<unsigned>(icalrecurrencetype_day_day_of_week(r.by_day[i]) - 1);
            const int position = icalrecurrencetype_day_position(r.by_day[i]);
            std::vector<int> matching;
            for (int d = 1; d <= length; ++d)
                if (weekday(month_start + days(d - 1)).c_encoding() == wday) matching.push_back(d);
            if (position == 0 || !ordinals_in_month) {
                for (int d : matching) keep.set(static_cast<size_t>(d));
            } else {
                const int n = static_cast<int>(matching.size());
                const int index = position > 0 ? position - 1 : n + position;
                if (index >= 0 && index < n) keep.set(static_cast<size_t>(matching[static_cast<size_t>(index)]));
            }
        }
        allowed &= keep;
    }
    if (listed(r.by_year_day)) {
        std::bitset<32> keep;
        for (int d = 1; d <= length; ++d) {
            const int yday = static_cast<int>((month_start + days(d - 1) - year_start).count()) + 1;
            for (size_t i = 0; i < listed(r.by_year_day); ++i) {
                const int v = r.by_year_day[i];
                if (v == yday || v == yday - year_length - 1) keep.set(static_cast<size_t>(d));
            }
        }
        allowed &= keep;
    }
    return allowed.count();
}

bool set_position_exists(const icalrecurrencetype& r, size_t set_size) {
    // Finer rules' sets are a day or a week: their walk stops at UNTIL all the same.
    const bool by_set = r.freq == ICAL_MONTHLY_RECURRENCE || r.freq == ICAL_YEARLY_RECURRENCE;
    if (!listed(r.by_set_pos) || !by_set) return set_size > 0;
    for (size_t i = 0; i < listed(r.by_set_pos); ++i) {
        const size_t at = static_cast<size_t>(std::abs(r.by_set_pos[i]));
        if (at >= 1 && at <= set_size) return true;
    }
    return false;
}

constexpr int years_looked_at = 60;

// How many periods (months for MONTHLY, years for YEARLY, months for the finer rules) the
// rule steps from the `skip`-th one after DTSTART's to the first holding a day it allows,
// looking at most 60 years on; nothing when none does.
std::optional<size_t> periods_to_day(const icalrecurrencetype& rule, const icaltimetype& first, int skip) {
    const size_t clock = times(times(or_one(rule.by_hour), or_one(rule.by_minute)), or_one(rule.by_second));
    const year_month start{year(first.year), month(static_cast<unsigned>(first.month))};
    if (rule.freq == ICAL_YEARLY_RECURRENCE) {
        const int interval = std::max<int>(rule.interval, 1);
        for (int k = 0; k * interval < years_looked_at || k == 0; ++k) {
            size_t in_year = 0;
            const year y(first.year + (skip + k) * interval);
            for (unsigned m = 1; m <= 12; ++m) in_year += days_allowed(rule, y / month(m), first);
            if (set_position_exists(rule, times(in_year, clock))) return static_cast<size_t>(k);
        }
        return std::nullopt;
    }
    // MONTHLY steps INTERVAL months; the finer frequencies may reach any month.
    const int step = rule.freq == ICAL_MONTHLY_RECURRENCE ? std::max<int>(rule.interval, 1) : 1;
    for (int k = 0; k * step < years_looked_at * 12 || k == 0; ++k) {
        const year_month ym = start + months((skip + k) * step);
        if (set_position_exists(rule, times(days_allowed(rule, ym, first), clock))) return static_cast<size_t>(k);
    }
    return std::nullopt;
}

}  // namespace

size_t rule_steps(const icalrecurrencetype& rule, const RuleSpan& span) {
    const seconds step = unit_of(rule.freq) * std::max<int>(rule.interval, 1);
    const size_t per_period = steps_per_period(rule);
    const SysTime start = as_if_utc(span.first);
    size_t steps = times(periods(start, span.stop, step), per_period);
    // An all-day start (a DATE) with a rule that repeats within the day: libical steps
    // through the day's hours, minutes or seconds and gives the same date at each, so that
    // far fewer steps than it takes are occurrences.
    const bool same_date_again = span.first.is_date && unit_of(rule.freq) < days(1);
    if (every_step_occurs(rule) && !same_date_again) {
        // Then the walk ends at COUNT, or at the most occurrences shown past the window's start.
        steps = std::min(steps, plus(times(periods(start, span.window_from, step), per_period), span.max_occurrences));
        if (rule.count > 0) steps = std::min(steps, static_cast<size_t>(rule.count));
    }
    if (rule.freq == ICAL_MONTHLY_RECURRENCE || rule.freq == ICAL_YEARLY_RECURRENCE) {
        // Between two occurrences libical steps month after month (year after year), UNTIL
        // or not: past the window's end too, to the next month holding one. A month costs
        // about four steps (its days worked out), a year twelve.
        const bool monthly = rule.freq == ICAL_MONTHLY_RECURRENCE;
        const year_month_day end{floor<days>(span.stop)};
        const year_month from{year(span.first.year), month(static_cast<unsigned>(span.first.month))};
        const long long passed = monthly ? (year_month(end.year(), end.month()) - from).count()
                                         : static_cast<int>(end.year()) - span.first.year;
        const int skip =
            static_cast<int>(std::clamp<long long>(passed / std::max<int>(rule.interval, 1) + 1, 0, 100'000));
        const size_t max_periods = monthly ? years_looked_at * 12 : years_looked_at;
        const size_t after = periods_to_day(rule, span.first, skip).value_or(max_periods);
        steps = plus(steps, times(after, monthly ? 4 : 12));
    }
    return std::max<size_t>(steps, 1);
}

std::optional<std::string> without_occurrence(const icalrecurrencetype& rule, const icaltimetype& first) {
    if (first.year < 1 || first.month < 1 || first.month > 12) return std::nullopt;
    if (periods_to_day(rule, first, 0)) return std::nullopt;
    return fmt::format("it has no occurrence in the {} years after its start", years_looked_at);
}

}  // namespace placard::feeds::ical
