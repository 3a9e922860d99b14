#pragma once
// What the layouts of the kinds of slide draw with: a Builder that adds boxes, pictures, QR
// codes and fitted text to a Frame, in units of a hundredth of the screen's short side, and
// a Column that places blocks one under the other.
#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>

#include "layout/frame.hpp"
#include "layout/slide_layout.hpp"
#include "layout/text_fit.hpp"

namespace placard::layout {

// Paints a frame: sizes are in units of a hundredth of the screen's short side, so that
// every screen, landscape or portrait, gets the same design.
class Builder {
public:
    Builder(const SlideContext& context, TextMeasurer& measurer) : context_(context), measurer_(measurer) {
        const Size s = context.screen;
        // A hundredth of the short side, or of a 16:9 box on a very wide screen.
        const double short_side = std::min(s.width, s.height), long_side = std::max(s.width, s.height);
        unit_ = std::min(short_side, long_side * 9.0 / 16.0) / 100.0;
        frame_.size = s;
        frame_.background = context.theme.background;
    }

    int u(double units) const { return static_cast<int>(std::lround(units * unit_)); }
    const Theme& theme() const { return context_.theme; }
    Size screen() const { return context_.screen; }
    Rect full() const { return {0, 0, context_.screen.width, context_.screen.height}; }

    void fill(Rect r, Color c) { frame_.ops.push_back(FillOp{r, c}); }
    void image(Rect r, const std::string& file, config::Fit fit) { frame_.ops.push_back(ImageOp{r, file, fit}); }
    void qr(Rect r, const std::string& text) { frame_.ops.push_back(QrOp{r, text}); }

    // Fits text into box and adds it; returns its block (empty text adds nothing).
    TextBlock text(std::string_view s, Rect box, Weight weight, double max_units, double min_units, Color color,
                   int max_lines = 0, Align align = Align::left) {
        TextBlock block = fit(s, box, weight, max_units, min_units, color, max_lines, align);
        add(block);
        return block;
    }

    void add(const TextBlock& block) {
        if (!block.lines.empty()) frame_.ops.push_back(TextOp{block});
    }

    // Fits text into box without adding it.
    TextBlock fit(std::string_view s, Rect box, Weight weight, double max_units, double min_units, Color color,
                  int max_lines = 0, Align align = Align::left) {
        TextStyle style;
        style.weight = weight;
        style.max_px = std::max(1, u(max_units));
        style.min_px = std::max(1, std::min(style.max_px, u(min_units)));
        style.max_lines = max_lines;
        style.align = align;
        style.color = color;
        return fit_text(measurer_, s, box, style);
    }

    // The quiet status line, bottom left, if there is one, and how old the slide's
    // content is, bottom right, once its source is stale.
    void status() {
        if (!context_.status.empty()) {
            Rect box{u(3), screen().height - u(5), screen().width * 2 / 3, u(3.2)};
            text(context_.status, box, Weight::regular, 2.4, 1.6, theme().muted, 1);
        }
        if (!stale_hint_.empty()) {
            Rect box{screen().width * 2 / 3 + u(1), screen().height - u(5), screen().width / 3 - u(4), u(3.2)};
            TextBlock block = fit(stale_hint_, box, Weight::regular, 2.4, 1.6, theme().muted, 1, Align::right);
            // Over a photograph the muted words need a ground of their own.
            if (over_picture_) fill(block.used.inset(-u(1), -u(0.5)), {0, 0, 0, 150});
            add(block);
        }
    }

    void set_stale_hint(std::string hint, bool over_picture) {
        stale_hint_ = std::move(hint);
        over_picture_ = over_picture;
    }

    Frame take() { return std::move(frame_); }

private:
    const SlideContext& context_;
    TextMeasurer& measurer_;
    double unit_ = 1;
    Frame frame_;
    std::string stale_hint_;
    bool over_picture_ = false;
};

// Places blocks one under the other inside a box.
class Column {
public:
    Column(Builder& b, Rect box) : b_(b), box_(box), y_(box.y) {}

    int remaining() const { return box_.bottom() - y_; }
    int y() const { return y_; }
    void gap(double units) { skip_to(y_ + b_.u(units)); }
    void skip_to(int y) { y_ = std::clamp(y, y_, box_.bottom()); }

    // `share` caps the block's box at that fraction of the column's height; the block
    // takes only the height its lines need.
    TextBlock add(std::string_view s, Weight w, double max_units, double min_units, Color color, double share = 1.0,
                  int max_lines = 0, Align align = Align::left) {
        if (s.empty()) return {};
        int h = std::min(remaining(), static_cast<int>(box_.h * share));
        TextBlock block = b_.text(s, {box_.x, y_, box_.w, h}, w, max_units, min_units, color, max_lines, align);
        y_ += block.used.h;
        return block;
    }

private:
    Builder& b_;
    Rect box_;
    int y_;
};

// ASCII capitals: kickers are our own words; other letters are left as they are.
std::string upper(std::string s);

// The layouts of the kinds placard started with (their rows are in kinds/).
Frame layout_report(const schedule::SlideSpec& s, Builder& b, const SlideContext& c);
Frame layout_event(const schedule::SlideSpec& s, Builder& b, const SlideContext& c);
Frame layout_message(const schedule::SlideSpec& s, Builder& b, const SlideContext& c);
Frame layout_text(const schedule::SlideSpec& s, Builder& b, const SlideContext& c);
Frame layout_donate(const schedule::SlideSpec& s, Builder& b, const SlideContext& c);
Frame layout_image(const schedule::SlideSpec& s, Builder& b, const SlideContext& c);

}  // namespace placard::layout
