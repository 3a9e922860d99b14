#include "render/blend.hpp"

namespace placard::render {

// Two channels at a time: red and blue in one 32-bit lane, alpha and green in the other,
// each with 8 bits of headroom for the multiply.
void blend_pixels(const std::uint32_t* from, const std::uint32_t* to, std::uint32_t* out, std::size_t count,
                  unsigned t) {
    const std::uint32_t w = t > 256 ? 256 : t;
    const std::uint32_t inv = 256 - w;
    for (std::size_t i = 0; i < count; ++i) {
        const std::uint32_t a = from[i], b = to[i];
        const std::uint32_t rb = (((a & 0x00FF00FFu) * inv + (b & 0x00FF00FFu) * w) >> 8) & 0x00FF00FFu;
        const std::uint32_t ag = ((((a >> 8) & 0x00FF00FFu) * inv + ((b >> 8) & 0x00FF00FFu) * w)) & 0xFF00FF00u;
        out[i] = rb | ag;
    }
}

}  // namespace placard::render
