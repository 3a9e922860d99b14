#pragma once
// Scaling a picture down to the screen once, at cache time, so that the renderer never
// scales and the Pi's GPU never sees a texture larger than it takes.
#include "media/image.hpp"
#include "media/sdl_ptr.hpp"
#include "util/result.hpp"

namespace placard::media {

// The smallest size with the picture's proportions that covers the screen (one side
// equal to the screen's, the other at least as long), or the picture's own size when
// that is already smaller: pictures are never enlarged.
Dimensions cover_size(Dimensions picture, Dimensions screen);

// An ARGB8888 surface reduced to `target` (no larger than it is in either direction).
// Every destination pixel is the mean of the source area it covers: halving with a 2x2
// box while the picture is twice the target or more, then weighting by coverage.
// Bilinear filtering (SDL_SoftStretchLinear) reads only the 2x2 source pixels nearest
// each destination pixel, so at any reduction it skips detail and shows moiré on
// fine patterns (text on posters, fabric, fences).
Result<SurfacePtr> scale_down(SurfacePtr picture, Dimensions target);

}  // namespace placard::media
