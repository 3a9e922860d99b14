#include "layout/slide_layout.hpp"

#include "layout/builder.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <type_traits>
#include <variant>

#include <fmt/format.h>

#include "util/time.hpp"
#include "util/utf8.hpp"

namespace placard::layout {
namespace {

using schedule::SlideSpec;

// The accent rule under a title sits where the title starts: at the right for a
// right-to-left one.
Rect title_rule(const TextBlock& title, const Rect& column, int y, int w, int h) {
    const bool rtl = !title.directions.empty() && title.directions.front() == Direction::rtl;
    return {rtl ? column.right() - w : column.x, y, w, h};
}

std::string kicker_word(const std::string& kind, const std::string& locale) {
    static const std::map<std::string, std::map<std::string, std::string>> words = {
        {"report", {{"en", "Report"}, {"de", "Bericht"}, {"es", "Crónica"}, {"fr", "Compte rendu"}}},
        {"event", {{"en", "Coming up"}, {"de", "Demnächst"}, {"es", "Próximamente"}, {"fr", "À venir"}}},
        {"message", {{"en", "Solidarity"}, {"de", "Solidarität"}, {"es", "Solidaridad"}, {"fr", "Solidarité"}}},
        {"donate",
         {{"en", "Scan to give"},
          {"de", "Scannen und spenden"},
          {"es", "Escanea para donar"},
          {"fr", "Scannez pour donner"}}},
        {"read", {{"en", "Read more"}, {"de", "Weiterlesen"}, {"es", "Leer más"}, {"fr", "Lire la suite"}}},
    };
    auto it = words.find(kind);
    if (it == words.end()) return {};
    auto w = it->second.find(locale);
    return w != it->second.end() ? w->second : it->second.at("en");
}

std::string without_scheme(std::string url) {
    for (std::string_view scheme : {"https://", "http://"})
        if (url.rfind(scheme, 0) == 0) url.erase(0, scheme.size());
    if (!url.empty() && url.back() == '/') url.pop_back();
    return url;
}

// The picture's part of the screen for slides that have one: the left half on a
// landscape screen, the top 40 % on a portrait one. Returns the rest.
Rect split_for_picture(Builder& b, const SlideSpec& s) {
    Rect full = b.full();
    if (b.screen().portrait()) {
        Rect pic{0, 0, full.w, full.h * 2 / 5};
        b.image(pic, s.image, config::Fit::cover);
        return {0, pic.h, full.w, full.h - pic.h};
    }
    Rect pic{0, 0, full.w * 11 / 20, full.h};
    b.image(pic, s.image, config::Fit::cover);
    return {pic.w, 0, full.w - pic.w, full.h};
}

// A QR code with a caption under it, in the bottom right corner of `area`. Returns the
// area left for text above or beside it.
Rect qr_corner(Builder& b, Rect area, const std::string& text, const std::string& caption, double size_units) {
    // On a portrait screen the unit follows the width, which would leave the code small.
    const Size s = b.screen();
    int side = std::min(std::max(b.u(size_units), std::min(s.width, s.height) / 6), area.w / 3);
    int caption_h = b.u(3.4);
    Rect code{area.right() - side, area.bottom() - side - caption_h, side, side};
    b.qr(code, text);
    b.text(caption, {code.x - b.u(4), code.bottom() + b.u(0.6), side + b.u(4), caption_h}, Weight::regular, 2.4, 1.6,
           b.theme().muted, 1, Align::center);
    return {area.x, area.y, area.w, code.y - area.y - b.u(2)};
}

}  // namespace

std::string upper(std::string s) {
    for (char& c : s)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return s;
}

Frame layout_report(const SlideSpec& s, Builder& b, const SlideContext& c) {
    const bool picture = !s.image.empty();
    Rect area = picture ? split_for_picture(b, s) : b.full();
    Rect inner = area.inset(b.u(picture ? 6 : 8), b.u(7));
    if (!s.qr.empty()) inner = qr_corner(b, inner, s.qr, kicker_word("read", c.locale), 20);

    Column col(b, inner);
    std::string kicker = upper(kicker_word("report", c.locale));
    if (s.published) kicker += "  \u00b7  " + schedule::report_date(*s.published, c.locale, c.zone);
    col.add(kicker, Weight::bold, 3.2, 2.2, b.theme().accent, 0.1, 1);
    col.gap(2.5);
    col.add(s.title, Weight::bold, picture ? 7.0 : 8.5, 3.6, b.theme().text, 0.5, 5);
    col.gap(3);
    std::string byline = s.author.empty() ? std::string() : s.author;
    int byline_h = byline.empty() ? 0 : b.u(5);
    Rect rest{inner.x, col.y(), inner.w, std::max(0, inner.bottom() - col.y() - byline_h)};
    Column body(b, rest);
    // An excerpt for a glance from the back of the hall, not the article.
    body.add(cut_at_word(s.text, picture ? 260 : 420), Weight::regular, 4.4, 2.8, b.theme().text);
    if (!byline.empty()) {
        b.text(byline, {inner.x, inner.bottom() - byline_h + b.u(1), inner.w, byline_h - b.u(1)}, Weight::regular, 3, 2,
               b.theme().muted, 1);
    }
    b.status();
    return b.take();
}

Frame layout_event(const SlideSpec& s, Builder& b, const SlideContext& c) {
    const Theme& t = b.theme();
    Rect full = b.full();
    LocalTime start = to_local(s.starts ? *s.starts : c.now, c.zone);
    std::string day = std::to_string(start.day);
    std::string month = upper(schedule::month_name(start.month, c.locale));
    std::string weekday = schedule::weekday_name(start.weekday, c.locale);

    Rect tile, info;
    if (b.screen().portrait()) {
        tile = {0, 0, full.w, full.h * 3 / 10};
        info = {0, tile.h, full.w, full.h - tile.h};
    } else {
        tile = {0, 0, full.w * 3 / 10, full.h};
        info = {tile.w, 0, full.w - tile.w, full.h};
    }
    b.fill(tile, t.accent);
    // The date tile: weekday, the day's number large, the month.
    Rect tile_in = tile.inset(b.u(4), b.u(6));
    Column tc(b, tile_in);
    if (!b.screen().portrait()) tc.gap(8);
    tc.add(weekday, Weight::regular, 5, 3, t.on_accent, 0.15, 1, Align::center);
    tc.add(day, Weight::bold, 26, 12, t.on_accent, 0.5, 1, Align::center);
    tc.add(month, Weight::bold, 6, 3, t.on_accent, 0.15, 1, Align::center);

    Rect inner = info.inset(b.u(7), b.u(7));
    if (!s.image.empty() && !b.screen().portrait()) {
        // A picture, when the event has one, as a band at the bottom of the info side.
        Rect pic{info.x, info.bottom() - info.h / 3, info.w, info.h / 3};
        b.image(pic, s.image, config::Fit::cover);
        inner.h = pic.y - inner.y - b.u(3);
    }
    Column col(b, inner);
    col.add(upper(kicker_word("event", c.locale)), Weight::bold, 3.2, 2.2, t.accent, 0.1, 1);
    col.gap(2);
    col.add(s.title, Weight::bold, 8, 3.6, t.text, 0.4, 4);
    col.gap(3);
    col.add(schedule::event_when(s, c.locale, c.zone), Weight::regular, 4.6, 2.6, t.text, 0.2, 2);
    col.gap(1);
    col.add(s.place, Weight::regular, 4.2, 2.4, t.muted, 0.2, 2);
    col.gap(3);
    std::string countdown = schedule::countdown(s, c.now, c.locale, c.zone);
    if (!countdown.empty() && col.remaining() > b.u(9)) {
        // The countdown on an accent pill, as wide as its words.
        Rect words_box{inner.x + b.u(2.5), col.y() + b.u(1.5), inner.w - b.u(5), b.u(6)};
        TextBlock words = b.fit(countdown, words_box, Weight::bold, 4.4, 2.6, t.on_accent, 1);
        b.fill({words.used.x - b.u(2.5), col.y(), words.used.w + b.u(5), words.used.h + b.u(3)}, t.accent);
        b.add(words);
        col.skip_to(words.used.bottom() + b.u(6));
    }
    if (col.remaining() > b.u(8)) col.add(cut_at_word(s.text, 240), Weight::regular, 3.4, 2.6, t.muted);
    b.status();
    return b.take();
}

Frame layout_message(const SlideSpec& s, Builder& b, const SlideContext& c) {
    const Theme& t = b.theme();
    Rect inner = b.full().inset(b.u(10), b.u(8));
    b.fill({inner.x - b.u(4), inner.y, b.u(1.2), inner.h}, t.accent);
    Column col(b, inner);
    col.add(upper(kicker_word("message", c.locale)), Weight::bold, 3.2, 2.2, t.accent, 0.1, 1);
    col.gap(3);
    int signature_h = b.u(13);
    Rect quote_box{inner.x, col.y(), inner.w, std::max(0, inner.bottom() - col.y() - signature_h)};
    b.text("\u201c" + cut_at_word(s.text, 360) + "\u201d", quote_box, Weight::regular, 6.4, 3, t.text);
    Column sig(b, {inner.x, inner.bottom() - signature_h + b.u(2), inner.w, signature_h - b.u(2)});
    sig.add(s.author.empty() ? s.title : s.author, Weight::bold, 4.6, 2.6, t.accent, 0.5, 1);
    sig.add(s.place, Weight::regular, 3.8, 2.4, t.muted, 0.5, 1);
    b.status();
    return b.take();
}

Frame layout_text(const SlideSpec& s, Builder& b, const SlideContext&) {
    const Theme& t = b.theme();
    Rect inner = b.full().inset(b.u(10), b.u(9));
    Column col(b, inner);
    TextBlock title = col.add(s.title, Weight::bold, 9, 4, t.text, 0.35, 3);
    if (!title.lines.empty()) {
        b.fill(title_rule(title, inner, col.y() + b.u(2.5), b.u(14), b.u(1)), t.accent);
        col.gap(6);
    }
    std::string body = s.text;
    if (!s.bullets.empty()) {
        body.clear();
        for (const auto& bullet : s.bullets) body += (body.empty() ? "" : "\n") + std::string("\u2022  ") + bullet;
    }
    col.add(body, Weight::regular, 6.5, 2.8, t.text);
    b.status();
    return b.take();
}

Frame layout_donate(const SlideSpec& s, Builder& b, const SlideContext& c) {
    const Theme& t = b.theme();
    Rect full = b.full();
    Rect code_area, text_area;
    if (b.screen().portrait()) {
        text_area = {0, 0, full.w, full.h / 2};
        code_area = {0, full.h / 2, full.w, full.h / 2};
    } else {
        text_area = {0, 0, full.w * 3 / 5, full.h};
        code_area = {text_area.w, 0, full.w - text_area.w, full.h};
    }
    b.fill(code_area, t.panel);
    int side = std::min(code_area.w, code_area.h) * 3 / 5;
    Rect code{code_area.x + (code_area.w - side) / 2, code_area.y + (code_area.h - side) / 2 - b.u(3), side, side};
    if (!s.qr.empty()) b.qr(code, s.qr);
    Column under(b, {code_area.x + b.u(3), code.bottom() + b.u(3), code_area.w - b.u(6), b.u(12)});
    under.add(upper(kicker_word("donate", c.locale)), Weight::bold, 3.2, 2, t.accent, 0.5, 1, Align::center);
    under.add(without_scheme(s.link), Weight::regular, 3, 1.8, t.muted, 0.5, 1, Align::center);

    Rect inner = text_area.inset(b.u(9), b.u(10));
    Column col(b, inner);
    TextBlock title = col.add(s.title, Weight::bold, 10, 4, t.text, 0.45, 3);
    b.fill(title_rule(title, inner, col.y() + b.u(2.5), b.u(14), b.u(1)), t.accent);
    col.gap(6);
    col.add(s.text, Weight::regular, 5, 2.6, t.text);
    b.status();
    return b.take();
}

Frame layout_image(const SlideSpec& s, Builder& b, const SlideContext&) {
    b.image(b.full(), s.image, s.fit);
    if (!s.title.empty()) {
        // A caption band for pictures that have a title (posters from a folder do not).
        Rect band{0, b.screen().height - b.u(12), b.screen().width, b.u(12)};
        b.fill(band, {0, 0, 0, 170});
        b.text(s.title, band.inset(b.u(5), b.u(3)), Weight::bold, 4.4, 2.4, {255, 255, 255, 255}, 1);
    }
    b.status();
    return b.take();
}

namespace {

// A cue's banner: a band of the theme's accent along the bottom, its words in white, drawn
// over whatever the slide put there (its status line too).
void add_banner(Frame& frame, const SlideContext& context, TextMeasurer& measurer) {
    if (context.banner.empty()) return;
    Builder b(context, measurer);
    const Rect band{0, b.screen().height - b.u(14), b.screen().width, b.u(14)};
    b.fill(band, context.theme.accent);
    b.text(context.banner, band.inset(b.u(4), b.u(2)), Weight::bold, 6, 3, {255, 255, 255, 255}, 2, Align::center);
    Frame ops = b.take();
    frame.ops.insert(frame.ops.end(), ops.ops.begin(), ops.ops.end());
}

// Lays a slide out beside display.strip's band: in the rest of the screen, moved below the
// band when it runs along the top; the frame keeps the whole screen's size.
template <class Lay>
Frame beside_strip(const SlideContext& context, Lay lay) {
    SlideContext rest = context;
    rest.strip = 0;
    rest.screen.height = std::max(1, context.screen.height - context.strip);
    Frame frame = lay(rest);
    frame.size = context.screen;
    if (!context.strip_top) return frame;
    const int dy = context.strip;
    auto move = [dy](Rect& r) { r.y += dy; };
    for (DrawOp& op : frame.ops) {
        std::visit(
            [&](auto& o) {
                if constexpr (std::is_same_v<std::decay_t<decltype(o)>, TextOp>) {
                    move(o.block.box);
                    move(o.block.used);
                } else {
                    move(o.rect);
                }
            },
            op);
    }
    return frame;
}

}  // namespace

int strip_height(Size screen) {
    // Eight of the Builder's units: 86 pixels at 1080p, words about 50 pixels high.
    const double short_side = std::min(screen.width, screen.height), long_side = std::max(screen.width, screen.height);
    return static_cast<int>(std::lround(std::min(short_side, long_side * 9.0 / 16.0) * 0.08));
}

Frame layout_slide(const schedule::SlideSpec& slide, const SlideContext& context, TextMeasurer& measurer) {
    if (context.strip > 0)
        return beside_strip(context, [&](const SlideContext& rest) { return layout_slide(slide, rest, measurer); });
    Builder b(context, measurer);
    if (slide.stale_since)
        b.set_stale_hint(schedule::updated_ago(*slide.stale_since, context.now, context.locale),
                         slide.kind && slide.kind->fills_screen);
    Frame frame =
        slide.kind && slide.kind->layout ? slide.kind->layout(slide, b, context) : layout_text(slide, b, context);
    if (!(slide.kind && slide.kind->name == "blanked")) add_banner(frame, context, measurer);
    return frame;
}

Frame layout_waiting(const SlideContext& context, TextMeasurer& measurer) {
    if (context.strip > 0)
        return beside_strip(context, [&](const SlideContext& rest) { return layout_waiting(rest, measurer); });
    Builder b(context, measurer);
    Rect inner = b.full().inset(b.u(10), b.u(30));
    Column col(b, inner);
    col.add("placard", Weight::bold, 9, 4, context.theme.muted, 0.5, 1, Align::center);
    b.status();
    Frame frame = b.take();
    add_banner(frame, context, measurer);
    return frame;
}

}  // namespace placard::layout
