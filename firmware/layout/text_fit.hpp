#pragma once
// Text that fits its box: wrapped at word boundaries and shrunk until every line fits.
// Pure; the pixels come from a TextMeasurer, so tests can measure without fonts.
#include <string>
#include <string_view>
#include <vector>

#include "layout/geometry.hpp"

namespace placard::layout {

enum class Weight { regular, bold };
enum class Align { left, center, right };

class TextMeasurer {
public:
    virtual ~TextMeasurer() = default;
    // Width in pixels of one line of UTF-8 text at `px` (the font's nominal size).
    virtual int width(std::string_view text, Weight weight, int px) = 0;
    // Distance between baselines of two lines at `px`.
    virtual int line_height(Weight weight, int px) = 0;
};

struct TextStyle {
    Weight weight = Weight::regular;
    int max_px = 48;     // the size it is set at when it fits
    int min_px = 12;     // the smallest it may shrink to
    int max_lines = 0;   // 0: as many as fit
    Align align = Align::left;
    Color color;
};

struct TextBlock {
    std::vector<std::string> lines;
    int px = 0;            // chosen size
    int line_height = 0;
    Rect box;              // the box it was fitted to
    Rect used;             // the part of the box the lines take (top-aligned)
    bool truncated = false;  // even at min_px it did not fit: the last line ends in "…"
    TextStyle style;
};

// Wraps `text` ("\n" starts a new paragraph) into `box`, at the largest size from
// style.max_px down to style.min_px at which all lines fit in width and height. A word
// wider than the box is broken between characters. If it does not fit at min_px, the
// lines that fit are kept and the last ends in "…": nothing is ever drawn outside `box`.
TextBlock fit_text(TextMeasurer& measurer, std::string_view text, Rect box, const TextStyle& style);

// Wraps at a fixed size; the lines, each no wider than max_width.
std::vector<std::string> wrap(TextMeasurer& measurer, std::string_view text, Weight weight, int px, int max_width);

}  // namespace placard::layout
