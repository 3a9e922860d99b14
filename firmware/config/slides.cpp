#include <algorithm>
#include <climits>
#include <regex>

#include <fmt/format.h>

#include "config/load.hpp"
#include "config/sections.hpp"
#include "config/slide_reader.hpp"
#include "config/suggest.hpp"

namespace placard::config {
namespace {

using namespace std::chrono_literals;

std::vector<std::string> kind_names(SlideKinds kinds) {
    std::vector<std::string> names;
    for (const SlideKind* kind : kinds) names.emplace_back(kind->name);
    return names;
}

std::vector<std::string> allowed_keys(const SlideKind& kind) {
    std::vector<std::string> keys = {"type", "duration", "when"};
    keys.insert(keys.end(), kind.keys.begin(), kind.keys.end());
    return keys;
}

void read_picture(Checker& checker, const Json& value, const std::string& path, Slide& slide) {
    // A picture on the web is fetched like a feed's pictures; its type is seen in its bytes.
    if (value.is_string() && is_web_address(value.get<std::string>())) {
        if (auto url = checker.read_url(value, path)) slide.file = *url;
        return;
    }
    // The same pattern as "file" in config/playlist.schema.json.
    static const std::regex picture(R"(\.([jJ][pP][eE]?[gG]|[pP][nN][gG]|[wW][eE][bB][pP]|[gG][iI][fF])$)");
    if (value.is_string() && !std::regex_search(value.get<std::string>(), picture)) {
        checker.at_value(path,
                         fmt::format("{} is not a picture placard shows: use a .jpg, .jpeg, .png, .webp or .gif file",
                                     value.dump()));
        return;
    }
    if (auto p = checker.read_path(value, path, PathKind::file)) slide.file = *p;
}

void read_bullets(Checker& checker, const Json& value, const std::string& path, Slide& slide) {
    if (!checker.expect_array(value, path, "[\"First aim\", \"Second aim\"]")) return;
    if (value.empty()) {
        checker.at_value(path, "no bullets: write at least one line, such as [\"First aim\", \"Second aim\"]");
        return;
    }
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (auto line = checker.read_string(value[i], element_path(path, i), "\"First aim\""))
            slide.bullets.push_back(*line);
    }
}

}  // namespace

const char* article(std::string_view name) {
    return name == "image" || name == "events" || name == "rss" ? "an" : "a";
}

const SlideKind* SlideReader::find(std::string_view name) const {
    auto it = std::find_if(kinds_.begin(), kinds_.end(), [&](const SlideKind* k) { return k->name == name; });
    return it == kinds_.end() ? nullptr : *it;
}

// "it is for text slides", "it is for image, reports, events and messages slides"
std::string SlideReader::key_elsewhere(const SlideKind& here, const std::string& key) const {
    std::vector<std::string> takers;
    for (const SlideKind* kind : kinds_) {
        if (std::find(kind->keys.begin(), kind->keys.end(), key) != kind->keys.end()) takers.emplace_back(kind->name);
    }
    if (takers.empty()) return {};
    std::string list = takers.back();
    if (takers.size() > 1) {
        takers.pop_back();
        list = join_names(takers) + " and " + list;
    }
    return fmt::format("\"{}\" does not belong on {} {} slide: it is for {} slides", key, article(here.name), here.name,
                       list);
}

std::optional<Slide> SlideReader::read(const Json& value, const std::string& path) {
    if (!checker_.expect_object(value, path, "{ \"type\": \"text\", \"title\": \"Welcome\", \"body\": \"...\" }"))
        return std::nullopt;
    const Json* type = Checker::member(value, "type");
    if (!type) {
        checker_.at_value(path, fmt::format("a slide needs \"type\": one of {}", join_names(kind_names(kinds_))));
        return std::nullopt;
    }
    const auto name = checker_.read_choice(*type, member_path(path, "type"), "slide type", kind_names(kinds_));
    if (!name) return std::nullopt;  // without a type, which keys belong is unknown
    const SlideKind& kind = *find(*name);
    checker_.check_keys(value, path, allowed_keys(kind),
                        [&](const std::string& key) { return key_elsewhere(kind, key); });

    Slide slide;
    slide.kind = &kind;
    slide.path = path;
    if (const Json* v = Checker::member(value, "duration"))
        slide.duration = checker_.read_duration(*v, member_path(path, "duration"), 1s, 1h, "\"10s\"");
    if (const Json* v = Checker::member(value, "when")) slide.when = read_when(checker_, *v, member_path(path, "when"));
    if (kind.read) kind.read(*this, value, path, slide);
    return slide;
}

