#pragma once
// Which of the screen's video modes to drive it at. Plain values, no SDL: the screen
// gives its list, the playlist may ask for a size.
#include <optional>
#include <string>
#include <vector>

#include "layout/geometry.hpp"

namespace placard::render {

struct DisplayMode {
    int width = 0, height = 0;
    int refresh = 0;  // Hz; 0 when the driver does not say
    bool operator==(const DisplayMode&) const = default;
};

// Frames are painted on the CPU: 1920x1080 is 8 MB a frame, and a 4K TV's 3840x2160
// would be four times the memory and the time to paint and to fade.
inline constexpr int largest_auto_pixels = 1920 * 1080;

// `current` is the mode the screen is in: the one the kernel chose from the TV's EDID
// (its preferred mode) or from video= on the kernel's command line. Without `wanted`
// that is the choice, unless it is larger than 1080p: then the largest mode of the same
// shape that is not. With `wanted`, the mode of that size, else the nearest to it. Among
// modes of one size, the refresh rate nearest to 60 Hz without going above it.
DisplayMode choose_mode(const std::vector<DisplayMode>& modes, const DisplayMode& current,
                        const std::optional<layout::Size>& wanted);

std::string to_string(const DisplayMode& mode);  // "1920x1080 at 60 Hz"

}  // namespace placard::render
