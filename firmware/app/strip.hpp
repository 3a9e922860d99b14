#pragma once
// display.strip on the screen: the band's place, its words brought up to date (the time,
// the ticker's headlines, a cue's banner), and its frames on the ticker's own beat. The
// player asks it when it next needs a frame and hands its pixels to the screen, which draws
// them over every frame and through fades. Main thread only.
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "config/playlist.hpp"
#include "content/snapshot.hpp"
#include "layout/geometry.hpp"
#include "render/fonts.hpp"
#include "render/strip_band.hpp"
#include "util/clock.hpp"

namespace placard::app {

class StripView {
public:
    using steady = std::chrono::steady_clock;

    // None when the playlist has no strip, or its fonts cannot be opened (logged).
    static std::unique_ptr<StripView> make(const config::Display& display, layout::Size screen);
    ~StripView();

    // Whether it still fits this playlist's display.strip and screen (else make another).
    bool fits(const config::Display& display, layout::Size screen) const;
    // The band in the upright frame, and its height (what slides are laid out beside).
    layout::Rect rect() const { return rect_; }
    bool top() const { return top_; }

    // Brings its words up to date; returns whether the band looks different. `banner`: the
    // cue's banner, shown in the band in place of the headlines.
    bool update(const config::Playlist& playlist, const content::Snapshot* snapshot, SysTime now,
                const std::string& banner);
    // Draws the band as it is at `now` (the ticker's place follows the steady clock); returns
    // whether its pixels changed since the last draw.
    bool draw(steady::time_point now);
    const SDL_Surface* pixels() const { return pixels_; }
    // When it next needs drawing: the ticker's next step while it moves; none when it
    // stands still (the clock's minute is the player's words_change_at()).
    std::optional<steady::time_point> next_frame(steady::time_point now) const;
    // When the words next change by themselves: the minute's turn (the clock; events that end).
    SysTime words_change_at(SysTime now) const;

private:
    StripView() = default;
    long long offset_at(steady::time_point t) const;

    std::unique_ptr<render::Fonts> fonts_;
    std::unique_ptr<render::StripBand> band_;
    config::Strip config_;
    std::string theme_;
    layout::Size screen_;
    layout::Rect rect_;
    bool top_ = false;
    steady::time_point origin_ = steady::now();          // where the ticker's offset was 0
    std::chrono::duration<double> step_time_{1.0 / 60};  // between two frames of the ticker
    int step_px_ = 2;                                    // pixels it moves a frame
    long long drawn_offset_ = -1;
    bool dirty_ = true;
    const SDL_Surface* pixels_ = nullptr;
};

}  // namespace placard::app