void SlideReader::read_source(const Json& value, const std::string& path, std::string_view slide_name,
                              SourceType needed, Slide& slide) {
    auto name = checker_.read_string(value, path, "\"news\"");
    if (!name) return;
    const auto found = sources_.types.find(*name);
    if (found == sources_.types.end()) {
        std::vector<std::string> names;
        for (const auto& [n, t] : sources_.types) names.push_back(n);
        const std::string quoted = Json(*name).dump();
        if (names.empty())
            checker_.at_value(path,
                              fmt::format("no source named {}: this playlist has no \"sources\"; add one, such as "
                                          "\"sources\": {{ {}: {{ \"type\": \"{}\", {} }} }}",
                                          quoted, quoted, to_string(needed),
                                          needed == SourceType::rss ? "\"url\": \"https://example.org/feed/\""
                                                                    : "\"path\": \"photos\""));
        else if (auto near = nearest_name(*name, names))
            checker_.at_value(path, fmt::format("no source named {}; did you mean \"{}\"? (sources: {})", quoted, *near,
                                                join_names(names)));
        else
            checker_.at_value(path, fmt::format("no source named {}; the sources are {}", quoted, join_names(names)));
        return;
    }
    // Any feed serves a feed slide; only a folder serves an image slide.
    if (found->second && is_feed(*found->second) != is_feed(needed)) {
        checker_.at_value(
            path, fmt::format("source {} is {} {} source; {} {} slide needs {} {} source", Json(*name).dump(),
                              article(to_string(*found->second)), to_string(*found->second), article(slide_name),
                              slide_name, article(to_string(needed)), to_string(needed)));
        return;
    }
    // A WordPress site's REST API has posts and comments; its events are a plugin's.
    if (found->second == SourceType::wordpress && slide_name == "events") {
        checker_.at_value(path, fmt::format("source {} is a wordpress source, which gives reports (the site's "
                                            "posts) and messages (its comments); an events slide needs an ical, "
                                            "rss, atom or jsonfeed source",
                                            Json(*name).dump()));
        return;
    }
    slide.source = *name;
}

void SlideReader::read_feed(const Json& value, const std::string& path, std::string_view slide_name, Slide& slide,
                            int default_count) {
    slide.count = default_count;
    if (const Json* v = Checker::member(value, "source"))
        read_source(*v, member_path(path, "source"), slide_name, SourceType::rss, slide);
    else
        checker_.at_value(path, fmt::format("{} {} slide needs \"source\": the name of an rss source",
                                            article(slide_name), slide_name));
    if (const Json* v = Checker::member(value, "count")) {
        if (auto n = checker_.read_int(*v, member_path(path, "count"), 1, 20)) slide.count = *n;
    }
}

void read_image_slide(SlideReader& reader, const Json& value, const std::string& path, Slide& slide) {
    Checker& checker = reader.checker();
    slide.count = 0;  // all the folder's pictures
    const Json* file = Checker::member(value, "file");
    const Json* source = Checker::member(value, "source");
    if (file && source) {
        checker.at_key(member_path(path, "source"),
                       "an image slide takes \"file\" or \"source\", not both: remove one");
    } else if (file) {
        read_picture(checker, *file, member_path(path, "file"), slide);
    } else if (source) {
        reader.read_source(*source, member_path(path, "source"), "image", SourceType::folder, slide);
    } else {
        checker.at_value(path,
                         "an image slide needs \"file\" (a picture next to the playlist) or \"source\" "
                         "(the name of a folder source)");
    }
    if (const Json* v = Checker::member(value, "fit")) {
        if (auto fit = checker.read_choice(*v, member_path(path, "fit"), "fit", {"cover", "contain"}))
            slide.fit = *fit == "contain" ? Fit::contain : Fit::cover;
    }
    if (const Json* v = Checker::member(value, "count")) {
        if (!source)
            checker.at_key(member_path(path, "count"),
                           "\"count\" goes with \"source\": an image slide with a \"file\" shows that one picture");
        else if (auto n = checker.read_int(*v, member_path(path, "count"), 1, INT_MAX))
            slide.count = *n;
    }
}

void read_reports_slide(SlideReader& reader, const Json& value, const std::string& path, Slide& slide) {
    reader.read_feed(value, path, "reports", slide, 3);
    if (const Json* v = Checker::member(value, "qr"))
        slide.qr = reader.checker().read_bool(*v, member_path(path, "qr")).value_or(false);
}

void read_events_slide(SlideReader& reader, const Json& value, const std::string& path, Slide& slide) {
    reader.read_feed(value, path, "events", slide, 5);
    if (const Json* v = Checker::member(value, "within")) {
        if (auto d =
                reader.checker().read_duration(*v, member_path(path, "within"), 1h, std::chrono::days(366), "\"14d\""))
            slide.within = *d;
    }
}

