#pragma once
// Text that fits its box: wrapped where Unicode allows a line break (between words, or
// between ideographs) and shrunk until every line fits. Pure; the pixels come from a
// TextMeasurer, so tests can measure without fonts.
#include <string>
#include <string_view>
#include <vector>

#include "layout/geometry.hpp"
#include "layout/segments.hpp"

namespace placard::layout {

enum class Weight { regular, bold };
enum class Align { left, center, right };

class TextMeasurer {
public:
    virtual ~TextMeasurer() = default;
    // Width in pixels of one line of UTF-8 text at `px` (the font's nominal size), as
    // shaped: joined letters, ligatures and kerning included.
    virtual int width(std::string_view text, Weight weight, int px) = 0;
    // Distance between baselines of two lines at `px`.
    virtual int line_height(Weight weight, int px) = 0;
};

struct TextStyle {
    Weight weight = Weight::regular;
    int max_px = 48;    // the size it is set at when it fits
    int min_px = 12;    // the smallest it may shrink to
    int max_lines = 0;  // 0: as many as fit
    Align align = Align::left;
    Color color;
};

struct TextBlock {
    std::vector<std::string> lines;
    // Per line, the direction of the paragraph it comes from (its first strong letter):
    // a right-to-left line is drawn right to left and its alignment mirrored.
    std::vector<Direction> directions;
    int px = 0;  // chosen size
    int line_height = 0;
    Rect box;                // the box it was fitted to
    Rect used;               // the part of the box the lines take (top-aligned)
    bool truncated = false;  // even at min_px it did not fit: the last line ends in "…"
    TextStyle style;
};

// Wraps `text` ("\n" starts a new paragraph) into `box`, at the largest size from
// style.max_px down to style.min_px at which all lines fit in width and height. A word
// wider than the box is broken between grapheme clusters (never inside one). If it does not fit at min_px, the
// lines that fit are kept and the last ends in "…": nothing is ever drawn outside `box`.
TextBlock fit_text(TextMeasurer& measurer, std::string_view text, Rect box, const TextStyle& style);

// The alignment a line is drawn with: right-to-left text mirrors left and right, so a
// slide's left-aligned Arabic or Hebrew quote starts at the right edge, where it is read from.
Align line_align(Align align, Direction direction);

// Wraps at a fixed size; the lines, each no wider than max_width.
std::vector<std::string> wrap(TextMeasurer& measurer, std::string_view text, Weight weight, int px, int max_width);

}  // namespace placard::layout
