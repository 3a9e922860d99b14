// One clip through libmpv's software render API, on clips that ffmpeg makes here: the
// first frame held paused (pre-roll), frames that move once it plays, its last frame held at
// its end, and files that are no clip refused with the reason.
#include <doctest/doctest.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <mutex>
#include <thread>

#include "render/screen.hpp"
#include "support/clips.hpp"
#include "support/sdl_session.hpp"
#include "support/test_support.hpp"
#include "video/clip.hpp"
#include "video/memory.hpp"

using namespace placard;
using steady = std::chrono::steady_clock;

namespace {

// Wakes the test's loop as the main loop is woken.
struct Waker {
    std::mutex mutex;
    std::condition_variable cv;
    bool woken = false;
    std::function<void()> fn() {
        return [this] {
            std::lock_guard lock(mutex);
            woken = true;
            cv.notify_one();
        };
    }
    void wait_until(std::optional<steady::time_point> t) {
        std::unique_lock lock(mutex);
        const auto limit = steady::now() + std::chrono::milliseconds(200);
        cv.wait_until(lock, t && *t < limit ? *t : limit, [&] { return woken; });
        woken = false;
    }
};

// Pumps the clip as the player does until `done` or 10 s.
int drive(video::Clip& clip, Waker& waker, const std::function<bool()>& done) {
    int frames = 0;
    const auto limit = steady::now() + std::chrono::seconds(10);
    while (!done() && steady::now() < limit) {
        if (clip.pump(steady::now())) ++frames;
        if (done()) break;
        waker.wait_until(clip.next_frame_at());
    }
    return frames;
}

// Mean of red, green and blue over the frame.
double mean_light(const SDL_Surface& s) {
    uint64_t sum = 0;
    for (int y = 0; y < s.h; ++y) {
        const auto* row = reinterpret_cast<const uint32_t*>(static_cast<const char*>(s.pixels) + y * s.pitch);
        for (int x = 0; x < s.w; ++x) sum += ((row[x] >> 16) & 255) + ((row[x] >> 8) & 255) + (row[x] & 255);
    }
    return static_cast<double>(sum) / (3.0 * s.w * s.h);
}

uint64_t checksum(const SDL_Surface& s) {
    uint64_t h = 1469598103934665603ull;
    for (int y = 0; y < s.h; ++y) {
        const auto* row = reinterpret_cast<const uint32_t*>(static_cast<const char*>(s.pixels) + y * s.pitch);
        for (int x = 0; x < s.w; ++x) h = (h ^ (row[x] & 0xFFFFFFu)) * 1099511628211ull;
    }
    return h;
}

video::ClipOptions options_for(const std::filesystem::path& file) {
    video::ClipOptions o;
    o.file = file;
    o.size = {160, 90};
    o.audio = "none";
    return o;
}

}  // namespace

TEST_CASE("a clip is held on its first frame until it plays, then moves, and its last frame stays at its end") {
    test::start_sdl();
    test::TempDir dir;
    const auto file = test::h264_clip(dir.path(), "pattern.mp4", 1.0);
    Waker waker;
    auto opened = video::Clip::open(options_for(file), waker.fn());
    REQUIRE(opened);
    video::Clip& clip = **opened;
    CHECK(mean_light(*clip.frame()) == 0);  // black until a frame is drawn

    drive(clip, waker, [&] { return clip.state() != video::ClipState::loading; });
    REQUIRE_MESSAGE(clip.state() == video::ClipState::ready, clip.error().to_string());
    CHECK(mean_light(*clip.frame()) > 40);
    const uint64_t first = checksum(*clip.frame());
    CHECK(clip.position() < 0.05);
    // Paused: nothing moves while it waits.
    drive(clip, waker, [&, until = steady::now() + std::chrono::milliseconds(300)] { return steady::now() > until; });
    CHECK(checksum(*clip.frame()) == first);

    clip.play();
    const int frames = drive(clip, waker, [&] { return clip.state() != video::ClipState::playing; });
    CHECK(clip.state() == video::ClipState::ended);
    // 25 frames a second for a second: most of them drawn (a slow machine may skip some).
    CHECK(frames >= 15);
    CHECK(frames <= 26);
    CHECK(checksum(*clip.frame()) != first);
    CHECK(clip.position() > 0.8);
    REQUIRE(clip.length());
    CHECK(*clip.length() == doctest::Approx(1.0).epsilon(0.1));
    // Ended: the last frame stays.
    const uint64_t last = checksum(*clip.frame());
    drive(clip, waker, [&, until = steady::now() + std::chrono::milliseconds(300)] { return steady::now() > until; });
    CHECK(checksum(*clip.frame()) == last);
    CHECK(mean_light(*clip.frame()) > 40);
}

