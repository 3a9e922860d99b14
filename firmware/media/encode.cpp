#include "media/encode.hpp"
#include "util/deleter.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>

#include <SDL_image.h>
#include <fmt/format.h>
#include <turbojpeg.h>

namespace placard::media {
namespace {

// SDL2 has no growing memory stream: this one appends to a std::string, so that the
// encoders' output can go to the cache through one atomic write.
struct StringStream {
    std::string bytes;
    size_t pos = 0;
};

StringStream& stream_of(SDL_RWops* rw) {
    return *static_cast<StringStream*>(rw->hidden.unknown.data1);
}

Sint64 SDLCALL stream_size(SDL_RWops* rw) {
    return static_cast<Sint64>(stream_of(rw).bytes.size());
}

Sint64 SDLCALL stream_seek(SDL_RWops* rw, Sint64 offset, int whence) {
    auto& s = stream_of(rw);
    Sint64 base = 0;
    if (whence == RW_SEEK_CUR) base = static_cast<Sint64>(s.pos);
    if (whence == RW_SEEK_END) base = static_cast<Sint64>(s.bytes.size());
    const Sint64 to = base + offset;
    if (to < 0) return SDL_SetError("seek before the start of a memory stream");
    s.pos = static_cast<size_t>(to);
    return to;
}

size_t SDLCALL stream_read(SDL_RWops*, void*, size_t, size_t) {
    return 0;
}

size_t SDLCALL stream_write(SDL_RWops* rw, const void* data, size_t size, size_t count) {
    auto& s = stream_of(rw);
    const size_t n = size * count;
    if (s.bytes.size() < s.pos + n) s.bytes.resize(s.pos + n);
    std::memcpy(s.bytes.data() + s.pos, data, n);
    s.pos += n;
    return count;
}

int SDLCALL stream_close(SDL_RWops* rw) {
    SDL_FreeRW(rw);
    return 0;
}

struct TjBufferFree {
    void operator()(unsigned char* buffer) const noexcept { tjFree(buffer); }
};

struct RwCloser {
    void operator()(SDL_RWops* rw) const noexcept { SDL_RWclose(rw); }
};
using RwPtr = std::unique_ptr<SDL_RWops, RwCloser>;

Result<RwPtr> open_stream(StringStream& target) {
    RwPtr rw(SDL_AllocRW());
    if (!rw) return Error{"", fmt::format("cannot encode the picture: {}", SDL_GetError()), ""};
    rw->type = SDL_RWOPS_UNKNOWN;
    rw->size = stream_size;
    rw->seek = stream_seek;
    rw->read = stream_read;
    rw->write = stream_write;
    rw->close = stream_close;
    rw->hidden.unknown.data1 = &target;
    return rw;
}

template <class Save>
Result<std::string> encode(Save save, const char* format) {
    StringStream out;
    auto rw = open_stream(out);
    if (!rw) return rw.error();
    if (save(rw->get()) != 0)
        return Error{"", fmt::format("cannot encode the picture as {}: {}", format, IMG_GetError()), ""};
    rw->reset();
    return std::move(out.bytes);
}

}  // namespace

bool has_transparency(const SDL_Surface& argb) {
    const auto* base = static_cast<const unsigned char*>(argb.pixels);
    for (int y = 0; y < argb.h; ++y) {
        const auto* row = reinterpret_cast<const uint32_t*>(base + static_cast<ptrdiff_t>(y) * argb.pitch);
        if (std::any_of(row, row + argb.w, [](uint32_t p) { return (p >> 24) != 0xFFu; })) return true;
    }
    return false;
}

// With libjpeg-turbo from our ARGB pixels as they are: SDL_image would first copy the
// picture to 24-bit RGB, a second screen-sized buffer. Full-resolution colour (4:4:4):
// posters are mostly text, and halving the colour blurs red letters on white.
Result<std::string> encode_jpeg(SDL_Surface& surface, int quality) {
    if (surface.format->format != SDL_PIXELFORMAT_ARGB8888)
        return Error{"", "cannot encode the picture as JPEG: it is not ARGB8888", ""};
    std::unique_ptr<void, Deleter<tjDestroy>> tj(tjInitCompress());
    if (!tj) return Error{"", fmt::format("cannot start the JPEG encoder: {}", tjGetErrorStr2(nullptr)), ""};
    unsigned char* out = nullptr;  // grown by turbojpeg as it writes
    unsigned long size = 0;
    const int pixel_format = SDL_BYTEORDER == SDL_LIL_ENDIAN ? TJPF_BGRA : TJPF_ARGB;
    const int failed = tjCompress2(tj.get(), static_cast<const unsigned char*>(surface.pixels), surface.w,
                                   surface.pitch, surface.h, pixel_format, &out, &size, TJSAMP_444, quality, 0);
    std::unique_ptr<unsigned char, TjBufferFree> owned(out);
    if (failed) return Error{"", fmt::format("cannot encode the picture as JPEG: {}", tjGetErrorStr2(tj.get())), ""};
    return std::string(reinterpret_cast<const char*>(out), size);
}

Result<std::string> encode_png(SDL_Surface& surface) {
    return encode([&](SDL_RWops* rw) { return IMG_SavePNG_RW(&surface, rw, 0); }, "PNG");
}

}  // namespace placard::media
