#pragma once
// The window and what is on it: a whole frame, or a crossfade to the next. In software
// the window's own surface is moved toward the next frame on the CPU, a step each frame
// (no renderer, no texture, no copy of the frame being left: two screen-sized buffers
// fewer); with an accelerated renderer, two textures are blended by the GPU. Frames are upright; the screen turns them
// for a panel mounted on its side or upside down. Main thread only.
#include <memory>
#include <optional>
#include <string>

#include "layout/geometry.hpp"
#include "media/sdl_ptr.hpp"
#include "util/result.hpp"

namespace placard::render {

struct ScreenOptions {
    bool headless = false;               // SDL's offscreen driver: no display needed
    std::optional<layout::Size> window;  // a window of this size on a desktop; else fullscreen
    std::optional<layout::Size> size;    // display.size: headless, the frames' size; fullscreen, the mode wanted
    // "auto": OpenGL, unless on X11 it would be a software rasterizer such as llvmpipe
    // (asked in a child process, gl_probe.hpp): placard's own software path then.
    // "software" or "accelerated" force one (software needs a window surface: not KMSDRM).
    std::string renderer = "auto";
    int rotation = 0;        // degrees clockwise: 0, 90, 180, 270
    layout::Insets margins;  // black bands at the panel's edges (overscan)
};

// A whole frame for the screen: pixels in memory (a still's, a clip drawn by the CPU), or a
// texture of the screen's renderer (a clip drawn by the GPU: accelerated only). Not owned.
struct Picture {
    const SDL_Surface* surface = nullptr;
    SDL_Texture* texture = nullptr;

    Picture() = default;
    // Not explicit: where a picture is asked for, a frame or a texture is one.
    Picture(const SDL_Surface& s) : surface(&s) {}
    Picture(SDL_Texture& t) : texture(&t) {}
    explicit operator bool() const { return surface || texture; }
    layout::Size size() const;
};

// Whether `panel` (ARGB8888, as read back from a renderer) holds as much light as `frame`,
// within 5 %: sums do not care for the panel's turn or its black margins. True for a frame
// so dark that it proves nothing.
bool holds_frame(const SDL_Surface& panel, const SDL_Surface& frame);

class Screen {
public:
    static Result<std::unique_ptr<Screen>> open(const ScreenOptions& options);
    ~Screen();
    Screen(const Screen&) = delete;
    Screen& operator=(const Screen&) = delete;

    // The upright size that frames are laid out at: the panel's within its margins, turned
    // by the rotation.
    layout::Size size() const;
    // The panel as the video driver sees it.
    layout::Size panel() const { return panel_; }
    int rotation() const { return rotation_; }
    // Takes effect with the next frame shown; a fade in progress is dropped.
    void set_rotation(int degrees);
    // The same for the margins. Ones that would leave too little of the panel (under a
    // quarter of its width or height) are refused with a warning: none, then.
    void set_margins(layout::Insets margins);
    layout::Insets margins() const { return margins_; }
    // The whole panel black: the screen's off hours. The next show() puts a frame back.
    void blank();
    bool software() const { return !renderer_; }
    std::string renderer_name() const;

    // Shows a whole frame (ARGB8888 or XRGB8888, size(); or a texture of that size). With
    // `check`, the accelerated renderer's picture is read back before it is presented and
    // compared with the frame: false when the renderer drew nothing like it (a GL that draws
    // into nothing), true otherwise, and whenever a check cannot tell (a frame almost black,
    // a driver that cannot read, a frame the GPU holds).
    bool show(const Picture& frame, bool check = false);
    // Crossfade from what is on screen now to `to`: call draw_fade with t rising from 0
    // to 1 (a t that does not rise draws nothing new). `to` must stay alive until then;
    // the frame that is left need not.
    void begin_fade(const Picture& to);
    // Returns whether it presented a frame.
    bool draw_fade(double t);
    // The frame being faded to has changed (a clip's next frame): the fade's next step
    // goes toward the new picture.
    void fade_target_changed();
    // display.strip: a band of the upright frame (none: no band) drawn over every frame
    // shown from now on, and through fades, from `pixels` (ARGB8888, the band's size; not
    // owned: it stays alive while the band is set). Set before the frame it goes over; the
    // pixels are taken as they are now, and again at each redraw_band().
    void set_band(std::optional<layout::Rect> band, const SDL_Surface* pixels);
    // The band's pixels have changed: only its rectangle is drawn again (in software, only
    // those pixels are written and sent to the window). While a fade is drawn, or while the
    // screen is blank, its next frame shows them instead. Returns whether it presented.
    bool redraw_band();
    // Draws the band over an upright copy of a frame (ARGB8888): screenshots and the control
    // page's picture show what the panel shows.
    void draw_band_over(SDL_Surface& frame) const;

    // The mean luma (BT.601, 0 to 255) of what the panel shows within its margins, from a
    // sample of its pixels: for the frame log. Reads the GPU's picture back when accelerated.
    double brightness();
    // What the panel shows now, as the driver has it (turned, for a turned panel): for
    // tests, and for checking that no frame of a fade is dark.
    Result<SurfacePtr> read_back();
    // A frame's pixels (ARGB8888), read from the GPU for a texture: for screenshots.
    Result<SurfacePtr> pixels_of(const Picture& frame);
    // The window, and the renderer (none in software): for clips that the GPU draws.
    SDL_Window* window() const { return window_.get(); }
    SDL_Renderer* renderer() const { return renderer_.get(); }

private:
    Screen() = default;
    Result<void> make_textures();
    void present(const SDL_Surface& frame, unsigned weight, int rotation);
    void copy_turned(SDL_Texture* texture);
    bool drew(const SDL_Surface& frame);
    // Accelerated: `texture` (from_ or to_) holds `frame` after this.
    void load(SDL_Texture* texture, const Picture& frame);
    layout::Rect content() const;              // the panel within its margins
    void band_onto_panel(SDL_Surface& panel);  // software
    void copy_band();                          // accelerated: the band's texture, turned, over the frame
    void resized(layout::Size before);

    WindowPtr window_;
    RendererPtr renderer_;  // accelerated only
    TexturePtr from_, to_;  // accelerated: on screen, and coming in; upright
    SurfacePtr staging_;    // software, when the window's surface is not 32-bit XRGB
    Picture fade_to_;       // the frame coming in: not owned
    // Software on a turned panel: the frame coming in, turned once for the whole fade, so
    // that each step is a straight blend (gathering a turned frame costs 6 times the
    // blend). A screen-sized buffer more, kept while the panel is turned.
    SurfacePtr turned_;
    bool fade_turned_ = false;
    double fade_t_ = 1;  // how far the fade has come
    layout::Size panel_;
    int rotation_ = 0;
    layout::Insets margins_;
    const SDL_Surface* cleared_ = nullptr;  // software: the window surface last filled black
    std::optional<layout::Rect> band_;      // display.strip's, in the upright frame
    const SDL_Surface* band_pixels_ = nullptr;
    TexturePtr band_texture_;  // accelerated: the band, upright
    bool blank_ = true;        // nothing shown yet, or blank(): the band waits for a frame
};

}  // namespace placard::render
