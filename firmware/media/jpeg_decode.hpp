#pragma once
// JPEG straight to ARGB8888 with libjpeg-turbo, shrunk while it is decoded. SDL_image
// decodes a JPEG whole into 24-bit RGB and we would then convert it: two buffers, the
// larger at the camera's size. Here there is one, at most about twice the size needed
// each way (the DCT shrinks by n/8, and only down to what the caller still needs).
#include <optional>
#include <string>
#include <string_view>

#include "media/image.hpp"
#include "media/sdl_ptr.hpp"
#include "util/result.hpp"

namespace placard::media {

// Decodes `bytes` at the smallest of libjpeg-turbo's scales that still gives at least
// `at_least` pixels each way ({0, 0}: full size); CMYK and YCCK JPEGs too. An error when
// libjpeg warns that the compressed data is damaged ("Corrupt JPEG data: ...", "Premature
// end of JPEG file"): it would draw a smear from the damage on, and go on.
Result<SurfacePtr> decode_jpeg(std::string_view bytes, Dimensions at_least);

// The JPEG turned upright by its EXIF orientation (2-8) without decoding it: libjpeg-
// turbo moves the compressed blocks, so that no second, turned copy of the decoded
// picture is ever needed (most phone photos of posters are stored on their side). An
// edge that is not a whole block (at most 15 pixels) is trimmed. nullopt when it cannot.
std::optional<std::string> turn_jpeg_upright(std::string_view bytes, int orientation);

}  // namespace placard::media
