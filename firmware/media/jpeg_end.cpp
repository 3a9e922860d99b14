#include "media/jpeg_end.hpp"

#include <cstddef>

namespace placard::media {

bool is_jpeg(std::string_view b) {
    return b.size() >= 3 && b.substr(0, 3) == "\xFF\xD8\xFF";
}

// ITU T.81 B.1: after SOI come marker segments (0xFF, a code, a 16-bit big-endian length
// that counts itself); the entropy-coded data after SOS never holds 0xFF 0xD9, since a
// 0xFF there is always followed by 0x00 or a restart code. So the first 0xFF 0xD9 after
// SOS is EOI. Walking the segments up to SOS skips the EXIF thumbnail, a whole JPEG
// of its own with its own EOI.
bool jpeg_has_end(std::string_view b) {
    const auto at = [&](size_t i) { return static_cast<unsigned char>(b[i]); };
    size_t pos = 2;  // after SOI
    while (pos + 1 < b.size()) {
        if (at(pos) != 0xFF) return false;
        const unsigned char code = at(pos + 1);
        if (code == 0xFF) {  // fill byte before a marker
            ++pos;
            continue;
        }
        if (code == 0xD9) return false;                        // EOI before any scan: no picture
        if (code == 0x01 || (code >= 0xD0 && code <= 0xD7)) {  // markers without a length
            pos += 2;
            continue;
        }
        if (pos + 3 >= b.size()) return false;
        const size_t length = static_cast<size_t>(at(pos + 2)) << 8 | at(pos + 3);
        if (code == 0xDA) return b.find("\xFF\xD9", pos + 2 + length) != std::string_view::npos;
        pos += 2 + length;
    }
    return false;
}

}  // namespace placard::media
