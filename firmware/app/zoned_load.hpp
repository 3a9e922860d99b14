#pragma once
// Loading a playlist in its own time zone: dates in `when` written without an offset
// are local to the display, so the process takes the display's zone (TZ) before they
// are read, and reads the file again when that changed the zone.
#include <filesystem>
#include <string_view>

#include "config/load.hpp"

namespace placard::app {

config::LoadResult load_in_its_zone(const std::filesystem::path& file);
// The same for a playlist's text; `name` is its file or web address.
config::LoadResult load_text_in_its_zone(std::string_view text, const std::filesystem::path& name);

}  // namespace placard::app
