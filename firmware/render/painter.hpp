#pragma once
// Paints a laid-out Frame into a screen-sized ARGB8888 surface, once per slide (and
// again only when its words change, e.g. a countdown). Main thread.
#include "layout/frame.hpp"
#include "media/sdl_ptr.hpp"
#include "render/fonts.hpp"
#include "util/result.hpp"

namespace placard::render {

// A picture that cannot be loaded is left out (logged once); the rest is painted. The
// surface may be one painted before and let go since (a pool spares the page faults).
Result<SurfacePtr> paint(const layout::Frame& frame, Fonts& fonts);

// A new ARGB8888 surface of the given size.
Result<SurfacePtr> make_surface(int width, int height);

}  // namespace placard::render
