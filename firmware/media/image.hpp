#pragma once
// Pictures: probed without decoding, refused over the caps, decoded (JPEG with libjpeg-
// turbo, refused when damaged; the rest with SDL_image), turned upright by their EXIF
// orientation, scaled to the screen, and written to the cache. Prepared copies are
// loaded back for the renderer.
#include <cstddef>
#include <string>
#include <string_view>

#include "content/image_preparer.hpp"
#include "media/sdl_ptr.hpp"
#include "util/result.hpp"

namespace placard::media {

struct Limits {
    size_t max_bytes = 32u << 20;       // a file larger than this is not decoded
    long long max_pixels = 40'000'000;  // nor an image with more pixels than this
};

struct Dimensions {
    int width = 0;
    int height = 0;
};

// Reads only the header (PNG, JPEG, WebP, GIF): width and height before decoding.
// Other or unknown formats are an error.
Result<Dimensions> probe(std::string_view bytes);

// The picture decoded as ARGB8888: JPEGs through libjpeg-turbo, shrunk on the way to at
// least `at_least`; everything else through SDL_image. Check its size with probe() first.
Result<SurfacePtr> decode(std::string_view bytes, Dimensions at_least);

// EXIF orientation 1-8 of a JPEG (1 when there is none or it is not a JPEG).
int exif_orientation(std::string_view bytes);

class SdlImagePreparer final : public content::ImagePreparer {
public:
    // Pictures are scaled (never enlarged) so that they cover a screen of this size.
    SdlImagePreparer(int screen_width, int screen_height, Limits limits = {});
    Result<content::PreparedImage> prepare(std::string_view bytes, const std::string& origin,
                                           const std::string& out_file) override;
    bool is_document(std::string_view bytes) const override;
    Result<int> count_pages(std::string_view bytes, const std::string& origin) override;
    Result<content::PreparedImage> prepare_page(std::string_view bytes, int index, const std::string& origin,
                                                const std::string& out_file) override;
    std::string variant() const override;

private:
    int screen_width_;
    int screen_height_;
    Limits limits_;
};

// A prepared picture from the cache, as an ARGB8888 surface.
Result<SurfacePtr> load_prepared(const std::string& file);

}  // namespace placard::media
