#include "media/jpeg_decode.hpp"
#include "util/deleter.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>

#include <SDL.h>
#include <fmt/format.h>
#include <turbojpeg.h>

namespace placard::media {
namespace {

// ARGB8888 is one 32-bit word; in memory its bytes run B, G, R, A on a little-endian CPU.
constexpr int argb_format = SDL_BYTEORDER == SDL_LIL_ENDIAN ? TJPF_BGRA : TJPF_ARGB;

tjscalingfactor choose_scale(int width, int height, Dimensions at_least) {
    tjscalingfactor best{1, 1};
    if (at_least.width <= 0 || at_least.height <= 0) return best;  // the whole picture
    int count = 0;
    const tjscalingfactor* factors = tjGetScalingFactors(&count);
    long long best_area = static_cast<long long>(width) * height;
    for (int i = 0; factors && i < count; ++i) {
        const tjscalingfactor f = factors[i];
        // Halving steps only: 1/2, 1/4, 1/8 drop whole bands of the DCT's frequencies, where
        // the factors between (3/8, 5/8, ...) ring on fine patterns; scale_down finishes.
        if (f.num != 1 || (f.denom & (f.denom - 1)) != 0) continue;
        const int w = TJSCALED(width, f), h = TJSCALED(height, f);
        const long long area = static_cast<long long>(w) * h;
        if (w >= at_least.width && h >= at_least.height && area < best_area) {
            best = f;
            best_area = area;
        }
    }
    return best;
}

// libjpeg does not stop at damaged compressed data: it warns, fills what it cannot decode
// with grey or with the wrong colours, and goes on, so a smeared picture would reach the
// screen. These warnings (libjpeg's words, jerror.h) mean the pixels are damaged; the
// others (an unknown JFIF revision or Adobe transform code) concern headers that do not
// change the pixels, and the bad-ICC one a colour profile that we do not read.
bool damages_pixels(std::string_view warning) {
    if (warning.starts_with("Corrupt JPEG data: bad ICC marker")) return false;
    return warning.starts_with("Corrupt JPEG data") || warning.starts_with("Premature end of JPEG file") ||
           warning.starts_with("Inconsistent progression sequence");
}

// After a tjDecompress2 that returned -1: the error to give, or nullopt when it was only a
// warning that leaves the picture whole. turbojpeg keeps the first warning's words.
std::optional<Error> decode_failure(void* tj) {
    const std::string why = tjGetErrorStr2(tj);
    if (tjGetErrorCode(tj) == TJERR_FATAL)
        return Error{"", fmt::format("cannot decode the JPEG: {}", why),
                     "it is damaged: save it again, or use another copy"};
    if (damages_pixels(why))
        return Error{"", fmt::format("the JPEG's compressed data is damaged ({})", why),
                     "save it again from the original, or use another copy"};
    return std::nullopt;
}

// CMYK JPEGs (print files, from Photoshop and ImageMagick) store their inks inverted, as
// Adobe's APP14 marker has it, and turbojpeg 2.1 passes them on as they are: 255 is no
// ink. Each channel is its ink's complement darkened by the black; in place, four bytes
// per pixel either way. (SDL_image would read the four bytes as BGRA: red became blue.)
void cmyk_to_argb(SDL_Surface& s) {
    for (int y = 0; y < s.h; ++y) {
        auto* p = static_cast<unsigned char*>(s.pixels) + static_cast<ptrdiff_t>(y) * s.pitch;
        auto* argb = reinterpret_cast<uint32_t*>(p);
        for (int x = 0; x < s.w; ++x, p += 4) {
            const unsigned k = p[3];
            const auto ink = [k](unsigned char c) { return (c * k + 127u) / 255u; };
            argb[x] = 0xFF000000u | ink(p[0]) << 16 | ink(p[1]) << 8 | ink(p[2]);
        }
    }
}

struct TjBufferFree {
    void operator()(unsigned char* buffer) const noexcept { tjFree(buffer); }
};

}  // namespace

std::optional<std::string> turn_jpeg_upright(std::string_view bytes, int orientation) {
    // EXIF orientation 2-8 (TIFF 6.0, tag 274) and the transform that undoes each.
    static constexpr int ops[9] = {TJXOP_NONE,      TJXOP_NONE,  TJXOP_HFLIP,      TJXOP_ROT180, TJXOP_VFLIP,
                                   TJXOP_TRANSPOSE, TJXOP_ROT90, TJXOP_TRANSVERSE, TJXOP_ROT270};
    if (orientation < 2 || orientation > 8) return std::nullopt;
    std::unique_ptr<void, Deleter<tjDestroy>> tj(tjInitTransform());
    if (!tj) return std::nullopt;
    tjtransform transform{};
    transform.op = ops[orientation];
    // COPYNONE drops the EXIF block with its orientation: the result is upright as stored.
    transform.options = TJXOPT_TRIM | TJXOPT_COPYNONE;
    // Turning would re-encode the blocks of a damaged JPEG as if they were whole, hiding the
    // damage from the decoder: any warning fails the turn, and the file is decoded as it
    // is, where decode_jpeg sees the damage.
    unsigned char* out = nullptr;
    unsigned long out_size = 0;
    auto* data = reinterpret_cast<unsigned char*>(const_cast<char*>(bytes.data()));
    const int failed = tjTransform(tj.get(), data, static_cast<unsigned long>(bytes.size()), 1, &out, &out_size,
                                   &transform, TJFLAG_STOPONWARNING);
    std::unique_ptr<unsigned char, TjBufferFree> owned(out);
    if (failed || !out || out_size == 0) return std::nullopt;
    return std::string(reinterpret_cast<const char*>(out), out_size);
}

Result<SurfacePtr> decode_jpeg(std::string_view bytes, Dimensions at_least) {
    std::unique_ptr<void, Deleter<tjDestroy>> tj(tjInitDecompress());
    if (!tj) return Error{"", fmt::format("cannot start the JPEG decoder: {}", tjGetErrorStr2(nullptr)), ""};
    // const_cast: turbojpeg 2.1 takes a non-const buffer that it does not write.
    auto* data = reinterpret_cast<unsigned char*>(const_cast<char*>(bytes.data()));
    const auto size = static_cast<unsigned long>(bytes.size());
    int width = 0, height = 0, subsampling = 0, colorspace = 0;
    if (tjDecompressHeader3(tj.get(), data, size, &width, &height, &subsampling, &colorspace) != 0 || width <= 0 ||
        height <= 0)
        return Error{"", fmt::format("cannot decode the JPEG: {}", tjGetErrorStr2(tj.get())),
                     "it is damaged: save it again, or use another copy"};
    const bool cmyk = colorspace == TJCS_CMYK || colorspace == TJCS_YCCK;

    const tjscalingfactor scale = choose_scale(width, height, at_least);
    const int w = TJSCALED(width, scale), h = TJSCALED(height, scale);
    SurfacePtr out(SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888));
    if (!out)
        return Error{"", fmt::format("no memory for a {}x{} picture ({})", w, h, SDL_GetError()),
                     "use a smaller picture"};
    auto* pixels = static_cast<unsigned char*>(out->pixels);
    if (tjDecompress2(tj.get(), data, size, pixels, w, out->pitch, h, cmyk ? TJPF_CMYK : argb_format, 0) != 0)
        if (auto failure = decode_failure(tj.get())) return *failure;
    if (cmyk) cmyk_to_argb(*out);
    return out;
}

}  // namespace placard::media
