#include "plays/play_log.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <regex>
#include <system_error>

#include <fmt/format.h>

#include "util/log.hpp"

namespace placard::plays {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

constexpr const char* extension = ".jsonl";

bool is_day(const std::string& day) {
    static const std::regex pattern(R"(\d{4}-\d{2}-\d{2})");
    return std::regex_match(day, pattern);
}

// A cell of a CSV line: quoted when it holds a comma, a quote or a line break; a cell a
// spreadsheet would run as a formula (a title from a feed: "=HYPERLINK(...)") starts with '.
std::string cell(const std::string& text) {
    std::string v = text;
    if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' || v[0] == '\r'))
        v.insert(0, "'");
    if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
    std::string quoted = "\"";
    for (char c : v) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    return quoted + "\"";
}

std::string text_of(const Json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end()) return {};
    if (it->is_string()) return it->get<std::string>();
    if (it->is_boolean()) return it->get<bool>() ? "true" : "false";
    if (it->is_number()) return fmt::format("{:.1f}", it->get<double>());
    return {};
}

}  // namespace

std::string local_iso8601(SysTime t, const Zone& zone) {
    const LocalTime l = to_local(t, zone);
    // The offset: the local wall time read as UTC, less the instant.
    const SysTime wall = from_local(Zone(), l.year, l.month, l.day, l.hour, l.minute, l.second);
    const auto offset = std::chrono::duration_cast<std::chrono::minutes>(wall - t);
    const long long minutes = offset.count();
    const long long a = minutes < 0 ? -minutes : minutes;
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}{:02}:{:02}", l.year, l.month, l.day, l.hour, l.minute,
                       l.second, minutes < 0 ? '-' : '+', a / 60, a % 60);
}

std::string local_day(SysTime t, const Zone& zone) {
    const LocalTime l = to_local(t, zone);
    return fmt::format("{:04}-{:02}-{:02}", l.year, l.month, l.day);
}

void PlayLog::presented(const Showing& what, Instant at, const Zone& zone) {
    if (open_ && *open_ == what) return;
    close(at);
    open_ = what;
    open_at = at;
    zone_ = zone;
}

void PlayLog::close(Instant at) {
    if (!open_) return;
    const Showing s = std::move(*open_);
    open_.reset();
    if (at - open_at < std::chrono::seconds(1)) return;
    write(s, open_at, at);
}

void PlayLog::write(const Showing& s, Instant from_at, Instant to_at) {
    const SysTime from = std::chrono::floor<std::chrono::seconds>(from_at);
    const SysTime to = std::chrono::floor<std::chrono::seconds>(to_at);
    Json line = {{"start", local_iso8601(from, zone_)},
                 {"end", local_iso8601(to, zone_)},
                 {"seconds", std::round(std::chrono::duration<double>(to_at - from_at).count() * 10) / 10},
                 {"kind", s.kind},
                 {"title", s.title},
                 {"source", s.source},
                 {"id", s.id},
                 {"cue", s.cue},
                 {"screen_on", s.screen_on}};
    const std::string day = local_day(from, zone_);
    std::error_code ec;
    fs::create_directories(dir_, ec);
    const fs::path file = dir_ / (day + extension);
    {
        std::ofstream out(file, std::ios::app);
        out << line.dump(-1, ' ', false, Json::error_handler_t::replace) << '\n';
        out.flush();
        if (!out) {
            problem_ = fmt::format(
                "{}: cannot write the play log ({}); nothing is recorded until that folder can be written again "
                "(is the disk full?)",
                file.string(), std::strerror(errno));
            log::write_once(log::Level::warning, "plays", "plays-write", problem_);
            return;
        }
    }
    if (!problem_.empty()) {
        log::clear_once("plays-write");
        log::notice("plays", "{}: the play log is written again", file.string());
        problem_.clear();
    }
    if (day != swept_day_) {
        swept_day_ = day;
        sweep(to_at);
    }
}

// Removes the days older than kept_days.
void PlayLog::sweep(Instant now) {
    const std::string oldest =
        local_day(std::chrono::floor<std::chrono::seconds>(now) - std::chrono::hours(24) * kept_days, zone_);
    for (const std::string& day : days(dir_)) {
        if (day >= oldest) continue;
        std::error_code ec;
        fs::remove(dir_ / (day + extension), ec);
        log::info("plays", "the play log of {} is removed: it is older than {} days", day, kept_days);
    }
}

std::vector<std::string> days(const fs::path& dir) {
    std::vector<std::string> out;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const fs::path& p = it->path();
        if (p.extension() != extension) continue;
        const std::string day = p.stem().string();
        if (is_day(day)) out.push_back(day);
    }
    std::sort(out.rbegin(), out.rend());
    return out;
}

Result<std::vector<Json>> read_day(const fs::path& dir, const std::string& day) {
    if (!is_day(day)) return Error{"day", fmt::format("\"{}\" is not a day", day), "write it as 2026-12-05"};
    std::vector<Json> out;
    std::ifstream in(dir / (day + extension));
    std::string line;
    while (std::getline(in, line)) {
        Json j = Json::parse(line, nullptr, false);
        if (!j.is_discarded() && j.is_object()) out.push_back(std::move(j));
    }
    return out;
}

std::string to_csv(const std::vector<Json>& showings) {
    static const char* const columns[] = {"start",  "end", "seconds", "kind",     "title",
                                          "source", "id",  "cue",     "screen_on"};
    std::string out;
    for (const char* c : columns) out += (out.empty() ? "" : ",") + std::string(c);
    out += "\r\n";
    for (const Json& s : showings) {
        bool first = true;
        for (const char* c : columns) {
            if (!first) out += ',';
            out += cell(text_of(s, c));
            first = false;
        }
        out += "\r\n";
    }
    return out;
}

}  // namespace placard::plays
