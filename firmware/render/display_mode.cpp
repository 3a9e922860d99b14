#include "render/display_mode.hpp"

#include <algorithm>
#include <cstdlib>

#include <fmt/format.h>

namespace placard::render {
namespace {

long long pixels(const DisplayMode& m) {
    return static_cast<long long>(m.width) * m.height;
}

// Same shape: the aspect ratios agree within 1%.
bool same_shape(const DisplayMode& a, const DisplayMode& b) {
    return std::llabs(static_cast<long long>(a.width) * b.height - static_cast<long long>(b.width) * a.height) * 100 <=
           static_cast<long long>(a.width) * b.height;
}

// Higher is better: 60 Hz, then the lower rates from the highest down, then those above 60.
int refresh_rank(int hz) {
    return hz <= 60 ? hz : 60 - hz;
}

// The best refresh rate among the modes of the size of `m`.
DisplayMode best_refresh(const std::vector<DisplayMode>& modes, DisplayMode m) {
    for (const auto& other : modes)
        if (other.width == m.width && other.height == m.height && refresh_rank(other.refresh) > refresh_rank(m.refresh))
            m = other;
    return m;
}

}  // namespace

DisplayMode choose_mode(const std::vector<DisplayMode>& modes, const DisplayMode& current,
                        const std::optional<layout::Size>& wanted) {
    if (wanted) {
        std::optional<DisplayMode> nearest;
        auto distance = [&](const DisplayMode& m) {
            return std::abs(m.width - wanted->width) + std::abs(m.height - wanted->height);
        };
        for (const auto& m : modes)
            if (!nearest || distance(m) < distance(*nearest)) nearest = m;
        // The size the screen is in already keeps its rate: the TV chose it.
        if (!nearest || distance(current) <= distance(*nearest)) return current;
        return best_refresh(modes, *nearest);
    }
    if (pixels(current) <= largest_auto_pixels) return current;
    std::optional<DisplayMode> best;
    for (bool shape_matters : {true, false}) {
        for (const auto& m : modes) {
            if (pixels(m) > largest_auto_pixels || (shape_matters && !same_shape(m, current))) continue;
            if (!best || pixels(m) > pixels(*best)) best = m;
        }
        if (best) return best_refresh(modes, *best);
    }
    return current;  // nothing smaller: drive it as it is
}

std::string to_string(const DisplayMode& mode) {
    if (mode.refresh <= 0) return fmt::format("{}x{}", mode.width, mode.height);
    return fmt::format("{}x{} at {} Hz", mode.width, mode.height, mode.refresh);
}

}  // namespace placard::render
