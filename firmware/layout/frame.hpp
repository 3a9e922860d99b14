#pragma once
// A laid-out slide: what to draw where, as plain data. The renderer paints it; tests
// check it (every text inside its box, every box on the screen).
#include <string>
#include <variant>
#include <vector>

#include "config/playlist.hpp"
#include "layout/geometry.hpp"
#include "layout/text_fit.hpp"

namespace placard::layout {

struct FillOp {
    Rect rect;
    Color color;
};

struct TextOp {
    TextBlock block;
};

struct ImageOp {
    Rect rect;
    std::string file;  // a prepared picture in the cache
    config::Fit fit = config::Fit::cover;
};

struct QrOp {
    Rect rect;         // square; the code and its quiet zone fill it
    std::string text;  // what the code says
};

using DrawOp = std::variant<FillOp, TextOp, ImageOp, QrOp>;

struct Frame {
    Size size;
    Color background;
    std::vector<DrawOp> ops;  // painted in order
};

}  // namespace placard::layout
