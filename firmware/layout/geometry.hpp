#pragma once
// Screen geometry in pixels. Plain values, no SDL.
#include <algorithm>
#include <cstdint>

namespace placard::layout {

struct Size {
    int width = 0;
    int height = 0;
    bool portrait() const { return height > width; }
    bool operator==(const Size&) const = default;
};

struct Rect {
    int x = 0, y = 0, w = 0, h = 0;
    int right() const { return x + w; }
    int bottom() const { return y + h; }
    bool contains(const Rect& r) const {
        return r.x >= x && r.y >= y && r.right() <= right() && r.bottom() <= bottom();
    }
    // The rect shrunk by `d` on every side (never below zero size).
    Rect inset(int d) const { return inset(d, d); }
    Rect inset(int dx, int dy) const { return {x + dx, y + dy, std::max(0, w - 2 * dx), std::max(0, h - 2 * dy)}; }
    bool operator==(const Rect&) const = default;
};

// Bands along the edges of a rect, such as a TV's overscan margins.
struct Insets {
    int top = 0, right = 0, bottom = 0, left = 0;
    bool operator==(const Insets&) const = default;
};

struct Color {
    std::uint8_t r = 0, g = 0, b = 0, a = 255;
    bool operator==(const Color&) const = default;
};

}  // namespace placard::layout
