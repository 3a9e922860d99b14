// Dates in the display's language. Our own small tables rather than the C library's
// locales: a fresh Debian has only C.UTF-8, and strftime's forms are not the ones a
// poster uses ("Samstag, 5. Dezember", "1er décembre").
#include <chrono>
#include <string>

#include <fmt/format.h>

#include "schedule/event_time.hpp"
#include "schedule/language.hpp"
#include "schedule/schedule.hpp"
#include "util/time.hpp"

namespace placard::schedule {
namespace {

struct Names {
    const char* weekdays[7];  // from Sunday
    const char* short_weekdays[7];
    const char* months[12];
};

constexpr Names english{
    {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"},
    {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"},
    {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
     "December"},
};
constexpr Names german{
    {"Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag"},
    {"So.", "Mo.", "Di.", "Mi.", "Do.", "Fr.", "Sa."},
    {"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November",
     "Dezember"},
};
constexpr Names spanish{
    {"domingo", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado"},
    {"dom", "lun", "mar", "mié", "jue", "vie", "sáb"},
    {"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre",
     "diciembre"},
};
constexpr Names french{
    {"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"},
    {"dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."},
    {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre",
     "décembre"},
};

const Names& names(Language lang) {
    return in_language(lang, english, german, spanish, french);
}

enum class Weekday { none, full, short_form };

struct Parts {
    Weekday weekday = Weekday::none;
    bool month = true;
    bool year = false;  // only with the month
};

// One date in the language's word order, with the parts asked for.
std::string date_phrase(Language lang, const LocalTime& t, Parts parts) {
    const Names& n = names(lang);
    std::string weekday;
    if (parts.weekday == Weekday::full) weekday = n.weekdays[t.weekday];
    if (parts.weekday == Weekday::short_form) weekday = n.short_weekdays[t.weekday];
    const char* month = n.months[t.month - 1];
    std::string out;
    switch (lang) {
        case Language::en:
            if (!weekday.empty()) out = weekday + " ";
            out += fmt::format("{}", t.day);
            if (parts.month) out += fmt::format(" {}", month);
            if (parts.month && parts.year) out += fmt::format(" {}", t.year);
            break;
        case Language::de:
            if (!weekday.empty()) out = weekday + ", ";
            out += fmt::format("{}.", t.day);
            if (parts.month) out += fmt::format(" {}", month);
            if (parts.month && parts.year) out += fmt::format(" {}", t.year);
            break;
        case Language::es:
            if (!weekday.empty()) out = weekday + " ";
            out += fmt::format("{}", t.day);
            if (parts.month) out += fmt::format(" de {}", month);
            if (parts.month && parts.year) out += fmt::format(" de {}", t.year);
            break;
        case Language::fr:
            if (!weekday.empty()) out = weekday + " ";
            out += t.day == 1 ? std::string("1er") : fmt::format("{}", t.day);  // "le premier"
            if (parts.month) out += fmt::format(" {}", month);
            if (parts.month && parts.year) out += fmt::format(" {}", t.year);
            break;
    }
    return out;
}

std::string clock_time(const LocalTime& t) {
    return fmt::format("{:02}:{:02}", t.hour, t.minute);
}

bool same_date(const LocalTime& a, const LocalTime& b) {
    return a.year == b.year && a.month == b.month && a.day == b.day;
}

// "Sat 5 – Mon 7 December", "Mon 30 November – Wed 2 December": the first date leaves
// out what the second one says.
std::string day_range(Language lang, const LocalTime& first, const LocalTime& last) {
    bool other_year = first.year != last.year;
    bool other_month = other_year || first.month != last.month;
    return date_phrase(lang, first, {Weekday::short_form, other_month, other_year}) + " – " +
           date_phrase(lang, last, {Weekday::short_form, true, other_year});
}

// An evening that runs past midnight ("22:00–02:00") reads as one evening.
constexpr int night_ends_by_hour = 6;

}  // namespace

std::string event_when(const SlideSpec& event, const std::string& locale, const Zone& zone) {
    if (!event.starts) return {};
    Language lang = language(locale);
    LocalTime start = to_local(*event.starts, zone);
    if (event.all_day) {
        LocalTime last = to_local(all_day_last_day(*event.starts, event.ends), zone);
        if (same_date(start, last)) return date_phrase(lang, start, {Weekday::full});
        return day_range(lang, start, last);
    }
    std::string head = date_phrase(lang, start, {Weekday::full}) + ", " + clock_time(start);
    if (!event.ends || *event.ends <= *event.starts) return head;
    LocalTime end = to_local(*event.ends, zone);
    int days = local_days_between(*event.starts, *event.ends, zone);
    if (days == 0 || (days == 1 && end.hour < night_ends_by_hour)) return head + "–" + clock_time(end);
    bool other_year = start.year != end.year;
    return date_phrase(lang, start, {Weekday::short_form, true, other_year}) + ", " + clock_time(start) + " – " +
           date_phrase(lang, end, {Weekday::short_form, true, other_year}) + ", " + clock_time(end);
}

std::string month_name(int month, const std::string& locale) {
    if (month < 1 || month > 12) return {};
    return names(language(locale)).months[month - 1];
}

std::string short_date(SysTime now, const std::string& locale, const Zone& zone) {
    return date_phrase(language(locale), to_local(now, zone), {Weekday::short_form, true, false});
}

std::string time_of_day(SysTime now, const Zone& zone) {
    return clock_time(to_local(now, zone));
}

std::string weekday_name(int weekday, const std::string& locale) {
    if (weekday < 0 || weekday > 6) return {};
    return names(language(locale)).weekdays[weekday];
}

std::string report_date(SysTime published, const std::string& locale, const Zone& zone) {
    return date_phrase(language(locale), to_local(published, zone), {Weekday::none, true, true});
}

}  // namespace placard::schedule
