#include "cues/cue.hpp"

#include <sys/random.h>

#include <algorithm>
#include <array>
#include <cctype>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "util/duration.hpp"
#include "util/utf8.hpp"

namespace placard::cues {
namespace {

using Json = nlohmann::json;

struct KindName {
    Kind kind;
    std::string_view name;
};
constexpr std::array<KindName, 8> kind_names{{
    {Kind::announce, "announce"},
    {Kind::blank, "blank"},
    {Kind::pause, "pause"},
    {Kind::skip, "skip"},
    {Kind::back, "back"},
    {Kind::resume, "resume"},
    {Kind::reload, "reload"},
    {Kind::clear, "clear"},
}};

constexpr size_t longest_text = 300;  // code points: a message read from the back of a hall

std::optional<Kind> kind_named(std::string_view name) {
    for (const auto& k : kind_names)
        if (k.name == name) return k.kind;
    return std::nullopt;
}

std::string kind_list() {
    std::string s;
    for (const auto& k : kind_names) s += fmt::format("{}\"{}\"", s.empty() ? "" : ", ", k.name);
    return s;
}

Error problem(std::string_view key, std::string what, std::string hint) {
    return Error{fmt::format("cue.{}", key), std::move(what), std::move(hint)};
}

// "21:30" or "9:05": the next time the display's clock shows it.
std::optional<SysTime> next_time_of_day(std::string_view text, SysTime now, const Zone& zone) {
    int hour = 0, minute = 0;
    size_t colon = text.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon > 2 || text.size() != colon + 3) return std::nullopt;
    for (size_t i = 0; i < text.size(); ++i)
        if (i != colon && !std::isdigit(static_cast<unsigned char>(text[i]))) return std::nullopt;
    hour = std::stoi(std::string(text.substr(0, colon)));
    minute = std::stoi(std::string(text.substr(colon + 1)));
    if (hour > 23 || minute > 59) return std::nullopt;
    const LocalTime today = to_local(now, zone);
    SysTime t = from_local(zone, today.year, today.month, today.day, hour, minute);
    if (t <= now) t = from_local(zone, today.year, today.month, today.day + 1, hour, minute);
    return t;
}

Result<std::chrono::seconds> read_length(const Json& v, std::string_view key, std::chrono::seconds min,
                                         std::chrono::seconds max, std::string_view example) {
    if (!v.is_string())
        return problem(key, "should be a duration in a string", fmt::format("write for example \"{}\"", example));
    auto d = parse_duration(v.get<std::string>());
    if (!d) return problem(key, d.error().what, d.error().hint);
    if (*d < min || *d > max)
        return problem(key, fmt::format("\"{}\" is out of range", v.get<std::string>()),
                       fmt::format("give between {} and {}", format_duration(min), format_duration(max)));
    return *d;
}

Result<Picture> read_picture(const Json& v) {
    const std::string hint = R"(give {"url": "https://...", "sha256": "..."}: placard cue --picture URL writes it)";
    if (!v.is_object()) return problem("picture", "should be an object", hint);
    for (const auto& [key, value] : v.items())
        if (key != "url" && key != "sha256") return problem("picture." + key, "is not a key of a picture", hint);
    Picture p;
    const auto url = v.find("url");
    if (url == v.end() || !url->is_string()) return problem("picture.url", "should be the picture's address", hint);
    p.url = url->get<std::string>();
    if ((!p.url.starts_with("https://") && !p.url.starts_with("http://")) || p.url.size() > 2000 ||
        std::any_of(p.url.begin(), p.url.end(), [](char c) { return static_cast<unsigned char>(c) <= 0x20; }))
        return problem("picture.url", fmt::format("\"{}\" is not a web address", cut_at_word(valid_utf8(p.url), 60)),
                       "give an http:// or https:// address that every display can reach");
    const auto sha = v.find("sha256");
    if (sha != v.end() && sha->is_string()) p.sha256 = sha->get<std::string>();
    if (p.sha256.size() != 64 || !std::all_of(p.sha256.begin(), p.sha256.end(),
                                              [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); }))
        return problem("picture.sha256", "should be the picture's SHA-256 in 64 hex digits",
                       "placard cue --picture URL works it out (or: sha256sum FILE)");
    std::transform(p.sha256.begin(), p.sha256.end(), p.sha256.begin(),
                   [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
    return p;
}

bool valid_id(const std::string& id) {
    return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
    });
}

std::string local_minute(SysTime t, const Zone& zone) {
    const LocalTime l = to_local(t, zone);
    return fmt::format("{:02}:{:02}", l.hour, l.minute);
}

}  // namespace

bool lasting(Kind kind) {
    return kind == Kind::announce || kind == Kind::blank || kind == Kind::pause;
}

std::string_view name(Kind kind) {
    for (const auto& k : kind_names)
        if (k.kind == kind) return k.name;
    return "?";
}

