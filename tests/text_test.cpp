#include <doctest/doctest.h>

#include <SDL.h>
#include <SDL_image.h>
#include <SDL_ttf.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "kinds/kinds.hpp"
#include "layout/slide_layout.hpp"
#include "layout/text_fit.hpp"
#include "render/fonts.hpp"
#include "render/painter.hpp"
#include "render/text_line.hpp"
#include "support/sdl_session.hpp"
#include "util/log.hpp"
#include "util/time.hpp"

using namespace placard;
using namespace placard::layout;

namespace {

using test::fonts;

std::vector<UChar32> code_points(std::string_view s) {
    std::vector<UChar32> out;
    int32_t i = 0;
    const auto n = static_cast<int32_t>(s.size());
    while (i < n) {
        UChar32 c = 0;
        U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), i, n, c);
        out.push_back(c);
    }
    return out;
}

// A line drawn white on black into a surface of its own size (plus a margin).
SurfacePtr draw(const render::ShapedLine& line, int px) {
    SurfacePtr s(SDL_CreateRGBSurfaceWithFormat(0, line.width + 20, px * 2, 32, SDL_PIXELFORMAT_ARGB8888));
    SDL_FillRect(s.get(), nullptr, SDL_MapRGB(s->format, 0, 0, 0));
    render::draw_line(s.get(), line, 10, 0, SDL_Color{255, 255, 255, 255});
    return s;
}

// An SDL_ttf rendering (white, with the shape in its alpha) blended onto black.
SurfacePtr on_black(SDL_Surface* glyphs) {
    SurfacePtr s(SDL_CreateRGBSurfaceWithFormat(0, glyphs->w, glyphs->h, 32, SDL_PIXELFORMAT_ARGB8888));
    SDL_FillRect(s.get(), nullptr, SDL_MapRGB(s->format, 0, 0, 0));
    SDL_SetSurfaceBlendMode(glyphs, SDL_BLENDMODE_BLEND);
    SDL_BlitSurface(glyphs, nullptr, s.get(), nullptr);
    return s;
}

struct Ink {
    int pixels = 0, coloured = 0, left = 1 << 30, right = -1;
};

Ink ink(const SDL_Surface* s, int from_x = 0, int to_x = 1 << 30) {
    Ink k;
    for (int y = 0; y < s->h; ++y) {
        for (int x = std::max(0, from_x); x < std::min(s->w, to_x); ++x) {
            Uint32 p = static_cast<const Uint32*>(s->pixels)[y * (s->pitch / 4) + x];
            int r = (p >> 16) & 0xFF, g = (p >> 8) & 0xFF, b = p & 0xFF;
            if (r + g + b < 60) continue;
            ++k.pixels;
            if (std::max({r, g, b}) - std::min({r, g, b}) > 60) ++k.coloured;
            k.left = std::min(k.left, x);
            k.right = std::max(k.right, x);
        }
    }
    return k;
}

struct Sample {
    const char* script;
    std::string text;
};

const std::vector<Sample>& samples() {
    static const std::vector<Sample> s = {
        {"Arabic", "\u062a\u0636\u0627\u0645\u0646\u0627\u064b \u0645\u0639 \u0627\u0644\u0639\u0645\u0627\u0644"},
        {"Hebrew",
         "\u05e1\u05d5\u05dc\u05d9\u05d3\u05e8\u05d9\u05d5\u05ea \u05e2\u05dd "
         "\u05d4\u05e4\u05d5\u05e2\u05dc\u05d9\u05dd"},
        {"Ukrainian",
         "\u0421\u043e\u043b\u0456\u0434\u0430\u0440\u043d\u0456\u0441\u0442\u044c \u0437 "
         "\u0440\u043e\u0431\u0456\u0442\u043d\u0438\u043a\u0430\u043c\u0438"},
        {"Greek",
         "\u0391\u03bb\u03bb\u03b7\u03bb\u03b5\u03b3\u03b3\u03cd\u03b7 \u03c3\u03c4\u03bf\u03c5\u03c2 "
         "\u03b5\u03c1\u03b3\u03ac\u03c4\u03b5\u03c2"},
        {"Japanese", "\u52b4\u50cd\u8005\u3068\u306e\u9023\u5e2f\u3092\u3002"},
        {"emoji", "\u2764\ufe0f\u270a\U0001F91D"},
    };
    return s;
}

}  // namespace

