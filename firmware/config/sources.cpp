#include <cctype>
#include <regex>

#include <fmt/format.h>

#include "config/sections.hpp"

namespace placard::config {
namespace {

using namespace std::chrono_literals;

constexpr auto forever = std::chrono::seconds(100'000'000);

// Types that later playlist versions read: name them as such, not as typos.
bool is_later_type(const std::string& type) {
    return type == "wordpress";
}

std::optional<SourceType> read_type(Checker& checker, const Json& value, const std::string& path) {
    if (value.is_string() && is_later_type(value.get<std::string>())) {
        checker.at_value(
            path,
            fmt::format("source type {} is not supported yet in this version; point an \"rss\" or \"atom\" source "
                        "at the site's feed instead (on WordPress: https://SITE/feed/)",
                        value.dump()));
        return std::nullopt;
    }
    const auto type = checker.read_choice(value, path, "source type", {"rss", "atom", "jsonfeed", "ical", "folder"});
    if (!type) return std::nullopt;
    for (SourceType t : {SourceType::rss, SourceType::atom, SourceType::jsonfeed, SourceType::ical, SourceType::folder})
        if (*type == to_string(t)) return t;
    return std::nullopt;
}

std::string sanitized_name(const std::string& name) {
    std::string out;
    for (char c : name) {
        if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-')
            out += c;
        else if (c == ' ' || c == '.')
            out += '-';
    }
    return out.empty() ? "news" : out;
}

void read_source(Checker& checker, const Json& value, const std::string& path, Source& source,
                 std::optional<SourceType>& type) {
    if (!checker.expect_object(value, path, "{ \"type\": \"rss\", \"url\": \"https://example.org/feed/\" }")) return;
    checker.check_keys(value, path, {"type", "url", "path", "refresh", "max_age", "stale_after"});
    const Json* type_value = Checker::member(value, "type");
    if (type_value)
        type = read_type(checker, *type_value, member_path(path, "type"));
    else
        checker.at_value(path, "a source needs \"type\": \"rss\" (a feed) or \"folder\" (a folder of pictures)");
    if (type) source.type = *type;

    const Json* url = Checker::member(value, "url");
    const Json* local = Checker::member(value, "path");
    if (url && type == SourceType::folder) {
        checker.at_key(member_path(path, "url"),
                       "a folder source takes only \"path\", not \"url\": name a folder next to the playlist");
    } else if (url && local) {
        checker.at_key(member_path(path, "path"), "a source takes \"url\" or \"path\", not both: remove one");
    } else if (url) {
        if (auto u = checker.read_url(*url, member_path(path, "url"))) source.url = *u;
    } else if (!local && type && is_feed(*type)) {
        checker.at_value(path, fmt::format("{} {} source needs \"url\" (a feed on the web, such as \"{}\") or \"path\" "
                                           "(a file next to the playlist)",
                                           *type == SourceType::rss || *type == SourceType::atom ? "an" : "a",
                                           to_string(*type),
                                           *type == SourceType::ical ? "https://example.org/events.ics"
                                                                     : "https://example.org/feed/"));
    } else if (!local && type == SourceType::folder) {
        checker.at_value(path, "a folder source needs \"path\": the folder of pictures, relative to the playlist");
    }
    const bool both = url && local && type != SourceType::folder;  // reported above
    if (local && type && !both) {
        const PathKind kind = *type == SourceType::folder ? PathKind::directory : PathKind::file;
        if (auto p = checker.read_path(*local, member_path(path, "path"), kind)) source.path = *p;
    }
    if (const Json* v = Checker::member(value, "refresh")) {
        if (auto d = checker.read_duration(*v, member_path(path, "refresh"), 1min, forever, "\"15m\""))
            source.refresh = *d;
    }
    if (const Json* v = Checker::member(value, "max_age")) {
        if (auto d = checker.read_duration(*v, member_path(path, "max_age"), 1min, forever, "\"30d\""))
            source.max_age = *d;
    }
    if (const Json* v = Checker::member(value, "stale_after")) {
        if (auto d = checker.read_duration(*v, member_path(path, "stale_after"), 1min, forever, "\"6h\""))
            source.stale_after = *d;
    }
}

}  // namespace

std::map<std::string, Source> read_sources(Checker& checker, const Json& value, const std::string& path,
                                           SourceTypes& types) {
    std::map<std::string, Source> sources;
    if (!checker.expect_object(value, path,
                               "{ \"news\": { \"type\": \"rss\", \"url\": \"https://example.org/feed/\" } }"))
        return sources;
    // The same pattern as propertyNames in config/playlist.schema.json.
    static const std::regex name_pattern("^[A-Za-z0-9_-]+$");
    for (const auto& [name, body] : value.items()) {
        const std::string p = member_path(path, name);
        if (!std::regex_match(name, name_pattern))
            checker.at_key(p, fmt::format("source name {} may hold only letters, digits, - and _: write it as \"{}\"",
                                          Json(name).dump(), sanitized_name(name)));
        Source source;
        source.name = name;
        std::optional<SourceType> type;
        read_source(checker, body, p, source, type);
        types.types[name] = type;
        sources.emplace(name, std::move(source));
    }
    return sources;
}

}  // namespace placard::config
