// The player in this process, on the headless screen, with a clock the test moves: the
// screen's hours (display.hours) turn it black, put the TV on standby and wake it again;
// the loop sleeps until a deadline or until woken, and counts its wake-ups.
#include <doctest/doctest.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <SDL.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <functional>
#include <regex>
#include <thread>
#include <vector>

#include "app/player.hpp"
#include "app/wake.hpp"
#include "config/load.hpp"
#include "cues/board.hpp"
#include "kinds/kinds.hpp"
#include "layout/slide_layout.hpp"
#include "layout/theme.hpp"
#include "media/image.hpp"
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
    std::filesystem::path state = dir / "state";          // the cues in force
    std::filesystem::path frames = dir / "frames.jsonl";  // the last play()'s frame log
    int opened = 0;                                       // how often the TV was opened
    app::WakeUps woke;                                    // the last play()'s
    control::Console* console = nullptr;                  // the control page's view, when a test gives one
    std::optional<health::Sources> health;                // where health is read, when a test gives it

    Hall(const std::string& text, SysTime start) : clock(std::chrono::system_clock::time_point(start)) {
        test::start_sdl();
        std::filesystem::create_directories(state);
        test::write_file(playlist_file, text);
        auto loaded = kinds::load_playlist_file(playlist_file);
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

    // `meanwhile` runs on a thread of its own while the player plays.
    int play(int seconds, const std::function<void(app::Player&)>& meanwhile = {}) {
        app::PlayerOptions po;
        po.exit_after = std::chrono::seconds(seconds);
        po.fade = std::chrono::milliseconds(50);
        po.state_dir = state;
        po.frame_log = frames;
        po.console = console;
        po.health = health;
        po.open_tv = [this]() -> std::unique_ptr<render::Tv> {
            ++opened;
            return std::make_unique<FakeTv>(calls, *screen, clock);
        };
        app::Player player(po, playlist, app::watch_file(playlist_file, dir / "cache", std::chrono::milliseconds(500)),
                           *screen, test::fonts(), *worker, clock);
        std::thread side;
        if (meanwhile) side = std::thread([&] { meanwhile(player); });
        const int status = player.run();
        if (side.joinable()) side.join();
        woke = player.wake_ups();
        return status;
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
    // The clock jumps past 23:30, then to Saturday morning before and after 10:00. The loop
    // sleeps until the wall clock's next deadline: a test clock that jumps wakes it, as a
    // step of the system clock does.
    auto move_to = [&](app::Player& player, SysTime t) {
        hall.clock.set(std::chrono::system_clock::time_point(t));
        player.wake();
    };
    CHECK(hall.play(5, [&](app::Player& player) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1200));
        move_to(player, from_local(test::london(), 2026, 12, 4, 23, 30, 5));
        std::this_thread::sleep_for(std::chrono::milliseconds(1500));
        move_to(player, from_local(test::london(), 2026, 12, 5, 9, 59, 0));
        std::this_thread::sleep_for(std::chrono::milliseconds(1000));
        move_to(player, from_local(test::london(), 2026, 12, 5, 10, 0, 1));
    }) == 0);

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

namespace {

const char* const still_slide = R"({ "version": 1,
  "slides": [{ "type": "text", "title": "Picket at the gates", "body": "From six, every morning.", "duration": "10m" }] })";

}  // namespace

TEST_CASE("a still slide of ten minutes wakes the loop at most once in three seconds: at the end of the run") {
    Hall hall(still_slide, from_local(test::london(), 2026, 12, 5, 12, 0));
    test::CapturedLog log;
    CHECK(hall.play(3) == 0);
    CAPTURE(hall.woke.total());
    CHECK(hall.woke.total() <= 1);
    CHECK(hall.woke.fade_frames == 0);
    CHECK(hall.woke.woken == 0);
    CHECK(hall.woke.input == 0);
    CHECK(log.contains(std::to_string(hall.woke.total()) +
                       (hall.woke.total() == 1 ? " wake-up in 3 s" : " wake-ups in 3 s")));
}