TEST_CASE("Arabic, Hebrew, Ukrainian, Greek, Japanese and emoji are drawn from fonts that have their glyphs") {
    auto& f = fonts();
    for (const auto& sample : samples()) {
        for (Weight weight : {Weight::regular, Weight::bold}) {
            CAPTURE(sample.script);
            CAPTURE(static_cast<int>(weight));
            auto line = render::shape_line(f, sample.text, weight, 40);
            REQUIRE_FALSE(line.runs.empty());
            // No .notdef box: every visible character is in the font its run is drawn with.
            for (const auto& run : line.runs) {
                for (UChar32 c : code_points(run.text)) {
                    if (u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT)) continue;
                    CAPTURE(static_cast<unsigned>(c));
                    CHECK(TTF_GlyphIsProvided32(run.font, static_cast<Uint32>(c)) != 0);
                }
            }
            auto drawn = draw(line, 40);
            CHECK(ink(drawn.get()).pixels > 100);
        }
    }
}

TEST_CASE("the drawing of Japanese differs from the boxes the slide's font alone would draw") {
    auto& f = fonts();
    const std::string japanese = "\u9023\u5e2f";
    TTF_Font* primary = f.get(Weight::regular, 40);
    REQUIRE(TTF_GlyphIsProvided32(primary, 0x9023) == 0);  // else this proves nothing
    SurfacePtr boxes(TTF_RenderUTF8_Blended(primary, japanese.c_str(), SDL_Color{255, 255, 255, 255}));
    SurfacePtr missing(TTF_RenderUTF8_Blended(primary, "\uffff\uffff", SDL_Color{255, 255, 255, 255}));
    REQUIRE(boxes);
    REQUIRE(missing);
    auto line = render::shape_line(f, japanese, Weight::regular, 40);
    REQUIRE(line.runs.size() == 1);
    CHECK(line.runs[0].font != primary);
    CHECK(line.runs[0].script == "Hani");
    // The box DejaVu draws for a missing character is the one it draws for U+FFFF; the
    // ideographs have several times its ink.
    const int box_ink = ink(on_black(boxes.get()).get()).pixels;
    CHECK(box_ink > 100);
    CHECK(box_ink == ink(on_black(missing.get()).get()).pixels);
    CHECK(ink(draw(line, 40).get()).pixels > 3 * box_ink / 2);
}

TEST_CASE("emoji come in colour, scaled to the size of the text around them") {
    auto& f = fonts();
    auto line = render::shape_line(f, "Solidarity \u270a", Weight::regular, 40);
    REQUIRE(line.runs.size() == 2);
    const auto& fist = line.runs[1];
    auto text_height = TTF_FontHeight(f.get(Weight::regular, 40));
    CHECK(fist.width > 20);
    CHECK(fist.width < 3 * 40);
    auto drawn = draw(line, 40);
    CHECK(ink(drawn.get()).coloured > 200);
    // All the ink lies within the line's height: the 136 px bitmap was scaled down.
    int lowest = -1;
    for (int y = 0; y < drawn->h; ++y)
        for (int x = 0; x < drawn->w; ++x)
            if ((static_cast<const Uint32*>(drawn->pixels)[y * (drawn->pitch / 4) + x] & 0xFFFFFFu) != 0) lowest = y;
    CHECK(lowest > text_height / 2);
    CHECK(lowest <= text_height + 1);
}

TEST_CASE("Arabic letters are joined and laid out right to left") {
    auto& f = fonts();
    const std::string salam = "\u0633\u0644\u0627\u0645";
    auto line = render::shape_line(f, salam, Weight::regular, 40);
    REQUIRE(line.runs.size() == 1);
    CHECK(line.runs[0].direction == Direction::rtl);
    CHECK(line.runs[0].script == "Arab");
    int isolated = 0;
    for (const char* letter : {"\u0633", "\u0644", "\u0627", "\u0645"})
        isolated += render::shape_line(f, letter, Weight::regular, 40).width;
    // Joined forms are narrower than the same letters standing alone.
    CHECK(line.width < isolated);
    CHECK(line.width > isolated / 2);
    // Right to left: in "ب ا" (beh, space, alef) the alef is seen first from the left, so
    // the line's left end holds exactly the ink of an alef drawn alone.
    auto pair = render::shape_line(f, "\u0628 \u0627", Weight::regular, 40);
    auto alef = render::shape_line(f, "\u0627", Weight::regular, 40);
    REQUIRE(pair.runs.size() == 1);
    CHECK(ink(draw(pair, 40).get(), 0, 10 + alef.width).pixels == ink(draw(alef, 40).get()).pixels);
    CHECK(ink(draw(pair, 40).get()).pixels > ink(draw(alef, 40).get()).pixels);
}