std::string new_id() {
    std::array<unsigned char, 6> bytes{};
    size_t got = 0;
    while (got < bytes.size()) {
        const ssize_t n = getrandom(bytes.data() + got, bytes.size() - got, 0);
        if (n > 0) got += static_cast<size_t>(n);
    }
    std::string id;
    for (unsigned char b : bytes) id += fmt::format("{:02x}", b);
    return id;
}

Result<Cue> read_cue(const Json& value, SysTime now, const Zone& zone, std::string from) {
    const std::string example = R"({"kind": "announce", "text": "The film starts in 5 minutes", "for": "5m"})";
    if (!value.is_object()) return Error{"cue", "should be a JSON object", "write for example " + example};
    static const std::array<std::string_view, 10> keys{"id",       "kind", "text",         "style",     "until",
                                                       "priority", "for",  "intermission", "countdown", "picture"};
    for (const auto& [key, v] : value.items())
        if (std::find(keys.begin(), keys.end(), key) == keys.end())
            return problem(key, "is not a key of a cue",
                           "a cue has kind, text, for or until, style, priority, countdown, intermission, picture "
                           "and id");
    Cue cue;
    cue.made = now;
    cue.from = std::move(from);
    auto it = value.find("kind");
    if (it == value.end()) return problem("kind", "is missing", "give one of " + kind_list());
    if (!it->is_string()) return problem("kind", "should be a string", "give one of " + kind_list());
    auto kind = kind_named(it->get<std::string>());
    if (!kind)
        return problem("kind", fmt::format("\"{}\" is not a kind of cue", it->get<std::string>()),
                       "give one of " + kind_list());
    cue.kind = *kind;
    auto not_for = [&](std::string_view key) -> std::optional<Error> {
        if (value.contains(key))
            return problem(key, fmt::format("is not for a {} cue", name(cue.kind)), "leave it out");
        return std::nullopt;
    };

    if (it = value.find("id"); it != value.end()) {
        if (!it->is_string() || !valid_id(it->get<std::string>()))
            return problem("id", "should be up to 64 letters, digits, '-' or '_'", "or leave it out: one is made");
        cue.id = it->get<std::string>();
    } else {
        cue.id = new_id();
    }

    if (!lasting(cue.kind)) {
        for (std::string_view key :
             {"text", "style", "until", "priority", "for", "intermission", "countdown", "picture"})
            if (auto e = not_for(key)) return *e;
        return cue;
    }

    if (it = value.find("text"); it != value.end()) {
        if (cue.kind == Kind::pause) return *not_for("text");
        if (!it->is_string()) return problem("text", "should be a string", "write the message in quotes");
        std::string text = valid_utf8(it->get<std::string>());
        // Lines are the organizer's; other control characters are nobody's.
        std::erase_if(text, [](char c) { return static_cast<unsigned char>(c) < 0x20 && c != '\n'; });
        if (code_point_count(text) > longest_text)
            return problem(
                "text", fmt::format("has {} characters", code_point_count(text)),
                fmt::format("keep a message to {} characters: it is read from the back of the hall", longest_text));
        cue.text = std::move(text);
    }

    if (it = value.find("style"); it != value.end()) {
        if (cue.kind != Kind::announce) return *not_for("style");
        const std::string s = it->is_string() ? it->get<std::string>() : std::string();
        if (s == "slide")
            cue.style = Style::slide;
        else if (s == "banner")
            cue.style = Style::banner;
        else
            return problem("style", "should be \"slide\" or \"banner\"",
                           "\"slide\" takes the screen, \"banner\" runs along the bottom over the slides");
    }

    if (it = value.find("picture"); it != value.end()) {
        if (cue.kind != Kind::announce) return *not_for("picture");
        if (cue.style == Style::banner)
            return problem("picture", "is not for a banner", "a banner carries words only: leave out one of them");
        auto picture = read_picture(*it);
        if (!picture) return picture.error();
        cue.picture = std::move(*picture);
    }

    if (it = value.find("priority"); it != value.end()) {
        if (cue.kind == Kind::pause) return *not_for("priority");
        if (!it->is_number_integer() || it->get<long long>() < min_priority || it->get<long long>() > max_priority)
            return problem("priority", "should be a whole number",
                           fmt::format("from {} to {}; the highest takes the screen", min_priority, max_priority));
        cue.priority = it->get<int>();
    }

    const bool has_for = value.contains("for"), has_until = value.contains("until");
    if (has_for && has_until)
        return problem("until", "and \"for\" are both given", "give one: \"for\": \"30m\" or \"until\": \"21:30\"");
    if (has_for) {
        auto d = read_length(value["for"], "for", std::chrono::seconds(1), longest_cue, "30m");
        if (!d) return d.error();
        cue.until = now + *d;
    }
    if (has_until) {
        const Json& u = value["until"];
        const std::string hint = "a time of day (\"21:30\") or a date and time (\"2026-12-05T21:30\")";
        if (!u.is_string()) return problem("until", "should be a string", hint);
        const std::string text = u.get<std::string>();
        std::optional<SysTime> t = next_time_of_day(text, now, zone);
        if (!t) t = parse_iso8601(text, zone);
        if (!t) return problem("until", fmt::format("\"{}\" is not a time", text), hint);
        if (*t <= now) return problem("until", fmt::format("\"{}\" has passed", text), "give a time to come");
        if (*t - now > longest_cue)
            return problem("until", fmt::format("\"{}\" is more than a week away", text),
                           "give a time within the week; a cue forgotten should not stay for months");
        cue.until = *t;
    }

    if (it = value.find("intermission"); it != value.end()) {
        if (cue.kind != Kind::blank) return *not_for("intermission");
        auto d = read_length(*it, "intermission", std::chrono::minutes(1), std::chrono::hours(4), "15m");
        if (!d) return d.error();
        if (!cue.until)
            return problem("intermission", "needs the blank's end",
                           "give \"until\" or \"for\" too: the countdown starts when the blank ends");
        cue.intermission = *d;
    }

    if (it = value.find("countdown"); it != value.end()) {
        if (cue.kind != Kind::announce) return *not_for("countdown");
        if (!it->is_boolean()) return problem("countdown", "should be true or false", "");
        cue.countdown = it->get<bool>();
        if (cue.countdown && !cue.until)
            return problem("countdown", "needs an end to count down to", "give \"until\" or \"for\" too");
    }
    // A countdown alone says enough ("in 9 min" under the word for an intermission), and
    // so does a picture.
    if (cue.kind == Kind::announce && !cue.countdown && !cue.picture &&
        cue.text.find_first_not_of(" \n") == std::string::npos)
        return problem("text", "is missing", "an announcement needs its words: \"text\": \"…\"");
    return cue;
}

