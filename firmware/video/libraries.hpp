#pragma once
// libmpv and FFmpeg's libraries are opened when the first clip is (dlopen), not when placard
// starts: with what they load in turn (libavfilter's speech voices, x265, librsvg and some
// hundred more) they cost a process 25 MiB of memory and time at every start, which a
// playlist with no clip should not pay. video/stubs.cpp gives their functions to the rest of
// firmware/video, each calling through to the library once it is open.
#include "util/result.hpp"

namespace placard::video {

// Opens them, once; any thread. The error names the package to install.
Result<void> load_libraries();

}  // namespace placard::video
