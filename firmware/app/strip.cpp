#include "app/strip.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "layout/slide_layout.hpp"
#include "layout/theme.hpp"
#include "schedule/schedule.hpp"
#include "util/log.hpp"

namespace placard::app {

std::unique_ptr<StripView> StripView::make(const config::Display& display, layout::Size screen) {
    if (!display.strip) return nullptr;
    auto fonts = render::Fonts::open();
    if (!fonts) {
        log::write_once(log::Level::error, "render", "strip-fonts",
                        fmt::format("the strip is not shown: {}", fonts.error().to_string()));
        return nullptr;
    }
    std::unique_ptr<StripView> view(new StripView);
    view->fonts_ = std::move(*fonts);
    view->config_ = *display.strip;
    view->theme_ = display.theme;
    view->screen_ = screen;
    view->top_ = display.strip->top;
    const int h = layout::strip_height(screen);
    view->rect_ = {0, view->top_ ? 0 : screen.height - h, screen.width, h};
    view->band_ = std::make_unique<render::StripBand>(*view->fonts_, layout::Size{screen.width, h},
                                                      layout::theme_named(display.theme));
    // The speed is in pixels a second at 1080 lines; the ticker moves whole pixels, as many
    // a frame as keep it at most 60 frames a second.
    const double px_per_s = display.strip->speed * std::min(screen.width, screen.height) / 1080.0;
    view->step_px_ = std::max(1, static_cast<int>(std::ceil(px_per_s / 60.0)));
    view->step_time_ = std::chrono::duration<double>(view->step_px_ / std::max(1.0, px_per_s));
    return view;
}

StripView::~StripView() = default;

bool StripView::fits(const config::Display& display, layout::Size screen) const {
    if (!display.strip || screen != screen_ || display.theme != theme_) return false;
    const config::Strip& s = *display.strip;
    return s.top == config_.top && s.speed == config_.speed;
}

bool StripView::update(const config::Playlist& playlist, const content::Snapshot* snapshot, SysTime now,
                       const std::string& banner) {
    bool changed = false;
    const config::Display& d = playlist.display;
    if (d.strip && d.strip->clock)
        changed |= band_->set_clock(schedule::short_date(now, d.locale, d.zone), schedule::time_of_day(now, d.zone));
    else
        changed |= band_->set_clock({}, {});
    if (snapshot) changed |= band_->set_headlines(schedule::ticker_headlines(playlist, *snapshot, now));
    changed |= band_->set_banner(banner);
    dirty_ = dirty_ || changed;
    return changed;
}

long long StripView::offset_at(steady::time_point t) const {
    const double steps = std::floor(std::chrono::duration<double>(t - origin_) / step_time_);
    return static_cast<long long>(steps) * step_px_;
}

bool StripView::draw(steady::time_point now) {
    const long long offset = band_->moving() ? offset_at(now) : 0;
    if (!dirty_ && offset == drawn_offset_ && pixels_) return false;
    pixels_ = &band_->draw(offset);
    drawn_offset_ = offset;
    dirty_ = false;
    return true;
}

std::optional<StripView::steady::time_point> StripView::next_frame(steady::time_point now) const {
    if (!band_->moving()) return std::nullopt;
    const double steps = std::floor(std::chrono::duration<double>(now - origin_) / step_time_) + 1;
    return origin_ + std::chrono::duration_cast<steady::duration>(step_time_ * steps);
}

SysTime StripView::words_change_at(SysTime now) const {
    return std::chrono::floor<std::chrono::minutes>(now) + std::chrono::minutes(1);
}

}  // namespace placard::app
