#include <algorithm>
#include <regex>

#include <fmt/format.h>

#include "config/sections.hpp"
#include "util/time.hpp"

namespace placard::config {
namespace {

const std::vector<std::string> day_names = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

// `shows` says what a span allows, for the messages: "shows the slide", "turns the screen on".
void read_days(Checker& checker, const Json& value, const std::string& path, When& when, const char* shows) {
    if (!checker.expect_array(value, path, "[\"sat\", \"sun\"]")) return;
    if (value.empty()) {
        checker.at_value(path, fmt::format("an empty list of days never {}: list days such as [\"sat\", \"sun\"], "
                                           "or leave out \"days\" for every day",
                                           shows));
        return;
    }
    std::vector<std::string> choices = {"mon", "tue", "wed", "thu", "fri", "sat", "sun", "weekdays", "weekend"};
    for (std::size_t i = 0; i < value.size(); ++i) {
        const std::string p = element_path(path, i);
        const Json& day = value[i];
        if (day.is_string()) {
            // "Monday", "Mon": say the short form rather than guess from spelling.
            std::string lower = day.get<std::string>();
            for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            const auto short_form = std::find(day_names.begin(), day_names.end(), lower.substr(0, 3));
            if (short_form != day_names.end() && lower != *short_form) {
                checker.at_value(p, fmt::format("unknown day {}; write \"{}\"", day.dump(), *short_form));
                continue;
            }
        }
        const auto name = checker.read_choice(day, p, "day", choices);
        if (!name) continue;
        if (*name == "weekdays") {
            for (int d = 1; d <= 5; ++d) when.days.push_back(d);
        } else if (*name == "weekend") {
            when.days.push_back(6);
            when.days.push_back(0);
        } else {
            when.days.push_back(
                static_cast<int>(std::find(day_names.begin(), day_names.end(), *name) - day_names.begin()));
        }
    }
    std::sort(when.days.begin(), when.days.end());
    when.days.erase(std::unique(when.days.begin(), when.days.end()), when.days.end());
}

std::optional<HourRange> read_hour_range(Checker& checker, const Json& value, const std::string& path) {
    auto s = checker.read_string(value, path, "\"18:00-23:00\"");
    if (!s) return std::nullopt;
    // The same pattern as "hour_range" in config/playlist.schema.json.
    static const std::regex span(
        R"(^([01]?[0-9]|2[0-3]):([0-5][0-9])-(?:([01]?[0-9]|2[0-3]):([0-5][0-9])|(24):(00))$)");
    std::smatch m;
    if (!std::regex_match(*s, m, span)) {
        checker.at_value(path,
                         fmt::format("{} is not a span of hours; write \"HH:MM-HH:MM\", such as \"18:00-23:00\" "
                                     "(\"24:00\" ends at midnight; an end before the beginning goes past midnight)",
                                     Json(*s).dump()));
        return std::nullopt;
    }
    HourRange range;
    range.begin = std::stoi(m[1].str()) * 60 + std::stoi(m[2].str());
    range.end = m[5].matched ? 24 * 60 : std::stoi(m[3].str()) * 60 + std::stoi(m[4].str());
    if (range.begin == range.end) {
        checker.at_value(path, fmt::format("{} begins and ends at the same time: for all day, leave out \"hours\"",
                                           Json(*s).dump()));
        return std::nullopt;
    }
    return range;
}

void read_hours(Checker& checker, const Json& value, const std::string& path, When& when, const char* shows) {
    if (value.is_array()) {
        if (value.empty()) {
            checker.at_value(path, fmt::format("an empty list of hours never {}: write spans such as "
                                               "[\"09:00-12:00\", \"18:00-23:00\"], or leave out \"hours\" for all day",
                                               shows));
            return;
        }
        for (std::size_t i = 0; i < value.size(); ++i) {
            if (auto range = read_hour_range(checker, value[i], element_path(path, i))) when.hours.push_back(*range);
        }
        return;
    }
    if (!value.is_string()) {
        checker.at_value(path, fmt::format("expected a string such as \"18:00-23:00\", or an array of them, found {}",
                                           describe(value)));
        return;
    }
    if (auto range = read_hour_range(checker, value, path)) when.hours.push_back(*range);
}

// `end_of_day`: a date alone means the end of that day (the next local midnight).
std::optional<SysTime> read_date(Checker& checker, const Json& value, const std::string& path, bool end_of_day) {
    auto s = checker.read_string(value, path, "\"2026-12-01\"");
    if (!s) return std::nullopt;
    // The same patterns as "date" in config/playlist.schema.json.
    static const std::regex date(R"(^([0-9]{4})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$)");
    static const std::regex date_time(
        R"(^([0-9]{4})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])[T ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]+)?)?(Z|[+-]([01][0-9]|2[0-3]):?[0-5][0-9])?$)");
    std::smatch m;
    const bool date_only = std::regex_match(*s, m, date);
    if (!date_only && !std::regex_match(*s, m, date_time)) {
        checker.at_value(path, fmt::format("{} is not a date; write \"YYYY-MM-DD\", such as \"2026-12-01\", or a date "
                                           "and time, such as \"2026-12-01T18:00\"",
                                           Json(*s).dump()));
        return std::nullopt;
    }
    using namespace std::chrono;
    const int y = std::stoi(m[1].str());
    const unsigned mo = static_cast<unsigned>(std::stoi(m[2].str())), d = static_cast<unsigned>(std::stoi(m[3].str()));
    if (!year_month_day(year(y), month(mo), day(d)).ok()) {
        checker.at_value(
            path, fmt::format("{} is not a day in the calendar: that month has {} days", Json(*s).dump(),
                              static_cast<unsigned>(year_month_day_last(year(y), month_day_last(month(mo))).day())));
        return std::nullopt;
    }
    if (date_only && end_of_day) return from_local(checker.zone, y, static_cast<int>(mo), static_cast<int>(d) + 1);
    auto t = parse_iso8601(*s, checker.zone);
    if (!t) {
        checker.at_value(
            path, fmt::format("{} is not a date; write \"YYYY-MM-DD\", such as \"2026-12-01\"", Json(*s).dump()));
        return std::nullopt;
    }
    return *t;
}

}  // namespace

std::optional<When> read_when(Checker& checker, const Json& value, const std::string& path) {
    if (!checker.expect_object(value, path, "{ \"days\": [\"sat\", \"sun\"], \"hours\": \"18:00-23:00\" }"))
        return std::nullopt;
    checker.check_keys(value, path, {"days", "hours", "from", "until"});
    When when;
    if (const Json* v = Checker::member(value, "days"))
        read_days(checker, *v, member_path(path, "days"), when, "shows the slide");
    if (const Json* v = Checker::member(value, "hours"))
        read_hours(checker, *v, member_path(path, "hours"), when, "shows the slide");
    if (const Json* v = Checker::member(value, "from"))
        when.from = read_date(checker, *v, member_path(path, "from"), false);
    if (const Json* v = Checker::member(value, "until"))
        when.until = read_date(checker, *v, member_path(path, "until"), true);
    if (when.from && when.until && *when.until <= *when.from)
        checker.at_value(member_path(path, "until"),
                         fmt::format("\"until\" is not after \"from\" ({}): the slide would never show",
                                     Checker::member(value, "from")->get<std::string>()));
    return when;
}

// "07:00-23:30", ["07:00-12:00", "14:00-23:30"], or a list whose elements are such spans
// (every day) or objects { "days": [...], "hours": ... } for some days of the week.
std::vector<When> read_screen_hours(Checker& checker, const Json& value, const std::string& path) {
    constexpr const char* on = "turns the screen on";
    std::vector<When> spans;
    if (value.is_string()) {
        When when;
        read_hours(checker, value, path, when, on);
        if (!when.hours.empty()) spans.push_back(std::move(when));
        return spans;
    }
    if (!value.is_array()) {
        checker.at_value(path, fmt::format("expected a span such as \"07:00-23:30\", or a list of spans and of "
                                           "{{ \"days\": [\"sat\", \"sun\"], \"hours\": \"10:00-18:00\" }}, found {}",
                                           describe(value)));
        return spans;
    }
    if (value.empty()) {
        checker.at_value(path,
                         "an empty list of hours never turns the screen on: write spans such as "
                         "[\"07:00-23:30\"], or leave out \"hours\" to keep the screen on");
        return spans;
    }
    for (std::size_t i = 0; i < value.size(); ++i) {
        const std::string p = element_path(path, i);
        const Json& element = value[i];
        When when;
        if (element.is_string()) {
            read_hours(checker, element, p, when, on);
            if (when.hours.empty()) continue;
        } else if (!element.is_object()) {
            checker.at_value(p, fmt::format("expected a span such as \"07:00-23:30\" or an object such as "
                                            "{{ \"days\": [\"sat\", \"sun\"], \"hours\": \"10:00-18:00\" }}, found {}",
                                            describe(element)));
            continue;
        } else {
            checker.check_keys(element, p, {"days", "hours"});
            if (const Json* v = Checker::member(element, "days"))
                read_days(checker, *v, member_path(p, "days"), when, on);
            if (const Json* v = Checker::member(element, "hours"))
                read_hours(checker, *v, member_path(p, "hours"), when, on);
            if (!Checker::member(element, "days") && !Checker::member(element, "hours")) {
                checker.at_value(p,
                                 "give \"days\", \"hours\" or both, such as { \"days\": [\"sat\", \"sun\"], "
                                 "\"hours\": \"10:00-18:00\" }");
                continue;
            }
        }
        spans.push_back(std::move(when));
    }
    return spans;
}

}  // namespace placard::config
