#pragma once
// The worker's view of image decoding: the media module (SDL_image) implements it, so
// that the worker, and its tests, need no SDL. Called on the worker thread only.
#include <string>
#include <string_view>

#include "content/snapshot.hpp"
#include "util/result.hpp"

namespace placard::content {

class ImagePreparer {
public:
    virtual ~ImagePreparer() = default;
    // Decodes `bytes` (an image file's content), applies its EXIF orientation, scales it
    // to fit inside the screen, and writes the result to `out_file` atomically.
    // Refuses images over the byte or pixel caps without decoding them.
    // `origin` names the image in errors (its URL or path).
    virtual Result<PreparedImage> prepare(std::string_view bytes, const std::string& origin,
                                          const std::string& out_file) = 0;
    // Whether the bytes are a document (a PDF), whose pages are prepared one by one.
    virtual bool is_document(std::string_view bytes) const {
        (void)bytes;
        return false;
    }
    // A document (a PDF): how many pages it has, or why it cannot be shown (locked with a
    // password, broken). Without support for documents: an error that says so.
    virtual Result<int> count_pages(std::string_view bytes, const std::string& origin) {
        (void)bytes;
        return Error{origin, "is a document, and this placard shows no documents", "export it as a picture"};
    }
    // Its page `index` (from 0) rendered for the screen, as prepare() leaves a picture.
    virtual Result<PreparedImage> prepare_page(std::string_view bytes, int index, const std::string& origin,
                                               const std::string& out_file) {
        (void)bytes, (void)index, (void)out_file;
        return Error{origin, "is a document, and this placard shows no documents", "export it as a picture"};
    }
    // Goes into the cache key of a prepared image, so that a change of screen size or of
    // format prepares the picture again: for example "1920x1080.jpg".
    virtual std::string variant() const = 0;
};

}  // namespace placard::content
