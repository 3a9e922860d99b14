#pragma once
// The window and what is on it: a whole frame, or a crossfade to the next. In software
// the window's own surface is moved toward the next frame on the CPU, a step each frame
// (no renderer, no texture, no copy of the frame being left: two screen-sized buffers
// fewer); with an accelerated renderer, two textures are blended by the GPU. Frames are upright; the screen turns them for a
// panel mounted on its side or upside down. Main thread only.
#include <memory>
#include <optional>
#include <string>

#include "layout/geometry.hpp"
#include "media/sdl_ptr.hpp"
#include "util/result.hpp"

namespace placard::render {

struct ScreenOptions {
    bool headless = false;                  // SDL's offscreen driver: no display needed
    std::optional<layout::Size> window;     // a window of this size on a desktop; else fullscreen
    std::optional<layout::Size> size;       // the panel's size from the playlist (headless, or forced)
    std::string renderer = "auto";          // "auto", "software" or "accelerated"
    int rotation = 0;                       // degrees clockwise: 0, 90, 180, 270
};

class Screen {
public:
    static Result<std::unique_ptr<Screen>> open(const ScreenOptions& options);
    ~Screen();
    Screen(const Screen&) = delete;
    Screen& operator=(const Screen&) = delete;

    // The upright size that frames are laid out at: the panel's, turned by the rotation.
    layout::Size size() const;
    // The panel as the video driver sees it.
    layout::Size panel() const { return panel_; }
    int rotation() const { return rotation_; }
    // Takes effect with the next frame shown; a fade in progress is dropped.
    void set_rotation(int degrees);
    bool software() const { return !renderer_; }
    std::string renderer_name() const;

    // Shows a whole frame (ARGB8888, size()).
    void show(const SDL_Surface& frame);
    // Crossfade from what is on screen now to `to`: call draw_fade with t rising from 0
    // to 1 (a t that does not rise draws nothing new). `to` must stay alive until then;
    // the frame that is left need not.
    void begin_fade(const SDL_Surface& to);
    void draw_fade(double t);
    // What the panel shows now, as the driver has it (turned, for a turned panel): for
    // tests, and for checking that no frame of a fade is dark.
    Result<SurfacePtr> read_back();

private:
    Screen() = default;
    Result<void> make_textures();
    void present(const SDL_Surface& frame, unsigned weight);
    void copy_turned(SDL_Texture* texture);

    WindowPtr window_;
    RendererPtr renderer_;                   // accelerated only
    TexturePtr from_, to_;                   // accelerated: on screen, and coming in; upright
    SurfacePtr staging_;                     // software, when the window's surface is not 32-bit XRGB
    const SDL_Surface* fade_to_ = nullptr;   // software: not owned
    double fade_t_ = 1;                      // how far the fade has come
    layout::Size panel_;
    int rotation_ = 0;
};

}  // namespace placard::render
