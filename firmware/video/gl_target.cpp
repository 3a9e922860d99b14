#include "video/gl_target.hpp"

#include <iterator>
#include <string_view>
#include <type_traits>

#include <SDL.h>
#define SDL_USE_BUILTIN_OPENGL_DEFINITIONS 1  // the few GL names used here, from SDL's own copy
#define GL_GLES_PROTOTYPES 0                  // every function through SDL_GL_GetProcAddress
#include <SDL_opengles2.h>
#include <fmt/format.h>

namespace placard::video {
namespace {

// The GL functions used here, from the driver of the context current when asked.
struct Gl {
    PFNGLGENFRAMEBUFFERSPROC gen_framebuffers = nullptr;
    PFNGLDELETEFRAMEBUFFERSPROC delete_framebuffers = nullptr;
    PFNGLBINDFRAMEBUFFERPROC bind_framebuffer = nullptr;
    PFNGLFRAMEBUFFERTEXTURE2DPROC framebuffer_texture = nullptr;
    PFNGLCHECKFRAMEBUFFERSTATUSPROC check_framebuffer = nullptr;
    PFNGLGETINTEGERVPROC get_integer = nullptr;
    PFNGLFLUSHPROC flush = nullptr;

    bool load() {
        auto get = [](auto& f, const char* name) {
            f = reinterpret_cast<std::remove_reference_t<decltype(f)>>(SDL_GL_GetProcAddress(name));
        };
        get(gen_framebuffers, "glGenFramebuffers");
        get(delete_framebuffers, "glDeleteFramebuffers");
        get(bind_framebuffer, "glBindFramebuffer");
        get(framebuffer_texture, "glFramebufferTexture2D");
        get(check_framebuffer, "glCheckFramebufferStatus");
        get(get_integer, "glGetIntegerv");
        get(flush, "glFlush");
        return gen_framebuffers && delete_framebuffers && bind_framebuffer && framebuffer_texture &&
               check_framebuffer && get_integer && flush;
    }
};

Gl& gl() {
    static Gl g;
    return g;
}

Error gl_error(const std::string& what) {
    return Error{"video", fmt::format("{} ({})", what, SDL_GetError()), ""};
}

// The GL attributes SDL_GL_CreateContext reads, kept and put back around making a context,
// so that nothing else SDL makes later is changed by them.
class Attributes {
public:
    Attributes() {
        for (size_t i = 0; i < std::size(names_); ++i) SDL_GL_GetAttribute(names_[i], &values_[i]);
    }
    ~Attributes() {
        for (size_t i = 0; i < std::size(names_); ++i) SDL_GL_SetAttribute(names_[i], values_[i]);
    }
    Attributes(const Attributes&) = delete;
    Attributes& operator=(const Attributes&) = delete;

private:
    static constexpr SDL_GLattr names_[] = {SDL_GL_SHARE_WITH_CURRENT_CONTEXT, SDL_GL_CONTEXT_PROFILE_MASK,
                                            SDL_GL_CONTEXT_MAJOR_VERSION, SDL_GL_CONTEXT_MINOR_VERSION};
    int values_[std::size(names_)] = {};
};

// A target whose clip is gone, kept whole for the next clip: under Mesa's llvmpipe making a
// 1080p target texture took 23 to 68 ms and a context 12 to 24 (mpv's render context 5),
// which the clip playing while the next is pre-rolled cannot spare. One is enough for clips
// in a row (the one that left makes way for the one after next). Main thread only.
std::unique_ptr<GlTarget>& kept() {
    static std::unique_ptr<GlTarget> k;
    return k;
}

}  // namespace

void GlTarget::keep(std::unique_ptr<GlTarget> target) {
    kept() = std::move(target);
}

void GlTarget::free_kept() {
    kept().reset();
}

bool draws_with_gl(SDL_Renderer* renderer) {
    SDL_RendererInfo info{};
    if (!renderer || SDL_GetRendererInfo(renderer, &info) != 0 || !info.name) return false;
    const std::string_view name = info.name;
    return name == "opengl" || name == "opengles2";
}

Result<std::unique_ptr<GlTarget>> GlTarget::make(const GpuScreen& screen, layout::Size size) {
    if (auto& k = kept();
        k && k->screen_.window == screen.window && k->screen_.renderer == screen.renderer && k->size_ == size)
        return std::move(k);
    kept().reset();  // of another size (the screen was turned), or another renderer
    // A new one comes with one to keep: the next clip is pre-rolled while this one plays,
    // and would stall it while its target was made. Made now, while the screen shows the
    // slide before this clip, the two cost the audience nothing.
    auto made = make_new(screen, size);
    if (made) {
        if (auto spare = make_new(screen, size)) kept() = std::move(*spare);
    }
    return made;
}

Result<std::unique_ptr<GlTarget>> GlTarget::make_new(const GpuScreen& screen, layout::Size size) {
    if (!draws_with_gl(screen.renderer)) return Error{"video", "the renderer does not draw with OpenGL", ""};
    std::unique_ptr<GlTarget> t(new GlTarget());
    t->screen_ = screen;
    t->size_ = size;
    t->texture_.reset(SDL_CreateTexture(screen.renderer, SDL_PIXELFORMAT_ABGR8888, SDL_TEXTUREACCESS_TARGET, size.width,
                                        size.height));
    if (!t->texture_) return gl_error("cannot make a texture for clips");
    SDL_SetTextureBlendMode(t->texture_.get(), SDL_BLENDMODE_NONE);

    // The renderer's context current, with all it has queued drawn; the texture's GL name.
    SDL_RenderFlush(screen.renderer);
    if (SDL_GL_BindTexture(t->texture_.get(), nullptr, nullptr) != 0) return gl_error("cannot reach the texture");
    if (!gl().load()) {
        SDL_GL_UnbindTexture(t->texture_.get());
        return Error{"video", "the OpenGL driver lacks framebuffers", ""};
    }
    GLint name = 0;
    gl().get_integer(GL_TEXTURE_BINDING_2D, &name);
    SDL_GL_UnbindTexture(t->texture_.get());
    if (name == 0) return Error{"video", "the renderer's textures are not GL_TEXTURE_2D", ""};
    t->renderer_gl_ = SDL_GL_GetCurrentContext();
    if (!t->renderer_gl_) return gl_error("the renderer has no OpenGL context");

    {
        Attributes kept;
        SDL_GL_SetAttribute(SDL_GL_SHARE_WITH_CURRENT_CONTEXT, 1);
        SDL_RendererInfo info{};
        SDL_GetRendererInfo(screen.renderer, &info);
        if (std::string_view(info.name) == "opengles2") {
            SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);
            SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 2);
            SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
        }
        t->context_ = SDL_GL_CreateContext(screen.window);  // and makes it current
    }
    if (!t->context_) {
        const Error e = gl_error("cannot make an OpenGL context for clips");
        SDL_GL_MakeCurrent(screen.window, t->renderer_gl_);
        return e;
    }
    gl().gen_framebuffers(1, &t->framebuffer_);
    gl().bind_framebuffer(GL_FRAMEBUFFER, t->framebuffer_);
    gl().framebuffer_texture(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, static_cast<GLuint>(name), 0);
    const GLenum status = gl().check_framebuffer(GL_FRAMEBUFFER);
    gl().bind_framebuffer(GL_FRAMEBUFFER, 0);
    SDL_GL_MakeCurrent(screen.window, t->renderer_gl_);
    if (status != GL_FRAMEBUFFER_COMPLETE)
        return Error{"video", fmt::format("cannot draw into the texture (framebuffer status 0x{:x})", status), ""};
    return t;
}

GlTarget::~GlTarget() {
    if (context_) {
        SDL_GL_MakeCurrent(screen_.window, context_);
        if (framebuffer_) gl().delete_framebuffers(1, &framebuffer_);
        SDL_GL_MakeCurrent(screen_.window, renderer_gl_);
        SDL_GL_DeleteContext(context_);
    }
    texture_.reset();
}

void GlTarget::begin() {
    SDL_RenderFlush(screen_.renderer);
    SDL_GL_MakeCurrent(screen_.window, context_);
}

void GlTarget::done() {
    gl().flush();
    SDL_GL_MakeCurrent(screen_.window, renderer_gl_);
}

}  // namespace placard::video
