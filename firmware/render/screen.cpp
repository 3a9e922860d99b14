#include "render/screen.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>

#include <SDL.h>
#include <fmt/format.h>

#include "render/compose.hpp"
#include "render/display_mode.hpp"
#include "render/gl_probe.hpp"
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

// Margins that leave at least a quarter of the panel each way; else none.
layout::Insets usable_margins(layout::Insets m, layout::Size panel) {
    if (m == layout::Insets{}) return m;
    const bool fits = m.top >= 0 && m.right >= 0 && m.bottom >= 0 && m.left >= 0 &&
                      panel.width - m.left - m.right >= panel.width / 4 &&
                      panel.height - m.top - m.bottom >= panel.height / 4;
    if (fits) return m;
    log::warning("render",
                 "the overscan margins ({} {} {} {} px, top right bottom left) leave too little of the {}x{} screen; "
                 "showing the whole screen: make them smaller in display.overscan",
                 m.top, m.right, m.bottom, m.left, panel.width, panel.height);
    return {};
}

// GL_RENDERER of the renderer's context, when it is an OpenGL one (it is current then).
std::string gl_renderer_in_use() {
    if (!SDL_GL_GetCurrentContext()) return {};
    using GetString = const unsigned char* (*)(unsigned);
    auto get_string = reinterpret_cast<GetString>(SDL_GL_GetProcAddress("glGetString"));
    const unsigned char* name = get_string ? get_string(0x1F01 /* GL_RENDERER */) : nullptr;
    return name ? reinterpret_cast<const char*>(name) : std::string();
}

void log_software_choice(const std::string& gl_renderer, const char* after) {
    log::info("render", "OpenGL is {} (software): drawing with placard's own software path{}", gl_renderer, after);
}

DisplayMode from_sdl(const SDL_DisplayMode& m) {
    return {m.w, m.h, m.refresh_rate};
}

// The mode to drive a fullscreen panel at (render/display_mode.hpp); `changes` when it is
// not the one the screen is in.
struct ModeChoice {
    SDL_DisplayMode mode{};
    bool changes = false;
};

std::optional<ModeChoice> choose_sdl_mode(const std::optional<layout::Size>& wanted) {
    SDL_DisplayMode desktop{};
    if (SDL_GetDesktopDisplayMode(0, &desktop) != 0) return std::nullopt;
    std::vector<SDL_DisplayMode> sdl_modes;
    std::vector<DisplayMode> modes;
    for (int i = 0, n = SDL_GetNumDisplayModes(0); i < n; ++i) {
        SDL_DisplayMode m{};
        if (SDL_GetDisplayMode(0, i, &m) != 0) continue;
        sdl_modes.push_back(m);
        modes.push_back(from_sdl(m));
    }
    const DisplayMode chosen = choose_mode(modes, from_sdl(desktop), wanted);
    ModeChoice choice{desktop, false};
    if (chosen == from_sdl(desktop)) {
        if (wanted && (wanted->width != desktop.w || wanted->height != desktop.h))
            log::warning("render", "the screen has no {}x{} mode (display.size); it stays at {}", wanted->width,
                         wanted->height, to_string(chosen));
        return choice;
    }
    for (const auto& m : sdl_modes)
        if (from_sdl(m) == chosen) choice.mode = m;
    choice.changes = true;
    if (wanted && (wanted->width != chosen.width || wanted->height != chosen.height))
        log::warning("render", "the screen has no {}x{} mode (display.size); using the nearest, {}", wanted->width,
                     wanted->height, to_string(chosen));
    else if (!wanted)
        log::info("render",
                  "the screen is at {}; driving it at {}, the largest mode up to 1920x1080 "
                  "(set display.size for another)",
                  to_string(from_sdl(desktop)), to_string(chosen));
    return choice;
}

