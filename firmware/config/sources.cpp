#include <cctype>
#include <regex>

#include <fmt/format.h>

#include "config/sections.hpp"

namespace placard::config {
namespace {

using namespace std::chrono_literals;

constexpr auto forever = std::chrono::seconds(100'000'000);

constexpr SourceType all_types[] = {SourceType::rss,  SourceType::atom,      SourceType::jsonfeed,
                                    SourceType::ical, SourceType::wordpress, SourceType::folder};

std::optional<SourceType> read_type(Checker& checker, const Json& value, const std::string& path) {
    std::vector<std::string> names;
    for (SourceType t : all_types) names.push_back(to_string(t));
    const auto type = checker.read_choice(value, path, "source type", names);
    if (!type) return std::nullopt;
    for (SourceType t : all_types)
        if (*type == to_string(t)) return t;
    return std::nullopt;
}

// What is wrong with a wordpress source's url, which names the site, not one of its
// feeds or API routes (placard adds the route itself); empty when nothing is.
std::string wordpress_url_problem(const std::string& url) {
    std::string_view path = url;
    path = path.substr(0, path.find_first_of("?#"));
    while (path.ends_with('/')) path.remove_suffix(1);
    for (std::string_view feed : {"/comments/feed", "/feed/atom", "/feed/rss2", "/feed"}) {
        if (path.ends_with(feed))
            return fmt::format(
                "{} is a feed; a wordpress source needs the site's address, \"{}\" (or write \"type\": "
                "\"rss\" to read the feed)",
                Json(url).dump(), path.substr(0, path.size() - feed.size()));
    }
    const size_t api = path.find("/wp-json/");
    if (api != std::string_view::npos || url.find("rest_route=") != std::string::npos)
        return fmt::format(
            "{} is a route of the REST API; write the site's address, \"{}\": placard adds the route "
            "itself",
            Json(url).dump(), path.substr(0, api));
    return {};
}

// "categories" or "tags" of a wordpress source: names as the site shows them.
std::vector<std::string> read_names(Checker& checker, const Json& value, const std::string& path, std::string_view key,
                                    std::string_view example) {
    std::vector<std::string> names;
    if (!checker.expect_array(value, path, fmt::format("[{}]", example))) return names;
    if (value.empty()) {
        checker.at_value(path, fmt::format("an empty list of {} keeps every post: name some, such as [{}], or leave "
                                           "out \"{}\"",
                                           key, example, key));
        return names;
    }
    for (std::size_t i = 0; i < value.size(); ++i)
        if (auto name = checker.read_string(value[i], element_path(path, i), example)) names.push_back(*name);
    return names;
}

void read_wordpress(Checker& checker, const Json& value, const std::string& path, Source& source,
                    std::optional<SourceType> type) {
    const Json* categories = Checker::member(value, "categories");
    const Json* tags = Checker::member(value, "tags");
    if (!type) return;  // which keys belong is unknown
    if (*type != SourceType::wordpress) {
        for (const auto& [key, v] : {std::pair("categories", categories), std::pair("tags", tags)})
            if (v)
                checker.at_key(
                    member_path(path, key),
                    fmt::format("\"{}\" goes with a wordpress source, which reads the site's REST API; "
                                "{} {} source shows all it holds",
                                key, *type == SourceType::jsonfeed || *type == SourceType::folder ? "a" : "an",
                                to_string(*type)));
        return;
    }
    if (categories)
        source.categories =
            read_names(checker, *categories, member_path(path, "categories"), "categories", "\"Pickets\"");
    if (tags) source.tags = read_names(checker, *tags, member_path(path, "tags"), "tags", "\"strike fund\"");
    if (!source.url.empty())
        if (std::string problem = wordpress_url_problem(source.url); !problem.empty())
            checker.at_value(member_path(path, "url"), problem);
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
    checker.check_keys(value, path, {"type", "url", "path", "refresh", "max_age", "stale_after", "categories", "tags"});
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
    } else if (local && type == SourceType::wordpress) {
        checker.at_key(member_path(path, "path"),
                       "a wordpress source takes \"url\", the site's address, not \"path\": it asks the site's REST "
                       "API");
    } else if (url && local) {
        checker.at_key(member_path(path, "path"), "a source takes \"url\" or \"path\", not both: remove one");
    } else if (url) {
        if (auto u = checker.read_url(*url, member_path(path, "url"))) source.url = *u;
    } else if (!local && type == SourceType::wordpress) {
        checker.at_value(path, "a wordpress source needs \"url\": the site's address, such as \"https://example.org\"");
    } else if (!local && type && is_feed(*type)) {
        checker.at_value(
            path,
            fmt::format("{} {} source needs \"url\" (a feed on the web, such as \"{}\") or \"path\" "
                        "(a file next to the playlist)",
                        *type == SourceType::rss || *type == SourceType::atom ? "an" : "a", to_string(*type),
                        *type == SourceType::ical ? "https://example.org/events.ics" : "https://example.org/feed/"));
    } else if (!local && type == SourceType::folder) {
        checker.at_value(path, "a folder source needs \"path\": the folder of pictures, relative to the playlist");
    }
    const bool both = url && local && type != SourceType::folder;  // reported above
    if (local && type && !both && *type != SourceType::wordpress) {
        const PathKind kind = *type == SourceType::folder ? PathKind::directory : PathKind::file;
        if (auto p = checker.read_path(*local, member_path(path, "path"), kind)) source.path = *p;
    }
    read_wordpress(checker, value, path, source, type);
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
