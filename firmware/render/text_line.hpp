#pragma once
// One line of text as it is drawn: cut into runs that HarfBuzz (inside SDL_ttf) shapes
// alike (one bidi level, one script, one font: the slide's, or a fallback that has the
// characters), put in visual order by ICU's bidi algorithm, measured, and painted.
// Main thread only.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "layout/segments.hpp"
#include "layout/text_fit.hpp"

struct SDL_Surface;
struct SDL_Color;
typedef struct _TTF_Font TTF_Font;

namespace placard::render {

class Fonts;

struct TextRun {
    std::string text;  // in logical order: the shaper lays it out in its direction
    TTF_Font* font = nullptr;
    layout::Direction direction = layout::Direction::ltr;
    std::string script = "Latn";  // ISO 15924, as HarfBuzz takes it: "Arab", "Hebr", "Hani"
    double scale = 1;             // a bitmap font (colour emoji) comes at one size: scaled to the line's
    int width = 0;                // in the line's pixels
    int ascent = 0;               // baseline below the run's top, in the line's pixels
};

struct ShapedLine {
    std::vector<TextRun> runs;  // left to right, as they are seen
    int width = 0;
    int ascent = 0;  // of the slide's font: where the baseline is below the line's top
};

// Without `paragraph`, the line's own first strong letter sets its direction (UAX #9 P2);
// widths do not depend on it, only the order of the runs does.
ShapedLine shape_line(Fonts& fonts, std::string_view text, layout::Weight weight, int px,
                      std::optional<layout::Direction> paragraph = std::nullopt);

// Paints the runs from x, with the line's top at y, blending onto dst.
void draw_line(SDL_Surface* dst, const ShapedLine& line, int x, int y, const SDL_Color& color);

}  // namespace placard::render
