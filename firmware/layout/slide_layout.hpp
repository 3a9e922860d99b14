#pragma once
// The layout of a slide, by its kind's row (config/slide_kind.hpp), sized relative to the
// screen so that the design holds from 1280x720 to 1080x1920 portrait. A kind draws with
// layout/builder.hpp.
#include <string>

#include "layout/frame.hpp"
#include "layout/text_fit.hpp"
#include "layout/theme.hpp"
#include "schedule/schedule.hpp"
#include "util/clock.hpp"
#include "util/time.hpp"

namespace placard::layout {

struct SlideContext {
    Size screen;
    Theme theme;
    std::string locale = "en";
    Zone zone = Zone::system();  // the display's: dates, times and countdowns are local to it
    SysTime now;
    std::string status;  // a quiet line in the corner (what it is waiting for), or empty
    std::string banner;  // a cue's message in a band along the bottom, over the slide, or empty
    // display.strip: the band's height in pixels (0: no strip) and its edge. The slide is laid
    // out in the rest of the screen, and its frame left blank under the band.
    int strip = 0;
    bool strip_top = false;
};

// The height of display.strip's band on a screen of this size.
int strip_height(Size screen);

Frame layout_slide(const schedule::SlideSpec& slide, const SlideContext& context, TextMeasurer& measurer);

// Shown when no slide is due at all: the name of the program and, quietly, why.
Frame layout_waiting(const SlideContext& context, TextMeasurer& measurer);

}  // namespace placard::layout
