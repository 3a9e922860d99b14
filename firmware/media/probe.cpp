// probe(): the size a picture claims, read from its header by the format's own library,
// so that a picture over the caps is refused before anything is decoded.
#include <csetjmp>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>

#include <fmt/format.h>
#include <png.h>
#include <turbojpeg.h>
#include <webp/decode.h>

#include "media/image.hpp"
#include "util/deleter.hpp"

namespace placard::media {
namespace {

enum class Format { jpeg, png, webp, gif, other };

Format sniff(std::string_view b) {
    if (b.size() >= 3 && b.substr(0, 3) == "\xFF\xD8\xFF") return Format::jpeg;
    if (b.size() >= 8 && b.substr(0, 8) == "\x89PNG\r\n\x1A\n") return Format::png;
    if (b.size() >= 12 && b.substr(0, 4) == "RIFF" && b.substr(8, 4) == "WEBP") return Format::webp;
    if (b.size() >= 6 && (b.substr(0, 6) == "GIF87a" || b.substr(0, 6) == "GIF89a")) return Format::gif;
    return Format::other;
}

Error damaged(std::string_view format, std::string_view why) {
    return Error{"", fmt::format("damaged {} header: {}", format, why), "save the picture again, or use another copy"};
}

// libpng reports errors by longjmp: what lives across png_read_info must be trivially
// destructible, so it is all kept in this plain struct.
struct PngProbe {
    const unsigned char* data = nullptr;
    size_t size = 0;
    size_t pos = 0;
    png_uint_32 width = 0;
    png_uint_32 height = 0;
    char message[160] = {};
};

void png_read_memory(png_structp png, png_bytep out, size_t count) {
    auto* probe = static_cast<PngProbe*>(png_get_io_ptr(png));
    if (count > probe->size - probe->pos) png_error(png, "the file ends inside its header");
    std::memcpy(out, probe->data + probe->pos, count);
    probe->pos += count;
}

void png_fail(png_structp png, png_const_charp message) {
    auto* probe = static_cast<PngProbe*>(png_get_error_ptr(png));
    std::snprintf(probe->message, sizeof probe->message, "%s", message);
    png_longjmp(png, 1);
}

void png_ignore_warning(png_structp, png_const_charp) {}

bool read_png_header(PngProbe& probe) {
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &probe, png_fail, png_ignore_warning);
    if (!png) return false;
    png_infop info = png_create_info_struct(png);
    if (!info) {
        png_destroy_read_struct(&png, nullptr, nullptr);
        return false;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_read_struct(&png, &info, nullptr);
        return false;
    }
    // libpng's own default refuses over a million pixels a side; the caps are ours to
    // apply, with a message that says what to do, so it only has to read the numbers.
    png_set_user_limits(png, PNG_UINT_31_MAX, PNG_UINT_31_MAX);
    png_set_read_fn(png, &probe, png_read_memory);
    png_read_info(png, info);
    probe.width = png_get_image_width(png, info);
    probe.height = png_get_image_height(png, info);
    png_destroy_read_struct(&png, &info, nullptr);
    return true;
}

Result<Dimensions> probe_png(std::string_view bytes) {
    PngProbe probe;
    probe.data = reinterpret_cast<const unsigned char*>(bytes.data());
    probe.size = bytes.size();
    if (!read_png_header(probe)) return damaged("PNG", probe.message[0] ? probe.message : "out of memory");
    return Dimensions{static_cast<int>(probe.width), static_cast<int>(probe.height)};
}

Result<Dimensions> probe_jpeg(std::string_view bytes) {
    std::unique_ptr<void, Deleter<tjDestroy>> tj(tjInitDecompress());
    if (!tj) return damaged("JPEG", tjGetErrorStr2(nullptr));
    int width = 0, height = 0, subsampling = 0, colorspace = 0;
    // const_cast: turbojpeg 2.1's header reader takes a non-const buffer it does not write.
    auto* data = reinterpret_cast<unsigned char*>(const_cast<char*>(bytes.data()));
    if (tjDecompressHeader3(tj.get(), data, static_cast<unsigned long>(bytes.size()), &width, &height, &subsampling,
                            &colorspace) != 0)
        return damaged("JPEG", tjGetErrorStr2(tj.get()));
    // Cut off before the frame header, turbojpeg only warns, and leaves the size at 0.
    if (width <= 0 || height <= 0) return damaged("JPEG", "the file ends before the picture's size");
    return Dimensions{width, height};
}

Result<Dimensions> probe_webp(std::string_view bytes) {
    int width = 0, height = 0;
    if (!WebPGetInfo(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), &width, &height))
        return damaged("WebP", "no image size in it");
    return Dimensions{width, height};
}

// GIF89a section 18: the logical screen size, two little-endian 16-bit numbers after the
// six-byte signature. No library is needed to read two numbers at a fixed place.
Result<Dimensions> probe_gif(std::string_view bytes) {
    if (bytes.size() < 10) return damaged("GIF", "the file ends inside its header");
    const auto byte = [&](size_t i) { return static_cast<int>(static_cast<unsigned char>(bytes[i])); };
    Dimensions d{byte(6) | byte(7) << 8, byte(8) | byte(9) << 8};
    if (d.width == 0 || d.height == 0) return damaged("GIF", fmt::format("it claims {}x{} pixels", d.width, d.height));
    return d;
}

}  // namespace

Result<Dimensions> probe(std::string_view bytes) {
    switch (sniff(bytes)) {
        case Format::jpeg:
            return probe_jpeg(bytes);
        case Format::png:
            return probe_png(bytes);
        case Format::webp:
            return probe_webp(bytes);
        case Format::gif:
            return probe_gif(bytes);
        case Format::other:
            break;
    }
    return Error{"", "not a JPEG, PNG, WebP or GIF image", "save it as JPEG (photos) or PNG (posters, logos)"};
}

}  // namespace placard::media
