#pragma once
// Turning a picture upright by its EXIF orientation: phones store the sensor's rows as
// they came and only say, in EXIF, how the phone was held.
#include "media/image.hpp"
#include "media/sdl_ptr.hpp"
#include "util/result.hpp"

namespace placard::media {

// The size of the picture once upright: orientations 5-8 swap width and height.
Dimensions upright_size(Dimensions stored, int orientation);

// An ARGB8888 surface turned upright (orientation 1-8, EXIF 2.3 table 4.6.4 A); 1 and
// values out of range give back the surface itself.
Result<SurfacePtr> make_upright(SurfacePtr stored, int orientation);

}  // namespace placard::media
