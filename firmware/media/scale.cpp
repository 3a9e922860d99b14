#include "media/scale.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include <fmt/format.h>

namespace placard::media {
namespace {

Error scale_error() {
    return Error{"", fmt::format("cannot scale the picture: {}", SDL_GetError()), ""};
}

SurfacePtr make_argb(int w, int h) {
    return SurfacePtr(SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888));
}

uint32_t* row_of(SDL_Surface& s, int y) {
    return reinterpret_cast<uint32_t*>(static_cast<unsigned char*>(s.pixels) + static_cast<ptrdiff_t>(y) * s.pitch);
}

// Each destination pixel is the rounded mean of a 2x2 block; an odd last row or column
// is left out (less than one pixel in two thousand at these sizes).
Result<SurfacePtr> halve(SDL_Surface& src) {
    const int w = src.w / 2, h = src.h / 2;
    SurfacePtr half = make_argb(w, h);
    if (!half) return scale_error();
    for (int y = 0; y < h; ++y) {
        const uint32_t* top = row_of(src, 2 * y);
        const uint32_t* bottom = row_of(src, 2 * y + 1);
        uint32_t* out = row_of(*half, y);
        for (int x = 0; x < w; ++x) {
            const std::ptrdiff_t left = 2 * std::ptrdiff_t{x};
            const uint32_t p[4] = {top[left], top[left + 1], bottom[left], bottom[left + 1]};
            // Two channels at a time: a sum of four 8-bit values needs 10 bits, and the
            // channels of a pair sit 16 bits apart.
            uint32_t rb = 0x00020002u, ag = 0x00020002u;
            for (uint32_t v : p) {
                rb += v & 0x00FF00FFu;
                ag += (v >> 8) & 0x00FF00FFu;
            }
            out[x] = ((rb >> 2) & 0x00FF00FFu) | (((ag >> 2) & 0x00FF00FFu) << 8);
        }
    }
    return half;
}

// The source pixels that each destination pixel covers along one axis, with the share
// of each in 1/256: shares add up to exactly 256, so that flat areas stay exactly flat.
struct Spans {
    std::vector<int> first;     // per destination pixel: its first source pixel
    std::vector<size_t> start;  // per destination pixel, and one past the last: into share
    std::vector<uint32_t> share;
};

constexpr uint32_t whole = 256;

Spans spans(int from, int to) {
    Spans out;
    const double step = static_cast<double>(from) / to;
    for (int i = 0; i < to; ++i) {
        const double begin = i * step, end = std::min((i + 1) * step, static_cast<double>(from));
        out.first.push_back(static_cast<int>(begin));
        out.start.push_back(out.share.size());
        uint32_t given = 0;
        for (int j = static_cast<int>(begin); j < end; ++j) {
            const double covered = std::min(end, j + 1.0) - std::max(begin, static_cast<double>(j));
            const auto w = static_cast<uint32_t>(std::lround(covered / step * whole));
            out.share.push_back(w);
            given += w;
        }
        out.share.back() += whole - given;  // what rounding left over goes to the last pixel
    }
    out.start.push_back(out.share.size());
    return out;
}

// The four channels of a pixel 16 bits apart in a 64-bit word: a channel times a share
// (at most 255 * 256) fits in 16 bits, so one multiply weighs all four at once.
uint64_t spread(uint32_t p) {
    const uint64_t v = p;
    return (v & 0xFFu) | (v & 0xFF00u) << 8 | (v & 0xFF0000u) << 16 | (v & 0xFF000000u) << 24;
}
constexpr uint64_t half_share = 0x0080008000800080u;  // 128 in each channel, to round
uint32_t gather(uint64_t sum) {
    sum >>= 8;
    return static_cast<uint32_t>((sum & 0xFFu) | (sum >> 8 & 0xFF00u) | (sum >> 16 & 0xFF0000u) |
                                 (sum >> 24 & 0xFF000000u));
}

// Weighted by coverage, along rows and then along columns.
Result<SurfacePtr> reduce(SDL_Surface& src, Dimensions target) {
    SurfacePtr wide = make_argb(target.width, src.h);
    SurfacePtr out = make_argb(target.width, target.height);
    if (!wide || !out) return scale_error();
    const Spans across = spans(src.w, target.width);
    const uint32_t* share = across.share.data();
    for (int y = 0; y < src.h; ++y) {
        const uint32_t* in = row_of(src, y);
        uint32_t* row = row_of(*wide, y);
        for (int x = 0; x < target.width; ++x) {
            const uint32_t* from = in + across.first[static_cast<size_t>(x)];
            uint64_t sum = half_share;
            for (size_t k = across.start[static_cast<size_t>(x)]; k < across.start[static_cast<size_t>(x) + 1]; ++k)
                sum += spread(*from++) * share[k];
            row[x] = gather(sum);
        }
    }
    const Spans down = spans(src.h, target.height);
    std::vector<uint64_t> sums(static_cast<size_t>(target.width));
    uint64_t* const acc = sums.data();
    for (int y = 0; y < target.height; ++y) {
        std::fill(sums.begin(), sums.end(), half_share);
        int source_row = down.first[static_cast<size_t>(y)];
        for (size_t k = down.start[static_cast<size_t>(y)]; k < down.start[static_cast<size_t>(y) + 1]; ++k) {
            const uint32_t* in = row_of(*wide, source_row++);
            const uint64_t w = down.share[k];
            for (int x = 0; x < target.width; ++x) acc[x] += spread(in[x]) * w;
        }
        uint32_t* row = row_of(*out, y);
        for (int x = 0; x < target.width; ++x) row[x] = gather(acc[x]);
    }
    return out;
}

}  // namespace

Dimensions cover_size(Dimensions picture, Dimensions screen) {
    const long long pw = picture.width, ph = picture.height, sw = screen.width, sh = screen.height;
    Dimensions cover;
    if (sw * ph >= sh * pw) {  // the width decides: sw / pw >= sh / ph
        cover.width = screen.width;
        cover.height = static_cast<int>(std::max(sh, (ph * sw + pw / 2) / pw));
    } else {
        cover.height = screen.height;
        cover.width = static_cast<int>(std::max(sw, (pw * sh + ph / 2) / ph));
    }
    if (cover.width >= picture.width || cover.height >= picture.height) return picture;
    return cover;
}

Result<SurfacePtr> scale_down(SurfacePtr picture, Dimensions target) {
    target.width = std::clamp(target.width, 1, picture->w);
    target.height = std::clamp(target.height, 1, picture->h);
    while (picture->w >= 2 * target.width && picture->h >= 2 * target.height) {
        auto half = halve(*picture);
        if (!half) return half.error();
        picture = std::move(*half);
    }
    if (picture->w == target.width && picture->h == target.height) return picture;
    return reduce(*picture, target);
}

}  // namespace placard::media
