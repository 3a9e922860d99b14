#include "app/zoned_load.hpp"

#include <cstdlib>
#include <string>

#include "util/time.hpp"

namespace placard::app {

config::LoadResult load_in_its_zone(const std::filesystem::path& file) {
    auto loaded = config::load_playlist_file(file);
    if (!loaded.playlist || loaded.playlist->display.timezone.empty()) return loaded;
    const char* before = std::getenv("TZ");
    std::string previous = before ? before : "";
    if (previous == loaded.playlist->display.timezone) return loaded;
    // The loader has checked that the zone exists; if setting it fails all the same,
    // the first reading stands.
    if (!set_time_zone(loaded.playlist->display.timezone)) return loaded;
    return config::load_playlist_file(file);
}

}  // namespace placard::app
