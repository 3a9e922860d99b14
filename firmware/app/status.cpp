#include "app/status.hpp"

#include <set>

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
        if (it != snapshot.sources.end() && it->second.error) why = it->second.error->what;
        else if (it != snapshot.sources.end() && !it->second.fetching && it->second.updated) continue;  // fetched: empty feed
        parts += (parts.empty() ? "" : " \u00b7 ") + name + " (" + why + ")";
    }
    return parts.empty() ? parts : "Waiting for " + parts;
}

}  // namespace placard::app
