// The player in this process, on the headless screen, with a clock the test moves: the
// screen's hours (display.hours) turn it black, put the TV on standby and wake it again.
#include <doctest/doctest.h>

#include <SDL.h>

#include <thread>
#include <vector>

#include "app/player.hpp"
#include "config/load.hpp"
#include "support/sdl_session.hpp"
#include "support/test_support.hpp"
#include "util/time.hpp"

using namespace placard;

namespace {

// Whether every pixel the panel shows is black.
bool all_black(render::Screen& screen) {
    auto shown = screen.read_back();
    REQUIRE(shown);
    const SDL_Surface& s = **shown;
    for (int y = 0; y < s.h; ++y) {
        const auto* row = reinterpret_cast<const Uint32*>(static_cast<const char*>(s.pixels) + y * s.pitch);
        for (int x = 0; x < s.w; ++x)
            if ((row[x] & 0xFFFFFFu) != 0) return false;
    }
    return true;
}

// A TV that writes down what it was told, and what the screen showed at that moment
// (called on the main thread, where the screen may be read).
struct FakeTv final : render::Tv {
    struct Call {
        std::string what;
        SysTime at;
        bool screen_black;
    };
    FakeTv(std::vector<Call>& calls, render::Screen& screen, const Clock& clock)
        : calls_(calls), screen_(screen), clock_(clock) {}
    Result<void> standby() override { return note("standby"); }
    Result<void> wake() override { return note("wake"); }
    std::string name() const override { return "a test TV"; }

private:
    Result<void> note(const char* what) {
        calls_.push_back({what, clock_.now_seconds(), all_black(screen_)});
        return {};
    }
    std::vector<Call>& calls_;
    render::Screen& screen_;
    const Clock& clock_;
};

// A playlist, the headless screen, an offline worker and a clock standing at `start`,
// London time; play() runs the player on them for `seconds`, with the fake TV.
struct Hall {
    test::TempDir dir;
    std::filesystem::path playlist_file = dir / "playlist.json";
    std::shared_ptr<const config::Playlist> playlist;
    std::unique_ptr<render::Screen> screen;
    ManualClock clock;
    std::unique_ptr<content::Worker> worker;
    std::vector<FakeTv::Call> calls;
    int opened = 0;  // how often the TV was opened

    Hall(const std::string& text, SysTime start) : clock(std::chrono::system_clock::time_point(start)) {
        test::start_sdl();
        test::write_file(playlist_file, text);
        auto loaded = config::load_playlist_file(playlist_file);
        REQUIRE(loaded.playlist);
        playlist = std::make_shared<const config::Playlist>(std::move(*loaded.playlist));
        render::ScreenOptions so;
        so.headless = true;
        so.size = layout::Size{320, 180};
        auto opened_screen = render::Screen::open(so);
        REQUIRE(opened_screen);
        screen = std::move(*opened_screen);
        content::WorkerOptions wo;
        wo.cache_dir = dir / "cache";
        wo.clock = &clock;
        wo.offline = true;
        worker = std::make_unique<content::Worker>(wo);
        worker->start(playlist);
    }
    ~Hall() { worker->stop(); }

    int play(int seconds) {
        app::PlayerOptions po;
        po.exit_after = std::chrono::seconds(seconds);
        po.fade = std::chrono::milliseconds(50);
        po.open_tv = [this]() -> std::unique_ptr<render::Tv> {
            ++opened;
            return std::make_unique<FakeTv>(calls, *screen, clock);
        };
        app::Player player(po, playlist, app::watch_file(playlist_file, dir / "cache", std::chrono::milliseconds(500)),
                           *screen, test::fonts(), *worker, clock);
        return player.run();
    }
};

// Friday night to Saturday morning with display.hours, the clock moved by the test.
void play_a_night(bool cec) {
    // Friday 4 December 2026, 23:29:50 in London: ten seconds of the evening's hours left.
    Hall hall(std::string(R"({ "version": 1,
      "display": { "hours": [{ "days": ["fri"], "hours": "18:00-23:30" }, { "days": ["sat"], "hours": "10:00-01:00" }],
                   "cec": )") +
                  (cec ? "true" : "false") + R"( },
      "slides": [{ "type": "text", "title": "Solidarity with the strikers", "body": "Collection at the door." }] })",
              from_local(test::london(), 2026, 12, 4, 23, 29, 50));
    test::CapturedLog log;
    // The clock jumps past 23:30, then to Saturday morning before and after 10:00.
    std::thread mover([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(1200));
        hall.clock.set(std::chrono::system_clock::time_point(from_local(test::london(), 2026, 12, 4, 23, 30, 5)));
        std::this_thread::sleep_for(std::chrono::milliseconds(1500));
        hall.clock.set(std::chrono::system_clock::time_point(from_local(test::london(), 2026, 12, 5, 9, 59, 0)));
        std::this_thread::sleep_for(std::chrono::milliseconds(1000));
        hall.clock.set(std::chrono::system_clock::time_point(from_local(test::london(), 2026, 12, 5, 10, 0, 1)));
    });
    CHECK(hall.play(5) == 0);
    mover.join();

    CHECK(log.contains("outside display.hours: the screen is off until 2026-12-05 10:00"));
    CHECK(log.contains("display.hours: the screen is on until 2026-12-06 01:00"));
    // Back on: the slide is on screen again.
    CHECK_FALSE(all_black(*hall.screen));
    const auto& calls = hall.calls;
    if (!cec) {
        CHECK(hall.opened == 0);
        CHECK(calls.empty());
        return;
    }
    CHECK(hall.opened == 1);  // opened once, when first needed, and kept
    REQUIRE(calls.size() == 2);
    CHECK(calls[0].what == "standby");
    CHECK(calls[0].screen_black);  // black first, then the TV goes
    CHECK(calls[0].at >= from_local(test::london(), 2026, 12, 4, 23, 30));
    CHECK(calls[1].what == "wake");
    CHECK(calls[1].at >= from_local(test::london(), 2026, 12, 5, 10, 0));
}

}  // namespace

TEST_CASE("outside display.hours the screen is black and the TV on standby, and both come back on time") {
    SUBCASE("with HDMI-CEC") {
        play_a_night(true);
    }
    SUBCASE("display.cec false: the screen is black and the TV left alone") {
        play_a_night(false);
    }
}

TEST_CASE("started outside display.hours, the first frame is black and the TV is put on standby") {
    Hall hall(R"({ "version": 1, "display": { "hours": "07:00-23:30" },
      "slides": [{ "type": "text", "title": "Welcome", "body": "Tea at the back." }] })",
              from_local(test::london(), 2026, 12, 5, 3, 0));
    test::CapturedLog log;
    CHECK(hall.play(1) == 0);
    CHECK(all_black(*hall.screen));
    REQUIRE(hall.calls.size() == 1);
    CHECK(hall.calls[0].what == "standby");
    CHECK(hall.calls[0].screen_black);
    CHECK(log.contains("the screen is off until 2026-12-05 07:00"));
}
