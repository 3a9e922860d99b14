#pragma once
// QR codes for the links on slides ("Read more", "Make a donation"): the module matrix
// only; drawing it is the renderer's job. Pure: no I/O; safe on any thread.
#include <string_view>
#include <vector>

#include "util/result.hpp"

namespace placard::layout {

struct QrCode {
    int size = 0;               // modules per side, without the quiet zone
    std::vector<bool> modules;  // row by row, size * size, true = dark
    // Outside the matrix (the quiet zone) every module is light.
    bool dark(int x, int y) const;
};

// Encodes `text` as bytes at error correction level M (about 15% of the symbol may be
// covered or dirty), in the smallest version that holds it. Empty text, or text longer
// than the largest version holds (2331 bytes at level M), is an error.
Result<QrCode> make_qr(std::string_view text);

}  // namespace placard::layout
