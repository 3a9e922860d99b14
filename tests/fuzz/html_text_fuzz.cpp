// html_to_text, unescaped_html, first_image and cut_at_word over any bytes. The first byte is the limit
// in characters (0: none); the rest is the HTML.
#include <cstddef>
#include <cstdint>
#include <string>

#include "feeds/html_text.hpp"
#include "fuzz/fuzz_check.hpp"
#include "util/utf8.hpp"

using namespace placard;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    const size_t max_chars = data[0] % 128;
    std::string_view html(reinterpret_cast<const char*>(data + 1), size - 1);

    const std::string text = feeds::html_to_text(html, max_chars);
    fuzz::require(fuzz::is_valid_utf8(text), "html_to_text returns valid UTF-8");
    fuzz::require(max_chars == 0 || code_point_count(text) <= max_chars, "html_to_text fits max_chars");

    const std::string unescaped = feeds::html_to_text(feeds::unescaped_html(html), max_chars);
    fuzz::require(fuzz::is_valid_utf8(unescaped), "html_to_text of unescaped_html returns valid UTF-8");

    const std::string image = feeds::first_image(html);
    fuzz::require(fuzz::is_valid_utf8(image), "first_image returns valid UTF-8");

    const std::string cut = cut_at_word(html, max_chars);
    fuzz::require(fuzz::is_valid_utf8(cut), "cut_at_word returns valid UTF-8");
    fuzz::require(max_chars == 0 || code_point_count(cut) <= max_chars, "cut_at_word fits max_chars");
    return 0;
}
