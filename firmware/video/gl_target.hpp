#pragma once
// Where mpv draws a clip with OpenGL: a texture of the screen's renderer, drawn into from a
// GL context of its own that shares the renderer's objects. mpv drawing in the renderer's own
// context leaves SDL's idea of that context's state wrong (its next blended copy came out
// black); framebuffers are not shared between contexts, so the target's is made in its own.
// Main thread only: the renderer's thread.
#include <memory>

#include "layout/geometry.hpp"
#include "media/sdl_ptr.hpp"
#include "util/result.hpp"

namespace placard::video {

// The screen's window and renderer, when the renderer draws with OpenGL (or GLES): what a
// clip needs to be drawn by the GPU. Not owned.
struct GpuScreen {
    SDL_Window* window = nullptr;
    SDL_Renderer* renderer = nullptr;
};

class GlTarget {
public:
    // With a target kept (keep()) for the same renderer and size, that one. Else a texture
    // of `size` (ABGR8888: the bytes RGBA, as GL writes them) and the context that draws
    // into it, and a second such target kept for the next clip. The renderer's context is
    // current again when it returns.
    static Result<std::unique_ptr<GlTarget>> make(const GpuScreen& screen, layout::Size size);
    // Keeps a target whose clip is gone for the next make() (one at most: an older one is
    // freed). free_kept() frees it: before the renderer or the window goes.
    static void keep(std::unique_ptr<GlTarget> target);
    static void free_kept();
    // Frees the framebuffer in its context, then the context and the texture.
    ~GlTarget();
    GlTarget(const GlTarget&) = delete;
    GlTarget& operator=(const GlTarget&) = delete;

    SDL_Texture* texture() const { return texture_.get(); }
    layout::Size size() const { return size_; }
    unsigned framebuffer() const { return framebuffer_; }

    // Makes the target's context current, for mpv to draw; done() flushes what it drew and
    // gives the renderer its context back. The renderer's queued drawing is flushed first.
    void begin();
    void done();

private:
    GlTarget() = default;
    static Result<std::unique_ptr<GlTarget>> make_new(const GpuScreen& screen, layout::Size size);

    GpuScreen screen_;
    layout::Size size_;
    TexturePtr texture_;
    void* context_ = nullptr;      // SDL_GLContext: the target's own
    void* renderer_gl_ = nullptr;  // the renderer's, to go back to
    unsigned framebuffer_ = 0;
};

// Whether the renderer draws with OpenGL or GLES, so that a clip can be drawn by the GPU.
bool draws_with_gl(SDL_Renderer* renderer);

}  // namespace placard::video
