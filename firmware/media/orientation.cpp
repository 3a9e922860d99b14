#include "media/orientation.hpp"

#include <cstdint>
#include <utility>

#include <fmt/format.h>

namespace placard::media {

Dimensions upright_size(Dimensions stored, int orientation) {
    if (orientation >= 5 && orientation <= 8) return {stored.height, stored.width};
    return stored;
}

Result<SurfacePtr> make_upright(SurfacePtr stored, int orientation) {
    if (orientation < 2 || orientation > 8) return stored;
    const int w = stored->w, h = stored->h;
    const Dimensions out = upright_size({w, h}, orientation);
    SurfacePtr upright(SDL_CreateRGBSurfaceWithFormat(0, out.width, out.height, 32, SDL_PIXELFORMAT_ARGB8888));
    if (!upright) return Error{"", fmt::format("cannot turn the picture upright: {}", SDL_GetError()), ""};

    // For each upright pixel (x, y), the stored pixel (sx, sy) it comes from. The EXIF
    // value names where the stored row 0 and column 0 belong: 6 is "row 0 on the right,
    // column 0 at the top", a turn of 90 degrees clockwise.
    const auto source = [&](int x, int y) -> std::pair<int, int> {
        switch (orientation) {
            case 2:
                return {w - 1 - x, y};  // mirrored
            case 3:
                return {w - 1 - x, h - 1 - y};  // upside down
            case 4:
                return {x, h - 1 - y};  // mirrored upside down
            case 5:
                return {y, x};  // transposed
            case 6:
                return {y, h - 1 - x};  // turned 90 clockwise
            case 7:
                return {w - 1 - y, h - 1 - x};  // transversed
            default:
                return {w - 1 - y, x};  // 8: turned 90 anticlockwise
        }
    };
    const auto* in = static_cast<const unsigned char*>(stored->pixels);
    auto* dst = static_cast<unsigned char*>(upright->pixels);
    for (int y = 0; y < out.height; ++y) {
        auto* row = reinterpret_cast<uint32_t*>(dst + static_cast<ptrdiff_t>(y) * upright->pitch);
        for (int x = 0; x < out.width; ++x) {
            const auto [sx, sy] = source(x, y);
            row[x] = reinterpret_cast<const uint32_t*>(in + static_cast<ptrdiff_t>(sy) * stored->pitch)[sx];
        }
    }
    return upright;
}

}  // namespace placard::media
