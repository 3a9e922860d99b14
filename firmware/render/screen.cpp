#include "render/screen.hpp"

#include <cstring>

#include <SDL.h>
#include <fmt/format.h>

#include "render/blend.hpp"
#include "util/log.hpp"

namespace placard::render {

Result<std::unique_ptr<Screen>> Screen::open(const ScreenOptions& options) {
    std::unique_ptr<Screen> screen(new Screen);
    int w = 0, h = 0;
    Uint32 flags = SDL_WINDOW_SHOWN;
    if (options.window) {
        w = options.window->width;
        h = options.window->height;
    } else if (options.headless) {
        layout::Size s = options.size.value_or(layout::Size{1920, 1080});
        w = s.width;
        h = s.height;
    } else {
        SDL_DisplayMode mode{};
        if (SDL_GetDesktopDisplayMode(0, &mode) == 0) {
            w = mode.w;
            h = mode.h;
        } else {
            w = 1920;
            h = 1080;
        }
        flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
        SDL_ShowCursor(SDL_DISABLE);
    }
    // Without this hint a software renderer on a window loads Mesa for its "texture
    // framebuffer": about 100 MB of RSS for nothing (PLATFORM-NOTES.md).
    SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    screen->window_.reset(SDL_CreateWindow("placard", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h, flags));
    if (!screen->window_)
        return Error{"display", fmt::format("cannot open a window ({})", SDL_GetError()),
                     "run with --headless to render without a display, or check SDL_VIDEODRIVER"};
    SDL_GetWindowSize(screen->window_.get(), &w, &h);
    screen->size_ = {w, h};

    const bool want_software = options.headless || options.renderer == "software";
    if (!want_software)
        screen->renderer_.reset(SDL_CreateRenderer(screen->window_.get(), -1, SDL_RENDERER_ACCELERATED));
    if (!screen->renderer_) {
        if (!want_software && options.renderer == "accelerated")
            log::warning("render", "no accelerated renderer ({}); using the software one", SDL_GetError());
        screen->renderer_.reset(SDL_CreateRenderer(screen->window_.get(), -1, SDL_RENDERER_SOFTWARE));
    }
    if (!screen->renderer_)
        return Error{"display", fmt::format("cannot create a renderer ({})", SDL_GetError()), ""};
    SDL_RendererInfo info{};
    SDL_GetRendererInfo(screen->renderer_.get(), &info);
    screen->software_ = (info.flags & SDL_RENDERER_SOFTWARE) != 0;

    auto make = [&](int access) {
        return TexturePtr(SDL_CreateTexture(screen->renderer_.get(), SDL_PIXELFORMAT_ARGB8888, access, w, h));
    };
    if (screen->software_) {
        screen->stream_ = make(SDL_TEXTUREACCESS_STREAMING);
        if (!screen->stream_) return Error{"display", fmt::format("cannot create a texture ({})", SDL_GetError()), ""};
    } else {
        screen->from_ = make(SDL_TEXTUREACCESS_STATIC);
        screen->to_ = make(SDL_TEXTUREACCESS_STATIC);
        if (!screen->from_ || !screen->to_)
            return Error{"display", fmt::format("cannot create a texture ({})", SDL_GetError()), ""};
        SDL_SetTextureBlendMode(screen->to_.get(), SDL_BLENDMODE_BLEND);
    }
    log::info("render", "{}x{}, {} renderer, video driver {}", w, h, info.name, SDL_GetCurrentVideoDriver());
    return screen;
}

Screen::~Screen() = default;

std::string Screen::renderer_name() const {
    SDL_RendererInfo info{};
    SDL_GetRendererInfo(renderer_.get(), &info);
    return info.name ? info.name : "unknown";
}

void Screen::upload(SDL_Texture* texture, const SDL_Surface& frame) {
    SDL_UpdateTexture(texture, nullptr, frame.pixels, frame.pitch);
}

void Screen::show(const SDL_Surface& frame) {
    fade_from_ = fade_to_ = nullptr;
    if (software_) {
        void* pixels = nullptr;
        int pitch = 0;
        if (SDL_LockTexture(stream_.get(), nullptr, &pixels, &pitch) == 0) {
            for (int y = 0; y < frame.h && y < size_.height; ++y)
                std::memcpy(static_cast<char*>(pixels) + y * pitch, static_cast<const char*>(frame.pixels) + y * frame.pitch,
                            static_cast<size_t>(std::min(frame.w, size_.width)) * 4);
            SDL_UnlockTexture(stream_.get());
        }
        SDL_RenderCopy(renderer_.get(), stream_.get(), nullptr, nullptr);
    } else {
        upload(from_.get(), frame);
        SDL_RenderCopy(renderer_.get(), from_.get(), nullptr, nullptr);
    }
    SDL_RenderPresent(renderer_.get());
}

void Screen::begin_fade(const SDL_Surface& from, const SDL_Surface& to) {
    if (software_) {
        fade_from_ = &from;
        fade_to_ = &to;
    } else {
        upload(from_.get(), from);
        upload(to_.get(), to);
    }
}

void Screen::draw_fade(double t) {
    t = t < 0 ? 0 : (t > 1 ? 1 : t);
    if (software_) {
        if (!fade_from_ || !fade_to_) return;
        void* pixels = nullptr;
        int pitch = 0;
        if (SDL_LockTexture(stream_.get(), nullptr, &pixels, &pitch) != 0) return;
        const unsigned weight = static_cast<unsigned>(t * 256.0 + 0.5);
        const int rows = std::min({fade_from_->h, fade_to_->h, size_.height});
        const int cols = std::min({fade_from_->w, fade_to_->w, size_.width});
        for (int y = 0; y < rows; ++y) {
            auto* out = reinterpret_cast<std::uint32_t*>(static_cast<char*>(pixels) + y * pitch);
            auto* a = reinterpret_cast<const std::uint32_t*>(static_cast<const char*>(fade_from_->pixels) + y * fade_from_->pitch);
            auto* b = reinterpret_cast<const std::uint32_t*>(static_cast<const char*>(fade_to_->pixels) + y * fade_to_->pitch);
            blend_pixels(a, b, out, static_cast<size_t>(cols), weight);
        }
        SDL_UnlockTexture(stream_.get());
        SDL_RenderCopy(renderer_.get(), stream_.get(), nullptr, nullptr);
    } else {
        // The old frame stays opaque underneath while the new one comes in over it: at no
        // point is there less than a whole picture on screen, so no dark frame.
        SDL_SetTextureAlphaMod(to_.get(), static_cast<Uint8>(t * 255.0 + 0.5));
        SDL_RenderCopy(renderer_.get(), from_.get(), nullptr, nullptr);
        SDL_RenderCopy(renderer_.get(), to_.get(), nullptr, nullptr);
    }
    SDL_RenderPresent(renderer_.get());
}

Result<SurfacePtr> Screen::read_back() {
    SurfacePtr s(SDL_CreateRGBSurfaceWithFormat(0, size_.width, size_.height, 32, SDL_PIXELFORMAT_ARGB8888));
    if (!s) return Error{"render", SDL_GetError(), ""};
    if (SDL_RenderReadPixels(renderer_.get(), nullptr, SDL_PIXELFORMAT_ARGB8888, s->pixels, s->pitch) != 0)
        return Error{"render", fmt::format("cannot read the screen back ({})", SDL_GetError()), ""};
    return s;
}

}  // namespace placard::render