TEST_CASE("a wake() from another thread ends a sleep that has a minute left") {
    test::start_sdl();
    // What earlier tests left in SDL's queue would end the sleep as input.
    SDL_PumpEvents();
    SDL_FlushEvents(SDL_FIRSTEVENT, SDL_LASTEVENT);
    app::Sleeper sleeper;
    std::thread worker([&] { sleeper.wake(); });
    // Whether the wake comes before the sleep or during it, the sleep ends with it: were it
    // lost, the minute would pass and the reason be the deadline.
    const auto why = sleeper.sleep_until(std::chrono::steady_clock::now() + std::chrono::minutes(1));
    worker.join();
    CHECK(why == app::Woken::wake);
    // Read once: the next sleep waits for its deadline again.
    CHECK(sleeper.sleep_until(std::chrono::steady_clock::now()) == app::Woken::deadline);
}

TEST_CASE("SIGTERM ends the player's sleep on a still slide, long before its deadlines") {
    Hall hall(still_slide, from_local(test::london(), 2026, 12, 5, 12, 0));
    test::CapturedLog log;
    // --exit-after 60 s and a ten-minute slide: only the signal ends this run in time.
    CHECK(hall.play(60, [](app::Player&) { kill(getpid(), SIGTERM); }) == 0);
    CHECK(hall.woke.deadlines == 0);
    CHECK(hall.woke.fade_frames == 0);
}

