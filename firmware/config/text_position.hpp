#pragma once
// Byte offsets in a text to the line and column an editor shows.
#include <cstddef>
#include <string_view>

namespace placard::config {

struct TextPosition {
    int line = 0;    // 1-based
    int column = 0;  // 1-based, in characters (UTF-8 code points), as editors count
};

// An offset past the end gives the position just after the last character.
TextPosition position_of(std::string_view text, std::size_t offset);

}  // namespace placard::config
