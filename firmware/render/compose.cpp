#include "render/compose.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

#include "render/blend.hpp"

namespace placard::render {
namespace {

const std::uint32_t* row(const SDL_Surface& s, int y) {
    return reinterpret_cast<const std::uint32_t*>(static_cast<const char*>(s.pixels) +
                                                  static_cast<std::ptrdiff_t>(y) * s.pitch);
}
std::uint32_t* row(SDL_Surface& s, int y) {
    return reinterpret_cast<std::uint32_t*>(static_cast<char*>(s.pixels) + static_cast<std::ptrdiff_t>(y) * s.pitch);
}

// Square tiles for the turned panels: the 128 frame rows that one tile reads across
// (64 KB) stay in the cache. Measured with placard_bench: 128 beat 16, 32, 64 and 256.
constexpr int tile = 128;

}  // namespace

layout::Size upright_size(layout::Size panel, int rotation) {
    if (rotation == 90 || rotation == 270) return {panel.height, panel.width};
    return panel;
}

layout::Rect turned_rect(layout::Rect r, layout::Size panel, int rotation) {
    const int W = panel.width, H = panel.height;
    if (rotation == 90) return {W - r.y - r.h, r.x, r.h, r.w};
    if (rotation == 180) return {W - r.x - r.w, H - r.y - r.h, r.w, r.h};
    if (rotation == 270) return {r.y, H - r.x - r.w, r.h, r.w};
    return r;
}

void compose(const SDL_Surface& frame, unsigned weight, SDL_Surface& dst, int rotation) {
    const layout::Size upright = upright_size({dst.w, dst.h}, rotation);
    const int w = std::min(frame.w, upright.width);
    const int h = std::min(frame.h, upright.height);
    if (w <= 0 || h <= 0) return;
    const bool cut = weight >= 256;

    if (rotation != 90 && rotation != 180 && rotation != 270) {
        for (int y = 0; y < h; ++y) {
            if (cut)
                std::memcpy(row(dst, y), row(frame, y), static_cast<std::size_t>(w) * 4);
            else
                blend_toward(row(dst, y), row(frame, y), static_cast<std::size_t>(w), weight);
        }
        return;
    }
    // Turned: walk the panel in its own rows, so that each step blends one contiguous run
    // (the loop the compiler vectorises), and gather that run from the frame. The frame is
    // read across its rows, so the walk goes in square tiles: the frame rows that one tile
    // reads stay in the cache.
    // The panel's pixel (X, Y) shows upright (x, y) with, for each rotation:
    //   90: x = Y, y = dst.w - 1 - X;  180: x = dst.w - 1 - X, y = dst.h - 1 - Y;
    //   270: x = dst.h - 1 - Y, y = X.
    int x0 = 0, x1 = dst.w, y0 = 0, y1 = dst.h;  // the part of the panel the frame covers
    if (rotation == 90)
        x0 = dst.w - h, y1 = w;
    else if (rotation == 180)
        x0 = dst.w - w, y0 = dst.h - h;
    else
        x1 = h, y0 = dst.h - w;
    const std::ptrdiff_t pitch = frame.pitch / 4;
    std::array<std::uint32_t, tile> run{};
    for (int ty = y0; ty < y1; ty += tile) {
        const int ty_end = std::min(ty + tile, y1);
        for (int tx = x0; tx < x1; tx += tile) {
            const int n = std::min(tile, x1 - tx);
            for (int y = ty; y < ty_end; ++y) {
                // The frame pixel for panel (tx, y), and the step to the next one along X.
                const std::uint32_t* in;
                std::ptrdiff_t step;
                if (rotation == 90)
                    in = row(frame, dst.w - 1 - tx) + y, step = -pitch;
                else if (rotation == 180)
                    in = row(frame, dst.h - 1 - y) + (dst.w - 1 - tx), step = -1;
                else
                    in = row(frame, tx) + (dst.h - 1 - y), step = pitch;
                for (int i = 0; i < n; ++i) run[i] = in[i * step];
                std::uint32_t* out = row(dst, y) + tx;
                if (cut)
                    std::memcpy(out, run.data(), static_cast<std::size_t>(n) * 4);
                else
                    blend_toward(out, run.data(), static_cast<std::size_t>(n), weight);
            }
        }
    }
}

}  // namespace placard::render