TEST_CASE("the playlist file is watched through its folder: a save by renaming is seen with no deadline to poll at") {
    test::TempDir dir;
    const auto file = dir / "hall.json";
    test::write_file(file, still_slide);
    // An hour between looks, were it polled: the test would give up long before.
    auto source = app::watch_file(file, dir / "cache", std::chrono::hours(1));
    REQUIRE(source->watch_fd() >= 0);
    CHECK_FALSE(source->next_poll());
    CHECK_FALSE(source->poll());

    // Something else in the folder is not a change of the playlist.
    test::write_file(dir / "notes.txt", "bring chairs");
    pollfd p{source->watch_fd(), POLLIN, 0};
    REQUIRE(poll(&p, 1, 60'000) == 1);
    CHECK_FALSE(source->poll());

    // An editor's save: a new file renamed over the old one.
    test::write_file(
        dir / "hall.json.new",
        R"({ "version": 1, "slides": [{ "type": "text", "title": "Strike fund", "body": "Give at the door." }] })");
    std::filesystem::rename(dir / "hall.json.new", file);
    REQUIRE(poll(&p, 1, 60'000) == 1);
    auto loaded = source->poll();
    REQUIRE(loaded);
    CAPTURE(loaded->problems.size());
    for (const auto& problem : loaded->problems) MESSAGE(config::format(problem));
    REQUIRE(loaded->playlist);
    CHECK(loaded->playlist->slides.at(0).title == "Strike fund");
    CHECK_FALSE(source->poll());  // read: nothing more until the next change

    // A save in place, into the file that was renamed there.
    test::write_file(file, R"({ "version": 1, "slides": [{ "type": "text", "title": "Picket", "body": "At six." }] })");
    REQUIRE(poll(&p, 1, 60'000) == 1);
    loaded = source->poll();
    REQUIRE(loaded);
    REQUIRE(loaded->playlist);
    CHECK(loaded->playlist->slides.at(0).title == "Picket");

    // A file beside it written again (a log, say) does not even make the watch readable.
    test::write_file(dir / "notes.txt", "bring more chairs");
    CHECK(poll(&p, 1, 0) == 0);

    // `systemctl reload`: looked at now, though nothing changed.
    source->refresh_now();
    CHECK(source->next_poll());
    CHECK(source->poll());
}

namespace {

// What the panel shows, pixel for pixel.
std::vector<Uint32> pixels(render::Screen& screen) {
    auto shown = screen.read_back();
    REQUIRE(shown);
    const SDL_Surface& s = **shown;
    std::vector<Uint32> out;
    for (int y = 0; y < s.h; ++y) {
        const auto* row = reinterpret_cast<const Uint32*>(static_cast<const char*>(s.pixels) + y * s.pitch);
        out.insert(out.end(), row, row + s.w);
    }
    return out;
}

}  // namespace

TEST_CASE("a clock slide is painted again when the minute turns, within one slide") {
    const char* const clock = R"({ "version": 1, "slides": [{ "type": "clock", "duration": "10m" }] })";
    Hall hall(clock, from_local(test::london(), 2026, 12, 5, 12, 0, 30));
    CHECK(hall.play(1) == 0);
    const auto noon = pixels(*hall.screen);

    // The same slide, the clock moved past the minute while it is up.
    hall.clock.set(std::chrono::system_clock::time_point(from_local(test::london(), 2026, 12, 5, 12, 0, 30)));
    CHECK(hall.play(2, [&](app::Player& player) {
        std::this_thread::sleep_for(std::chrono::milliseconds(700));
        hall.clock.set(std::chrono::system_clock::time_point(from_local(test::london(), 2026, 12, 5, 12, 1, 10)));
        player.wake();
    }) == 0);
    const auto turned = pixels(*hall.screen);
    CHECK(turned != noon);

    // What a player started at 12:01 paints: the same frame.
    CHECK(hall.play(1) == 0);
    CHECK(pixels(*hall.screen) == turned);
}

namespace {

// The frame log's slides as the audience saw them: each change of kind and slide once,
// e.g. {"text 0", "announce -1", "text 1"}.
std::vector<std::string> seen(const std::filesystem::path& frames) {
    std::vector<std::string> out;
    std::ifstream in(frames);
    for (std::string line; std::getline(in, line);) {
        const auto j = nlohmann::json::parse(line);
        std::string what = j["kind"].get<std::string>() + " " + std::to_string(j["slide"].get<long>());
        if (out.empty() || out.back() != what) out.push_back(what);
    }
    return out;
}

// The brightness of the last frame of that kind in the frame log (-1: none): the frames
// of a slide's fade in come first, under its kind.
double last_brightness(const std::filesystem::path& frames, const std::string& kind) {
    double last = -1;
    std::ifstream in(frames);
    for (std::string line; std::getline(in, line);) {
        const auto j = nlohmann::json::parse(line);
        if (j["kind"] == kind) last = j["brightness"].get<double>();
    }
    return last;
}

std::string joined(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
    return s;
}

cues::Cue cue(const std::string& text, SysTime now) {
    auto c = cues::parse_cue(text, now, test::london(), "test");
    REQUIRE_MESSAGE(c, (c ? std::string() : c.error().to_string()));
    return *c;
}

const char* const three_slides = R"({ "version": 1, "slides": [
  { "type": "text", "title": "Solidarity with the strikers", "body": "Collection at the door.", "duration": "10m" },
  { "type": "text", "title": "Screening", "body": "Salt of the Earth, 19:30 in the main hall.", "duration": "10m" },
  { "type": "text", "title": "Join the union", "body": "Ask at the table by the door.", "duration": "10m" }] })";

void pause_ms(int ms) {
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));
}

// A banner cue from another thread, 300 ms into the play.
void post_banner(app::Player& player, SysTime now) {
    pause_ms(300);
    player.desk().post(
        cue(R"({"kind": "announce", "text": "Collection for the strike fund", "style": "banner", "id": "fund"})", now));
}

}  // namespace

// The screen is read only on the main thread, between runs of the player: a frame that a cue
// put up is seen in the frame log, with its brightness.
TEST_CASE("a cue from another thread takes the screen at once, and the turn goes on when it is lifted") {
    const SysTime evening = from_local(test::london(), 2026, 12, 5, 19, 0, 0);
    Hall hall(three_slides, evening);
    test::CapturedLog log;
    CHECK(hall.play(2, [&](app::Player& player) {
        pause_ms(400);
        player.desk().post(
            cue(R"({"kind": "announce", "text": "The film starts in 5 minutes", "id": "film"})", evening));
        pause_ms(500);
        player.desk().lift("film");
    }) == 0);
    CHECK(joined(seen(hall.frames)) == "text 0, announce -1, text 1");
    CHECK(hall.woke.cues >= 2);
    CHECK(log.contains("cues: notice: announce \"The film starts in 5 minutes\" until lifted (from test, id film)"));
    CHECK(log.contains("cue film lifted"));

    // A banner is painted over the slide: the bottom of the screen changes, the top does not.
    CHECK(hall.play(1) == 0);
    const auto before = pixels(*hall.screen);
    CHECK(hall.play(1, [&](app::Player& player) { post_banner(player, evening); }) == 0);
    const auto with_banner = pixels(*hall.screen);
    REQUIRE(before.size() == with_banner.size());
    const size_t w = 320, h = before.size() / w;
    CHECK(std::equal(before.begin(), before.begin() + w * h / 2, with_banner.begin()));
    CHECK(before[(h - 5) * w + w / 2] != with_banner[(h - 5) * w + w / 2]);

    // The banner is kept in the state folder, and the next player shows it from its first frame.
    auto kept = cues::Board::load(hall.state / "cues.json", evening);
    REQUIRE(kept);
    REQUIRE(kept->banner());
    CHECK(kept->banner()->text == "Collection for the strike fund");
    CHECK(hall.play(1) == 0);
    CHECK(pixels(*hall.screen) == with_banner);
}

TEST_CASE("a blank is black until it ends, then the intermission counts down, then the slides come back") {
    const SysTime evening = from_local(test::london(), 2026, 12, 5, 19, 0, 0);
    Hall hall(three_slides, evening);
    CHECK(hall.play(3, [&](app::Player& player) {
        pause_ms(300);
        player.desk().post(cue(R"({"kind": "blank", "until": "20:30", "intermission": "15m"})", evening));
        pause_ms(600);
        // The film ends: the clock jumps, as a step of the system clock wakes the player.
        hall.clock.set(std::chrono::system_clock::time_point(from_local(test::london(), 2026, 12, 5, 20, 30, 0)));
        player.wake();
        pause_ms(600);
        hall.clock.set(std::chrono::system_clock::time_point(from_local(test::london(), 2026, 12, 5, 20, 45, 1)));
        player.wake();
    }) == 0);
    CHECK(joined(seen(hall.frames)) == "text 0, blanked -1, announce -1, text 1");
    CHECK(last_brightness(hall.frames, "blanked") == 0);  // faded to black
    CHECK(last_brightness(hall.frames, "announce") > 0);
    auto left = cues::Board::load(hall.state / "cues.json", hall.clock.now_seconds());
    REQUIRE(left);
    CHECK(left->empty());
}

TEST_CASE("a restart keeps the cues in force: the first frame is the blank, not a slide") {
    const SysTime evening = from_local(test::london(), 2026, 12, 5, 19, 0, 0);
    Hall hall(three_slides, evening);
    CHECK(hall.play(1, [&](app::Player& player) {
        pause_ms(200);
        player.desk().post(cue(R"({"kind": "blank", "for": "2h"})", evening));
    }) == 0);
    CHECK(hall.play(1) == 0);
    const auto frames = seen(hall.frames);
    REQUIRE_FALSE(frames.empty());
    CHECK(frames.front() == "blanked -1");
    CHECK(all_black(*hall.screen));
}

TEST_CASE("skip, back, pause, resume and clear, as the keyboard and the control page give them") {
    const SysTime evening = from_local(test::london(), 2026, 12, 5, 19, 0, 0);
    Hall hall(R"({ "version": 1, "slides": [
      { "type": "text", "title": "One", "body": "1", "duration": "1s" },
      { "type": "text", "title": "Two", "body": "2", "duration": "1s" },
      { "type": "text", "title": "Three", "body": "3", "duration": "1s" }] })",
              evening);
    CHECK(hall.play(4, [&](app::Player& player) {
        pause_ms(200);
        player.desk().post(cue(R"({"kind": "pause"})", evening));  // slide 0 stays
        pause_ms(1500);
        player.desk().post(cue(R"({"kind": "skip"})", evening));  // 1
        pause_ms(200);
        player.desk().post(cue(R"({"kind": "skip"})", evening));  // 2
        pause_ms(200);
        player.desk().post(cue(R"({"kind": "back"})", evening));  // 1
        pause_ms(200);
        player.desk().post(cue(R"({"kind": "announce", "text": "x", "style": "banner"})", evening));
        player.desk().post(cue(R"({"kind": "clear"})", evening));  // lifts the pause and the banner
    }) == 0);
    // Paused on 0 for 1.5 s; then 1, 2, 1 by hand; then, played again, the slides turn
    // each second (3 s more on the first, as after a pause by the keyboard).
    const auto frames = seen(hall.frames);
    REQUIRE(frames.size() >= 4);
    CHECK(joined({frames.begin(), frames.begin() + 4}) == "text 0, text 1, text 2, text 1");
    auto left = cues::Board::load(hall.state / "cues.json", evening);
    REQUIRE(left);
    CHECK(left->empty());
}

