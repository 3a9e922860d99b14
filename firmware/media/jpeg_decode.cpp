#include "media/jpeg_decode.hpp"

#include <memory>

#include <SDL.h>
#include <fmt/format.h>
#include <turbojpeg.h>

namespace placard::media {
namespace {

struct TjDeleter {
    void operator()(void* handle) const noexcept { tjDestroy(handle); }
};

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

struct TjBufferFree {
    void operator()(unsigned char* buffer) const noexcept { tjFree(buffer); }
};

}  // namespace

std::optional<std::string> turn_jpeg_upright(std::string_view bytes, int orientation) {
    // EXIF orientation 2-8 (TIFF 6.0, tag 274) and the transform that undoes each.
    static constexpr int ops[9] = {TJXOP_NONE, TJXOP_NONE, TJXOP_HFLIP, TJXOP_ROT180, TJXOP_VFLIP,
                                   TJXOP_TRANSPOSE, TJXOP_ROT90, TJXOP_TRANSVERSE, TJXOP_ROT270};
    if (orientation < 2 || orientation > 8) return std::nullopt;
    std::unique_ptr<void, TjDeleter> tj(tjInitTransform());
    if (!tj) return std::nullopt;
    tjtransform transform{};
    transform.op = ops[orientation];
    // COPYNONE drops the EXIF block with its orientation: the result is upright as stored.
    transform.options = TJXOPT_TRIM | TJXOPT_COPYNONE;
    unsigned char* out = nullptr;
    unsigned long out_size = 0;
    auto* data = reinterpret_cast<unsigned char*>(const_cast<char*>(bytes.data()));
    const int failed = tjTransform(tj.get(), data, static_cast<unsigned long>(bytes.size()), 1, &out, &out_size,
                                   &transform, 0);
    std::unique_ptr<unsigned char, TjBufferFree> owned(out);
    if (failed || !out || out_size == 0) return std::nullopt;
    return std::string(reinterpret_cast<const char*>(out), out_size);
}

std::optional<Result<SurfacePtr>> decode_jpeg(std::string_view bytes, Dimensions at_least) {
    std::unique_ptr<void, TjDeleter> tj(tjInitDecompress());
    if (!tj) return Result<SurfacePtr>(Error{"", fmt::format("cannot start the JPEG decoder: {}", tjGetErrorStr2(nullptr)), ""});
    // const_cast: turbojpeg 2.1 takes a non-const buffer that it does not write.
    auto* data = reinterpret_cast<unsigned char*>(const_cast<char*>(bytes.data()));
    const auto size = static_cast<unsigned long>(bytes.size());
    int width = 0, height = 0, subsampling = 0, colorspace = 0;
    if (tjDecompressHeader3(tj.get(), data, size, &width, &height, &subsampling, &colorspace) != 0 || width <= 0 ||
        height <= 0)
        return Result<SurfacePtr>(Error{"", fmt::format("cannot decode the JPEG: {}", tjGetErrorStr2(tj.get())),
                                        "it is damaged: save it again, or use another copy"});
    if (colorspace == TJCS_CMYK || colorspace == TJCS_YCCK) return std::nullopt;

    const tjscalingfactor scale = choose_scale(width, height, at_least);
    const int w = TJSCALED(width, scale), h = TJSCALED(height, scale);
    SurfacePtr out(SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888));
    if (!out)
        return Result<SurfacePtr>(Error{"", fmt::format("no memory for a {}x{} picture ({})", w, h, SDL_GetError()),
                                        "use a smaller picture"});
    // Warnings (a few damaged blocks) still leave a whole picture; only errors do not.
    if (tjDecompress2(tj.get(), data, size, static_cast<unsigned char*>(out->pixels), w, out->pitch, h, argb_format,
                      0) != 0 &&
        tjGetErrorCode(tj.get()) == TJERR_FATAL)
        return Result<SurfacePtr>(Error{"", fmt::format("cannot decode the JPEG: {}", tjGetErrorStr2(tj.get())),
                                        "it is damaged: save it again, or use another copy"});
    return Result<SurfacePtr>(std::move(out));
}

}  // namespace placard::media
