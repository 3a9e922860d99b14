#include <doctest/doctest.h>

#include <cmath>
#include <type_traits>
#include <variant>

#include <string>
#include <vector>

#include "kinds/kinds.hpp"
#include "layout/slide_layout.hpp"
#include "layout/text_fit.hpp"
#include "util/time.hpp"

using namespace placard;
using namespace placard::layout;

namespace {

// Every character is 0.6 em wide (bold 0.65), lines are 1.2 em apart: enough like a
// real font for wrapping and fitting, and exact to reason about.
class FixedMeasurer final : public TextMeasurer {
public:
    int width(std::string_view text, Weight weight, int px) override {
        size_t chars = 0;
        for (unsigned char c : text)
            if ((c & 0xC0) != 0x80) ++chars;
        double em = weight == Weight::bold ? 0.65 : 0.6;
        return static_cast<int>(static_cast<double>(chars) * em * px + 0.5);
    }
    int line_height(Weight, int px) override { return px * 12 / 10; }
};

TextStyle style(int max_px, int min_px, int max_lines = 0) {
    TextStyle s;
    s.max_px = max_px;
    s.min_px = min_px;
    s.max_lines = max_lines;
    return s;
}

void check_inside(TextMeasurer& m, const TextBlock& b) {
    CHECK(b.box.contains(b.used));
    for (const auto& line : b.lines) CHECK(m.width(line, b.style.weight, b.px) <= b.box.w);
    CHECK(static_cast<int>(b.lines.size()) * b.line_height <= b.box.h);
}

}  // namespace

TEST_CASE("short text is set at the largest size") {
    FixedMeasurer m;
    auto b = fit_text(m, "Picket today", {0, 0, 1000, 200}, style(60, 10));
    CHECK(b.px == 60);
    CHECK(b.lines == std::vector<std::string>{"Picket today"});
    CHECK_FALSE(b.truncated);
    check_inside(m, b);
}

TEST_CASE("text wraps at word boundaries and shrinks until it fits its box") {
    FixedMeasurer m;
    std::string text = "Forty people protested outside the embassy for two hours and handed over a letter";
    auto b = fit_text(m, text, {10, 20, 400, 150}, style(60, 10));
    CHECK(b.px < 60);
    CHECK(b.px >= 10);
    CHECK_FALSE(b.truncated);
    check_inside(m, b);
    std::string joined;
    for (const auto& l : b.lines) joined += (joined.empty() ? "" : " ") + l;
    CHECK(joined == text);
    // One pixel larger would not have fitted.
    auto bigger = fit_text(m, text, {10, 20, 400, 150}, style(b.px + 1, b.px + 1));
    CHECK(bigger.truncated);
}

TEST_CASE("too much text ends with an ellipsis inside the box instead of running off it") {
    FixedMeasurer m;
    std::string text;
    for (int i = 0; i < 200; ++i) text += "solidarity ";
    auto b = fit_text(m, text, {0, 0, 300, 100}, style(40, 20));
    CHECK(b.truncated);
    CHECK(b.px == 20);
    check_inside(m, b);
    REQUIRE_FALSE(b.lines.empty());
    CHECK(b.lines.back().size() >= 3);
    CHECK(b.lines.back().substr(b.lines.back().size() - 3) == "\u2026");
}

TEST_CASE("a word wider than the box is broken between characters, never mid UTF-8 sequence") {
    FixedMeasurer m;
    auto b = fit_text(m, "Internationalisierungsbestrebungen\u00e4\u00f6\u00fc", {0, 0, 120, 400}, style(20, 20));
    check_inside(m, b);
    CHECK(b.lines.size() > 1);
    for (const auto& l : b.lines) {
        REQUIRE_FALSE(l.empty());
        CHECK((static_cast<unsigned char>(l[0]) & 0xC0) != 0x80);
    }
}

TEST_CASE("max_lines and paragraphs are honoured") {
    FixedMeasurer m;
    auto b = fit_text(m, "one two three four five six seven eight", {0, 0, 100, 1000}, style(30, 8, 2));
    CHECK(b.lines.size() <= 2);
    check_inside(m, b);
    auto p = fit_text(m, "first\nsecond", {0, 0, 1000, 1000}, style(30, 8));
    CHECK(p.lines == std::vector<std::string>{"first", "second"});
}

