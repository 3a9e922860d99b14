#pragma once
// A video slide's clip as the player opens it: its file and part, how it fits the screen,
// its sound (the slide's volume, else the display's, to the display's audio device).
#include "config/playlist.hpp"
#include "layout/geometry.hpp"
#include "schedule/schedule.hpp"
#include "video/clip.hpp"

namespace placard::video {

ClipOptions clip_options(const schedule::SlideSpec& slide, const config::Display& display, layout::Size size);

}  // namespace placard::video
