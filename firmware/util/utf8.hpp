#pragma once
// UTF-8 that is safe to draw: invalid sequences replaced, lengths in code points, text cut at a
// word. Pure; safe on any thread.
#include <cstddef>
#include <string>
#include <string_view>

namespace placard {

// Each maximal invalid subsequence (Unicode 15, 3.9: overlongs, surrogates, stray
// continuation bytes, truncated sequences) becomes one U+FFFD.
std::string valid_utf8(std::string_view bytes);

// The length in bytes of the UTF-8 character at text[at], or 0 when the bytes there are not
// one whole valid character (or `at` is past the end).
size_t utf8_length_at(std::string_view text, size_t at);

// Code points in valid UTF-8.
size_t code_point_count(std::string_view text);

// Byte offset of the code point with index `index` in valid UTF-8 (text.size() past the end).
size_t code_point_offset(std::string_view text, size_t index);

// Cuts plain UTF-8 text at a word boundary so that it has at most max_chars code points,
// "…" included; invalid UTF-8 is made valid first.
std::string cut_at_word(std::string_view text, size_t max_chars);

}  // namespace placard
