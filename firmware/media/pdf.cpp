#include "media/pdf.hpp"

#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-image.h>
#include <poppler-page-renderer.h>
#include <poppler-page.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <functional>
#include <memory>
#include <mutex>

#include <fmt/format.h>

namespace placard::media {
namespace {

// PDF's own limit on a page's side: 14400 points, 200 inches (ISO 32000-1, C.2).
constexpr double largest_side = 14400;
constexpr double smallest_side = 3;  // a point of paper is not a poster

// poppler writes what it finds wrong to stderr by default; placard says it in its own words.
void quiet(const std::string&, void*) {}

std::unique_ptr<poppler::document> open(std::string_view bytes) {
    static std::once_flag once;
    std::call_once(once, [] { poppler::set_debug_error_function(quiet, nullptr); });
    if (bytes.size() > INT_MAX) return nullptr;
    return std::unique_ptr<poppler::document>(
        poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
}

Error broken() {
    return Error{"", "the PDF cannot be read: it is damaged or cut short",
                 "download or export it again (File > Export as PDF)"};
}

Error locked() {
    return Error{"", "the PDF is locked with a password",
                 "save a copy without a password (in a PDF reader: Print > Save as PDF) and show that"};
}

}  // namespace

bool is_pdf(std::string_view bytes) {
    const size_t at = bytes.substr(0, 1024).find("%PDF-");
    return at != std::string_view::npos;
}

Result<int> pdf_pages(std::string_view bytes) {
    auto doc = open(bytes);
    if (!doc) return broken();
    if (doc->is_locked()) return locked();
    const int pages = doc->pages();
    if (pages <= 0) return Error{"", "the PDF has no pages", "export it again"};
    return pages;
}

Result<void> render_pdf_page(std::string_view bytes, int index, Dimensions screen,
                             const std::function<Result<void>(SDL_Surface& page)>& use) {
    auto doc = open(bytes);
    if (!doc) return broken();
    if (doc->is_locked()) return locked();
    if (index < 0 || index >= doc->pages())
        return Error{"", fmt::format("the PDF has no page {}: it has {}", index + 1, doc->pages()),
                     "give pages it has in \"pages\""};
    std::unique_ptr<poppler::page> page(doc->create_page(index));
    if (!page) return broken();
    const poppler::rectf box = page->page_rect(poppler::crop_box);
    double w = box.width(), h = box.height();
    const auto turned = page->orientation();
    if (turned == poppler::page::landscape || turned == poppler::page::seascape) std::swap(w, h);
    if (!(w >= smallest_side && h >= smallest_side && w <= largest_side && h <= largest_side))
        return Error{"",
                     fmt::format("page {} is {:.0f} x {:.0f} mm, a size no PDF page can have", index + 1, w / 72 * 25.4,
                                 h / 72 * 25.4),
                     "export the poster again at a paper size (A4, A3, A0...)"};
    // Covers the screen; a page of an odd shape (a banner 5 m long) fits inside it instead.
    const double sw = screen.width, sh = screen.height;
    double scale = std::max(sw / w, sh / h);
    if (w * scale * h * scale > 4 * sw * sh) scale = std::min(sw / w, sh / h);
    const double dpi = 72 * scale;
    poppler::page_renderer renderer;
    renderer.set_render_hints(poppler::page_renderer::antialiasing | poppler::page_renderer::text_antialiasing |
                              poppler::page_renderer::text_hinting);
    renderer.set_image_format(poppler::image::format_argb32);
    renderer.set_paper_color(0xffffffff);
    poppler::image image = renderer.render_page(page.get(), dpi, dpi);
    if (!image.is_valid() || image.width() <= 0 || image.height() <= 0)
        return Error{"", fmt::format("page {} of the PDF cannot be drawn", index + 1),
                     "open it in a PDF reader to check it, and export it again"};
    // poppler's argb32 is the native 32-bit ARGB word, as SDL's ARGB8888: a surface over
    // poppler's own pixels, not a copy of them (an A4 page covering 1080p is 20 MB).
    SurfacePtr surface(SDL_CreateRGBSurfaceWithFormatFrom(image.data(), image.width(), image.height(), 32,
                                                          image.bytes_per_row(), SDL_PIXELFORMAT_ARGB8888));
    if (!surface) return Error{"", fmt::format("no memory for page {}: {}", index + 1, SDL_GetError()), ""};
    return use(*surface);
}

}  // namespace placard::media
