#include "video/clip_options.hpp"

namespace placard::video {

ClipOptions clip_options(const schedule::SlideSpec& slide, const config::Display& display, layout::Size size) {
    ClipOptions o;
    o.file = slide.video;
    o.size = size;
    o.cover = slide.fit == config::Fit::cover;
    o.volume = slide.clip.volume.value_or(display.volume);
    o.audio = display.audio;
    o.start = slide.clip.start;
    o.end = slide.clip.end;
    o.loop = slide.clip.loop;
    return o;
}

}  // namespace placard::video
