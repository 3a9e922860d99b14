#include <fmt/format.h>

#include "config/slide_kind.hpp"
#include "schedule/schedule.hpp"

namespace placard::schedule {

std::vector<std::string> ticker_headlines(const config::Playlist& playlist, const content::Snapshot& snapshot,
                                          SysTime now) {
    std::vector<std::string> out;
    const auto& strip = playlist.display.strip;
    if (!strip || !strip->ticker || !strip->ticker->kind || !strip->ticker->kind->build) return out;
    const config::Slide& ticker = *strip->ticker;
    std::vector<SlideSpec> specs;
    ticker.kind->build(BuildInput{playlist, snapshot, now}, ticker, -1, specs);
    const config::Display& d = playlist.display;
    for (const SlideSpec& s : specs) {
        if (s.title.empty()) continue;
        if (!s.starts) {
            out.push_back(s.title);
            continue;
        }
        std::string line = fmt::format("{}: {}", event_when(s, d.locale, d.zone), s.title);
        if (!s.place.empty()) line += fmt::format(" ({})", s.place);
        out.push_back(std::move(line));
    }
    return out;
}

}  // namespace placard::schedule
