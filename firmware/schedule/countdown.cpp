// How long until an event, in the display's language, and when those words change, so
// that the render loop redraws the countdown only then.
#include <algorithm>
#include <chrono>
#include <string>

#include <fmt/format.h>

#include "schedule/event_time.hpp"
#include "schedule/language.hpp"
#include "schedule/schedule.hpp"
#include "util/time.hpp"

namespace placard::schedule {
namespace {

using namespace std::chrono_literals;

struct Phrases {
    const char* running;
    const char* minutes;        // {} minutes
    const char* hours;          // {} hours
    const char* hours_minutes;  // {} hours {} minutes
    const char* today_at;       // {} = "18:00"
    const char* today_at_one;   // Spanish says "a la" for one o'clock
    const char* tomorrow_at;
    const char* tomorrow_at_one;
    const char* tomorrow;  // all-day events have no time
    const char* days;      // {} days, 2 or more
    const char* one_week;
    const char* weeks;  // {} weeks, 2 or more
};

constexpr Phrases english{
    .running = "now",
    .minutes = "in {} min",
    .hours = "in {} h",
    .hours_minutes = "in {} h {} min",
    .today_at = "today at {}",
    .today_at_one = "today at {}",
    .tomorrow_at = "tomorrow at {}",
    .tomorrow_at_one = "tomorrow at {}",
    .tomorrow = "tomorrow",
    .days = "in {} days",
    .one_week = "in 1 week",
    .weeks = "in {} weeks",
};
constexpr Phrases german{
    .running = "läuft jetzt",
    .minutes = "in {} Min.",
    .hours = "in {} Std.",
    .hours_minutes = "in {} Std. {} Min.",
    .today_at = "heute um {}",
    .today_at_one = "heute um {}",
    .tomorrow_at = "morgen um {}",
    .tomorrow_at_one = "morgen um {}",
    .tomorrow = "morgen",
    .days = "in {} Tagen",
    .one_week = "in 1 Woche",
    .weeks = "in {} Wochen",
};
constexpr Phrases spanish{
    .running = "ahora",
    .minutes = "en {} min",
    .hours = "en {} h",
    .hours_minutes = "en {} h {} min",
    .today_at = "hoy a las {}",
    .today_at_one = "hoy a la {}",
    .tomorrow_at = "mañana a las {}",
    .tomorrow_at_one = "mañana a la {}",
    .tomorrow = "mañana",
    .days = "en {} días",
    .one_week = "en 1 semana",
    .weeks = "en {} semanas",
};
constexpr Phrases french{
    .running = "en cours",
    .minutes = "dans {} min",
    .hours = "dans {} h",
    .hours_minutes = "dans {} h {} min",
    .today_at = "aujourd’hui à {}",
    .today_at_one = "aujourd’hui à {}",
    .tomorrow_at = "demain à {}",
    .tomorrow_at_one = "demain à {}",
    .tomorrow = "demain",
    .days = "dans {} jours",
    .one_week = "dans 1 semaine",
    .weeks = "dans {} semaines",
};

const Phrases& phrases(Language lang) {
    return in_language(lang, english, german, spanish, french);
}

// Beyond this, minutes are noise: the time of day says more ("today at 18:00").
constexpr auto minutes_shown_below = 6h;
// From two weeks, days are counted in weeks; exactly a week reads as one.
constexpr int weeks_from_days = 14;

// Minutes left, rounded up: "in 1 min" until the start, never "in 0 min".
long long minutes_left(SysTime starts, SysTime now) {
    return ((starts - now).count() + 59) / 60;
}

std::string days_phrase(const Phrases& p, int days) {
    if (days == 7) return p.one_week;
    if (days < weeks_from_days) return fmt::format(fmt::runtime(p.days), days);
    return fmt::format(fmt::runtime(p.weeks), days / 7);
}

// How long ago a source was last fetched: the hint on a slide whose content may be old.
struct AgoPhrases {
    const char* minutes;  // {} minutes, below an hour
    const char* hours;    // {} hours, below two days
    const char* days;     // {} days, 2 or more
};

constexpr AgoPhrases english_ago{"updated {} min ago", "updated {} h ago", "updated {} days ago"};
constexpr AgoPhrases german_ago{"aktualisiert vor {} Min.", "aktualisiert vor {} Std.", "aktualisiert vor {} Tagen"};
constexpr AgoPhrases spanish_ago{"actualizado hace {} min", "actualizado hace {} h", "actualizado hace {} días"};
constexpr AgoPhrases french_ago{"mis à jour il y a {} min", "mis à jour il y a {} h", "mis à jour il y a {} jours"};

const AgoPhrases& ago_phrases(Language lang) {
    return in_language(lang, english_ago, german_ago, spanish_ago, french_ago);
}

}  // namespace

std::string updated_ago(SysTime updated, SysTime now, const std::string& locale) {
    const AgoPhrases& p = ago_phrases(language(locale));
    // Rounded down: "updated 7 h ago" from seven hours until eight.
    long long minutes = std::max<long long>(1, std::chrono::duration_cast<std::chrono::minutes>(now - updated).count());
    if (minutes < 60) return fmt::format(fmt::runtime(p.minutes), minutes);
    if (minutes < 48LL * 60) return fmt::format(fmt::runtime(p.hours), minutes / 60);
    return fmt::format(fmt::runtime(p.days), minutes / (24LL * 60));
}

std::string countdown(const SlideSpec& event, SysTime now, const std::string& locale, const Zone& zone) {
    auto end = event_end(event.starts, event.ends, event.all_day, zone);
    if (!end || now >= *end) return {};
    const Phrases& p = phrases(language(locale));
    SysTime starts = *event.starts;
    if (now >= starts) return p.running;
    int days = local_days_between(now, starts, zone);
    if (event.all_day) return days == 1 ? std::string(p.tomorrow) : days_phrase(p, days);
    if (starts - now < minutes_shown_below) {
        long long minutes = minutes_left(starts, now);
        if (minutes < 60) return fmt::format(fmt::runtime(p.minutes), minutes);
        if (minutes % 60 == 0) return fmt::format(fmt::runtime(p.hours), minutes / 60);
        return fmt::format(fmt::runtime(p.hours_minutes), minutes / 60, minutes % 60);
    }
    LocalTime at = to_local(starts, zone);
    std::string time = fmt::format("{:02}:{:02}", at.hour, at.minute);
    bool one = at.hour == 1;
    if (days == 0) return fmt::format(fmt::runtime(one ? p.today_at_one : p.today_at), time);
    if (days == 1) return fmt::format(fmt::runtime(one ? p.tomorrow_at_one : p.tomorrow_at), time);
    return days_phrase(p, days);
}

SysTime countdown_changes_at(const SlideSpec& event, SysTime now, const Zone& zone) {
    auto end = event_end(event.starts, event.ends, event.all_day, zone);
    // Over, or never on the calendar: the words stay "" for good. A day ahead rather than
    // SysTime::max() keeps the caller's deadline arithmetic from overflowing.
    if (!end || now >= *end) return now + 24h;
    SysTime starts = *event.starts;
    if (now >= starts) return *end;
    SysTime next = next_local_midnight(now, zone);  // today / tomorrow / days count on local dates
    if (!event.all_day) {
        if (starts - now < minutes_shown_below) {
            // The rounded-up minutes drop when the time left reaches a whole minute.
            next = starts - std::chrono::minutes(minutes_left(starts, now) - 1);
        } else {
            next = std::min(next, starts - minutes_shown_below + 1s);
        }
    }
    return std::max(std::min(next, starts), now + 1s);
}

}  // namespace placard::schedule