TEST_CASE("the control page's picture of the screen: made when asked, at most once a second, of the screen's shape") {
    const SysTime evening = from_local(test::london(), 2026, 12, 5, 19, 0, 0);
    Hall hall(three_slides, evening);
    auto desk = std::make_shared<cues::Desk>();
    control::Console console(desk, hall.clock);
    hall.console = &console;
    std::optional<control::Console::Picture> first, again;
    CHECK(hall.play(2, [&](app::Player&) {
        pause_ms(300);
        first = console.picture(std::chrono::milliseconds(5000));
        again = console.picture(std::chrono::milliseconds(5000));
    }) == 0);
    REQUIRE(first);
    REQUIRE(again);
    CHECK(again->number == first->number);  // within the second: the same picture
    CHECK(hall.woke.pictures == 1);
    const auto size = media::probe(first->jpeg);
    REQUIRE(size);
    CHECK(size->width == 320);  // the screen's own width, under 640
    CHECK(size->height == 180);
}

TEST_CASE("undervoltage is written once in the journal, given to the control page, and said in the screen's corner") {
    const SysTime evening = from_local(test::london(), 2026, 12, 5, 19, 0, 0);
    const char* const one_slide = R"({ "version": 1, "slides": [
      { "type": "text", "title": "Strike fund", "body": "Collection at the door.", "duration": "1m" }] })";
    test::TempDir sysfs;
    test::write_file(sysfs / "sys/devices/platform/soc/soc:firmware/get_throttled", "0\n");
    Hall hall(one_slide, evening);
    auto desk = std::make_shared<cues::Desk>();
    control::Console console(desk, hall.clock);
    hall.console = &console;
    health::Sources sources;
    sources.root = sysfs.path();
    sources.kernel_clock_synced = true;
    hall.health = sources;
    CHECK(hall.play(1) == 0);
    const auto fine = pixels(*hall.screen);
    CHECK(console.health()["findings"].empty());

    test::write_file(sysfs / "sys/devices/platform/soc/soc:firmware/get_throttled", "50005\n");
    test::CapturedLog log;
    CHECK(hall.play(1) == 0);
    const auto warned = pixels(*hall.screen);
    CHECK(log.count("health: warning: undervoltage-now") == 1);
    CHECK(console.health()["findings"][0]["key"] == "undervoltage-now");
    // The corner at the bottom left changes; the slide above it does not.
    REQUIRE(fine.size() == warned.size());
    const size_t w = 320, h = fine.size() / w;
    CHECK(std::equal(fine.begin(), fine.begin() + w * h / 2, warned.begin()));
    CHECK_FALSE(std::equal(fine.begin() + w * (h - 12), fine.end(), warned.begin() + w * (h - 12)));
}

