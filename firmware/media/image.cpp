// SdlImagePreparer and load_prepared: the path of a picture from its bytes to the cache
// and from the cache to the renderer. Runs on the worker thread: SDL surfaces and
// SDL_image only, never the video subsystem.
#include "media/image.hpp"

#include <algorithm>
#include <climits>
#include <fstream>
#include <iterator>
#include <utility>

#include <SDL_image.h>
#include <fmt/format.h>

#include "media/encode.hpp"
#include "media/jpeg_decode.hpp"
#include "media/jpeg_end.hpp"
#include "media/orientation.hpp"
#include "media/pdf.hpp"
#include "media/scale.hpp"
#include "store/atomic_file.hpp"

namespace placard::media {
namespace {

// Visually lossless for photos at screen size, about a third of quality 100's bytes.
constexpr int jpeg_quality = 88;

std::string megabytes(double bytes) {
    return fmt::format("{:.1f} MB", bytes / (1024.0 * 1024.0));
}
std::string megapixels(long long pixels) {
    return fmt::format("{:g}", static_cast<double>(pixels) / 1e6);
}

Error with_origin(Error e, const std::string& origin) {
    e.where = origin;
    return e;
}

Result<SurfacePtr> to_argb(SurfacePtr decoded) {
    if (decoded->format->format == SDL_PIXELFORMAT_ARGB8888) return decoded;
    // A colour key (GIF's transparent index) becomes alpha 0 in the conversion.
    SurfacePtr argb(SDL_ConvertSurfaceFormat(decoded.get(), SDL_PIXELFORMAT_ARGB8888, 0));
    if (!argb) return Error{"", fmt::format("cannot convert the picture: {}", SDL_GetError()), ""};
    return argb;
}

}  // namespace

Result<SurfacePtr> decode(std::string_view bytes, Dimensions at_least) {
    if (is_jpeg(bytes)) return decode_jpeg(bytes, at_least);
    SDL_RWops* rw = SDL_RWFromConstMem(bytes.data(), static_cast<int>(bytes.size()));
    if (!rw) return Error{"", fmt::format("cannot read the picture: {}", SDL_GetError()), ""};
    SurfacePtr decoded(IMG_Load_RW(rw, 1));
    if (!decoded)
        return Error{"", fmt::format("cannot decode the picture: {}", IMG_GetError()),
                     "it is damaged: save it again, or use another copy"};
    return to_argb(std::move(decoded));
}

SdlImagePreparer::SdlImagePreparer(int screen_width, int screen_height, Limits limits)
    : screen_width_(screen_width), screen_height_(screen_height), limits_(limits) {}

std::string SdlImagePreparer::variant() const {
    return fmt::format("{}x{}", screen_width_, screen_height_);
}

Result<content::PreparedImage> SdlImagePreparer::prepare(std::string_view bytes, const std::string& origin,
                                                         const std::string& out_file) {
    const size_t byte_cap = std::min<size_t>(limits_.max_bytes, INT_MAX);
    if (bytes.size() > byte_cap)
        return Error{origin,
                     fmt::format("the picture is {}, over the cap of {}", megabytes(static_cast<double>(bytes.size())),
                                 megabytes(static_cast<double>(byte_cap))),
                     "scale it down or save it with more compression"};

    auto size = probe(bytes);
    if (!size) return with_origin(size.error(), origin);
    const long long pixels = static_cast<long long>(size->width) * size->height;
    if (pixels > limits_.max_pixels)
        return Error{origin,
                     fmt::format("the picture is {}x{} ({} megapixels), over the cap of {} megapixels", size->width,
                                 size->height, megapixels(pixels), megapixels(limits_.max_pixels)),
                     fmt::format("scale it down to at most {} megapixels", megapixels(limits_.max_pixels))};
    if (is_jpeg(bytes) && !jpeg_has_end(bytes))
        return Error{origin, "the JPEG is cut off before its end", "download or copy it again"};

    // A JPEG on its side is turned before it is decoded, where that works; anything else
    // is scaled before it is turned, so that the turn moves screen-sized pixels, not the
    // camera's. The target is chosen for the upright picture, then stated in stored terms.
    int orientation = exif_orientation(bytes);
    Dimensions stored = *size;
    std::string turned;
    if (orientation != 1 && is_jpeg(bytes)) {
        if (auto upright_jpeg = turn_jpeg_upright(bytes, orientation)) {
            if (auto turned_size = probe(*upright_jpeg)) {
                turned = std::move(*upright_jpeg);
                bytes = turned;
                stored = *turned_size;
                orientation = 1;
            }
        }
    }
    const Dimensions upright = cover_size(upright_size(stored, orientation), {screen_width_, screen_height_});
    const Dimensions target = upright_size(upright, orientation);
    auto picture = decode(bytes, target);
    if (!picture) return with_origin(picture.error(), origin);
    auto scaled = scale_down(std::move(*picture), target);
    if (!scaled) return with_origin(scaled.error(), origin);
    auto result = make_upright(std::move(*scaled), orientation);
    if (!result) return with_origin(result.error(), origin);

    // The format is decided per picture and carried in the bytes: load_prepared reads
    // either, whatever the file is called.
    SDL_Surface& surface = **result;
    auto encoded = has_transparency(surface) ? encode_png(surface) : encode_jpeg(surface, jpeg_quality);
    if (!encoded) return with_origin(encoded.error(), origin);
    if (auto written = store::write_atomic(out_file, *encoded); !written) return written.error();
    return content::PreparedImage{out_file, surface.w, surface.h};
}

bool SdlImagePreparer::is_document(std::string_view bytes) const {
    return is_pdf(bytes);
}

Result<int> SdlImagePreparer::count_pages(std::string_view bytes, const std::string& origin) {
    if (bytes.size() > limits_.max_bytes)
        return Error{origin,
                     fmt::format("the PDF is {}, over the cap of {}", megabytes(static_cast<double>(bytes.size())),
                                 megabytes(static_cast<double>(limits_.max_bytes))),
                     "export it with pictures at screen resolution (\"reduced size\")"};
    auto pages = pdf_pages(bytes);
    if (!pages) return with_origin(pages.error(), origin);
    return pages;
}

Result<content::PreparedImage> SdlImagePreparer::prepare_page(std::string_view bytes, int index,
                                                              const std::string& origin, const std::string& out_file) {
    content::PreparedImage prepared{out_file, 0, 0};
    auto drawn = render_pdf_page(bytes, index, {screen_width_, screen_height_}, [&](SDL_Surface& page) -> Result<void> {
        auto encoded = encode_jpeg(page, jpeg_quality);
        if (!encoded) return encoded.error();
        prepared.width = page.w;
        prepared.height = page.h;
        return store::write_atomic(out_file, *encoded);
    });
    if (!drawn) return drawn.error().where.empty() ? with_origin(drawn.error(), origin) : drawn.error();
    return prepared;
}

Result<SurfacePtr> load_prepared(const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto loaded = in.bad() || bytes.empty() ? Result<SurfacePtr>(Error{"", "cannot read it", ""}) : decode(bytes, {});
    if (!loaded)
        return Error{file, fmt::format("cannot load the prepared picture: {}", loaded.error().what),
                     "remove the file, so that the picture is prepared again"};
    return loaded;
}

}  // namespace placard::media
