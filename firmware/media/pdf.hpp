#pragma once
// PDF posters through poppler: the pages counted, and one page rendered so that it covers
// the screen (a poster's page is drawn whole with "contain", or fills it with "cover"),
// turned as the page's own /Rotate says, on white paper. Called on the worker thread.
#include <functional>
#include <string_view>

#include "media/image.hpp"
#include "media/sdl_ptr.hpp"
#include "util/result.hpp"

namespace placard::media {

// Whether the bytes are a PDF ("%PDF-" within its first kilobyte, as readers accept it).
bool is_pdf(std::string_view bytes);

// How many pages; an error names a document locked with a password, or broken.
Result<int> pdf_pages(std::string_view bytes);

// Draws page `index` (from 0) so that it covers `screen` (never more than four screens of
// pixels: a page of an odd shape is then drawn to fit inside it), and hands `use` an
// ARGB8888 surface of it, valid during the call.
Result<void> render_pdf_page(std::string_view bytes, int index, Dimensions screen,
                             const std::function<Result<void>(SDL_Surface& page)>& use);

}  // namespace placard::media