namespace {

// A feed on disk for the strip's ticker: headlines too long to stand still in the band.
std::string strip_playlist(const std::string& strip, const std::filesystem::path& news) {
    return R"({ "version": 1,
      "display": { "timezone": "Europe/London", "strip": )" +
           strip + R"( },
      "sources": { "news": { "type": "rss", "path": ")" +
           news.string() + R"(" } },
      "slides": [{ "type": "text", "title": "Picket at the gates", "body": "From six, every morning.", "duration": "10m" }] })";
}

std::filesystem::path write_news(const test::TempDir& dir) {
    const std::filesystem::path file = dir / "news.xml";
    test::write_file(file, R"(<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>
      <item><title>Screening in Hull: the workers who took over their factory</title><guid>a</guid>
        <pubDate>Thu, 03 Dec 2026 18:00:00 GMT</pubDate></item>
      <item><title>Picket outside the embassy on Saturday at noon, every branch welcome</title><guid>b</guid>
        <pubDate>Wed, 02 Dec 2026 12:00:00 GMT</pubDate></item>
    </channel></rss>)");
    return file;
}

size_t lines_in(const std::filesystem::path& file) {
    std::ifstream in(file);
    size_t n = 0;
    for (std::string line; std::getline(in, line);) ++n;
    return n;
}

}  // namespace

