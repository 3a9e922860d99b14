#include "util/time.hpp"

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>

#include <curl/curl.h>
#include <fmt/format.h>

namespace placard {

LocalTime to_local(SysTime t) {
    std::time_t tt = static_cast<std::time_t>(t.time_since_epoch().count());
    std::tm tm{};
    localtime_r(&tt, &tm);
    return LocalTime{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, tm.tm_wday};
}

SysTime from_local(int year, int month, int day, int hour, int minute, int second) {
    std::tm tm{};
    tm.tm_year = year - 1900;
    tm.tm_mon = month - 1;
    tm.tm_mday = day;
    tm.tm_hour = hour;
    tm.tm_min = minute;
    tm.tm_sec = second;
    tm.tm_isdst = -1;
    return SysTime(std::chrono::seconds(std::mktime(&tm)));
}

Result<void> set_time_zone(const std::string& name) {
    if (name.empty()) return {};
    // The zone database: a name that is not there would silently become UTC.
    const char* dir = std::getenv("TZDIR");
    std::filesystem::path db = dir ? dir : "/usr/share/zoneinfo";
    std::error_code ec;
    if (name.find("..") != std::string::npos || !std::filesystem::is_regular_file(db / name, ec))
        return Error{"", fmt::format("unknown time zone \"{}\"", name),
                     "use a name from the zone database, such as \"Europe/London\" or \"America/Caracas\""};
    setenv("TZ", name.c_str(), 1);
    tzset();
    return {};
}

std::optional<SysTime> parse_iso8601(std::string_view text) {
    std::string s(text);
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
    int consumed = 0;
    if (std::sscanf(s.c_str(), "%4d-%2d-%2d%n", &y, &mo, &d, &consumed) != 3 || consumed != 10) return std::nullopt;
    if (mo < 1 || mo > 12 || d < 1 || d > 31) return std::nullopt;
    size_t i = 10;
    if (i == s.size()) return from_local(y, mo, d);
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
    if (i == s.size()) return from_local(y, mo, d, h, mi, sec);
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