TEST_CASE("a VP9 clip with no sound plays a part of itself, from start to end") {
    test::start_sdl();
    test::TempDir dir;
    const auto file = test::vp9_clip(dir.path(), "pattern.webm", 3.0);
    Waker waker;
    auto o = options_for(file);
    o.start = 1.0;
    o.end = 1.6;
    auto opened = video::Clip::open(o, waker.fn());
    REQUIRE(opened);
    video::Clip& clip = **opened;
    drive(clip, waker, [&] { return clip.state() != video::ClipState::loading; });
    REQUIRE_MESSAGE(clip.state() == video::ClipState::ready, clip.error().to_string());
    CHECK(clip.position() == doctest::Approx(1.0).epsilon(0.05));
    clip.play();
    const auto started = steady::now();
    drive(clip, waker, [&] { return clip.state() != video::ClipState::playing; });
    CHECK(clip.state() == video::ClipState::ended);
    CHECK(clip.position() == doctest::Approx(1.6).epsilon(0.05));
    // It played 0.6 s of the clip, not the 3 s of the file.
    CHECK(steady::now() - started < std::chrono::milliseconds(1500));
}

TEST_CASE("files that are no clip are refused with the reason, and a clip cut short plays what it has") {
    test::start_sdl();
    test::TempDir dir;
    Waker waker;
    auto outcome = [&](const std::filesystem::path& file) {
        auto opened = video::Clip::open(options_for(file), waker.fn());
        REQUIRE(opened);
        video::Clip& clip = **opened;
        // mpv has given up on the file before it is first asked, as on a busy machine: its
        // reason, in the log messages it hands out after its events, must still be the one told.
        std::this_thread::sleep_for(std::chrono::milliseconds(400));
        drive(clip, waker, [&] { return clip.state() != video::ClipState::loading; });
        if (clip.state() == video::ClipState::ready) {
            clip.play();
            drive(clip, waker,
                  [&] { return clip.state() == video::ClipState::ended || clip.state() == video::ClipState::failed; });
        }
        return std::pair{clip.state(), clip.error().to_string()};
    };

    test::write_file(dir / "notes.mp4", "These are the minutes of the meeting, not a film.\n");
    auto [text_state, text_error] = outcome(dir / "notes.mp4");
    CHECK(text_state == video::ClipState::failed);
    CHECK(text_error.find("notes.mp4: cannot be played") != std::string::npos);

    auto [song_state, song_error] = outcome(test::song(dir.path(), "tone.m4a"));
    CHECK(song_state == video::ClipState::failed);
    CHECK(song_error.find("tone.m4a: has no picture") != std::string::npos);

    auto [missing_state, missing_error] = outcome(dir / "gone.mp4");
    CHECK(missing_state == video::ClipState::failed);
    CHECK(missing_error.find("gone.mp4") != std::string::npos);

    // The first 40 % of a clip's bytes. An MP4 whose index is at its end (ffmpeg's way) is
    // nothing without it; one whose index comes first (-movflags +faststart) plays what it
    // has, then ends.
    const auto whole = test::h264_clip(dir.path(), "whole.mp4", 2.0);
    const std::string bytes = test::read_file(whole);
    test::write_file(dir / "cut.mp4", bytes.substr(0, bytes.size() * 2 / 5));
    const auto cut = outcome(dir / "cut.mp4");
    const std::string& cut_error = cut.second;
    CHECK(cut.first == video::ClipState::failed);
    INFO(cut_error);
    CHECK(cut_error.find("moov atom not found") != std::string::npos);

    const auto streamable = test::ffmpeg_clip(dir.path(), "streamable.mp4",
                                              "-f lavfi -i testsrc2=size=320x180:rate=25:duration=2 "
                                              "-c:v libx264 -preset ultrafast -pix_fmt yuv420p -movflags +faststart");
    const std::string streamable_bytes = test::read_file(streamable);
    test::write_file(dir / "cut-streamable.mp4", streamable_bytes.substr(0, streamable_bytes.size() * 2 / 5));
    const auto streamable_outcome = outcome(dir / "cut-streamable.mp4");
    INFO(streamable_outcome.second);
    CHECK(streamable_outcome.first == video::ClipState::ended);
}