void read_messages_slide(SlideReader& reader, const Json& value, const std::string& path, Slide& slide) {
    reader.read_feed(value, path, "messages", slide, 3);
}

void read_text_slide(SlideReader& reader, const Json& value, const std::string& path, Slide& slide) {
    Checker& checker = reader.checker();
    if (const Json* v = Checker::member(value, "title"))
        slide.title = checker.read_string(*v, member_path(path, "title"), "\"Our aims\"").value_or("");
    else
        checker.at_value(path, "a text slide needs \"title\", such as \"title\": \"Our aims\"");
    const Json* body = Checker::member(value, "body");
    const Json* bullets = Checker::member(value, "bullets");
    if (body && bullets) {
        checker.at_key(member_path(path, "bullets"),
                       "a text slide takes \"body\" or \"bullets\", not both: remove one");
    } else if (body) {
        slide.body = checker.read_string(*body, member_path(path, "body"), "\"A paragraph of text\"").value_or("");
    } else if (bullets) {
        read_bullets(checker, *bullets, member_path(path, "bullets"), slide);
    } else {
        checker.at_value(path, "a text slide needs \"body\" (a paragraph) or \"bullets\" (an array of lines)");
    }
}

void read_donate_slide(SlideReader& reader, const Json& value, const std::string& path, Slide& slide) {
    Checker& checker = reader.checker();
    slide.title = "Make a donation";
    if (const Json* v = Checker::member(value, "title"))
        slide.title = checker.read_string(*v, member_path(path, "title"), "\"Make a donation\"").value_or(slide.title);
    if (const Json* v = Checker::member(value, "body"))
        slide.body = checker.read_string(*v, member_path(path, "body"), "\"Every pound helps\"").value_or("");
    if (const Json* v = Checker::member(value, "url"))
        slide.url = checker.read_url(*v, member_path(path, "url")).value_or("");
    else
        checker.at_value(path,
                         "a donate slide needs \"url\": the donation page its QR code opens, such as "
                         "\"https://example.org/donate\"");
}

std::vector<Slide> read_slides(Checker& checker, const Json& value, const std::string& path, const SourceTypes& sources,
                               SlideKinds kinds) {
    std::vector<Slide> slides;
    if (!checker.expect_array(value, path, "[{ \"type\": \"text\", \"title\": \"Welcome\", \"body\": \"...\" }]"))
        return slides;
    if (value.empty()) {
        checker.at_value(path,
                         "no slides: a playlist needs at least one, such as "
                         "{ \"type\": \"text\", \"title\": \"Welcome\", \"body\": \"...\" }");
        return slides;
    }
    SlideReader reader(checker, sources, kinds);
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (auto slide = reader.read(value[i], element_path(path, i))) slides.push_back(std::move(*slide));
    }
    return slides;
}

std::optional<Slide> read_strip_ticker(Checker& checker, const Json& strip, const std::string& path,
                                       const SourceTypes& sources, SlideKinds kinds) {
    const Json* ticker = strip.is_object() ? Checker::member(strip, "ticker") : nullptr;
    if (!ticker) {
        for (const char* key : {"show", "count"})
            if (Checker::member(strip, key))
                checker.at_key(member_path(path, key),
                               "is for the strip's ticker, and the strip has none: add \"ticker\": \"SOURCE\" (a feed "
                               "of reports or events), or remove it");
        return std::nullopt;
    }
    SlideReader reader(checker, sources, kinds);
    Slide slide;
    slide.path = member_path(path, "ticker");
    slide.count = 10;
    // What it shows: what the source mostly is (a calendar's events), unless "show" says.
    std::string show = "reports";
    if (ticker->is_string())
        if (auto type = sources.types.find(ticker->get<std::string>());
            type != sources.types.end() && type->second == SourceType::ical)
            show = "events";
    if (const Json* v = Checker::member(strip, "show")) {
        if (auto chosen = checker.read_choice(*v, member_path(path, "show"), "show", {"reports", "events"}))
            show = *chosen;
    }
    slide.kind = reader.find(show);
    if (!slide.kind) return std::nullopt;
    reader.read_source(*ticker, slide.path, show, SourceType::rss, slide);
    if (const Json* v = Checker::member(strip, "count")) {
        if (auto n = checker.read_int(*v, member_path(path, "count"), 1, 20)) slide.count = *n;
    }
    if (slide.source.empty()) return std::nullopt;
    return slide;
}

}  // namespace placard::config
