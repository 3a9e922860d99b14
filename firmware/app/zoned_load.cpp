#include "app/zoned_load.hpp"

#include <cstdlib>
#include <string>

#include "util/time.hpp"

namespace placard::app {
namespace {

template <class Load>
config::LoadResult in_its_zone(Load load) {
    auto loaded = load();
    if (!loaded.playlist || loaded.playlist->display.timezone.empty()) return loaded;
    const char* before = std::getenv("TZ");
    std::string previous = before ? before : "";
    if (previous == loaded.playlist->display.timezone) return loaded;
    // The loader has checked that the zone exists; if setting it fails all the same,
    // the first reading stands.
    if (!set_time_zone(loaded.playlist->display.timezone)) return loaded;
    return load();
}

}  // namespace

config::LoadResult load_in_its_zone(const std::filesystem::path& file) {
    return in_its_zone([&] { return config::load_playlist_file(file); });
}

config::LoadResult load_text_in_its_zone(std::string_view text, const std::filesystem::path& name) {
    return in_its_zone([&] { return config::load_playlist(text, name); });
}

}  // namespace placard::app
