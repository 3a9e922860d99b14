// The clock: the time, big, with the weekday and the date, in the display's zone and
// language; a line of the organizer's under it ("Doors open at 19:00"), if they write one.
// It is painted again when the minute turns, and at no other time.
#include <chrono>

#include "config/slide_reader.hpp"
#include "kinds/kinds.hpp"
#include "layout/builder.hpp"
#include "schedule/schedule.hpp"

namespace placard::kinds {
namespace {

void read_clock(config::SlideReader& reader, const config::Json& value, const std::string& path, config::Slide& slide) {
    if (const config::Json* v = config::Checker::member(value, "title"))
        slide.title = reader.checker()
                          .read_string(*v, config::member_path(path, "title"), "\"Doors open at 19:00\"")
                          .value_or("");
}

void build_clock(const schedule::BuildInput&, const config::Slide& slide, int index,
                 std::vector<schedule::SlideSpec>& out) {
    schedule::SlideSpec spec = schedule::make_spec(slide, index, nullptr);
    spec.title = slide.title;
    out.push_back(std::move(spec));
}

std::string live_time(const schedule::SlideSpec&, SysTime now, const std::string&, const Zone& zone) {
    return schedule::time_of_day(now, zone);
}

// The next turn of the minute. Zones' offsets are whole minutes nowadays (and the
// words are compared before a repaint), so the turn in UTC is the turn on the wall.
std::optional<SysTime> next_minute(const schedule::SlideSpec&, SysTime now, const Zone&) {
    return std::chrono::floor<std::chrono::minutes>(now) + std::chrono::minutes(1);
}

layout::Frame layout_clock(const schedule::SlideSpec& s, layout::Builder& b, const layout::SlideContext& c) {
    using layout::Align;
    using layout::Weight;
    const layout::Theme& t = b.theme();
    const LocalTime now = to_local(c.now, c.zone);
    layout::Rect inner = b.full().inset(b.u(8), b.u(10));
    layout::Column col(b, inner);
    col.gap(s.title.empty() ? 8 : 2);
    col.add(schedule::weekday_name(now.weekday, c.locale), Weight::regular, 7, 4, t.accent, 0.15, 1, Align::center);
    col.add(schedule::time_of_day(c.now, c.zone), Weight::bold, 34, 14, t.text, 0.45, 1, Align::center);
    col.add(schedule::report_date(c.now, c.locale, c.zone), Weight::regular, 7, 4, t.text, 0.15, 1, Align::center);
    if (!s.title.empty()) {
        col.gap(5);
        col.add(s.title, Weight::bold, 6, 3, t.muted, 1.0, 2, Align::center);
    }
    b.status();
    return b.take();
}

}  // namespace

const config::SlideKind clock{
    .name = "clock",
    .keys = {"title"},
    .items = std::nullopt,
    .read = read_clock,
    .build = build_clock,
    .layout = layout_clock,
    .live_words = live_time,
    .words_change_at = next_minute,
};

}  // namespace placard::kinds
