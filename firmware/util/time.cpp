#include "util/time.hpp"

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>

#include <curl/curl.h>
#include <date/tz.h>
#include <fmt/format.h>

namespace placard {

namespace {

using namespace std::chrono;

LocalTime from_fields(local_seconds local) {
    const auto days = floor<std::chrono::days>(local);
    const year_month_day ymd(days);
    const hh_mm_ss hms(local - days);
    return LocalTime{static_cast<int>(ymd.year()),
                     static_cast<int>(static_cast<unsigned>(ymd.month())),
                     static_cast<int>(static_cast<unsigned>(ymd.day())),
                     static_cast<int>(hms.hours().count()),
                     static_cast<int>(hms.minutes().count()),
                     static_cast<int>(hms.seconds().count()),
                     static_cast<int>(weekday(days).c_encoding())};
}

const date::time_zone* locate(std::string_view name) {
    try {
        return date::locate_zone(name);
    } catch (const std::exception&) {  // not in the database, or no database at all
        return nullptr;
    }
}

}  // namespace

Result<Zone> Zone::named(std::string_view name) {
    Zone zone;
    if (name == "UTC") return zone;
    // The length first: no zone name is longer than a file name, and the database's
    // lookup should not see what could leave its folder.
    if (name.size() > 255 || name.find("..") != std::string_view::npos || (!name.empty() && name[0] == '/'))
        zone.zone_ = nullptr;
    else
        zone.zone_ = locate(name);
    if (!zone.zone_)
        return Error{"", fmt::format("unknown time zone \"{}\"", name),
                     "use a name from the zone database, such as \"Europe/London\" or \"America/Caracas\""};
    return zone;
}

namespace {

Zone read_system_zone() {
    // TZ as POSIX reads it: ":Europe/London" and "Europe/London" name the same file.
    if (const char* tz = std::getenv("TZ"); tz && *tz) {
        std::string_view name(tz);
        if (name.front() == ':') name.remove_prefix(1);
        if (auto zone = Zone::named(name)) return *zone;
    }
    try {
        if (auto zone = Zone::named(date::current_zone()->name())) return *zone;
    } catch (const std::exception&) {  // no /etc/localtime: UTC, as the C library does
    }
    return Zone();
}

}  // namespace

Zone Zone::system() {
    // Every default of a zone asks: the machine's setting is read once, at the first ask.
    static const Zone zone = read_system_zone();
    return zone;
}

std::string Zone::name() const {
    return zone_ ? std::string(zone_->name()) : "UTC";
}

LocalTime to_local(SysTime t, const Zone& zone) {
    if (!zone.zone_) return from_fields(local_seconds(t.time_since_epoch()));
    const auto info = zone.zone_->get_info(t);
    return from_fields(local_seconds(t.time_since_epoch() + info.offset));
}

SysTime from_local(const Zone& zone, int year, int month, int day, int hour, int minute, int second) {
    // Carry months into years first, then let days, hours, minutes and seconds add up.
    const int months = year * 12 + (month - 1);
    const int y = months >= 0 ? months / 12 : (months - 11) / 12;
    const int m = months - y * 12 + 1;
    const local_seconds local =
        local_days(
            year_month_day(std::chrono::year(y), std::chrono::month(static_cast<unsigned>(m)), std::chrono::day(1))) +
        std::chrono::days(day - 1) + hours(hour) + minutes(minute) + seconds(second);
    if (!zone.zone_) return SysTime(local.time_since_epoch());
    const auto info = zone.zone_->get_info(date::local_seconds(local.time_since_epoch()));
    // nonexistent: first is the offset before the gap, so the wall time moves on by it;
    // ambiguous: first is the earlier of the two.
    return SysTime(local.time_since_epoch() - info.first.offset);
}

std::optional<SysTime> parse_iso8601(std::string_view text, const Zone& zone) {
    std::string s(text);
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
    int consumed = 0;
    if (std::sscanf(s.c_str(), "%4d-%2d-%2d%n", &y, &mo, &d, &consumed) != 3 || consumed != 10) return std::nullopt;
    if (mo < 1 || mo > 12 || d < 1 || d > 31) return std::nullopt;
    size_t i = 10;
    if (i == s.size()) return from_local(zone, y, mo, d);
    if (s[i] != 'T' && s[i] != 't' && s[i] != ' ') return std::nullopt;
    ++i;
    int n = 0;
    if (std::sscanf(s.c_str() + i, "%2d:%2d%n", &h, &mi, &n) != 2 || n != 5) return std::nullopt;
    i += 5;
    if (i < s.size() && s[i] == ':') {
        if (std::sscanf(s.c_str() + i, ":%2d%n", &sec, &n) != 1 || n != 3) return std::nullopt;
        i += 3;
        if (i < s.size() && (s[i] == '.' || s[i] == ',')) {  // fractions of a second are dropped
            ++i;
            while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
        }
    }
    if (h > 24 || mi > 59 || sec > 60) return std::nullopt;
    if (i == s.size()) return from_local(zone, y, mo, d, h, mi, sec);
    int offset_minutes = 0;
    if (s[i] == 'Z' || s[i] == 'z') {
        ++i;
    } else if (s[i] == '+' || s[i] == '-') {
        int oh = 0, om = 0;
        int sign = s[i] == '-' ? -1 : 1;
        ++i;
        if (std::sscanf(s.c_str() + i, "%2d:%2d%n", &oh, &om, &n) == 2 && n == 5) {
            i += 5;
        } else if (std::sscanf(s.c_str() + i, "%2d%2d%n", &oh, &om, &n) == 2 && n == 4) {
            i += 4;
        } else if (std::sscanf(s.c_str() + i, "%2d%n", &oh, &n) == 1 && n == 2) {
            i += 2;
        } else {
            return std::nullopt;
        }
        offset_minutes = sign * (oh * 60 + om);
    } else {
        return std::nullopt;
    }
    if (i != s.size()) return std::nullopt;
    using namespace std::chrono;
    auto days = sys_days(year_month_day(year(y), month(static_cast<unsigned>(mo)), day(static_cast<unsigned>(d))));
    return SysTime(days) + hours(h) + minutes(mi) + seconds(sec) - minutes(offset_minutes);
}

std::optional<SysTime> parse_rfc822(std::string_view text) {
    std::string s(text);
    std::time_t t = curl_getdate(s.c_str(), nullptr);
    if (t == -1) return std::nullopt;
    return SysTime(std::chrono::seconds(t));
}

std::string format_iso8601_utc(SysTime t) {
    using namespace std::chrono;
    auto days = floor<std::chrono::days>(t);
    year_month_day ymd(days);
    hh_mm_ss hms(t - days);
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", static_cast<int>(ymd.year()),
                       static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), hms.hours().count(),
                       hms.minutes().count(), hms.seconds().count());
}

}  // namespace placard