TEST_CASE("the next clip is pre-rolled only while the board has twice its share of memory free") {
    test::TempDir dir;
    // /proc/meminfo as a Pi 3 with a clip playing writes it.
    test::write_file(dir / "meminfo",
                     "MemTotal:         944268 kB\nMemFree:           61312 kB\nMemAvailable:     121840 kB\n"
                     "Buffers:           10240 kB\n");
    const auto free = video::memory_available(dir / "meminfo");
    REQUIRE(free);
    CHECK(*free == 121840ull * 1024);
    CHECK_FALSE(video::memory_available(dir / "none"));
    // A 1080p clip needs about 50 MiB; a 720p one less, in proportion; none less than 16 MiB.
    CHECK(video::clip_bytes({1920, 1080}) == 50ull << 20);
    CHECK(video::clip_bytes({1280, 720}) < video::clip_bytes({1920, 1080}) / 2);
    CHECK(video::clip_bytes({160, 90}) == 16ull << 20);
    // That Pi 3 has 119 MiB free: room for the next 1080p clip (twice its 50 MiB), not for two.
    CHECK(*free >= 2 * video::clip_bytes({1920, 1080}));
    CHECK(*free < 3 * video::clip_bytes({1920, 1080}));
}

TEST_CASE(
    "a clip drawn by the GPU into the renderer's texture is the picture the CPU draws, upright and in its colours") {
    test::start_sdl();
    test::TempDir dir;
    // testsrc2's coloured shapes, with a white band along the top: different top to bottom
    // and left to right; at the frame's own size (no scaling, in which mpv's GPU and CPU
    // paths differ).
    const auto file = test::ffmpeg_clip(dir.path(), "bars.mp4",
                                        "-f lavfi -i testsrc2=size=320x180:rate=25:duration=1 "
                                        "-vf drawbox=x=0:y=0:w=iw:h=ih/4:color=white:t=fill -c:v libx264 "
                                        "-preset ultrafast -pix_fmt yuv444p -qp 0");
    // SDL's two GL renderers: desktop OpenGL (a PC), GLES 2 (a Pi's KMSDRM).
    std::string driver = "opengl";
    SUBCASE("OpenGL") {}
    SUBCASE("GLES 2") {
        driver = "opengles2";
    }
    CAPTURE(driver);
    SDL_SetHint(SDL_HINT_RENDER_DRIVER, driver.c_str());
    render::ScreenOptions so;
    so.window = layout::Size{320, 180};
    so.renderer = "accelerated";
    auto screen = render::Screen::open(so);
    SDL_SetHint(SDL_HINT_RENDER_DRIVER, nullptr);
    REQUIRE(screen);
    REQUIRE_FALSE((*screen)->software());
    REQUIRE((*screen)->renderer_name() == driver);
    REQUIRE(video::draws_with_gl((*screen)->renderer()));

    Waker waker;
    auto options = options_for(file);
    options.size = {320, 180};
    auto cpu = video::Clip::open(options, waker.fn());
    options.gpu = video::GpuScreen{(*screen)->window(), (*screen)->renderer()};
    auto gpu = video::Clip::open(options, waker.fn());
    REQUIRE(cpu);
    REQUIRE(gpu);
    drive(**cpu, waker, [&] { return (*cpu)->state() != video::ClipState::loading; });
    drive(**gpu, waker, [&] { return (*gpu)->state() != video::ClipState::loading; });
    REQUIRE_MESSAGE((*gpu)->state() == video::ClipState::ready, (*gpu)->error().to_string());
    REQUIRE((*cpu)->state() == video::ClipState::ready);
    REQUIRE((*gpu)->texture() != nullptr);
    CHECK((*gpu)->frame() == nullptr);  // no frame in memory: 8 MB fewer at 1080p
    REQUIRE((*cpu)->frame() != nullptr);

    auto drawn = (*screen)->pixels_of(*(*gpu)->texture());
    REQUIRE(drawn);
    const SDL_Surface& g = **drawn;
    auto software = (*screen)->pixels_of(*(*cpu)->frame());
    REQUIRE(software);
    const SDL_Surface& c = **software;
    REQUIRE(g.w == c.w);
    REQUIRE(g.h == c.h);
    // Each channel of each pixel, a few levels apart at most on average (the two paths round
    // YUV to RGB each its own way); turned upside down or with red and blue swapped, the
    // bars would be tens of levels apart.
    auto channel = [](const SDL_Surface& s, int x, int y, int shift) {
        const auto* row = reinterpret_cast<const uint32_t*>(static_cast<const char*>(s.pixels) + y * s.pitch);
        return static_cast<int>((row[x] >> shift) & 255);
    };
    auto difference = [&](bool flipped, bool swapped) {
        uint64_t sum = 0, n = 0;
        for (int y = 0; y < c.h; y += 3)
            for (int x = 0; x < c.w; x += 3)
                for (int shift : {16, 8, 0}) {
                    const int from = swapped && shift != 8 ? 16 - shift : shift;
                    sum += static_cast<uint64_t>(
                        std::abs(channel(g, x, flipped ? c.h - 1 - y : y, from) - channel(c, x, y, shift)));
                    ++n;
                }
        return static_cast<double>(sum) / static_cast<double>(n);
    };
    const double same = difference(false, false);
    CHECK(same < 4);
    CHECK(difference(true, false) > same + 20);
    CHECK(difference(false, true) > same + 10);
    CHECK(mean_light(g) > 40);

    // Played, the texture moves on; the screen shows it and fades to it like a frame.
    (*gpu)->play();
    const int frames = drive(**gpu, waker, [&] { return (*gpu)->state() != video::ClipState::playing; });
    CHECK((*gpu)->state() == video::ClipState::ended);
    CHECK(frames >= 2);  // few under an emulator, where mpv drops what comes late
    CHECK((*screen)->show(*(*gpu)->texture()));
    auto panel = (*screen)->read_back();
    REQUIRE(panel);
    auto last = (*screen)->pixels_of(*(*gpu)->texture());
    REQUIRE(last);
    CHECK(checksum(**last) != checksum(g));
    CHECK(mean_light(**panel) == doctest::Approx(mean_light(**last)).epsilon(0.02));
    // The clip gone, the screen still holds its last frame (a copy of its own).
    SDL_Texture* used = (*gpu)->texture();
    gpu->reset();
    (*screen)->begin_fade(*(*cpu)->frame());
    CHECK((*screen)->draw_fade(0.01));
    auto after = (*screen)->read_back();
    REQUIRE(after);
    CHECK(mean_light(**after) == doctest::Approx(mean_light(**last)).epsilon(0.05));

    // The next clip is drawn into the texture the last one left (making one takes tens of
    // milliseconds), and shows its own first frame there, not what was left in it.
    auto again = video::Clip::open(options, waker.fn());
    REQUIRE(again);
    drive(**again, waker, [&] { return (*again)->state() != video::ClipState::loading; });
    REQUIRE((*again)->state() == video::ClipState::ready);
    CHECK((*again)->texture() == used);
    auto first_again = (*screen)->pixels_of(*(*again)->texture());
    REQUIRE(first_again);
    CHECK(checksum(**first_again) == checksum(g));
    again->reset();
    cpu->reset();
    video::GlTarget::free_kept();  // before the screen goes
}