TEST_CASE("a mixed English and Hebrew line puts the Hebrew to the right of the English") {
    auto& f = fonts();
    const std::string hebrew = "\u05e9\u05dc\u05d5\u05dd";
    for (auto paragraph : {Direction::ltr, Direction::rtl}) {
        CAPTURE(static_cast<int>(paragraph));
        // "Hello שלום" in a left-to-right paragraph and "שלום Hello" in a right-to-left one
        // are both seen as Hello, then שלום.
        std::string text = paragraph == Direction::ltr ? "Hello " + hebrew : hebrew + " Hello";
        auto line = render::shape_line(f, text, Weight::regular, 40, paragraph);
        REQUIRE(line.runs.size() >= 2);
        CHECK(line.runs.front().text.find("Hello") != std::string::npos);
        CHECK(line.runs.front().direction == Direction::ltr);
        CHECK(line.runs.back().text.find(hebrew) != std::string::npos);
        CHECK(line.runs.back().direction == Direction::rtl);
        CHECK(line.runs.back().script == "Hebr");
    }
    // Numbers stay left to right inside a left-to-right line that ends in Arabic.
    auto room = render::shape_line(
        f, "Room 12: \u0642\u0627\u0639\u0629 \u0627\u0644\u0627\u062c\u062a\u0645\u0627\u0639\u0627\u062a",
        Weight::regular, 40, Direction::ltr);
    REQUIRE(room.runs.size() == 2);
    CHECK(room.runs[0].text == "Room 12: ");
    CHECK(room.runs[1].direction == Direction::rtl);
    CHECK(room.runs[1].script == "Arab");
    // Without a paragraph direction, the line's first letter decides.
    auto own = render::shape_line(f, hebrew + " Hello", Weight::regular, 40);
    CHECK(own.runs.front().text.find("Hello") != std::string::npos);
    // In pixels: the English drawn alone matches the left part of the line.
    auto line = render::shape_line(f, "Hello " + hebrew, Weight::regular, 40);
    auto hello = render::shape_line(f, "Hello", Weight::regular, 40);
    auto drawn = draw(line, 40);
    Ink left = ink(drawn.get(), 0, 10 + hello.width);
    CHECK(left.pixels == ink(draw(hello, 40).get()).pixels);
}

TEST_CASE("a right-to-left quote on a slide ends at the right edge of its box") {
    auto& f = fonts();
    TextStyle style;
    style.max_px = 40;
    style.min_px = 20;
    style.color = {255, 255, 255, 255};
    Rect box{40, 40, 1200, 200};
    TextBlock block = fit_text(f, "\u05e9\u05dc\u05d5\u05dd \u05dc\u05db\u05d5\u05dc\u05dd", box, style);
    REQUIRE(block.directions == std::vector<Direction>{Direction::rtl});
    Frame frame;
    frame.size = {1280, 300};
    frame.background = {0, 0, 0, 255};
    frame.ops.push_back(TextOp{block});
    auto painted = render::paint(frame, f);
    REQUIRE(painted);
    Ink k = ink(painted->get());
    CHECK(k.pixels > 100);
    CHECK(k.left > box.x + box.w / 2);
    CHECK(k.right > box.right() - 12);
    CHECK(k.right < box.right());
}

