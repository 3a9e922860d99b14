#include "feeds/ical_zones.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

#include <unicode/ucal.h>

#include "util/time.hpp"

namespace placard::feeds::ical {
namespace {

using std::chrono::seconds;
using std::chrono::sys_days;

// Names handed to the zone database become file paths below /usr/share/zoneinfo.
bool safe_zone_name(std::string_view name) {
    if (name.empty() || name.size() > 64 || name.front() == '/' || name.find("..") != std::string_view::npos)
        return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' || c == '_' ||
               c == '-' || c == '+';
    });
}

// Windows zone names ("GMT Standard Time"), as Outlook and Exchange write them without a
// VTIMEZONE, mapped to IANA names by ICU's copy of CLDR's windowsZones table.
icaltimezone* windows_zone(std::string_view name) {
    if (name.empty() || name.size() > 64) return nullptr;
    std::array<UChar, 64> windows{};
    for (size_t i = 0; i < name.size(); ++i) {
        if (static_cast<unsigned char>(name[i]) > 0x7F) return nullptr;
        windows[i] = static_cast<UChar>(name[i]);
    }
    std::array<UChar, 64> iana{};
    UErrorCode status = U_ZERO_ERROR;
    int32_t length = ucal_getTimeZoneIDForWindowsID(windows.data(), static_cast<int32_t>(name.size()), nullptr,
                                                    iana.data(), static_cast<int32_t>(iana.size()), &status);
    if (U_FAILURE(status) || length <= 0 || length >= static_cast<int32_t>(iana.size())) return nullptr;
    std::string id(static_cast<size_t>(length), '\0');
    for (int32_t i = 0; i < length; ++i) id[static_cast<size_t>(i)] = static_cast<char>(iana[static_cast<size_t>(i)]);
    return system_zone(id);
}

}  // namespace

sys_days date_of(const icaltimetype& t) {
    using namespace std::chrono;
    return sys_days(
        year_month_day(year(t.year), month(static_cast<unsigned>(t.month)), day(static_cast<unsigned>(t.day))));
}

SysTime as_if_utc(const icaltimetype& t) {
    return SysTime(date_of(t)) + seconds(t.hour * 3600 + t.minute * 60 + t.second);
}

icaltimezone* system_zone(std::string_view name) {
    if (!safe_zone_name(name)) return nullptr;
    return icaltimezone_get_builtin_timezone(std::string(name).c_str());
}

icaltimezone* Zones::find(const std::string& tzid, bool& known) {
    auto it = cache_.find(tzid);
    if (it == cache_.end()) {
        icaltimezone* zone = icalcomponent_get_timezone(calendar_, tzid.c_str());
        if (!zone) zone = system_zone(tzid);
        if (!zone && tzid.find("..") == std::string::npos)
            zone = icaltimezone_get_builtin_timezone_from_tzid(tzid.c_str());
        if (!zone) zone = windows_zone(tzid);
        it = cache_.emplace(tzid, zone).first;
    }
    known = it->second != nullptr;
    return it->second;
}

SysTime Zones::instant(icaltimetype wall, icaltimezone* zone) const {
    if (wall.is_date) wall.hour = wall.minute = wall.second = 0;
    wall.is_date = 0;
    if (!zone) zone = display_;
    if (zone) return SysTime(seconds(icaltime_as_timet_with_zone(wall, zone)));
    // No display zone named: the feed options' zone, as the rest of placard uses it.
    return from_local(floating_, wall.year, wall.month, wall.day, wall.hour, wall.minute, wall.second);
}

SysTime Zones::midnight(sys_days day) const {
    using namespace std::chrono;
    year_month_day ymd(day);
    icaltimetype t = icaltime_null_time();
    t.year = static_cast<int>(ymd.year());
    t.month = static_cast<int>(static_cast<unsigned>(ymd.month()));
    t.day = static_cast<int>(static_cast<unsigned>(ymd.day()));
    return instant(t, nullptr);
}

sys_days Zones::nearest_day(SysTime t) const {
    using namespace std::chrono;
    // Half a day on, then the local date: 23:00 the day before and 01:00 both round to the day.
    const SysTime later = t + hours(12);
    if (display_) {
        const auto s = duration_cast<seconds>(later.time_since_epoch()).count();
        icaltimetype local = icaltime_from_timet_with_zone(static_cast<time_t>(s), 0, display_);
        return date_of(local);
    }
    // No display zone named: the feed options' zone, as the rest of placard uses it.
    LocalTime local = to_local(later, floating_);
    return sys_days(year_month_day(year(local.year), month(static_cast<unsigned>(local.month)),
                                   day(static_cast<unsigned>(local.day))));
}

}  // namespace placard::feeds::ical
