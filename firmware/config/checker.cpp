#include "config/checker.hpp"

#include <algorithm>
#include <climits>
#include <cmath>
#include <regex>
#include <system_error>

#include <fmt/format.h>

#include "config/suggest.hpp"
#include "config/text_position.hpp"
#include "util/duration.hpp"

namespace placard::config {

namespace fs = std::filesystem;

std::string describe(const Json& value) {
    switch (value.type()) {
        case Json::value_t::string: {
            std::string s = value.get<std::string>();
            if (s.size() > 40) s = s.substr(0, 37) + "...";
            return "the string " + Json(s).dump();
        }
        case Json::value_t::number_integer:
        case Json::value_t::number_unsigned:
        case Json::value_t::number_float:
            return "the number " + value.dump();
        case Json::value_t::boolean:
            return value.get<bool>() ? "true" : "false";
        case Json::value_t::null:
            return "null";
        case Json::value_t::object:
            return "an object";
        case Json::value_t::array:
            return "an array";
        default:
            return "a value";
    }
}

Checker::Checker(std::string_view text, const LocatedJson& document, std::string file, fs::path folder)
    : text_(text), document_(document), file_(std::move(file)), folder_(std::move(folder)) {}

void Checker::add(const std::string& path, std::size_t offset, std::string message) {
    Problem problem;
    problem.file = file_;
    if (offset != no_offset) {
        const TextPosition position = position_of(text_, offset);
        problem.line = position.line;
        problem.column = position.column;
    }
    problem.path = path;
    problem.message = std::move(message);
    problems_.push_back(std::move(problem));
}

void Checker::at_value(const std::string& path, std::string message) {
    const auto it = document_.where.find(path);
    add(path, it == document_.where.end() ? no_offset : it->second.value, std::move(message));
}

void Checker::at_key(const std::string& path, std::string message) {
    const auto it = document_.where.find(path);
    std::size_t offset = no_offset;
    if (it != document_.where.end()) offset = it->second.key != no_offset ? it->second.key : it->second.value;
    add(path, offset, std::move(message));
}

std::vector<Problem> Checker::take_problems() {
    std::stable_sort(problems_.begin(), problems_.end(), [](const Problem& a, const Problem& b) {
        return std::pair(a.line, a.column) < std::pair(b.line, b.column);
    });
    return std::move(problems_);
}

const Json* Checker::member(const Json& object, std::string_view key) {
    if (!object.is_object()) return nullptr;
    const auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
}

void Checker::check_keys(const Json& object, const std::string& path, const std::vector<std::string>& allowed,
                         const std::function<std::string(const std::string&)>& elsewhere) {
    for (const auto& [key, value] : object.items()) {
        if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
        const std::string key_path = member_path(path, key);
        if (elsewhere) {
            std::string explanation = elsewhere(key);
            if (!explanation.empty()) {
                at_key(key_path, std::move(explanation));
                continue;
            }
        }
        if (auto near = nearest_name(key, allowed))
            at_key(key_path, fmt::format("unknown key {}; did you mean \"{}\"?", Json(key).dump(), *near));
        else
            at_key(key_path,
                   fmt::format("unknown key {}; the keys here are {}", Json(key).dump(), join_names(allowed)));
    }
}

bool Checker::expect_object(const Json& value, const std::string& path, std::string_view example) {
    if (value.is_object()) return true;
    at_value(path, fmt::format("expected an object such as {}, found {}", example, describe(value)));
    return false;
}

bool Checker::expect_array(const Json& value, const std::string& path, std::string_view example) {
    if (value.is_array()) return true;
    at_value(path, fmt::format("expected an array such as {}, found {}", example, describe(value)));
    return false;
}

std::optional<std::string> Checker::read_string(const Json& value, const std::string& path, std::string_view example) {
    if (!value.is_string()) {
        at_value(path, fmt::format("expected a string such as {}, found {}", example, describe(value)));
        return std::nullopt;
    }
    std::string s = value.get<std::string>();
    if (s.empty()) {
        at_value(path, fmt::format("empty string: write one such as {}", example));
        return std::nullopt;
    }
    return s;
}

std::optional<int> Checker::read_int(const Json& value, const std::string& path, int min, int max) {
    const std::string range = max == INT_MAX ? fmt::format("a whole number of at least {}", min)
                                             : fmt::format("a whole number from {} to {}", min, max);
    // JSON Schema counts 3.0 as an integer: so do we, to agree with the editors.
    if (!value.is_number() || std::trunc(value.get<double>()) != value.get<double>()) {
        at_value(path, fmt::format("expected {}, found {}", range, describe(value)));
        return std::nullopt;
    }
    const double n = value.get<double>();
    if (n < min || n > max) {
        at_value(path, fmt::format("{} is out of range: write {}", value.dump(), range));
        return std::nullopt;
    }
    return static_cast<int>(n);
}

std::optional<bool> Checker::read_bool(const Json& value, const std::string& path) {
    if (value.is_boolean()) return value.get<bool>();
    at_value(path, fmt::format("expected true or false, found {}", describe(value)));
    return std::nullopt;
}

std::optional<std::string> Checker::read_choice(const Json& value, const std::string& path, std::string_view what,
                                                const std::vector<std::string>& choices) {
    if (!value.is_string()) {
        at_value(path, fmt::format("expected one of {}, found {}", join_names(choices), describe(value)));
        return std::nullopt;
    }
    std::string s = value.get<std::string>();
    if (std::find(choices.begin(), choices.end(), s) != choices.end()) return s;
    if (auto near = nearest_name(s, choices))
        at_value(path, fmt::format("unknown {} {}; did you mean \"{}\"? (one of {})", what, Json(s).dump(), *near,
                                   join_names(choices)));
    else
        at_value(path, fmt::format("unknown {} {}; write one of {}", what, Json(s).dump(), join_names(choices)));
    return std::nullopt;
}

std::optional<std::chrono::seconds> Checker::read_duration(const Json& value, const std::string& path,
                                                           std::chrono::seconds min, std::chrono::seconds max,
                                                           std::string_view example) {
    if (!value.is_string()) {
        at_value(path, fmt::format("expected a string such as {}, found {}", example, describe(value)));
        return std::nullopt;
    }
    const std::string s = value.get<std::string>();
    const auto d = parse_duration(s);
    if (!d) {
        at_value(path,
                 fmt::format("{} is not a duration; write a number with a unit, such as \"10s\", \"15m\" or \"1h30m\"",
                             Json(s).dump()));
        return std::nullopt;
    }
    if (*d < min) {
        at_value(path, fmt::format("{} is too short: write at least \"{}\"", Json(s).dump(), format_duration(min)));
        return std::nullopt;
    }
    if (*d > max) {
        at_value(path, fmt::format("{} is too long: write at most \"{}\"", Json(s).dump(), format_duration(max)));
        return std::nullopt;
    }
    return *d;
}

std::optional<std::string> Checker::read_url(const Json& value, const std::string& path) {
    auto s = read_string(value, path, "\"https://example.org/feed/\"");
    if (!s) return std::nullopt;
    // libstdc++'s std::regex recurses once per character matched: a very long text would
    // overflow the stack before the pattern is tried.
    constexpr std::size_t max_url_chars = 2048;
    if (s->size() > max_url_chars) {
        at_value(path, fmt::format("this web address is {} bytes long; placard takes addresses of at most {}",
                                   s->size(), max_url_chars));
        return std::nullopt;
    }
    // The same pattern as "url" in config/playlist.schema.json.
    static const std::regex web(R"(^https?://[^\s/?#]+([/?#]\S*)?$)");
    if (std::regex_match(*s, web)) return s;
    const std::string quoted = Json(*s).dump();
    const std::size_t scheme = s->find("://");
    if (scheme == std::string::npos)
        at_value(path, fmt::format("{} is not a full web address; write it with https://, such as \"https://{}\"",
                                   quoted, *s));
    else if (s->starts_with("http://") || s->starts_with("https://"))
        at_value(path, fmt::format("{} is not a valid web address: it needs a host name and no spaces, such as "
                                   "\"https://example.org/feed/\"",
                                   quoted));
    else
        at_value(path,
                 fmt::format("{} is not a web address placard fetches: write one that starts with https:// or http://",
                             quoted));
    return std::nullopt;
}

std::optional<fs::path> Checker::resolve_path(const Json& value, const std::string& path, std::string_view example) {
    auto s = read_string(value, path, example);
    if (!s) return std::nullopt;
    if (folder_.empty() && fs::path(*s).is_relative()) {
        at_value(path, fmt::format("{} is a path on the display, but this playlist comes from the web and has no "
                                   "folder there: write the whole path (\"/srv/placard/{}\") or a web address",
                                   Json(*s).dump(), *s));
        return std::nullopt;
    }
    return (folder_ / fs::path(*s)).lexically_normal();
}

std::optional<fs::path> Checker::read_path(const Json& value, const std::string& path, PathKind kind) {
    auto found = resolve_path(value, path, kind == PathKind::file ? "\"posters/screening.jpg\"" : "\"photos\"");
    if (!found) return std::nullopt;
    fs::path resolved = *found;
    const std::string s = value.get<std::string>();
    if (resolved.has_parent_path() && resolved.filename().empty()) resolved = resolved.parent_path();  // "photos/"
    std::error_code ec;
    const auto status = fs::status(resolved, ec);
    const std::string quoted = Json(s).dump();
    if (!fs::exists(status)) {
        at_value(path, fmt::format("{} does not exist (looked for {}): paths are relative to the playlist's folder",
                                   quoted, resolved.string()));
        return std::nullopt;
    }
    if (kind == PathKind::file && !fs::is_regular_file(status)) {
        at_value(path, fmt::format("{} is a folder: name a file in it", quoted));
        return std::nullopt;
    }
    if (kind == PathKind::directory && !fs::is_directory(status)) {
        at_value(path, fmt::format("{} is a file: name the folder that holds the pictures", quoted));
        return std::nullopt;
    }
    return resolved;
}

}  // namespace placard::config