Result<Cue> parse_cue(std::string_view text, SysTime now, const Zone& zone, std::string from) {
    Json value = Json::parse(text, nullptr, false);
    if (value.is_discarded())
        return Error{"cue", "is not JSON",
                     R"(send for example {"kind": "announce", "text": "The film starts in 5 minutes", "for": "5m"})"};
    return read_cue(value, now, zone, std::move(from));
}

Json to_json(const Cue& cue) {
    Json j = {{"id", cue.id}, {"kind", name(cue.kind)}, {"made", format_iso8601_utc(cue.made)}, {"from", cue.from}};
    if (lasting(cue.kind)) {
        if (cue.kind != Kind::pause) j["priority"] = cue.priority;
        if (!cue.text.empty()) j["text"] = cue.text;
        if (cue.kind == Kind::announce) j["style"] = cue.style == Style::banner ? "banner" : "slide";
        if (cue.countdown) j["countdown"] = true;
        if (cue.until) j["until"] = format_iso8601_utc(*cue.until);
        if (cue.intermission) j["intermission"] = format_duration(*cue.intermission);
        if (cue.picture) {
            j["picture"] = {{"url", cue.picture->url}, {"sha256", cue.picture->sha256}};
            if (!cue.picture->file.empty()) j["picture"]["file"] = cue.picture->file;
        }
    }
    return j;
}

Result<Cue> from_json(const Json& value) {
    if (!value.is_object() || !value.contains("made") || !value["made"].is_string())
        return Error{"cue", "is not a cue as placard keeps it", ""};
    auto made = parse_iso8601(value["made"].get<std::string>(), Zone());
    if (!made) return Error{"cue.made", "is not a time", ""};
    Json given = value;
    given.erase("made");
    std::string from = given.value("from", std::string());
    given.erase("from");
    std::string picture_file;
    if (given.contains("picture") && given["picture"].is_object() && given["picture"].contains("file")) {
        if (given["picture"]["file"].is_string()) picture_file = given["picture"]["file"].get<std::string>();
        given["picture"].erase("file");
    }
    // Read as it was given, at the time it was: "until" is an instant in UTC.
    auto cue = read_cue(given, *made, Zone(), std::move(from));
    if (!cue) return cue;
    if (value.contains("until")) cue->until = parse_iso8601(value["until"].get<std::string>(), Zone());
    if (cue->picture) cue->picture->file = std::move(picture_file);
    return cue;
}

std::string describe(const Cue& cue, const Zone& zone) {
    std::string s(name(cue.kind));
    if (cue.kind == Kind::announce) {
        if (!cue.text.empty() || !cue.picture) s += fmt::format(" \"{}\"", cut_at_word(cue.text, 40));
        if (cue.picture) s += fmt::format(" with the picture {}", cut_at_word(cue.picture->url, 60));
        if (cue.style == Style::banner) s += " (banner)";
    }
    s += cue.until ? " until " + local_minute(*cue.until, zone) : std::string(" until lifted");
    if (cue.intermission) s += fmt::format(", then an intermission of {}", format_duration(*cue.intermission));
    return s;
}

}  // namespace placard::cues
