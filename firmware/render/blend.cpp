#include "render/blend.hpp"

namespace placard::render {

// Two channels at a time: red and blue in one 32-bit lane, alpha and green in the other,
// each with 8 bits of headroom for the multiply.
void blend_toward(std::uint32_t* pixels, const std::uint32_t* target, std::size_t count, unsigned t) {
    const std::uint32_t w = t > 256 ? 256 : t;
    const std::uint32_t inv = 256 - w;
    // 255 * 256 + 128 still fits in a lane's 16 bits.
    constexpr std::uint32_t half = 0x00800080u;
    for (std::size_t i = 0; i < count; ++i) {
        const std::uint32_t a = pixels[i], b = target[i];
        const std::uint32_t rb = (((a & 0x00FF00FFu) * inv + (b & 0x00FF00FFu) * w + half) >> 8) & 0x00FF00FFu;
        const std::uint32_t ag = (((a >> 8) & 0x00FF00FFu) * inv + ((b >> 8) & 0x00FF00FFu) * w + half) & 0xFF00FF00u;
        pixels[i] = rb | ag;
    }
}

}  // namespace placard::render