// The sum over an ARGB8888 surface of each pixel's luma (0-255, BT.601 weights).
uint64_t light_of(const SDL_Surface& s) {
    uint64_t sum = 0;
    for (int y = 0; y < s.h; ++y) {
        const auto* row = reinterpret_cast<const uint32_t*>(static_cast<const uint8_t*>(s.pixels) +
                                                            static_cast<ptrdiff_t>(y) * s.pitch);
        for (int x = 0; x < s.w; ++x) {
            const uint32_t p = row[x];
            sum += (77 * ((p >> 16) & 0xFF) + 150 * ((p >> 8) & 0xFF) + 29 * (p & 0xFF)) >> 8;
        }
    }
    return sum;
}

}  // namespace

Result<std::unique_ptr<Screen>> Screen::open(const ScreenOptions& options) {
    std::unique_ptr<Screen> screen(new Screen);
    screen->rotation_ = normal_rotation(options.rotation);
    int w = 0, h = 0;
    Uint32 flags = SDL_WINDOW_SHOWN;
    std::optional<ModeChoice> mode;
    if (options.window) {
        w = options.window->width;
        h = options.window->height;
    } else if (options.headless) {
        layout::Size s = options.size.value_or(layout::Size{1920, 1080});
        w = s.width;
        h = s.height;
    } else {
        mode = choose_sdl_mode(options.size);
        w = mode ? mode->mode.w : 1920;
        h = mode ? mode->mode.h : 1080;
        // The desktop's mode needs no mode change; another one does (KMSDRM sets it).
        flags |= mode && mode->changes ? SDL_WINDOW_FULLSCREEN : SDL_WINDOW_FULLSCREEN_DESKTOP;
        SDL_ShowCursor(SDL_DISABLE);
    }
    // Without this hint a window's surface on X11 is faked with an OpenGL texture, which
    // loads Mesa: about 100 MB of RSS for nothing (PLATFORM-NOTES.md).
    SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    auto make_window = [&]() -> Result<void> {
        screen->window_.reset(SDL_CreateWindow("placard", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h, flags));
        if (!screen->window_)
            return Error{"display", fmt::format("cannot open a window ({})", SDL_GetError()),
                         "run with --headless to render without a display, or check SDL_VIDEODRIVER"};
        if (mode && mode->changes && SDL_SetWindowDisplayMode(screen->window_.get(), &mode->mode) != 0)
            log::warning("render", "cannot set the mode {} ({})", to_string(from_sdl(mode->mode)), SDL_GetError());
        return {};
    };
    if (auto made = make_window(); !made) return made.error();
    SDL_GetWindowSize(screen->window_.get(), &w, &h);
    screen->panel_ = {w, h};
    screen->margins_ = usable_margins(options.margins, screen->panel_);

    // On KMSDRM (a Pi with no desktop) the GPU is driven through GLES. SDL tries its desktop
    // OpenGL renderer first, which on KMSDRM may create and draw, yet never reach the panel:
    // a black screen. At normal priority, so that SDL_RENDER_DRIVER still chooses.
    if (SDL_strcasecmp(SDL_GetCurrentVideoDriver(), "KMSDRM") == 0)
        SDL_SetHintWithPriority(SDL_HINT_RENDER_DRIVER, "opengles2", SDL_HINT_NORMAL);
    // A window has either a renderer or a surface of its own, never both: choose first.
    bool want_software = options.headless || options.renderer == "software";
    // Only X11 gives a window a surface of its own (Wayland and KMSDRM fake it with
    // OpenGL), so only there is the software path a choice for auto.
    const bool may_choose =
        options.renderer == "auto" && !want_software && std::string_view(SDL_GetCurrentVideoDriver()) == "x11";
    bool asked = false;
    if (may_choose) {
        if (auto gl = probe_gl_renderer_x11()) {
            asked = true;
            if (is_software_rasterizer(*gl)) {
                log_software_choice(*gl, "");
                want_software = true;
            }
        }
    }
    if (!want_software) {
        screen->renderer_.reset(SDL_CreateRenderer(screen->window_.get(), -1, SDL_RENDERER_ACCELERATED));
        const std::string gl = screen->renderer_ ? gl_renderer_in_use() : std::string();
        if (may_choose && !asked && is_software_rasterizer(gl)) {
            // The child could not tell; this process has asked itself. Mesa stays loaded
            // (it cannot be unloaded), but the CPU is spared. A window that had OpenGL
            // keeps it: a new one takes the surface.
            log_software_choice(gl, " (Mesa stays loaded: asking in a child process failed)");
            screen->renderer_.reset();
            screen->window_.reset();
            if (auto made = make_window(); !made) return made.error();
        } else if (screen->renderer_) {
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
    std::string gl_name;
    if (screen->renderer_) {
        SDL_RendererInfo info{};
        SDL_GetRendererInfo(screen->renderer_.get(), &info);
        how = info.name;
        if (const std::string gl = gl_renderer_in_use(); !gl.empty()) gl_name = fmt::format(" ({})", gl);
    } else {
        SDL_Surface* surface = SDL_GetWindowSurface(screen->window_.get());
        if (!takes_argb(*surface))
            log::info("render", "the window's pixels are {}: converting every frame",
                      SDL_GetPixelFormatName(surface->format->format));
    }
    const layout::Size upright = screen->size();
    log::info("render", "{}x{}{}{}, {} renderer{}, video driver {}", upright.width, upright.height,
              screen->rotation_ ? fmt::format(" turned {} degrees", screen->rotation_) : std::string(),
              screen->margins_ == layout::Insets{}
                  ? std::string()
                  : fmt::format(" within margins of {} {} {} {} px", screen->margins_.top, screen->margins_.right,
                                screen->margins_.bottom, screen->margins_.left),
              how, gl_name, SDL_GetCurrentVideoDriver());
    return screen;
}

Screen::~Screen() = default;

layout::Rect Screen::content() const {
    return {margins_.left, margins_.top, std::max(0, panel_.width - margins_.left - margins_.right),
            std::max(0, panel_.height - margins_.top - margins_.bottom)};
}

layout::Size Screen::size() const {
    const layout::Rect c = content();
    return upright_size({c.w, c.h}, rotation_);
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
        // XRGB: a frame's fourth byte is never read (a clip's, from mpv, is garbage).
        // Targets: a clip that the GPU draws is copied into them by the GPU.
        return TexturePtr(
            SDL_CreateTexture(renderer_.get(), SDL_PIXELFORMAT_RGB888, SDL_TEXTUREACCESS_TARGET, s.width, s.height));
    };
    from_ = make();
    to_ = make();
    if (!from_ || !to_) return display_error("cannot create a texture");
    SDL_SetTextureBlendMode(from_.get(), SDL_BLENDMODE_NONE);
    SDL_SetTextureBlendMode(to_.get(), SDL_BLENDMODE_BLEND);
    return {};
}

void Screen::set_rotation(int degrees) {
    degrees = normal_rotation(degrees);
    if (degrees == rotation_) return;
    const layout::Size before = size();
    rotation_ = degrees;
    if (rotation_ == 0) turned_.reset();
    resized(before);
    log::info("render", "the screen now turns frames {} degrees", rotation_);
}

void Screen::set_margins(layout::Insets margins) {
    margins = usable_margins(margins, panel_);
    if (margins == margins_) return;
    const layout::Size before = size();
    margins_ = margins;
    cleared_ = nullptr;  // the old picture may be left in the new bands
    if (staging_) SDL_FillRect(staging_.get(), nullptr, 0);
    resized(before);
    log::info("render", "the screen's margins are now {} {} {} {} px", margins_.top, margins_.right, margins_.bottom,
              margins_.left);
}

// After a change of the frames' size: a fade in progress is dropped, textures follow.
void Screen::resized(layout::Size before) {
    fade_to_ = {};
    fade_t_ = 1;
    if (renderer_ && size() != before) {
        if (auto made = make_textures(); !made) log::error("render", "{}", made.error().to_string());
    }
}

void Screen::blank() {
    fade_to_ = {};
    fade_t_ = 1;
    blank_ = true;
    if (renderer_) {
        SDL_SetRenderDrawColor(renderer_.get(), 0, 0, 0, 255);
        SDL_RenderClear(renderer_.get());
        SDL_RenderPresent(renderer_.get());
        return;
    }
    SDL_Surface* surface = SDL_GetWindowSurface(window_.get());
    if (!surface) return;
    SDL_FillRect(surface, nullptr, 0);
    if (staging_) SDL_FillRect(staging_.get(), nullptr, 0);
    SDL_UpdateWindowSurface(window_.get());
}

// Accelerated: the upright texture, centred within the margins and turned about its centre.
void Screen::copy_turned(SDL_Texture* texture) {
    const layout::Size s = size();
    const layout::Rect c = content();
    const SDL_Rect to{c.x + (c.w - s.width) / 2, c.y + (c.h - s.height) / 2, s.width, s.height};
    if (rotation_ == 0)
        SDL_RenderCopy(renderer_.get(), texture, nullptr, &to);
    else
        SDL_RenderCopyEx(renderer_.get(), texture, nullptr, &to, rotation_, nullptr, SDL_FLIP_NONE);
}

// Software: one pass from the frame to the window's surface.
void Screen::present(const SDL_Surface& frame, unsigned weight, int rotation) {
    // Asked for each time: the driver replaces the surface when the window changes size.
    SDL_Surface* surface = SDL_GetWindowSurface(window_.get());
    if (!surface) {
        log::write_once(log::Level::error, "render", "window-surface",
                        fmt::format("cannot draw on the window ({})", SDL_GetError()));
        return;
    }
    if (surface->w != panel_.width || surface->h != panel_.height) panel_ = {surface->w, surface->h};
    // Within margins, frames go to a view of the surface's middle: the bands stay black.
    auto compose_within = [&](SDL_Surface& panel) {
        if (margins_ == layout::Insets{}) return compose(frame, weight, panel, rotation);
        const layout::Rect c = content();
        SurfacePtr view(SDL_CreateRGBSurfaceWithFormatFrom(
            static_cast<char*>(panel.pixels) + static_cast<std::ptrdiff_t>(c.y) * panel.pitch + c.x * 4, c.w, c.h, 32,
            panel.pitch, panel.format->format));
        if (view) compose(frame, weight, *view, rotation);
    };
    if (takes_argb(*surface)) {
        if (cleared_ != surface && !(margins_ == layout::Insets{})) {
            SDL_FillRect(surface, nullptr, 0);
            weight = 256;
        }
        cleared_ = surface;
        compose_within(*surface);
        band_onto_panel(*surface);
    } else {
        // The staging copy is what the panel shows, kept between frames for the fade.
        if (!staging_ || staging_->w != surface->w || staging_->h != surface->h) {
            staging_.reset(SDL_CreateRGBSurfaceWithFormat(0, surface->w, surface->h, 32, SDL_PIXELFORMAT_ARGB8888));
            weight = 256;
        }
        if (!staging_) return;
        compose_within(*staging_);
        band_onto_panel(*staging_);
        SDL_BlitSurface(staging_.get(), nullptr, surface, nullptr);
    }
    SDL_UpdateWindowSurface(window_.get());
}

layout::Size Picture::size() const {
    if (surface) return {surface->w, surface->h};
    int w = 0, h = 0;
    if (texture) SDL_QueryTexture(texture, nullptr, nullptr, &w, &h);
    return {w, h};
}

bool Screen::show(const Picture& frame, bool check) {
    fade_to_ = {};
    fade_t_ = 1;
    blank_ = false;
    if (!renderer_) {
        if (frame.surface) present(*frame.surface, 256, rotation_);
        return true;
    }
    load(from_.get(), frame);
    SDL_RenderClear(renderer_.get());
    copy_turned(from_.get());
    copy_band();
    const bool drawn = !check || !frame.surface || drew(*frame.surface);
    SDL_RenderPresent(renderer_.get());
    return drawn;
}

// A texture's frame is copied by the GPU: the screen's textures stay the screen's, whatever
// becomes of the clip that drew it.
void Screen::load(SDL_Texture* texture, const Picture& frame) {
    if (frame.surface) {
        SDL_UpdateTexture(texture, nullptr, frame.surface->pixels, frame.surface->pitch);
        return;
    }
    if (!frame.texture) return;
    SDL_SetRenderTarget(renderer_.get(), texture);
    SDL_RenderCopy(renderer_.get(), frame.texture, nullptr, nullptr);
    SDL_SetRenderTarget(renderer_.get(), nullptr);
}

// What the renderer holds is read before it is presented: after, the back buffer is undefined.
bool Screen::drew(const SDL_Surface& frame) {
    auto back = read_back();
    if (!back) {
        log::info("render", "cannot check the first frame: {}", back.error().to_string());
        return true;
    }
    if (!band_ || !band_pixels_) return holds_frame(**back, frame);
    // What the panel should hold: the frame with the band over it.
    SurfacePtr expected(SDL_ConvertSurfaceFormat(const_cast<SDL_Surface*>(&frame), SDL_PIXELFORMAT_ARGB8888, 0));
    if (!expected) return true;
    draw_band_over(*expected);
    return holds_frame(**back, *expected);
}

bool holds_frame(const SDL_Surface& panel, const SDL_Surface& frame) {
    const uint64_t expected = light_of(frame);
    const uint64_t pixels = static_cast<uint64_t>(frame.w) * static_cast<uint64_t>(frame.h);
    if (expected < pixels * 8) return true;  // nearly black: black is no proof of anything
    const uint64_t got = light_of(panel);
    const uint64_t difference = got > expected ? got - expected : expected - got;
    if (difference <= expected / 20) return true;
    log::info("render", "the renderer holds {:.0f} % of the frame's light",
              100.0 * static_cast<double>(got) / static_cast<double>(expected));
    return false;
}

void Screen::begin_fade(const Picture& to) {
    blank_ = false;
    fade_to_ = to;
    fade_t_ = 0;
    fade_turned_ = false;
    if (renderer_) {
        load(to_.get(), to);
        return;
    }
    if (!to.surface) {  // no texture without a renderer: nothing to fade to
        fade_to_ = {};
        return;
    }
    if (rotation_ == 0) return;
    const layout::Rect c = content();
    if (!turned_ || turned_->w != c.w || turned_->h != c.h)
        turned_.reset(SDL_CreateRGBSurfaceWithFormat(0, c.w, c.h, 32, SDL_PIXELFORMAT_ARGB8888));
    if (!turned_) return;  // then each step turns the frame as it goes
    compose(*to.surface, 256, *turned_, rotation_);
    fade_turned_ = true;
}

void Screen::fade_target_changed() {
    if (!fade_to_) return;
    if (renderer_) {
        load(to_.get(), fade_to_);
        return;
    }
    if (fade_turned_) compose(*fade_to_.surface, 256, *turned_, rotation_);
}

double Screen::brightness() {
    SurfacePtr copy;
    const SDL_Surface* panel = nullptr;
    if (!renderer_) {
        panel = SDL_GetWindowSurface(window_.get());
    } else if (auto back = read_back()) {
        copy = std::move(*back);
        panel = copy.get();
    }
    if (!panel || panel->format->BytesPerPixel != 4) return 0;
    // Every fourth pixel of every fourth line, within the margins: BT.601 luma.
    const layout::Rect c = content();
    uint64_t sum = 0, n = 0;
    for (int y = c.y; y < c.y + c.h && y < panel->h; y += 4) {
        const auto* row = reinterpret_cast<const uint32_t*>(static_cast<const char*>(panel->pixels) +
                                                            static_cast<std::ptrdiff_t>(y) * panel->pitch);
        for (int x = c.x; x < c.x + c.w && x < panel->w; x += 4) {
            const uint32_t p = row[x];
            sum += 299 * ((p >> 16) & 255) + 587 * ((p >> 8) & 255) + 114 * (p & 255);
            ++n;
        }
    }
    return n ? static_cast<double>(sum) / (1000.0 * static_cast<double>(n)) : 0;
}

bool Screen::draw_fade(double t) {
    t = t < 0 ? 0 : (t > 1 ? 1 : t);
    if (!fade_to_ || t <= fade_t_) return false;
    if (!renderer_) {
        // The surface is at fade_t_ of the way; the step to t covers this share of the rest.
        // The share is rounded to 1/256 and fade_t_ advanced by what was really done, so
        // that the fade ends exactly on the new frame, on time.
        const unsigned weight = t >= 1 ? 256u : static_cast<unsigned>((t - fade_t_) / (1 - fade_t_) * 256.0 + 0.5);
        if (weight == 0) return false;
        present(fade_turned_ ? *turned_ : *fade_to_.surface, weight, fade_turned_ ? 0 : rotation_);
        fade_t_ = weight >= 256 ? 1.0 : fade_t_ + (1 - fade_t_) * weight / 256.0;
    } else {
        // The old frame stays opaque underneath while the new one comes in over it: at no
        // point is there less than a whole picture on screen, so no dark frame.
        SDL_SetTextureAlphaMod(to_.get(), static_cast<Uint8>(t * 255.0 + 0.5));
        SDL_RenderClear(renderer_.get());
        copy_turned(from_.get());
        copy_turned(to_.get());
        copy_band();
        SDL_RenderPresent(renderer_.get());
        fade_t_ = t;
        if (t >= 1) {
            // The new frame is what is on screen now: it is where the next fade starts.
            std::swap(from_, to_);
            SDL_SetTextureBlendMode(from_.get(), SDL_BLENDMODE_NONE);
            SDL_SetTextureBlendMode(to_.get(), SDL_BLENDMODE_BLEND);
        }
    }
    if (fade_t_ >= 1) fade_to_ = {};
    return true;
}

void Screen::set_band(std::optional<layout::Rect> band, const SDL_Surface* pixels) {
    const bool resized = band.has_value() != band_.has_value() || (band && !(*band == *band_));
    band_ = pixels ? band : std::nullopt;
    band_pixels_ = band_ ? pixels : nullptr;
    if (!band_) band_texture_.reset();
    if (renderer_ && band_ && (resized || !band_texture_)) {
        band_texture_.reset(SDL_CreateTexture(renderer_.get(), SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STREAMING,
                                              band_->w, band_->h));
        if (band_texture_) SDL_SetTextureBlendMode(band_texture_.get(), SDL_BLENDMODE_NONE);
        if (!band_texture_)
            log::write_once(
                log::Level::error, "render", "band-texture",
                fmt::format("cannot make the strip's texture ({}); the strip is not shown", SDL_GetError()));
    }
    if (band_texture_) SDL_UpdateTexture(band_texture_.get(), nullptr, band_pixels_->pixels, band_pixels_->pitch);
}

// Software: the band, turned, over the panel's pixels (a window surface or the staging copy).
void Screen::band_onto_panel(SDL_Surface& panel) {
    if (!band_ || !band_pixels_) return;
    const layout::Rect c = content();
    const layout::Rect r = turned_rect(*band_, {c.w, c.h}, rotation_);
    if (r.x < 0 || r.y < 0 || r.right() > c.w || r.bottom() > c.h) return;
    SurfacePtr view(SDL_CreateRGBSurfaceWithFormatFrom(static_cast<char*>(panel.pixels) +
                                                           static_cast<std::ptrdiff_t>(c.y + r.y) * panel.pitch +
                                                           static_cast<std::ptrdiff_t>(c.x + r.x) * 4,
                                                       r.w, r.h, 32, panel.pitch, panel.format->format));
    if (view) compose(*band_pixels_, 256, *view, rotation_);
}

void Screen::copy_band() {
    if (!band_ || !band_texture_) return;
    const layout::Rect c = content();
    const layout::Rect r = turned_rect(*band_, {c.w, c.h}, rotation_);
    // RenderCopyEx turns about the middle of the rectangle it is given: the band's own
    // size, centred where the turned band lands.
    const SDL_Rect to{c.x + r.x + (r.w - band_->w) / 2, c.y + r.y + (r.h - band_->h) / 2, band_->w, band_->h};
    SDL_RenderCopyEx(renderer_.get(), band_texture_.get(), nullptr, &to, rotation_, nullptr, SDL_FLIP_NONE);
}

bool Screen::redraw_band() {
    if (!band_ || !band_pixels_) return false;
    if (renderer_) {
        if (!band_texture_) return false;
        SDL_UpdateTexture(band_texture_.get(), nullptr, band_pixels_->pixels, band_pixels_->pitch);
        if (blank_ || fade_to_) return false;
        // The GPU's back buffer is not kept between frames: the frame's texture is copied
        // again (by the GPU), the slide is not painted again.
        SDL_RenderClear(renderer_.get());
        copy_turned(from_.get());
        copy_band();
        SDL_RenderPresent(renderer_.get());
        return true;
    }
    if (blank_ || fade_to_) return false;
    SDL_Surface* surface = SDL_GetWindowSurface(window_.get());
    // A window resized since the last frame: the next frame is drawn whole, band and all.
    if (!surface || surface->w != panel_.width || surface->h != panel_.height) return false;
    const layout::Rect c = content();
    const layout::Rect r = turned_rect(*band_, {c.w, c.h}, rotation_);
    if (takes_argb(*surface)) {
        band_onto_panel(*surface);
    } else {
        if (!staging_) return false;
        band_onto_panel(*staging_);
        SDL_Rect area{c.x + r.x, c.y + r.y, r.w, r.h};
        SDL_BlitSurface(staging_.get(), &area, surface, &area);
    }
    const SDL_Rect area{c.x + r.x, c.y + r.y, r.w, r.h};
    SDL_UpdateWindowSurfaceRects(window_.get(), &area, 1);
    return true;
}

void Screen::draw_band_over(SDL_Surface& frame) const {
    if (!band_ || !band_pixels_) return;
    SDL_Rect to{band_->x, band_->y, band_->w, band_->h};
    SDL_BlitSurface(const_cast<SDL_Surface*>(band_pixels_), nullptr, &frame, &to);
}

Result<SurfacePtr> Screen::pixels_of(const Picture& frame) {
    if (frame.surface) {
        SurfacePtr copy(SDL_ConvertSurfaceFormat(const_cast<SDL_Surface*>(frame.surface), SDL_PIXELFORMAT_ARGB8888, 0));
        if (!copy) return display_error("cannot copy the frame");
        return copy;
    }
    if (!frame.texture || !renderer_) return Error{"display", "no frame to read", ""};
    const layout::Size s = frame.size();
    SurfacePtr pixels(SDL_CreateRGBSurfaceWithFormat(0, s.width, s.height, 32, SDL_PIXELFORMAT_ARGB8888));
    if (!pixels) return display_error("cannot read the frame");
    SDL_SetRenderTarget(renderer_.get(), frame.texture);
    const int read =
        SDL_RenderReadPixels(renderer_.get(), nullptr, SDL_PIXELFORMAT_ARGB8888, pixels->pixels, pixels->pitch);
    SDL_SetRenderTarget(renderer_.get(), nullptr);
    if (read != 0) return display_error("cannot read the frame");
    return pixels;
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
