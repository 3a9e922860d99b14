#pragma once
// display.strip's band, drawn: the time and the date at its right end, and along the rest
// the ticker's headlines passing from right to left, or a cue's banner in their place. Each
// piece of words is drawn once, when it changes; a frame of the ticker only copies pieces
// into the band. Main thread only.
#include <string>
#include <vector>

#include "layout/geometry.hpp"
#include "layout/theme.hpp"
#include "media/sdl_ptr.hpp"
#include "render/fonts.hpp"

namespace placard::render {

class StripBand {
public:
    // `fonts`: the band's own (not the slides' painter's, which may be busy on another thread).
    StripBand(Fonts& fonts, layout::Size size, const layout::Theme& theme);
    ~StripBand();
    StripBand(const StripBand&) = delete;
    StripBand& operator=(const StripBand&) = delete;

    layout::Size size() const { return size_; }
    // The words. Each returns whether the band looks different for it.
    bool set_clock(const std::string& date, const std::string& time);  // both empty: no clock
    // New headlines wait for the ticker's pass to come round (at offset 0 of a pass).
    bool set_headlines(const std::vector<std::string>& headlines);
    bool set_banner(const std::string& banner);  // empty: the headlines again
    // Whether the words run past the band, and so move; a banner or headlines that fit
    // stand still, centred.
    bool moving() const;
    // Pixels in one pass of the words: the ticker's offset is taken modulo this.
    long long pass() const;
    // Draws the band with the words moved `offset` pixels to the left (any value; taken
    // modulo pass()). Returns the band's pixels (ARGB8888, opaque), the same surface each time.
    const SDL_Surface& draw(long long offset);

private:
    struct Piece {
        SurfacePtr pixels;  // on the band's own ground
        int width = 0;
    };
    Piece piece(const std::string& words, layout::Weight weight, layout::Color ink, layout::Color ground);
    void take_pending();
    int ticker_width() const;

    Fonts& fonts_;
    layout::Size size_;
    layout::Theme theme_;
    int px_ = 0;  // the words' size
    SurfacePtr band_;
    std::string date_, time_;
    Piece clock_;
    std::vector<std::string> headlines_, pending_;
    bool has_pending_ = false;
    std::vector<Piece> pieces_;  // the headlines', each with the mark after it
    std::string banner_;
    Piece banner_piece_;
    long long last_offset_ = 0;
    long long base_ = 0;   // the offset at which the words on the band began their first pass
    bool rebase_ = false;  // new words: they begin at the next draw's offset
};

}  // namespace placard::render
