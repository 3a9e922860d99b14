#include "render/gl_probe.hpp"

#include <dlfcn.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstring>

#include "util/unique_fd.hpp"

namespace placard::render {
namespace {

// EGL's types and constants, spelled out so that no EGL header (libegl-dev) is needed to
// build: the values are fixed by the Khronos registry.
using EGLDisplay = void*;
using EGLConfig = void*;
using EGLContext = void*;
using EGLSurface = void*;
using EGLint = std::int32_t;
using EGLBoolean = unsigned;
using EGLAttrib = std::intptr_t;
constexpr unsigned EGL_PLATFORM_X11_KHR = 0x31D5;
constexpr EGLint EGL_NONE = 0x3038;
constexpr EGLint EGL_RENDERABLE_TYPE = 0x3040;
constexpr EGLint EGL_OPENGL_ES2_BIT = 0x0004;
constexpr EGLint EGL_CONTEXT_CLIENT_VERSION = 0x3098;
constexpr unsigned EGL_OPENGL_ES_API = 0x30A0;
constexpr unsigned GL_RENDERER = 0x1F01;

template <class F>
F egl_function(void* (*get)(const char*), const char* name) {
    return reinterpret_cast<F>(get(name));
}

// In the child: GL_RENDERER of a context made current without a surface
// (EGL_KHR_surfaceless_context, which Mesa and NVIDIA have), or nothing.
const char* ask_egl() {
    void* egl = dlopen("libEGL.so.1", RTLD_NOW | RTLD_LOCAL);
    if (!egl) return nullptr;
    auto get = reinterpret_cast<void* (*)(const char*)>(dlsym(egl, "eglGetProcAddress"));
    if (!get) return nullptr;
    auto platform_display =
        egl_function<EGLDisplay (*)(unsigned, void*, const EGLAttrib*)>(get, "eglGetPlatformDisplay");
    auto initialize = egl_function<EGLBoolean (*)(EGLDisplay, EGLint*, EGLint*)>(get, "eglInitialize");
    auto bind_api = egl_function<EGLBoolean (*)(unsigned)>(get, "eglBindAPI");
    auto choose_config =
        egl_function<EGLBoolean (*)(EGLDisplay, const EGLint*, EGLConfig*, EGLint, EGLint*)>(get, "eglChooseConfig");
    auto create_context =
        egl_function<EGLContext (*)(EGLDisplay, EGLConfig, EGLContext, const EGLint*)>(get, "eglCreateContext");
    auto make_current =
        egl_function<EGLBoolean (*)(EGLDisplay, EGLSurface, EGLSurface, EGLContext)>(get, "eglMakeCurrent");
    auto get_string = egl_function<const char* (*)(unsigned)>(get, "glGetString");
    if (!platform_display || !initialize || !bind_api || !choose_config || !create_context || !make_current ||
        !get_string)
        return nullptr;
    // No native display: Mesa opens a connection of its own to $DISPLAY, not SDL's.
    EGLDisplay display = platform_display(EGL_PLATFORM_X11_KHR, nullptr, nullptr);
    EGLint major = 0, minor = 0;
    if (!display || !initialize(display, &major, &minor) || !bind_api(EGL_OPENGL_ES_API)) return nullptr;
    const std::array<EGLint, 3> wanted{EGL_RENDERABLE_TYPE, EGL_OPENGL_ES2_BIT, EGL_NONE};
    EGLConfig config = nullptr;
    EGLint configs = 0;
    if (!choose_config(display, wanted.data(), &config, 1, &configs) || configs < 1) return nullptr;
    const std::array<EGLint, 3> version{EGL_CONTEXT_CLIENT_VERSION, 2, EGL_NONE};
    EGLContext context = create_context(display, config, nullptr, version.data());
    if (!context || !make_current(display, nullptr, nullptr, context)) return nullptr;
    return get_string(GL_RENDERER);
}

}  // namespace

bool is_software_rasterizer(std::string_view gl_renderer) {
    std::string name(gl_renderer);
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    for (std::string_view software : {"llvmpipe", "softpipe", "swrast", "software rasterizer", "swiftshader"})
        if (name.find(software) != std::string::npos) return true;
    return false;
}

std::optional<std::string> probe_gl_renderer_x11() {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) return std::nullopt;
    UniqueFd from_child(fds[0]), to_parent(fds[1]);
    const pid_t pid = fork();
    if (pid < 0) return std::nullopt;
    if (pid == 0) {
        // The child touches nothing of the parent's (its X connection, its stdio
        // buffers): _exit, no atexit handlers, no destructors.
        if (const char* name = ask_egl()) {
            const std::size_t n = std::strlen(name);
            if (write(to_parent.get(), name, n) != static_cast<ssize_t>(n)) _exit(1);
        }
        _exit(0);
    }
    to_parent.reset();
    std::string name;
    std::array<char, 256> buffer{};
    pollfd p{from_child.get(), POLLIN, 0};
    // A driver that hangs must not hold up the slides: 5 s, then the old way (the
    // accelerated renderer, asked in-process).
    bool answered = false;
    while (poll(&p, 1, 5000) == 1) {
        const ssize_t n = read(from_child.get(), buffer.data(), buffer.size());
        if (n <= 0) {
            answered = n == 0;
            break;
        }
        name.append(buffer.data(), static_cast<std::size_t>(n));
    }
    from_child.reset();
    if (!answered) kill(pid, SIGKILL);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!answered) return std::nullopt;
    if (name.empty()) return std::nullopt;
    return name;
}

}  // namespace placard::render
