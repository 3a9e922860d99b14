#include "config/text_position.hpp"

namespace placard::config {

TextPosition position_of(std::string_view text, std::size_t offset) {
    if (offset > text.size()) offset = text.size();
    TextPosition position{1, 1};
    // A byte-order mark is invisible in editors: it does not take a column.
    std::size_t i = text.substr(0, 3) == "\xEF\xBB\xBF" && offset >= 3 ? 3 : 0;
    for (; i < offset; ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte == '\n') {
            ++position.line;
            position.column = 1;
        } else if ((byte & 0xC0) != 0x80) {  // continuation bytes belong to the previous character
            ++position.column;
        }
    }
    return position;
}

}  // namespace placard::config
