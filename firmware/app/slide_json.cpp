#include "app/slide_json.hpp"

#include <fmt/format.h>

#include "util/duration.hpp"
#include "util/time.hpp"

namespace placard::app {

nlohmann::json slide_to_json(const schedule::SlideSpec& s, const std::string& locale, const Zone& zone, SysTime now) {
    nlohmann::json j;
    j["type"] = std::string(s.kind->name);
    j["id"] = s.id;
    j["title"] = s.title;
    j["text"] = s.text;
    if (!s.bullets.empty()) j["bullets"] = s.bullets;
    j["image"] = s.image;
    if (!s.image_url.empty()) j["image_url"] = s.image_url;
    if (!s.video.empty()) j["video"] = s.video;
    j["source"] = s.source;
    // A clip without a duration lasts as long as itself.
    if (!s.until_clip_ends) j["duration"] = format_duration(s.duration);
    if (!s.author.empty()) j["author"] = s.author;
    if (!s.place.empty()) j["place"] = s.place;
    if (!s.link.empty()) j["link"] = s.link;
    if (!s.qr.empty()) j["qr"] = s.qr;
    if (s.published) j["published"] = format_iso8601_utc(*s.published);
    if (s.starts) {
        j["starts"] = format_iso8601_utc(*s.starts);
        j["when"] = schedule::event_when(s, locale, zone);
        j["countdown"] = schedule::countdown(s, now, locale, zone);
    }
    if (s.ends) j["ends"] = format_iso8601_utc(*s.ends);
    if (s.stale_since) {
        j["stale_since"] = format_iso8601_utc(*s.stale_since);
        j["stale"] = schedule::updated_ago(*s.stale_since, now, locale);
    }
    return j;
}

std::string slide_to_text(size_t number, const schedule::SlideSpec& s, const std::string& locale, const Zone& zone,
                          SysTime now) {
    std::string out = fmt::format("{:2}. {:<8} {}  ({}{})\n", number, s.kind->name, s.title.empty() ? "-" : s.title,
                                  s.until_clip_ends ? std::string("as long as the clip") : format_duration(s.duration),
                                  s.source.empty() ? "" : ", source " + s.source);
    auto line = [&](const char* label, const std::string& value) {
        if (!value.empty()) out += fmt::format("    {:<8} {}\n", label, value);
    };
    if (s.starts) {
        line("when", schedule::event_when(s, locale, zone));
        line("starts", schedule::countdown(s, now, locale, zone));
    }
    line("place", s.place);
    if (s.published) line("date", schedule::report_date(*s.published, locale, zone));
    line("author", s.author);
    std::string text = s.text;
    if (text.size() > 160) {
        size_t cut = text.rfind(' ', 157);
        text = text.substr(0, cut == std::string::npos ? 157 : cut) + "\u2026";
    }
    for (auto& c : text)
        if (c == '\n') c = ' ';
    line("text", text);
    for (const auto& b : s.bullets) line("bullet", b);
    // The picture by where it came from, which the organizer knows; the cache file after.
    line("image", s.image_url);
    line("prepared", s.image);
    line("clip", s.video);
    line("qr", s.qr);
    if (s.stale_since) line("stale", schedule::updated_ago(*s.stale_since, now, locale));
    return out;
}

}  // namespace placard::app