namespace {

schedule::SlideSpec sample(const std::string& kind) {
    schedule::SlideSpec s;
    s.kind = kinds::find(kind);
    s.id = kind;
    s.title = "Screening of a documentary about the occupied factories, followed by a discussion with the director";
    s.text = std::string(600, 'x');
    for (size_t i = 5; i < s.text.size(); i += 7) s.text[i] = ' ';
    s.author = "Maria Fernández";
    s.place = "Trades Hall, Room 2, 12 Union Street";
    s.bullets = {"We oppose the exercises", "Justice for the victims of the fire", "Defend democratic rights"};
    s.link = "https://example.org/reports/screening";
    s.qr = kind == "reports" || kind == "donate" ? s.link : "";
    s.image = kind == "reports" || kind == "image" ? "/nonexistent/picture.jpg" : "";
    s.published = SysTime(std::chrono::seconds(1'790'000'000));
    s.starts = SysTime(std::chrono::seconds(1'790'100'000));
    s.ends = SysTime(std::chrono::seconds(1'790'107'200));
    return s;
}

// A dark screen of `screen`'s size at a fixed moment, its status line waiting for reports.
SlideContext waiting_context(Size screen) {
    SlideContext ctx;
    ctx.screen = screen;
    ctx.theme = theme_named("dark");
    ctx.now = SysTime(std::chrono::seconds(1'790'000'000));
    ctx.status = "Waiting for reports (connection refused)";
    return ctx;
}

}  // namespace

TEST_CASE("every kind of slide stays on the screen at 1920x1080, 1280x720 and portrait 1080x1920") {
    FixedMeasurer m;
    for (Size screen : {Size{1920, 1080}, Size{1280, 720}, Size{1080, 1920}}) {
        for (const char* kind : {"reports", "events", "messages", "text", "donate", "image", "clock", "video-later"}) {
            CAPTURE(screen.width);
            CAPTURE(kind);
            const SlideContext ctx = waiting_context(screen);
            Frame f = layout_slide(sample(kind), ctx, m);
            CHECK(f.size == screen);
            Rect all{0, 0, screen.width, screen.height};
            int texts = 0;
            for (const auto& op : f.ops) {
                if (auto* t = std::get_if<TextOp>(&op)) {
                    ++texts;
                    CHECK(all.contains(t->block.box));
                    check_inside(m, t->block);
                    CHECK(t->block.px >= 10);  // readable: nothing shrinks to nothing
                } else if (auto* fill = std::get_if<FillOp>(&op)) {
                    CHECK(all.contains(fill->rect));
                } else if (auto* img = std::get_if<ImageOp>(&op)) {
                    CHECK(all.contains(img->rect));
                } else if (auto* qr = std::get_if<QrOp>(&op)) {
                    CHECK(all.contains(qr->rect));
                    CHECK(qr->rect.w >= std::min(screen.width, screen.height) / 8);  // scannable from a few metres
                }
            }
            CHECK(texts >= 1);
        }
    }
}

TEST_CASE("with display.strip, every kind of slide keeps off the band, along the bottom or the top") {
    FixedMeasurer m;
    for (Size screen : {Size{1920, 1080}, Size{1080, 1920}}) {
        const int h = strip_height(screen);
        CHECK(h == std::lround(std::min(screen.width, screen.height) * 0.08));
        for (bool top : {false, true}) {
            for (const char* kind : {"reports", "events", "messages", "text", "donate", "image", "clock"}) {
                CAPTURE(screen.width);
                CAPTURE(top);
                CAPTURE(kind);
                SlideContext ctx = waiting_context(screen);
                ctx.strip = h;
                ctx.strip_top = top;
                Frame f = layout_slide(sample(kind), ctx, m);
                CHECK(f.size == screen);  // the whole screen's frame, the band's part left to the band
                const Rect rest{0, top ? h : 0, screen.width, screen.height - h};
                int texts = 0;
                for (const auto& op : f.ops) {
                    std::visit(
                        [&](const auto& o) {
                            if constexpr (std::is_same_v<std::decay_t<decltype(o)>, TextOp>) {
                                ++texts;
                                CHECK(rest.contains(o.block.box));
                                CHECK(rest.contains(o.block.used));
                            } else {
                                CHECK(rest.contains(o.rect));
                            }
                        },
                        op);
                }
                CHECK(texts >= 1);
            }
        }
    }
}

TEST_CASE("a stale slide says quietly, bottom right, when its source was last updated") {
    FixedMeasurer m;
    SlideContext ctx;
    ctx.screen = {1920, 1080};
    ctx.theme = theme_named("dark");
    ctx.now = SysTime(std::chrono::seconds(1'790'000'000));
    ctx.status = "Waiting for events (connection refused)";
    auto words = [](const Frame& f, const std::string& line) -> const TextOp* {
        for (const auto& op : f.ops)
            if (auto* t = std::get_if<TextOp>(&op); t && t->block.lines == std::vector<std::string>{line}) return t;
        return nullptr;
    };
    for (const char* kind : {"reports", "messages", "image"}) {
        CAPTURE(kind);
        auto spec = sample(kind);
        CHECK_FALSE(words(layout_slide(spec, ctx, m), "updated 7 h ago"));
        spec.stale_since = ctx.now - std::chrono::hours(7) - std::chrono::minutes(20);
        Frame f = layout_slide(spec, ctx, m);
        const TextOp* hint = words(f, "updated 7 h ago");
        REQUIRE(hint);
        CHECK(hint->block.style.color == ctx.theme.muted);
        CHECK(hint->block.used.right() == hint->block.box.right());
        CHECK(hint->block.box.right() <= 1920 - 20);
        CHECK(hint->block.box.y > 1080 * 9 / 10);
        // It stays clear of the status line on the left.
        const TextOp* status = words(f, ctx.status);
        REQUIRE(status);
        CHECK(status->block.used.right() < hint->block.used.x);
    }
    ctx.locale = "de";
    auto spec = sample("events");
    spec.stale_since = ctx.now - std::chrono::hours(30);
    CHECK(words(layout_slide(spec, ctx, m), "aktualisiert vor 30 Std."));
}

TEST_CASE("themes differ and keep strong contrast") {
    auto contrast = [](Color a, Color b) { return std::abs((a.r + a.g + a.b) - (b.r + b.g + b.b)); };
    for (const char* name : {"dark", "light"}) {
        Theme t = theme_named(name);
        CHECK(contrast(t.text, t.background) > 500);
        CHECK(contrast(t.on_accent, t.accent) > 250);
    }
    CHECK_FALSE(theme_named("dark").background == theme_named("light").background);
}

TEST_CASE("Japanese wraps between ideographs, fills each line and never starts one with a closing mark") {
    FixedMeasurer m;
    // 12 px a character at 20 px: 10 characters a line in a 120 px box.
    const std::string text =
        "連帯 \u3042\u308a\u304c\u3068\u3046\u3054\u3056\u3044\u307e\u3059\u3002"
        "\u79c1\u305f\u3061\u306f\u5de5\u5834\u306e\u4ef2\u9593\u3068\u5171\u306b"
        "\u7acb\u3061\u307e\u3059\u3002";
    auto lines = wrap(m, text, Weight::regular, 20, 120);
    REQUIRE(lines.size() >= 3);
    std::string joined;
    for (size_t i = 0; i < lines.size(); ++i) {
        CAPTURE(lines[i]);
        CHECK(m.width(lines[i], Weight::regular, 20) <= 120);
        // A line that breaks between ideographs is full (the old word wrapping put the
        // whole unspaced sentence on a line of its own, leaving "連帯" alone).
        if (i + 1 < lines.size()) CHECK(m.width(lines[i], Weight::regular, 20) >= 96);
        CHECK(lines[i].rfind("\u3002", 0) != 0);
        joined += lines[i];
    }
    CHECK(lines[0].rfind("連帯 ", 0) == 0);
    CHECK(joined == text);
}

TEST_CASE("a word wider than the box is broken between grapheme clusters, never between a letter and its accent") {
    FixedMeasurer m;
    std::string word;
    for (int i = 0; i < 12; ++i) word += "e\u0301";              // e + combining acute accent
    for (int i = 0; i < 4; ++i) word += "\U0001F44D\U0001F3FD";  // thumbs up, medium skin tone
    auto lines = wrap(m, word, Weight::regular, 10, 30);         // 6 px a code point: two clusters a line
    REQUIRE(lines.size() > 3);
    std::string joined;
    for (const auto& l : lines) {
        CAPTURE(l);
        REQUIRE_FALSE(l.empty());
        CHECK(l.rfind("\u0301", 0) != 0);
        CHECK(l.rfind("\U0001F3FD", 0) != 0);
        joined += l;
    }
    CHECK(joined == word);
}

TEST_CASE("a paragraph whose first letter is Hebrew or Arabic runs right to left and sits at the right edge") {
    FixedMeasurer m;
    CHECK(paragraph_direction("\u05e9\u05dc\u05d5\u05dd Hello") == Direction::rtl);
    CHECK(paragraph_direction("\u201c12: \u0633\u0644\u0627\u0645\u201d") == Direction::rtl);
    CHECK(paragraph_direction("Hello \u05e9\u05dc\u05d5\u05dd") == Direction::ltr);
    CHECK(paragraph_direction("2026 \u2014 !") == Direction::ltr);
    // What an isolate holds does not decide (UAX #9 P2).
    CHECK(paragraph_direction("\u2067\u05e9\u05dc\u05d5\u05dd\u2069 Hello") == Direction::ltr);

    auto b = fit_text(m, "\u05e9\u05dc\u05d5\u05dd\nHello", {100, 0, 1000, 500}, style(20, 20));
    REQUIRE(b.lines.size() == 2);
    CHECK(b.directions == std::vector<Direction>{Direction::rtl, Direction::ltr});
    check_inside(m, b);
    // Left-aligned: the Hebrew line ends at the right edge, the English starts at the left,
    // and `used` spans both.
    CHECK(line_align(Align::left, Direction::rtl) == Align::right);
    CHECK(line_align(Align::center, Direction::rtl) == Align::center);
    CHECK(b.used.x == 100);
    CHECK(b.used.right() == 1100);
    auto only_hebrew = fit_text(m, "\u05e9\u05dc\u05d5\u05dd", {100, 0, 1000, 500}, style(20, 20));
    CHECK(only_hebrew.used.right() == 1100);
    CHECK(only_hebrew.used.x == 1100 - m.width("\u05e9\u05dc\u05d5\u05dd", Weight::regular, 20));
}

namespace {

std::vector<std::string> lines_of(const Frame& frame) {
    std::vector<std::string> lines;
    for (const auto& op : frame.ops)
        if (auto* t = std::get_if<TextOp>(&op)) lines.insert(lines.end(), t->block.lines.begin(), t->block.lines.end());
    return lines;
}

}  // namespace

TEST_CASE("the clock shows the time big, the weekday and the date, in the display's zone and language") {
    FixedMeasurer m;
    const SysTime at = SysTime(std::chrono::seconds(1'796'488'920));  // Saturday 5 December 2026, 16:42 UTC
    schedule::SlideSpec clock;
    clock.kind = &kinds::clock;
    clock.title = "Doors open at 19:00";
    SlideContext ctx;
    ctx.screen = {1920, 1080};
    ctx.theme = theme_named("dark");
    ctx.now = at;
    ctx.locale = "de";
    ctx.zone = Zone::named("Europe/Berlin").value();
    auto berlin = lines_of(layout_slide(clock, ctx, m));
    CHECK(berlin == std::vector<std::string>{"Samstag", "17:42", "5. Dezember 2026", "Doors open at 19:00"});

    ctx.locale = "es";
    ctx.zone = Zone::named("America/Caracas").value();
    auto caracas = lines_of(layout_slide(clock, ctx, m));
    CHECK(caracas == std::vector<std::string>{"sábado", "12:42", "5 de diciembre de 2026", "Doors open at 19:00"});

    // The time is the largest text on the slide.
    Frame frame = layout_slide(clock, ctx, m);
    int largest = 0;
    std::string biggest;
    for (const auto& op : frame.ops)
        if (auto* t = std::get_if<TextOp>(&op); t && t->block.px > largest) {
            largest = t->block.px;
            biggest = t->block.lines.front();
        }
    CHECK(biggest == "12:42");
}
