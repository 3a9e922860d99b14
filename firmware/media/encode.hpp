#pragma once
// Prepared pictures as file bytes: JPEG for photos, PNG when something shows through.
#include <string>

#include "media/sdl_ptr.hpp"
#include "util/result.hpp"

namespace placard::media {

// Some pixel of an ARGB8888 surface is not fully opaque.
bool has_transparency(const SDL_Surface& argb);

// JPEG at `quality` (1-100); the alpha channel is dropped.
Result<std::string> encode_jpeg(SDL_Surface& surface, int quality);
Result<std::string> encode_png(SDL_Surface& surface);

}  // namespace placard::media
