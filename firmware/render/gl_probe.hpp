#pragma once
// Which OpenGL the display would give placard, learnt without loading it into placard.
// On a machine without a GPU, Mesa draws OpenGL on the CPU (llvmpipe): dearer than
// placard's own software path (7 CPU-seconds a minute of slides against 1), and Mesa
// with LLVM stays mapped once loaded (about 60 MB of PSS; its libraries are never
// unloaded). So a child process asks, through EGL, and only the name comes back.
#include <optional>
#include <string>
#include <string_view>

namespace placard::render {

// GL_RENDERER names a rasterizer that runs on the CPU: Mesa's llvmpipe, softpipe and
// swrast ("Software Rasterizer"), or Google's SwiftShader.
bool is_software_rasterizer(std::string_view gl_renderer);

// GL_RENDERER of an OpenGL ES context on the X display in $DISPLAY, asked in a child
// process; nullopt when that cannot tell (no EGL, no context, no answer within 5 s).
// Call it before any thread is started: the child is forked, not executed.
std::optional<std::string> probe_gl_renderer_x11();

}  // namespace placard::render
