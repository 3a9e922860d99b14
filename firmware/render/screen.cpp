#include "render/screen.hpp"

#include <utility>

#include <SDL.h>
#include <fmt/format.h>

#include "render/compose.hpp"
#include "util/log.hpp"

namespace placard::render {
namespace {

Error display_error(const char* what) {
    return Error{"display", fmt::format("{} ({})", what, SDL_GetError()), ""};
}

// The window's surface can take our pixels as they are: 32 bits, red-green-blue in the
// low three bytes (X11, the offscreen driver and fbdev all give this on a PC or a Pi).
bool takes_argb(const SDL_Surface& s) {
    const SDL_PixelFormat& f = *s.format;
    return f.BytesPerPixel == 4 && f.Rmask == 0x00FF0000u && f.Gmask == 0x0000FF00u && f.Bmask == 0x000000FFu;
}

int normal_rotation(int degrees) {
    return degrees == 90 || degrees == 180 || degrees == 270 ? degrees : 0;
}

}  // namespace

Result<std::unique_ptr<Screen>> Screen::open(const ScreenOptions& options) {
    std::unique_ptr<Screen> screen(new Screen);
    screen->rotation_ = normal_rotation(options.rotation);
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
    // Without this hint a window's surface on X11 is faked with an OpenGL texture, which
    // loads Mesa: about 100 MB of RSS for nothing (PLATFORM-NOTES.md).
    SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    screen->window_.reset(SDL_CreateWindow("placard", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h, flags));
    if (!screen->window_)
        return Error{"display", fmt::format("cannot open a window ({})", SDL_GetError()),
                     "run with --headless to render without a display, or check SDL_VIDEODRIVER"};
    SDL_GetWindowSize(screen->window_.get(), &w, &h);
    screen->panel_ = {w, h};

    // A window has either a renderer or a surface of its own, never both: choose first.
    const bool want_software = options.headless || options.renderer == "software";
    if (!want_software) {
        screen->renderer_.reset(SDL_CreateRenderer(screen->window_.get(), -1, SDL_RENDERER_ACCELERATED));
        if (screen->renderer_) {
            if (auto made = screen->make_textures(); !made) return made.error();
        } else if (options.renderer == "accelerated") {
            log::warning("render", "no accelerated renderer ({}); drawing in software", SDL_GetError());
        }
    }
    if (!screen->renderer_ && !SDL_GetWindowSurface(screen->window_.get())) {
        // KMSDRM, for one, has no window surface: there the GPU's renderer is the way.
        log::warning("render", "cannot draw on the window in software ({}); trying the accelerated renderer",
                     SDL_GetError());
        screen->renderer_.reset(SDL_CreateRenderer(screen->window_.get(), -1, 0));
        if (!screen->renderer_)
            return Error{"display", fmt::format("cannot draw on the window ({})", SDL_GetError()),
                         "try another SDL_VIDEODRIVER, or --headless"};
        if (auto made = screen->make_textures(); !made) return made.error();
    }
    const char* how = "software";
    if (screen->renderer_) {
        SDL_RendererInfo info{};
        SDL_GetRendererInfo(screen->renderer_.get(), &info);
        how = info.name;
    } else {
        SDL_Surface* surface = SDL_GetWindowSurface(screen->window_.get());
        if (!takes_argb(*surface))
            log::info("render", "the window's pixels are {}: converting every frame",
                      SDL_GetPixelFormatName(surface->format->format));
    }
    const layout::Size upright = screen->size();
    log::info("render", "{}x{}{}, {} renderer, video driver {}", upright.width, upright.height,
              screen->rotation_ ? fmt::format(" turned {} degrees", screen->rotation_) : std::string(), how,
              SDL_GetCurrentVideoDriver());
    return screen;
}

Screen::~Screen() = default;

layout::Size Screen::size() const {
    return upright_size(panel_, rotation_);
}

std::string Screen::renderer_name() const {
    if (!renderer_) return "software";
    SDL_RendererInfo info{};
    SDL_GetRendererInfo(renderer_.get(), &info);
    return info.name ? info.name : "unknown";
}

Result<void> Screen::make_textures() {
    const layout::Size s = size();
    auto make = [&] {
        return TexturePtr(SDL_CreateTexture(renderer_.get(), SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STATIC,
                                            s.width, s.height));
    };
    from_ = make();
    to_ = make();
    if (!from_ || !to_) return display_error("cannot create a texture");
    SDL_SetTextureBlendMode(to_.get(), SDL_BLENDMODE_BLEND);
    return {};
}

void Screen::set_rotation(int degrees) {
    degrees = normal_rotation(degrees);
    if (degrees == rotation_) return;
    const layout::Size before = size();
    rotation_ = degrees;
    fade_to_ = nullptr;
    fade_t_ = 1;
    if (renderer_ && (size().width != before.width || size().height != before.height)) {
        if (auto made = make_textures(); !made) log::error("render", "{}", made.error().to_string());
    }
    log::info("render", "the screen now turns frames {} degrees", rotation_);
}

// Accelerated: the upright texture, centred on the panel and turned about its centre.
void Screen::copy_turned(SDL_Texture* texture) {
    const layout::Size s = size();
    const SDL_Rect to{(panel_.width - s.width) / 2, (panel_.height - s.height) / 2, s.width, s.height};
    if (rotation_ == 0) SDL_RenderCopy(renderer_.get(), texture, nullptr, &to);
    else SDL_RenderCopyEx(renderer_.get(), texture, nullptr, &to, rotation_, nullptr, SDL_FLIP_NONE);
}

// Software: one pass from the frame to the window's surface.
void Screen::present(const SDL_Surface& frame, unsigned weight) {
    // Asked for each time: the driver replaces the surface when the window changes size.
    SDL_Surface* surface = SDL_GetWindowSurface(window_.get());
    if (!surface) {
        log::write_once(log::Level::error, "render", "window-surface",
                        fmt::format("cannot draw on the window ({})", SDL_GetError()));
        return;
    }
    if (surface->w != panel_.width || surface->h != panel_.height) panel_ = {surface->w, surface->h};
    if (takes_argb(*surface)) {
        compose(frame, weight, *surface, rotation_);
    } else {
        // The staging copy is what the panel shows, kept between frames for the fade.
        if (!staging_ || staging_->w != surface->w || staging_->h != surface->h) {
            staging_.reset(SDL_CreateRGBSurfaceWithFormat(0, surface->w, surface->h, 32, SDL_PIXELFORMAT_ARGB8888));
            weight = 256;
        }
        if (!staging_) return;
        compose(frame, weight, *staging_, rotation_);
        SDL_BlitSurface(staging_.get(), nullptr, surface, nullptr);
    }
    SDL_UpdateWindowSurface(window_.get());
}

void Screen::show(const SDL_Surface& frame) {
    fade_to_ = nullptr;
    fade_t_ = 1;
    if (!renderer_) {
        present(frame, 256);
        return;
    }
    SDL_UpdateTexture(from_.get(), nullptr, frame.pixels, frame.pitch);
    SDL_RenderClear(renderer_.get());
    copy_turned(from_.get());
    SDL_RenderPresent(renderer_.get());
}

void Screen::begin_fade(const SDL_Surface& to) {
    fade_to_ = &to;
    fade_t_ = 0;
    if (renderer_) SDL_UpdateTexture(to_.get(), nullptr, to.pixels, to.pitch);
}

void Screen::draw_fade(double t) {
    t = t < 0 ? 0 : (t > 1 ? 1 : t);
    if (!fade_to_ || t <= fade_t_) return;
    if (!renderer_) {
        // The surface is at fade_t_ of the way; the step to t covers this share of the rest.
        // The share is rounded to 1/256 and fade_t_ advanced by what was really done, so
        // that the fade ends exactly on the new frame, on time.
        const unsigned weight = t >= 1 ? 256u : static_cast<unsigned>((t - fade_t_) / (1 - fade_t_) * 256.0 + 0.5);
        if (weight == 0) return;
        present(*fade_to_, weight);
        fade_t_ = weight >= 256 ? 1.0 : fade_t_ + (1 - fade_t_) * weight / 256.0;
    } else {
        // The old frame stays opaque underneath while the new one comes in over it: at no
        // point is there less than a whole picture on screen, so no dark frame.
        SDL_SetTextureAlphaMod(to_.get(), static_cast<Uint8>(t * 255.0 + 0.5));
        SDL_RenderClear(renderer_.get());
        copy_turned(from_.get());
        copy_turned(to_.get());
        SDL_RenderPresent(renderer_.get());
        fade_t_ = t;
        if (t >= 1) {
            // The new frame is what is on screen now: it is where the next fade starts.
            std::swap(from_, to_);
            SDL_SetTextureBlendMode(from_.get(), SDL_BLENDMODE_NONE);
            SDL_SetTextureBlendMode(to_.get(), SDL_BLENDMODE_BLEND);
        }
    }
    if (fade_t_ >= 1) fade_to_ = nullptr;
}

Result<SurfacePtr> Screen::read_back() {
    if (!renderer_) {
        SDL_Surface* surface = SDL_GetWindowSurface(window_.get());
        if (!surface) return display_error("cannot read the window");
        SurfacePtr copy(SDL_ConvertSurfaceFormat(surface, SDL_PIXELFORMAT_ARGB8888, 0));
        if (!copy) return display_error("cannot read the window");
        return copy;
    }
    SurfacePtr s(SDL_CreateRGBSurfaceWithFormat(0, panel_.width, panel_.height, 32, SDL_PIXELFORMAT_ARGB8888));
    if (!s) return display_error("cannot read the screen back");
    if (SDL_RenderReadPixels(renderer_.get(), nullptr, SDL_PIXELFORMAT_ARGB8888, s->pixels, s->pitch) != 0)
        return display_error("cannot read the screen back");
    return s;
}

}  // namespace placard::render
