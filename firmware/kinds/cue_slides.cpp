// The slides that cues put up (cues/board.hpp): an announcement that takes the screen, and
// the black of a blank. Not in the playlist's table: only cues make them.
#include <algorithm>

#include <fmt/format.h>

#include "cues/board.hpp"
#include "kinds/kinds.hpp"
#include "layout/builder.hpp"
#include "schedule/schedule.hpp"

namespace placard::kinds {
namespace {

std::string announce_countdown(const schedule::SlideSpec& s, SysTime now, const std::string& locale, const Zone& zone) {
    return s.starts ? schedule::countdown(s, now, locale, zone) : std::string();
}

std::optional<SysTime> announce_changes_at(const schedule::SlideSpec& s, SysTime now, const Zone& zone) {
    if (!s.starts) return std::nullopt;
    return schedule::countdown_changes_at(s, now, zone);
}

layout::Frame layout_announce(const schedule::SlideSpec& s, layout::Builder& b, const layout::SlideContext& c) {
    using layout::Align;
    using layout::Weight;
    const layout::Theme& t = b.theme();
    const bool picture = !s.image.empty();
    const std::string words = s.title.empty() && !picture ? cues::intermission_title(c.locale) : s.title;
    const std::string left = announce_countdown(s, c.now, c.locale, c.zone);
    // A band of the theme's accent at the top says that this is news, not a slide of the turn.
    b.fill({0, 0, b.screen().width, b.u(2)}, t.accent);
    layout::Rect inner = b.full().inset(b.u(8), b.u(9));
    if (picture) {
        // The picture above, the words (fewer lines, smaller) under it; a picture alone fills.
        const layout::Rect area = b.full().inset(b.u(4), b.u(5));
        if (words.empty() && left.empty()) {
            b.image(area, s.image, config::Fit::contain);
            return b.take();
        }
        const int below = b.u(words.empty() || left.empty() ? 17 : 26);
        b.image({area.x, area.y, area.w, area.h - below}, s.image, config::Fit::contain);
        inner = {inner.x, area.y + area.h - below + b.u(2), inner.w, below - b.u(2)};
    }
    const double largest = picture ? 7 : left.empty() ? 14 : 12;
    const int most_lines = picture ? 2 : 6;
    // Short words big, long ones smaller: fitted into the middle of the screen.
    layout::TextBlock block = b.fit(words, inner, Weight::bold, largest, 4.5, t.text, most_lines, Align::center);
    layout::TextBlock count;
    if (!left.empty()) {
        layout::Rect below{inner.x, 0, inner.w, b.u(12)};
        count = b.fit(left, below, Weight::bold, picture ? 6 : 9, picture ? 4.5 : 5, t.accent, 1, Align::center);
    }
    const int gap = count.lines.empty() || block.lines.empty() ? 0 : b.u(picture ? 2 : 5);
    const int height = block.used.h + gap + count.used.h;
    const int top = inner.y + std::max(0, (inner.h - height) / 2);
    block = b.fit(words, {inner.x, top, inner.w, block.used.h}, Weight::bold, largest, 4.5, t.text, most_lines,
                  Align::center);
    b.add(block);
    if (!count.lines.empty())
        b.text(left, {inner.x, top + block.used.h + gap, inner.w, count.used.h}, Weight::bold, picture ? 6 : 9,
               picture ? 4.5 : 5, t.accent, 1, Align::center);
    return b.take();
}

layout::Frame layout_blanked(const schedule::SlideSpec&, layout::Builder& b, const layout::SlideContext&) {
    layout::Frame f = b.take();
    f.ops.clear();
    f.background = {0, 0, 0, 255};  // the film's: not even the status line
    return f;
}

}  // namespace

const config::SlideKind announce{
    .name = "announce",
    .keys = {},
    .items = std::nullopt,
    .layout = layout_announce,
    .live_words = announce_countdown,
    .words_change_at = announce_changes_at,
};

const config::SlideKind blanked{
    .name = "blanked",
    .keys = {},
    .items = std::nullopt,
    .layout = layout_blanked,
};

}  // namespace placard::kinds
