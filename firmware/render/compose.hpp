#pragma once
// Frames are laid out upright, at the size the audience sees; the panel may be mounted
// on its side or upside down. compose() moves the panel's own surface toward one frame,
// turned by the display's rotation, in one pass over the pixels: all the way for a cut,
// a step at a time for a crossfade, so that a fade needs no copy of the frame it leaves.
#include <SDL.h>

#include "layout/geometry.hpp"

namespace placard::render {

// The upright size of a panel turned by `rotation` degrees (0, 90, 180, 270).
layout::Size upright_size(layout::Size panel, int rotation);

// Where a rectangle of the upright frame lands on a panel of `panel`'s size turned by
// `rotation`: the part of the panel that compose() fills from it.
layout::Rect turned_rect(layout::Rect upright, layout::Size panel, int rotation);

// dst = dst * (1 - weight/256) + turned(frame) * weight/256; weight 256 is a plain copy.
// Upright pixel (x, y) lands where the rotation puts it: 90 turns the picture a quarter
// turn clockwise on the panel. Both surfaces are 32-bit XRGB or ARGB; only the area the
// two have in common is written.
void compose(const SDL_Surface& frame, unsigned weight, SDL_Surface& dst, int rotation);

}  // namespace placard::render
