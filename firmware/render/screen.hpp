#pragma once
// The window and what is on it: a whole frame, or a crossfade between two. With the
// software renderer the fade is blended on the CPU into a streaming texture; with an
// accelerated one, two textures are blended by the GPU. Main thread only.
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
    std::optional<layout::Size> size;       // the display's size from the playlist (headless, or forced)
    std::string renderer = "auto";          // "auto", "software" or "accelerated"
};

class Screen {
public:
    static Result<std::unique_ptr<Screen>> open(const ScreenOptions& options);
    ~Screen();
    Screen(const Screen&) = delete;
    Screen& operator=(const Screen&) = delete;

    layout::Size size() const { return size_; }
    bool software() const { return software_; }
    std::string renderer_name() const;

    // Shows a whole frame (ARGB8888, the screen's size).
    void show(const SDL_Surface& frame);
    // Crossfade: `from` is on screen, `to` comes in; call draw_fade with t from 0 to 1.
    void begin_fade(const SDL_Surface& from, const SDL_Surface& to);
    void draw_fade(double t);
    // What was last presented, read back from the renderer (tests, and checking that no
    // frame of a fade is dark).
    Result<SurfacePtr> read_back();

private:
    Screen() = default;
    void upload(SDL_Texture* texture, const SDL_Surface& frame);

    WindowPtr window_;
    RendererPtr renderer_;
    TexturePtr stream_;                      // software: the frame we write into
    TexturePtr from_, to_;                   // accelerated: the two ends of a fade
    const SDL_Surface* fade_from_ = nullptr; // software fade: not owned, alive during the fade
    const SDL_Surface* fade_to_ = nullptr;
    layout::Size size_;
    bool software_ = true;
};

}  // namespace placard::render
