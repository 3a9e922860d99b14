#pragma once
// HTML from feeds to plain text for the screen, with libxml2's HTML parser.
#include <string>
#include <string_view>
#include <vector>

#include "util/utf8.hpp"

namespace placard::feeds {

// Markup removed (script and style with their content), entities decoded (also when the
// feed escaped them twice: "&amp;amp;", "&amp;#8217;"), whitespace collapsed, paragraphs
// and line breaks kept as "\n", boilerplate such as "Continue reading", "Read more ..." and
// "The post X appeared first on Y." removed. Invalid UTF-8 replaced by U+FFFD.
// Cut at a word boundary with "…" when longer than max_chars (counted in code points);
// 0 means no limit.
std::string html_to_text(std::string_view html, size_t max_chars = 0);

// HTML that was escaped once more than its format asks, as in WordPress's comment feeds
// (an RSS description holding "&lt;strong&gt;Bon voyage&lt;/strong&gt;"): the HTML
// beneath, to be reduced as HTML. Anything else comes back unchanged: text with markup of
// its own, and text whose entities uncover no element HTML knows ("a &lt; b").
std::string unescaped_html(std::string_view html);

// The src of the first <img> in the HTML, or empty.
std::string first_image(std::string_view html);

}  // namespace placard::feeds