TEST_CASE("the strip's ticker steps on its own beat over a still slide: only the band changes, no frame is logged") {
    const SysTime noon = from_local(test::london(), 2026, 12, 5, 12, 0);
    test::TempDir feeds;
    Hall hall(strip_playlist(R"({ "ticker": "news" })", write_news(feeds)), noon);
    CHECK(hall.play(1) == 0);  // the feed read, the slide's status line settled
    CHECK(hall.play(1) == 0);
    const auto first = pixels(*hall.screen);
    test::CapturedLog log;
    CHECK(hall.play(2) == 0);
    const auto later = pixels(*hall.screen);
    REQUIRE(first.size() == later.size());
    const size_t w = 320, h = first.size() / w;
    const size_t band = static_cast<size_t>(layout::strip_height({320, 180}));
    // The slide above the band is as it was; the band's ticker has moved.
    CHECK(std::equal(first.begin(), first.begin() + w * (h - band), later.begin()));
    CHECK_FALSE(std::equal(first.begin() + w * (h - band), first.end(), later.begin() + w * (h - band)));
    // 20 pixels a second at 180 lines, a pixel a step: about 40 steps in two seconds.
    CAPTURE(hall.woke.strip_frames);
    CHECK(hall.woke.strip_frames >= 20);
    CHECK(hall.woke.strip_frames <= 60);
    CHECK(hall.woke.deadlines <= 3);
    CHECK(log.contains("for the strip"));
    // Its steps as logged at the end: as many as the ticker's frames that moved it, with their spread.
    std::smatch m;
    std::string steps_line;
    for (const std::string& line : log.lines())
        if (line.find("the strip's ticker: ") != std::string::npos) steps_line = line;
    static const std::regex steps(
        R"(the strip's ticker: ([0-9]+) steps; between steps [0-9.]+ ms \(p50\), [0-9.]+ ms \(p99\), [0-9.]+ ms at most; each drawn and shown in [0-9.]+ ms \(p50\))");
    REQUIRE_MESSAGE(std::regex_search(steps_line, m, steps), steps_line);
    CHECK(std::stoull(m[1]) >= 20);
    CHECK(std::stoull(m[1]) <= hall.woke.strip_frames + 1);
    // The frame log has the slide once: steps of the band are not frames of the slide.
    CHECK(lines_in(hall.frames) <= 2);
}

TEST_CASE("a strip with only its clock wakes the loop once a minute, and a banner goes into the band") {
    const SysTime evening = from_local(test::london(), 2026, 12, 5, 19, 0, 30);
    test::TempDir feeds;
    Hall hall(strip_playlist("{}", write_news(feeds)), evening);
    CHECK(hall.play(1) == 0);
    test::CapturedLog log;
    CHECK(hall.play(1) == 0);
    CHECK(hall.woke.strip_frames == 0);
    CHECK(hall.woke.total() <= 2);
    CHECK_FALSE(log.contains("the strip's ticker"));  // a clock's minute is not a ticker's step
    const auto before = pixels(*hall.screen);
    CHECK(hall.play(1, [&](app::Player& player) { post_banner(player, evening); }) == 0);
    const auto with_banner = pixels(*hall.screen);
    REQUIRE(before.size() == with_banner.size());
    const size_t w = 320, h = before.size() / w;
    const size_t band = static_cast<size_t>(layout::strip_height({320, 180}));
    // The slide is not painted again for the banner: only the band changes, to the accent.
    CHECK(std::equal(before.begin(), before.begin() + w * (h - band), with_banner.begin()));
    const Uint32 p = with_banner[(h - band / 2) * w + 3];
    const layout::Color accent = layout::theme_named("dark").accent;
    CHECK(std::abs(int((p >> 16) & 255) - accent.r) + std::abs(int((p >> 8) & 255) - accent.g) +
              std::abs(int(p & 255) - accent.b) <
          10);
}