TEST_CASE("a long Japanese message wraps between ideographs with real fonts") {
    auto& f = fonts();
    std::string text;
    for (int i = 0; i < 6; ++i)
        text +=
            "\u79c1\u305f\u3061\u306f\u5de5\u5834\u306e\u4ef2\u9593\u3068\u5171\u306b\u7acb\u3061\u307e\u3059\u3002";
    TextStyle style;
    style.max_px = 40;
    style.min_px = 40;
    Rect box{0, 0, 600, 2000};
    TextBlock block = fit_text(f, text, box, style);
    REQUIRE(block.lines.size() > 3);
    std::string joined;
    for (size_t i = 0; i < block.lines.size(); ++i) {
        const auto& line = block.lines[i];
        CAPTURE(line);
        int w = f.width(line, Weight::regular, 40);
        CHECK(w <= box.w);
        if (i + 1 < block.lines.size()) CHECK(w > box.w - 2 * 40 - 2);  // full but for a character or a kinsoku shift
        CHECK(line.rfind("\u3002", 0) != 0);
        joined += line;
    }
    CHECK(joined == text);
}

TEST_CASE("a character that no installed font has is drawn as a box and logged once") {
    auto& f = fonts();
    std::vector<std::string> logged;
    log::set_sink([&](log::Level, const std::string& line) { logged.push_back(line); });
    // U+10FFFD: the last private-use character of plane 16, which no Debian font draws.
    for (int i = 0; i < 3; ++i) {
        auto line = render::shape_line(f, "Box: \U0010FFFD", Weight::regular, 40);
        CHECK(line.width > render::shape_line(f, "Box: ", Weight::regular, 40).width);
        CHECK(ink(draw(line, 40).get()).pixels > 0);
    }
    log::set_sink({});
    REQUIRE(logged.size() == 1);
    CHECK(logged[0].find("U+10FFFD") != std::string::npos);
}

TEST_CASE("a messages slide in six scripts keeps every glyph inside its boxes") {
    auto& f = fonts();
    std::string out_dir = std::filesystem::current_path().string();
    int n = 0;
    for (const auto& sample : samples()) {
        schedule::SlideSpec s;
        s.kind = &kinds::messages;
        s.id = "message";
        s.text = sample.text + " " + sample.text + " " + sample.text;
        s.author = sample.text.substr(0, sample.text.find(' '));
        s.place = sample.script;
        SlideContext c;
        c.screen = {1280, 720};
        c.theme = theme_named("dark");
        c.now = SysTime(std::chrono::seconds(1'790'000'000));
        Frame frame = layout_slide(s, c, f);
        auto painted = render::paint(frame, f);
        REQUIRE(painted);
        CAPTURE(sample.script);
        SDL_Surface* p = painted->get();
        size_t stray = 0, inked = 0;
        for (int y = 0; y < p->h; y += 2) {
            for (int x = 0; x < p->w; x += 2) {
                Uint32 px = static_cast<const Uint32*>(p->pixels)[y * (p->pitch / 4) + x];
                Color got{Uint8(px >> 16), Uint8(px >> 8), Uint8(px), 255};
                if (std::abs(got.r - frame.background.r) + std::abs(got.g - frame.background.g) +
                        std::abs(got.b - frame.background.b) <
                    24)
                    continue;
                ++inked;
                bool inside = false;
                for (const auto& op : frame.ops) {
                    Rect r;
                    if (auto* t = std::get_if<TextOp>(&op))
                        r = t->block.box;
                    else if (auto* fill = std::get_if<FillOp>(&op))
                        r = fill->rect;
                    if (x >= r.x && x < r.right() && y >= r.y && y < r.bottom()) inside = true;
                }
                if (!inside) ++stray;
            }
        }
        CHECK(inked > 1000);
        CHECK(stray == 0);
        // For looking at: build/<preset>/tests/text-message-N.png
        IMG_SavePNG(p, (out_dir + "/text-message-" + std::to_string(n++) + ".png").c_str());
    }
}

TEST_CASE("a fallback font that cannot be opened is logged once and the slide's font draws instead") {
    auto& f = fonts();
    std::vector<std::string> logged;
    log::set_sink([&](log::Level, const std::string& line) { logged.push_back(line); });
    render::FallbackFace gone;
    gone.file = "/nonexistent/placard-test/GoneSans.ttf";
    CHECK(f.face(gone, 40) == nullptr);
    CHECK(f.face(gone, 40) == nullptr);
    log::set_sink({});
    REQUIRE(logged.size() == 1);
    CHECK(logged[0].find("GoneSans.ttf") != std::string::npos);
}
