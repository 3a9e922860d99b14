#pragma once
// Unicode segmentation for wrapping, through ICU: where a line may break (UAX #14), where
// a user-perceived character ends (grapheme clusters, UAX #29) and which way a paragraph
// runs (UAX #9, rule P2). Pure; safe on any thread. Offsets are bytes into valid UTF-8.
#include <cstddef>
#include <string_view>
#include <vector>

namespace placard::layout {

enum class Direction { ltr, rtl };

// The offsets after which a line may break, in order, ending with text.size(). Spaces stay
// with the word before them; ideographs (Chinese, Japanese) may break between any two,
// but never before a closing mark such as "。".
std::vector<size_t> line_break_offsets(std::string_view text);

// The offsets where grapheme clusters start, in order (0 first, text.size() not included):
// a base letter with its combining marks, or an emoji with its modifiers and joiners.
std::vector<size_t> cluster_offsets(std::string_view text);

// Right to left when the first strongly directional letter is Hebrew, Arabic, Syriac,
// Thaana or N'Ko; left to right otherwise (also when there is none).
Direction paragraph_direction(std::string_view text);

}  // namespace placard::layout
