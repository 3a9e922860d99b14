#pragma once
// Whether a JPEG is whole. libjpeg decodes a cut-off JPEG (a download that stopped, a
// copy that failed) by filling the missing rows with grey and only warning, and
// SDL_image passes no warning on: a half-grey picture would go on the screen.
#include <string_view>

namespace placard::media {

// Starts with the JPEG signature.
bool is_jpeg(std::string_view bytes);

// An end-of-image marker follows the first scan. Bytes after it (thumbnails of some
// cameras, motion-photo videos) are allowed.
bool jpeg_has_end(std::string_view bytes);

}  // namespace placard::media
