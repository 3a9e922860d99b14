#include <doctest/doctest.h>

#include <SDL.h>
#include <SDL_image.h>
#include <SDL_ttf.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <set>
#include <string>
#include <vector>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>

#if __has_include(<linux/cec.h>)
#include <linux/cec.h>
#include <sys/ioctl.h>
#endif

#include "kinds/kinds.hpp"
#include "layout/slide_layout.hpp"
#include "render/blend.hpp"
#include "render/compose.hpp"
#include "render/display_mode.hpp"
#include "render/fonts.hpp"
#include "render/gl_probe.hpp"
#include "render/painter.hpp"
#include "render/screen.hpp"
#include "render/strip_band.hpp"
#include "render/tv.hpp"
#include "support/sdl_session.hpp"
#include "support/test_support.hpp"
#include "support/xvfb.hpp"
#include "util/time.hpp"

using namespace placard;
using namespace placard::layout;

namespace {

using test::fonts;

Uint32 pixel(const SDL_Surface* s, int x, int y) {
    return static_cast<const Uint32*>(s->pixels)[y * (s->pitch / 4) + x];
}

Color rgb(Uint32 p) {
    return {Uint8(p >> 16), Uint8(p >> 8), Uint8(p), 255};
}

int distance(Color a, Color b) {
    return std::abs(a.r - b.r) + std::abs(a.g - b.g) + std::abs(a.b - b.b);
}

schedule::SlideSpec spec(const std::string& kind) {
    schedule::SlideSpec s;
    s.kind = kinds::find(kind);
    s.id = kind;
    s.title = "Film screening: the workers who took over their factory";
    s.text =
        "Around twenty people gathered to watch the documentary and discussed what unions here can learn "
        "from the occupied factories. The enthusiasm in the room was evident.";
    s.author = "Unite Hull branch";
    s.place = "Hull, United Kingdom";
    s.bullets = {"Against the backing for the far-right regime", "Justice for the victims"};
    s.link = "https://example.org/donate";
    s.qr = kind == "donate" ? s.link : "";
    s.published = SysTime(std::chrono::seconds(1'790'000'000));
    s.starts = SysTime(std::chrono::seconds(1'790'100'000));
    s.ends = SysTime(std::chrono::seconds(1'790'107'200));
    return s;
}

SlideContext context(Size size) {
    SlideContext c;
    c.screen = size;
    c.theme = theme_named("dark");
    c.now = SysTime(std::chrono::seconds(1'790'000'000));
    return c;
}

}  // namespace

TEST_CASE("the crossfade step is exact at its ends and mixes in between") {
    const std::uint32_t from[4] = {0xFF000000u, 0xFFFFFFFFu, 0xFF102030u, 0xFFFF0000u};
    const std::uint32_t to[4] = {0xFFFFFFFFu, 0xFF000000u, 0xFF302010u, 0xFF0000FFu};
    std::uint32_t out[4];
    std::copy(from, from + 4, out);
    render::blend_toward(out, to, 4, 0);
    for (int i = 0; i < 4; ++i) CHECK(out[i] == from[i]);
    render::blend_toward(out, to, 4, 256);
    for (int i = 0; i < 4; ++i) CHECK(out[i] == to[i]);
    std::copy(from, from + 4, out);
    render::blend_toward(out, to, 4, 128);
    CHECK(distance(rgb(out[0]), {128, 128, 128, 255}) <= 3);
    CHECK(distance(rgb(out[2]), {0x20, 0x20, 0x20, 255}) <= 3);
    CHECK(distance(rgb(out[3]), {128, 0, 128, 255}) <= 3);
    CHECK((out[3] >> 24) == 0xFF);
}

TEST_CASE("a fade in 42 steps stays within a few levels of the exact mix and ends on the new frame") {
    // What the screen does at 60 frames a second over 700 ms: each step covers its share
    // of what is left, rounded to 1/256.
    const std::uint32_t to[3] = {0xFFFFFFFFu, 0xFF000000u, 0xFF3C28C8u};
    const std::uint32_t from[3] = {0xFF000000u, 0xFFFFFFFFu, 0xFFC82828u};
    std::uint32_t out[3];
    std::copy(from, from + 3, out);
    double done = 0;
    int worst = 0;
    for (int k = 1; k <= 42; ++k) {
        const double t = k / 42.0;
        const unsigned w = k == 42 ? 256u : static_cast<unsigned>((t - done) / (1 - done) * 256.0 + 0.5);
        render::blend_toward(out, to, 3, w);
        done = w >= 256 ? 1.0 : done + (1 - done) * w / 256.0;
        for (int i = 0; i < 3; ++i) {
            const Color got = rgb(out[i]), a = rgb(from[i]), b = rgb(to[i]);
            auto exact = [&](int x, int y) { return static_cast<int>(std::lround(x + (y - x) * done)); };
            worst = std::max({worst, std::abs(got.r - exact(a.r, b.r)), std::abs(got.g - exact(a.g, b.g)),
                              std::abs(got.b - exact(a.b, b.b))});
        }
    }
    CHECK(worst <= 4);
    for (int i = 0; i < 3; ++i) CHECK(out[i] == to[i]);
}

TEST_CASE("frames are turned for a panel mounted on its side or upside down") {
    test::start_sdl();
    // An upright 4x2 frame with a different colour in every pixel.
    auto frame = render::make_surface(4, 2);
    REQUIRE(frame);
    auto at = [](SDL_Surface* s, int x, int y) -> Uint32& {
        return static_cast<Uint32*>(s->pixels)[y * (s->pitch / 4) + x];
    };
    for (int y = 0; y < 2; ++y)
        for (int x = 0; x < 4; ++x) at(frame->get(), x, y) = 0xFF000000u | static_cast<Uint32>(y * 4 + x + 1);
    struct Case {
        int rotation, width, height;
        // Where the upright top-left, top-right and bottom-left pixels land on the panel.
        int tl_x, tl_y, tr_x, tr_y, bl_x, bl_y;
    };
    for (const Case c : {Case{0, 4, 2, 0, 0, 3, 0, 0, 1}, Case{90, 2, 4, 1, 0, 1, 3, 0, 0},
                         Case{180, 4, 2, 3, 1, 0, 1, 3, 0}, Case{270, 2, 4, 0, 3, 0, 0, 1, 3}}) {
        CAPTURE(c.rotation);
        CHECK(render::upright_size({c.width, c.height}, c.rotation).width == 4);
        auto panel = render::make_surface(c.width, c.height);
        REQUIRE(panel);
        render::compose(**frame, 256, **panel, c.rotation);
        CHECK(at(panel->get(), c.tl_x, c.tl_y) == at(frame->get(), 0, 0));
        CHECK(at(panel->get(), c.tr_x, c.tr_y) == at(frame->get(), 3, 0));
        CHECK(at(panel->get(), c.bl_x, c.bl_y) == at(frame->get(), 0, 1));
        // Every pixel lands once: the panel holds the frame's eight colours.
        std::set<Uint32> seen;
        for (int y = 0; y < c.height; ++y)
            for (int x = 0; x < c.width; ++x) seen.insert(at(panel->get(), x, y) & 0xFFu);
        CHECK(seen == std::set<Uint32>{1, 2, 3, 4, 5, 6, 7, 8});
    }
}

TEST_CASE("a screen turned 90 degrees lays out portrait frames and shows them turned") {
    test::start_sdl();
    render::ScreenOptions o;
    o.headless = true;
    o.size = Size{640, 360};
    o.rotation = 90;
    auto screen = render::Screen::open(o);
    REQUIRE(screen);
    CHECK((*screen)->size().width == 360);
    CHECK((*screen)->size().height == 640);
    CHECK((*screen)->panel().width == 640);
    // A portrait frame, red on top and blue below: turned a quarter clockwise, the red
    // half is on the panel's right.
    auto frame = render::make_surface(360, 640);
    REQUIRE(frame);
    SDL_Rect top{0, 0, 360, 320}, bottom{0, 320, 360, 320};
    SDL_FillRect(frame->get(), &top, SDL_MapRGB((*frame)->format, 220, 30, 30));
    SDL_FillRect(frame->get(), &bottom, SDL_MapRGB((*frame)->format, 30, 30, 220));
    (*screen)->show(**frame);
    auto shown = (*screen)->read_back();
    REQUIRE(shown);
    CHECK((*shown)->w == 640);
    CHECK((*shown)->h == 360);
    CHECK(distance(rgb(pixel(shown->get(), 600, 180)), {220, 30, 30, 255}) < 4);
    CHECK(distance(rgb(pixel(shown->get(), 40, 180)), {30, 30, 220, 255}) < 4);
    // Turned back upright, the same panel shows the frame as it is, in landscape.
    (*screen)->set_rotation(0);
    CHECK((*screen)->size().width == 640);
}

TEST_CASE("a checked show() on an accelerated renderer finds the frame it drew, turned and within margins") {
    test::start_sdl();
    render::ScreenOptions o;
    o.window = Size{640, 360};
    o.renderer = "accelerated";
    o.rotation = 90;
    o.margins = {10, 40, 20, 30};
    auto screen = render::Screen::open(o);
    REQUIRE(screen);
    REQUIRE_FALSE((*screen)->software());
    const Size s = (*screen)->size();
    auto frame = render::make_surface(s.width, s.height);
    REQUIRE(frame);
    SDL_Rect band{0, 0, s.width, s.height / 3};
    SDL_FillRect(frame->get(), nullptr, SDL_MapRGB((*frame)->format, 30, 60, 120));
    SDL_FillRect(frame->get(), &band, SDL_MapRGB((*frame)->format, 250, 240, 200));
    CHECK((*screen)->show(**frame, true));
    // What the check compared is what the panel shows: the light band, turned to the right.
    auto shown = (*screen)->read_back();
    REQUIRE(shown);
    CHECK(distance(rgb(pixel(shown->get(), 560, 180)), {250, 240, 200, 255}) < 4);
    CHECK(render::holds_frame(**shown, **frame));
    // A renderer that drew nothing, or only part: the panel black, or the band missing.
    auto panel = render::make_surface(640, 360);
    REQUIRE(panel);
    SDL_FillRect(panel->get(), nullptr, SDL_MapRGB((*panel)->format, 0, 0, 0));
    CHECK_FALSE(render::holds_frame(**panel, **frame));
    SDL_FillRect(panel->get(), nullptr, SDL_MapRGB((*panel)->format, 30, 60, 120));
    CHECK_FALSE(render::holds_frame(**panel, **frame));
    // A black frame proves nothing either way: it passes.
    SDL_FillRect(frame->get(), nullptr, SDL_MapRGB((*frame)->format, 0, 0, 0));
    CHECK(render::holds_frame(**panel, **frame));
    CHECK((*screen)->show(**frame, true));
}

TEST_CASE("overscan margins stay black around the frame, turned or not, and blank() blacks out the panel") {
    test::start_sdl();
    for (int rotation : {0, 90}) {
        CAPTURE(rotation);
        render::ScreenOptions o;
        o.headless = true;
        o.size = Size{640, 360};
        o.rotation = rotation;
        o.margins = {10, 40, 20, 30};  // top right bottom left, on the panel as mounted
        auto screen = render::Screen::open(o);
        REQUIRE(screen);
        const Size inner{640 - 30 - 40, 360 - 10 - 20};
        const Size upright = render::upright_size(inner, rotation);
        CHECK((*screen)->size() == upright);
        auto frame = render::make_surface(upright.width, upright.height);
        REQUIRE(frame);
        SDL_FillRect(frame->get(), nullptr, SDL_MapRGB((*frame)->format, 200, 180, 40));
        (*screen)->show(**frame);
        auto shown = (*screen)->read_back();
        REQUIRE(shown);
        const Color black{0, 0, 0, 255}, yellow{200, 180, 40, 255};
        CHECK(distance(rgb(pixel(shown->get(), 29, 100)), black) == 0);   // left band
        CHECK(distance(rgb(pixel(shown->get(), 30, 100)), yellow) < 4);   // its first column
        CHECK(distance(rgb(pixel(shown->get(), 599, 100)), yellow) < 4);  // the last
        CHECK(distance(rgb(pixel(shown->get(), 600, 100)), black) == 0);  // right band
        CHECK(distance(rgb(pixel(shown->get(), 300, 9)), black) == 0);
        CHECK(distance(rgb(pixel(shown->get(), 300, 10)), yellow) < 4);
        CHECK(distance(rgb(pixel(shown->get(), 300, 339)), yellow) < 4);
        CHECK(distance(rgb(pixel(shown->get(), 300, 340)), black) == 0);
        // Margins that would leave under a quarter of the panel are refused: none, then.
        (*screen)->set_margins({0, 300, 0, 300});
        CHECK((*screen)->margins() == layout::Insets{});
        CHECK((*screen)->size() == render::upright_size({640, 360}, rotation));
        // Off hours: the whole panel black.
        (*screen)->blank();
        shown = (*screen)->read_back();
        REQUIRE(shown);
        for (int x : {0, 100, 320, 639}) CHECK(distance(rgb(pixel(shown->get(), x, 180)), black) == 0);
    }
}

TEST_CASE("the display mode: the screen's own up to 1080p, a 4K TV at its 1080p, display.size when it is there") {
    using render::DisplayMode;
    const std::vector<DisplayMode> tv4k = {{3840, 2160, 60}, {3840, 2160, 30}, {2560, 1440, 60},  {1920, 1200, 60},
                                           {1920, 1080, 50}, {1920, 1080, 60}, {1920, 1080, 120}, {1280, 720, 60},
                                           {1024, 768, 60},  {720, 576, 50}};
    // The TV's preferred mode at 1080p or less is kept as it is, 50 Hz included.
    CHECK(render::choose_mode(tv4k, {1920, 1080, 50}, std::nullopt) == DisplayMode{1920, 1080, 50});
    CHECK(render::choose_mode(tv4k, {1280, 720, 60}, std::nullopt) == DisplayMode{1280, 720, 60});
    // 4K: the largest 16:9 mode up to 1920x1080 (not 1920x1200, another shape), at 60 Hz.
    CHECK(render::choose_mode(tv4k, {3840, 2160, 30}, std::nullopt) == DisplayMode{1920, 1080, 60});
    // A large monitor of another shape with no mode of its own shape that is small enough.
    const std::vector<DisplayMode> wide = {{3440, 1440, 60}, {1920, 1080, 60}, {1280, 1024, 60}};
    CHECK(render::choose_mode(wide, {3440, 1440, 60}, std::nullopt) == DisplayMode{1920, 1080, 60});
    // display.size: that mode; the nearest when the screen lacks it; the screen's own when
    // that is the size asked.
    CHECK(render::choose_mode(tv4k, {3840, 2160, 30}, Size{1280, 720}) == DisplayMode{1280, 720, 60});
    CHECK(render::choose_mode(tv4k, {1920, 1080, 60}, Size{1366, 768}) == DisplayMode{1280, 720, 60});
    CHECK(render::choose_mode(tv4k, {3840, 2160, 30}, Size{3840, 2160}) == DisplayMode{3840, 2160, 30});
    CHECK(render::choose_mode(tv4k, {1920, 1080, 50}, Size{1920, 1080}) == DisplayMode{1920, 1080, 50});
    // A driver that lists no modes: the one it is in.
    CHECK(render::choose_mode({}, {1920, 1080, 60}, Size{1280, 720}) == DisplayMode{1920, 1080, 60});
    CHECK(render::to_string({1920, 1080, 60}) == "1920x1080 at 60 Hz");
}

#if __has_include(<linux/cec.h>)
namespace {

// A CEC adapter as the kernel shows it, for render/tv.cpp: it answers the ioctls it gets,
// keeps the messages sent, and acknowledges them unless the TV is made deaf.
struct FakeAdapter {
    std::uint16_t physical = 0x1000;  // HDMI input 1 of the TV
    cec_log_addrs addrs{};            // unconfigured, as the Pi's is at boot
    std::vector<std::vector<std::uint8_t>> sent;
    bool tv_answers = true;
    int claims = 0;

    render::CecIoctl ioctl() {
        return [this](unsigned long request, void* arg) -> int {
            if (request == CEC_ADAP_G_PHYS_ADDR) {
                *static_cast<std::uint16_t*>(arg) = physical;
            } else if (request == CEC_ADAP_G_LOG_ADDRS) {
                *static_cast<cec_log_addrs*>(arg) = addrs;
            } else if (request == CEC_ADAP_S_LOG_ADDRS) {
                ++claims;
                addrs = *static_cast<cec_log_addrs*>(arg);
                addrs.log_addr[0] = addrs.log_addr_type[0] == CEC_LOG_ADDR_TYPE_PLAYBACK ? 4 : 15;  // Playback 1
            } else if (request == CEC_TRANSMIT) {
                auto& msg = *static_cast<cec_msg*>(arg);
                sent.emplace_back(msg.msg, msg.msg + msg.len);
                msg.tx_status = tv_answers ? CEC_TX_STATUS_OK : CEC_TX_STATUS_NACK;
            } else {
                return -1;
            }
            return 0;
        };
    }
};

}  // namespace

TEST_CASE("HDMI-CEC: a playback address is claimed, standby goes to the TV, waking switches it to this input") {
    FakeAdapter adapter;
    auto tv = render::make_cec_tv("/dev/cec0", adapter.ioctl());
    REQUIRE(tv);
    CHECK(tv->name() == "HDMI-CEC on /dev/cec0");
    CHECK(adapter.claims == 1);
    CHECK(std::string(adapter.addrs.osd_name) == "placard");
    using Bytes = std::vector<std::uint8_t>;
    REQUIRE(tv->standby());
    // From Playback 1 (4) to the TV (0): <Standby>.
    REQUIRE(adapter.sent.size() == 1);
    CHECK(adapter.sent[0] == Bytes{0x40, CEC_MSG_STANDBY});
    REQUIRE(tv->wake());
    // <Image View On> to the TV, then <Active Source> to everyone with our address, 1.0.0.0.
    REQUIRE(adapter.sent.size() == 3);
    CHECK(adapter.sent[1] == Bytes{0x40, CEC_MSG_IMAGE_VIEW_ON});
    CHECK(adapter.sent[2] == Bytes{0x4F, CEC_MSG_ACTIVE_SOURCE, 0x10, 0x00});

    // A TV that does not answer: an error that says what to check.
    adapter.tv_answers = false;
    auto refused = tv->standby();
    REQUIRE_FALSE(refused);
    CHECK(refused.error().to_string().find("the TV did not answer") != std::string::npos);
    CHECK(refused.error().to_string().find("CEC setting") != std::string::npos);
}

TEST_CASE("HDMI-CEC: with the HDMI link down the TV is woken from the unregistered address, and nothing more") {
    FakeAdapter adapter;
    adapter.physical = CEC_PHYS_ADDR_INVALID;
    // An adapter another program has set up: no claim of ours. It lost its address with the link.
    adapter.addrs.num_log_addrs = 1;
    adapter.addrs.log_addr[0] = CEC_LOG_ADDR_INVALID;
    auto tv = render::make_cec_tv("/dev/cec1", adapter.ioctl());
    REQUIRE(tv);
    CHECK(adapter.claims == 0);
    REQUIRE(tv->wake());
    REQUIRE(adapter.sent.size() == 1);
    CHECK(adapter.sent[0] == std::vector<std::uint8_t>{0xF0, CEC_MSG_IMAGE_VIEW_ON});
}
#endif

TEST_CASE("fontconfig finds a regular and a bold face") {
    auto& f = fonts();
    CHECK_FALSE(f.file(Weight::regular).empty());
    CHECK_FALSE(f.file(Weight::bold).empty());
    CHECK(f.width("Solidarity", Weight::bold, 40) > f.width("Solidarity", Weight::bold, 20));
    CHECK(f.width("Solidarity", Weight::bold, 40) >= f.width("Solidarity", Weight::regular, 40));
}

TEST_CASE("a slide painted over a frame that was let go is the same as one painted on a new frame") {
    auto& f = fonts();
    const Size size{642, 362};  // a size no other test paints: the pool has no other frame of it
    auto donate = render::paint(layout_slide(spec("donate"), context(size), f), f);
    auto text = render::paint(layout_slide(spec("text"), context(size), f), f);
    REQUIRE(donate);
    REQUIRE(text);
    const SDL_Surface* let_go = text->get();
    text->reset();
    auto again = render::paint(layout_slide(spec("donate"), context(size), f), f);
    REQUIRE(again);
    CHECK(again->get() == let_go);  // the pool's frame, not a new one
    CHECK(again->get() != donate->get());
    bool same = true;
    for (int y = 0; y < size.height; ++y)
        for (int x = 0; x < size.width; ++x) same = same && pixel(again->get(), x, y) == pixel(donate->get(), x, y);
    CHECK(same);
}

TEST_CASE("painted slides are not blank and keep their text inside its boxes") {
    auto& f = fonts();
    for (Size size : {Size{1920, 1080}, Size{1280, 720}, Size{1080, 1920}}) {
        for (const char* kind : {"text", "messages", "events", "donate", "reports"}) {
            CAPTURE(size.width);
            CAPTURE(kind);
            Frame frame = layout_slide(spec(kind), context(size), f);
            auto painted = render::paint(frame, f);
            REQUIRE(painted);
            SDL_Surface* s = painted->get();
            CHECK(s->w == size.width);
            CHECK(s->h == size.height);
            // Every pixel that is not background lies in a box that the layout drew.
            const Color bg = frame.background;
            size_t ink = 0, stray = 0;
            std::set<Uint32> colours;
            for (int y = 0; y < s->h; y += 2) {
                for (int x = 0; x < s->w; x += 2) {
                    Uint32 p = pixel(s, x, y);
                    colours.insert(p);
                    if (distance(rgb(p), bg) < 24) continue;
                    ++ink;
                    bool inside = false;
                    for (const auto& op : frame.ops) {
                        Rect r;
                        if (auto* t = std::get_if<TextOp>(&op))
                            r = t->block.box;
                        else if (auto* fill = std::get_if<FillOp>(&op))
                            r = fill->rect;
                        else if (auto* q = std::get_if<QrOp>(&op))
                            r = q->rect;
                        else if (auto* i = std::get_if<ImageOp>(&op))
                            r = i->rect;
                        if (x >= r.x && x < r.right() && y >= r.y && y < r.bottom()) inside = true;
                    }
                    if (!inside) ++stray;
                }
            }
            CHECK(ink > static_cast<size_t>(s->w * s->h / 4 / 200));  // more than 0.5 % has ink
            CHECK(colours.size() > 8);                                // antialiased text, not a flat fill
            CHECK(stray == 0);
        }
    }
}

TEST_CASE("a report shows its picture where the layout put it") {
    auto& f = fonts();
    test::TempDir dir;
    // A prepared picture: solid green, 800x600.
    SurfacePtr green(SDL_CreateRGBSurfaceWithFormat(0, 800, 600, 32, SDL_PIXELFORMAT_ARGB8888));
    SDL_FillRect(green.get(), nullptr, SDL_MapRGB(green->format, 20, 200, 60));
    auto file = (dir / "green.png").string();
    REQUIRE(IMG_SavePNG(green.get(), file.c_str()) == 0);
    for (Size size : {Size{1920, 1080}, Size{1080, 1920}}) {
        auto s = spec("reports");
        s.image = file;
        Frame frame = layout_slide(s, context(size), f);
        const ImageOp* image = nullptr;
        for (const auto& op : frame.ops)
            if (auto* i = std::get_if<ImageOp>(&op)) image = i;
        REQUIRE(image);
        auto painted = render::paint(frame, f);
        REQUIRE(painted);
        Color centre = rgb(pixel(painted->get(), image->rect.x + image->rect.w / 2, image->rect.y + image->rect.h / 2));
        CHECK(distance(centre, {20, 200, 60, 255}) < 12);
        // The picture covers its whole box (cover mode): its corners are green too.
        Color corner = rgb(pixel(painted->get(), image->rect.x + 2, image->rect.y + 2));
        CHECK(distance(corner, {20, 200, 60, 255}) < 12);
    }
}

TEST_CASE("a QR code is drawn black on white with a quiet zone") {
    auto& f = fonts();
    auto s = spec("donate");
    Frame frame = layout_slide(s, context({1920, 1080}), f);
    const QrOp* qr = nullptr;
    for (const auto& op : frame.ops)
        if (auto* q = std::get_if<QrOp>(&op)) qr = q;
    REQUIRE(qr);
    auto painted = render::paint(frame, f);
    REQUIRE(painted);
    size_t black = 0, white = 0;
    for (int y = qr->rect.y; y < qr->rect.bottom(); ++y) {
        for (int x = qr->rect.x; x < qr->rect.right(); ++x) {
            Color c = rgb(pixel(painted->get(), x, y));
            if (distance(c, {0, 0, 0, 255}) < 10) ++black;
            if (distance(c, {255, 255, 255, 255}) < 10) ++white;
        }
    }
    CHECK(black > 1000);
    CHECK(white > black);
}

TEST_CASE("on a panel turned 90 degrees, a fade mixes toward the frame turned as show() turns it") {
    test::start_sdl();
    render::ScreenOptions o;
    o.headless = true;
    o.size = Size{640, 360};
    o.rotation = 90;
    o.margins = Insets{10, 20, 10, 20};
    auto screen = render::Screen::open(o);
    REQUIRE(screen);
    const Size s = (*screen)->size();
    auto from = render::make_surface(s.width, s.height);
    auto to = render::make_surface(s.width, s.height);
    REQUIRE(from);
    REQUIRE(to);
    SDL_FillRect(from->get(), nullptr, SDL_MapRGB((*from)->format, 30, 200, 30));
    // Red on top, blue below: turned a quarter clockwise, red is on the panel's right.
    SDL_Rect top{0, 0, s.width, s.height / 2}, bottom{0, s.height / 2, s.width, s.height - s.height / 2};
    SDL_FillRect(to->get(), &top, SDL_MapRGB((*to)->format, 220, 30, 30));
    SDL_FillRect(to->get(), &bottom, SDL_MapRGB((*to)->format, 30, 30, 220));
    (*screen)->show(**from);
    (*screen)->begin_fade(**to);
    (*screen)->draw_fade(0.5);
    auto half = (*screen)->read_back();
    REQUIRE(half);
    CHECK(distance(rgb(pixel(half->get(), 560, 180)), {125, 115, 30, 255}) < 6);
    CHECK(distance(rgb(pixel(half->get(), 80, 180)), {30, 115, 125, 255}) < 6);
    CHECK(pixel(half->get(), 5, 5) == pixel(half->get(), 635, 355));  // the margins stay black
    CHECK(rgb(pixel(half->get(), 5, 5)).r == 0);
    (*screen)->draw_fade(1.0);
    auto end = (*screen)->read_back();
    REQUIRE(end);
    CHECK(distance(rgb(pixel(end->get(), 560, 180)), {220, 30, 30, 255}) < 4);
    CHECK(distance(rgb(pixel(end->get(), 80, 180)), {30, 30, 220, 255}) < 4);
}

TEST_CASE("the headless screen fades with no dark frame in between") {
    test::start_sdl();
    render::ScreenOptions o;
    o.headless = true;
    o.size = Size{640, 360};
    auto screen = render::Screen::open(o);
    REQUIRE(screen);
    CHECK((*screen)->software());
    auto a = render::make_surface(640, 360);
    auto b = render::make_surface(640, 360);
    REQUIRE(a);
    REQUIRE(b);
    SDL_FillRect(a->get(), nullptr, SDL_MapRGB((*a)->format, 200, 40, 40));
    SDL_FillRect(b->get(), nullptr, SDL_MapRGB((*b)->format, 40, 40, 200));
    (*screen)->show(**a);
    auto shown = (*screen)->read_back();
    REQUIRE(shown);
    CHECK(distance(rgb(pixel(shown->get(), 10, 10)), {200, 40, 40, 255}) < 4);
    (*screen)->begin_fade(**b);
    a->reset();  // the screen holds what it shows: the frame it leaves may go
    for (double t : {0.0, 0.25, 0.5, 0.75, 1.0}) {
        (*screen)->draw_fade(t);
        auto frame = (*screen)->read_back();
        REQUIRE(frame);
        Color c = rgb(pixel(frame->get(), 320, 180));
        CAPTURE(t);
        CHECK(c.r + c.g + c.b >= 270);  // never darker than the darker end (280) less rounding
        CHECK(std::abs(c.r - (200 - 160 * t)) < 4);
        CHECK(std::abs(c.b - (40 + 160 * t)) < 4);
    }
}

TEST_CASE("GL_RENDERER names of software rasterizers are told from those of GPUs") {
    struct Case {
        const char* gl_renderer;
        bool software;
    };
    // As Mesa, the Pi's driver and the vendors' drivers name themselves.
    const Case cases[] = {
        {"llvmpipe (LLVM 15.0.6, 256 bits)", true},
        {"softpipe", true},
        {"Software Rasterizer", true},
        {"Mesa DRI swrast", true},
        {"Google SwiftShader", true},
        {"zink (llvmpipe (LLVM 15.0.6, 256 bits))", true},
        {"V3D 4.2", false},
        {"VC4 V3D 2.1", false},
        {"Mesa Intel(R) UHD Graphics 620 (KBL GT2)", false},
        {"AMD Radeon RX 6600 (navi23, LLVM 15.0.6, DRM 3.49, 6.1.0-18-amd64)", false},
        {"NVIDIA GeForce GTX 1060 6GB/PCIe/SSE2", false},
        {"Mali-G52 (Panfrost)", false},
        {"", false},
    };
    for (const auto& c : cases) {
        CAPTURE(c.gl_renderer);
        CHECK(render::is_software_rasterizer(c.gl_renderer) == c.software);
    }
}

namespace {

// Mesa's OpenGL driver (and LLVM with it) mapped into this process.
bool mesa_loaded() {
    std::ifstream maps("/proc/self/maps");
    std::string line;
    while (std::getline(maps, line))
        for (const char* lib : {"_dri.so", "libLLVM", "libgallium", "libGLX_mesa", "libEGL_mesa"})
            if (line.find(lib) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST_CASE("in a window on an X server without a GPU, auto draws in software and never loads Mesa") {
    test::start_sdl();
    test::Xvfb x("1280x720x24");
    if (x.display().empty()) {
        MESSAGE("skipped: no Xvfb (apt-get install xvfb)");
        return;
    }
    // This program's SDL runs the offscreen driver; X11 for this test alone.
    const char* was = std::getenv("DISPLAY");
    const std::string display_before = was ? was : "";
    SDL_VideoQuit();
    setenv("DISPLAY", x.display().c_str(), 1);
    REQUIRE(SDL_VideoInit("x11") == 0);
    {
        render::ScreenOptions o;
        o.window = Size{640, 360};
        auto screen = render::Screen::open(o);
        REQUIRE(screen);
        CHECK((*screen)->software());
        CHECK_FALSE(mesa_loaded());
        auto frame = render::make_surface(640, 360);
        REQUIRE(frame);
        SDL_FillRect(frame->get(), nullptr, SDL_MapRGB((*frame)->format, 200, 40, 40));
        (*screen)->show(**frame);
        auto shown = (*screen)->read_back();
        REQUIRE(shown);
        CHECK(distance(rgb(pixel(shown->get(), 320, 180)), {200, 40, 40, 255}) < 4);
    }
    SDL_VideoQuit();
    if (!was) unsetenv("DISPLAY");
    if (was) setenv("DISPLAY", display_before.c_str(), 1);
    REQUIRE(SDL_VideoInit("offscreen") == 0);
}

// ---- display.strip: the band's words, and the screen that draws the band over frames ----

namespace {

// How many pixels of the column x, in rows y0 to y1, differ from `ground`.
int inked(const SDL_Surface& s, int x, Color ground) {
    int n = 0;
    for (int y = 0; y < s.h; ++y)
        if (distance(rgb(pixel(&s, x, y)), ground) > 60) ++n;
    return n;
}

// A copy of a surface, ARGB8888.
SurfacePtr copy_of(const SDL_Surface& s) {
    return SurfacePtr(SDL_ConvertSurfaceFormat(const_cast<SDL_Surface*>(&s), SDL_PIXELFORMAT_ARGB8888, 0));
}

SurfacePtr solid(int w, int h, Color c) {
    auto made = render::make_surface(w, h);
    REQUIRE(made);
    SDL_FillRect(made->get(), nullptr, SDL_MapRGBA((*made)->format, c.r, c.g, c.b, 255));
    return std::move(*made);
}

}  // namespace

TEST_CASE("the strip: the clock at its right end, headlines that move along the rest, new ones at the next pass") {
    test::start_sdl();
    const Theme theme = theme_named("dark");
    render::StripBand band(fonts(), {640, 40}, theme);
    CHECK(band.set_clock("Mon 7 December", "18:45"));
    CHECK_FALSE(band.set_clock("Mon 7 December", "18:45"));  // the same words: nothing to draw
    const std::vector<std::string> headlines{"Screening in Hull: the workers who took over their factory",
                                             "Picket outside the embassy on Saturday at noon",
                                             "Caravan of solidarity leaves for the occupied plant"};
    CHECK(band.set_headlines(headlines));
    CHECK(band.moving());  // three headlines do not fit in 640 pixels
    SurfacePtr at0 = copy_of(band.draw(0));
    // The clock: on the accent's ground at the right end, with white words on it.
    CHECK(distance(rgb(pixel(at0.get(), 639, 1)), theme.accent) < 10);
    int clock_left = 639;
    while (clock_left > 0 && distance(rgb(pixel(at0.get(), clock_left - 1, 1)), theme.accent) < 10) --clock_left;
    CHECK(clock_left > 200);
    CHECK(clock_left < 560);
    int white = 0;
    for (int x = clock_left; x < 640; ++x) white += inked(*at0, x, theme.accent);
    CHECK(white > 50);
    // 37 pixels later every column of the ticker shows what the column 37 to its right showed.
    SurfacePtr at37 = copy_of(band.draw(37));
    int same = 0, columns = 0;
    for (int x = 0; x + 37 < clock_left; ++x, ++columns) {
        bool equal = true;
        for (int y = 0; y < 40 && equal; ++y) equal = pixel(at37.get(), x, y) == pixel(at0.get(), x + 37, y);
        same += equal;
    }
    CHECK(same == columns);
    // The clock stays where it is.
    for (int y = 0; y < 40; ++y) CHECK(pixel(at37.get(), 620, y) == pixel(at0.get(), 620, y));
    // A pass later it is where it began.
    SurfacePtr again = copy_of(band.draw(band.pass()));
    CHECK(std::memcmp(again->pixels, at0->pixels, static_cast<size_t>(at0->pitch) * 40) == 0);

    // New headlines wait for the pass to come round, then run from its start.
    CHECK(band.set_headlines({"A new headline that runs alone along the band, long enough to move along it"}));
    const long long old_pass = band.pass();
    (void)band.draw(old_pass + old_pass / 2);  // halfway through the next pass: still the old words
    CHECK(band.pass() == old_pass);
    SurfacePtr switched = copy_of(band.draw(2 * old_pass + 3));  // the pass came round
    CHECK(band.pass() != old_pass);
    // ...and they run from their start, as on a band that only ever had them.
    render::StripBand fresh(fonts(), {640, 40}, theme);
    fresh.set_clock("Mon 7 December", "18:45");
    fresh.set_headlines({"A new headline that runs alone along the band, long enough to move along it"});
    SurfacePtr first = copy_of(fresh.draw(0));
    CHECK(std::memcmp(switched->pixels, first->pixels, static_cast<size_t>(first->pitch) * 40) == 0);
    SurfacePtr later = copy_of(band.draw(2 * old_pass + 3 + 25));
    SurfacePtr fresh_later = copy_of(fresh.draw(25));
    CHECK(std::memcmp(later->pixels, fresh_later->pixels, static_cast<size_t>(later->pitch) * 40) == 0);
}

TEST_CASE("the strip: words that fit stand still, and a cue's banner takes the headlines' place on the accent") {
    test::start_sdl();
    const Theme theme = theme_named("dark");
    render::StripBand band(fonts(), {1280, 60}, theme);
    CHECK(band.set_headlines({"Meeting tonight"}));
    CHECK_FALSE(band.moving());
    SurfacePtr a = copy_of(band.draw(0));
    SurfacePtr b = copy_of(band.draw(500));
    CHECK(std::memcmp(a->pixels, b->pixels, static_cast<size_t>(a->pitch) * 60) == 0);
    // Centred: as much ground on its left as on its right, within a letter.
    int first = 0, last = 1279;
    while (first < 1280 && inked(*a, first, theme.panel) == 0) ++first;
    while (last > 0 && inked(*a, last, theme.panel) == 0) --last;
    CHECK(std::abs(first - (1279 - last)) < 60);

    CHECK(band.set_banner("March re-routed: meet at the town hall at 11:00"));
    SurfacePtr banner = copy_of(band.draw(0));
    CHECK(distance(rgb(pixel(banner.get(), 2, 2)), theme.accent) < 10);
    int words = 0;
    for (int x = 0; x < 1280; ++x) words += inked(*banner, x, theme.accent);
    CHECK(words > 200);
    CHECK(band.set_banner(""));
    CHECK(distance(rgb(pixel(&band.draw(0), 2, 2)), theme.panel) < 10);
}

TEST_CASE("the screen draws the band over each frame, through a fade, and redraws only the band's rectangle") {
    test::start_sdl();
    for (const bool gpu : {false, true})
        for (const int rotation : {0, 90}) {
            CAPTURE(gpu);
            CAPTURE(rotation);
            render::ScreenOptions so;
            if (gpu) {
                so.window = layout::Size{320, 180};
                so.renderer = "accelerated";
            } else {
                so.headless = true;
                so.size = layout::Size{320, 180};
            }
            so.rotation = rotation;
            auto opened = render::Screen::open(so);
            REQUIRE(opened);
            render::Screen& screen = **opened;
            REQUIRE(screen.software() != gpu);
            const layout::Size size = screen.size();
            const layout::Rect band{0, size.height - 20, size.width, 20};
            SurfacePtr green = solid(band.w, band.h, {0, 200, 0, 255});
            SurfacePtr red = solid(size.width, size.height, {200, 0, 0, 255});
            SurfacePtr blue = solid(size.width, size.height, {0, 0, 200, 255});
            screen.set_band(band, green.get());
            screen.show(*red);
            // Where an upright point lands on the panel.
            auto at = [&](const SDL_Surface& panel, int x, int y) {
                const layout::Rect p = render::turned_rect({x, y, 1, 1}, screen.panel(), rotation);
                return rgb(pixel(&panel, p.x, p.y));
            };
            auto back = screen.read_back();
            REQUIRE(back);
            CHECK(distance(at(**back, 10, size.height - 5), {0, 200, 0, 255}) < 5);
            CHECK(distance(at(**back, 10, size.height - 25), {200, 0, 0, 255}) < 5);

            // New pixels for the band: only its rectangle changes.
            SDL_FillRect(green.get(), nullptr, SDL_MapRGBA(green->format, 250, 250, 0, 255));
            CHECK(screen.redraw_band());
            back = screen.read_back();
            REQUIRE(back);
            CHECK(distance(at(**back, size.width - 3, size.height - 1), {250, 250, 0, 255}) < 5);
            CHECK(distance(at(**back, size.width - 3, size.height - 21), {200, 0, 0, 255}) < 5);

            // Halfway through a fade the band is whole over the mix.
            screen.begin_fade(*blue);
            CHECK_FALSE(screen.redraw_band());  // the fade's next step draws it
            CHECK(screen.draw_fade(0.5));
            back = screen.read_back();
            REQUIRE(back);
            CHECK(distance(at(**back, 10, size.height - 5), {250, 250, 0, 255}) < 5);
            const Color mid = at(**back, 10, 10);
            CHECK(mid.r > 60);
            CHECK(mid.b > 60);

            // A screenshot's copy gets the band too; without a band, nothing is drawn over.
            SurfacePtr shot = copy_of(*red);
            screen.draw_band_over(*shot);
            CHECK(distance(rgb(pixel(shot.get(), 5, size.height - 2)), {250, 250, 0, 255}) < 5);
            screen.set_band(std::nullopt, nullptr);
            CHECK_FALSE(screen.redraw_band());
            screen.show(*red);
            back = screen.read_back();
            REQUIRE(back);
            CHECK(distance(at(**back, 10, size.height - 5), {200, 0, 0, 255}) < 5);
        }
}
