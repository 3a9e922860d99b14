#include "app/status.hpp"

#include <set>

#include <fmt/format.h>

#include "util/time.hpp"
#include "util/utf8.hpp"

namespace placard::app {

std::string waiting_status(const config::Playlist& playlist, const content::Snapshot& snapshot) {
    std::set<std::string> used;
    for (const auto& slide : playlist.slides)
        if (!slide.source.empty()) used.insert(slide.source);
    std::string parts;
    for (const auto& name : used) {
        auto it = snapshot.sources.find(name);
        if (it != snapshot.sources.end() && !it->second.items.empty()) continue;
        std::string why = "fetching";
        if (it != snapshot.sources.end() && it->second.error)
            why = it->second.error->what;
        else if (it != snapshot.sources.end() && !it->second.fetching && it->second.updated)
            continue;  // fetched: empty feed
        parts += (parts.empty() ? "" : " \u00b7 ") + name + " (" + why + ")";
    }
    return parts.empty() ? parts : "Waiting for " + parts;
}

namespace {

// "; stale: news (connection refused), events (updated 7 h ago)", or empty.
std::string stale_sources(const config::Playlist& playlist, const content::Snapshot& snapshot, SysTime now) {
    std::string stale;
    for (const auto& [name, source] : playlist.sources) {
        auto it = snapshot.sources.find(name);
        if (it == snapshot.sources.end()) continue;
        std::string why;
        if (it->second.error)
            why = it->second.error->what;
        else if (source.stale_after && it->second.updated && now - *it->second.updated > *source.stale_after)
            why = schedule::updated_ago(*it->second.updated, now, "en");
        if (!why.empty()) stale += fmt::format("{}{} ({})", stale.empty() ? "" : ", ", name, why);
    }
    return stale.empty() ? stale : "; stale: " + stale;
}

}  // namespace

std::string service_status(const config::Playlist& playlist, const content::Snapshot& snapshot,
                           const schedule::SlideSpec* shown, size_t index, size_t count, SysTime now) {
    std::string out;
    if (shown) {
        const std::string& what = shown->title.empty() ? shown->text : shown->title;
        out = fmt::format("{} {} of {}", shown->kind->name, index + 1, count);
        if (!what.empty()) out += ": " + cut_at_word(what, 60);
    } else {
        std::string waiting = waiting_status(playlist, snapshot);
        out = waiting.empty() ? "no slide is due" : waiting;
    }
    return out + stale_sources(playlist, snapshot, now);
}

std::string off_status(const config::Playlist& playlist, const content::Snapshot& snapshot,
                       std::optional<SysTime> until, SysTime now) {
    std::string out = "screen off (display.hours)";
    if (until) {
        const LocalTime t = to_local(*until, playlist.display.zone);
        out += fmt::format(" until {} {:02}:{:02}", schedule::weekday_name(t.weekday, "en").substr(0, 3), t.hour,
                           t.minute);
    }
    return out + stale_sources(playlist, snapshot, now);
}

}  // namespace placard::app
