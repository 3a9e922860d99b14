#pragma once
// One frame of a clip as a picture, for `placard preview` and screenshots of a playlist:
// the frame at 10 % of the part that plays (its first frames are often black).
#include "media/sdl_ptr.hpp"
#include "util/result.hpp"
#include "video/clip.hpp"

namespace placard::video {

// Blocks until mpv has decoded the frame (or 10 s). ARGB8888, opaque, options.size.
Result<SurfacePtr> still_of(ClipOptions options, double share = 0.1);

}  // namespace placard::video
