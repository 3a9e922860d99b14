// Clips in the rotation, as the audience sees them: placard runs headless on a playlist of
// clips ffmpeg makes here, with a picture between them, and writes every frame it presents
// (--frame-log). Across each switch no frame is darker than both slides it goes between,
// no frame waits longer than two frame times, a clip's last frame is held, and a file that
// is no clip is skipped with one line while the rotation goes on.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <sstream>

#include <SDL_image.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "media/sdl_ptr.hpp"
#include "support/clips.hpp"
#include "support/placard_process.hpp"
#include "support/test_support.hpp"

using namespace placard;
using test::quote;

namespace {

struct Frame {
    double t = 0;
    long slide = -1;
    std::string kind;
    std::optional<double> clip_pos;
    double brightness = 0;
};

std::vector<Frame> read_frame_log(const std::filesystem::path& file) {
    std::vector<Frame> frames;
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
        const auto j = nlohmann::json::parse(line);
        Frame f;
        f.t = j.at("t").get<double>();
        f.slide = j.at("slide").get<long>();
        f.kind = j.at("kind").get<std::string>();
        if (j.contains("clip_pos")) f.clip_pos = j.at("clip_pos").get<double>();
        f.brightness = j.at("brightness").get<double>();
        frames.push_back(f);
    }
    return frames;
}

// Under an emulator (a cross build's tests run under qemu-user) the frames come as fast as
// the emulated decoder goes, and under AddressSanitizer at a fraction of the speed (a 92 ms
// interval was seen in CI): their times prove nothing there. The benchmark measures them.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool sanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool sanitized = true;
#else
constexpr bool sanitized = false;
#endif
#else
constexpr bool sanitized = false;
#endif

bool real_time() {
    return !sanitized && std::string_view(PLACARD_EMULATOR).empty();
}

// A switch: the first frame of a slide, after a frame of another.
std::vector<size_t> switches(const std::vector<Frame>& frames) {
    std::vector<size_t> at;
    for (size_t i = 1; i < frames.size(); ++i)
        if (frames[i].slide != frames[i - 1].slide) at.push_back(i);
    return at;
}

std::string describe(const std::vector<Frame>& frames, size_t from, size_t to) {
    std::ostringstream out;
    for (size_t i = from; i < to && i < frames.size(); ++i)
        out << frames[i].t - frames[from].t << " slide " << frames[i].slide << " " << frames[i].kind << " pos "
            << frames[i].clip_pos.value_or(-1) << " light " << frames[i].brightness << "\n";
    return out.str();
}

// Across each switch, from the last frame of the slide before to the end of the fade
// (700 ms) and a frame more: no frame darker than both slides (a dip to black is what the
// audience would see as a gap: tens of levels; a clip's own picture moves by a few while
// it fades in, hence the 8 of 255 allowed), and, in real time, none later than two frame times after
// the one before (a clip's frame time here is 40 ms; a fade draws 60 frames a second).
// `timed` false: the intervals are not checked (a GPU made of the CPU, as Mesa's llvmpipe,
// shares the test machine's two cores with the decoder and the other tests: its frame times
// say nothing of a Pi's GPU).
void check_switches(const std::vector<Frame>& frames, bool timed = true) {
    for (size_t s : switches(frames)) {
        size_t end = s;
        while (end + 1 < frames.size() && frames[end + 1].t - frames[s].t < 0.75) ++end;
        const double before = frames[s - 1].brightness;
        const double after = frames[end].brightness;
        INFO("switch to slide " << frames[s].slide << ":\n" << describe(frames, s - 1, end + 1));
        for (size_t i = s; i <= end; ++i) CHECK(frames[i].brightness >= std::min(before, after) - 8);
        if (!real_time() || !timed) continue;
        const bool from_clip = frames[s - 1].clip_pos.has_value();
        for (size_t i = from_clip ? s : s + 1; i <= end; ++i) CHECK(frames[i].t - frames[i - 1].t <= 0.080);
    }
}

// placard run headless on `playlist` for `seconds`, its cache in `dir`: what it said, and
// every frame it presented (--frame-log), of which there must be some.
struct Logged {
    std::string output;
    std::vector<Frame> frames;
};

Logged run_logged(const std::string& playlist, const test::TempDir& dir, int seconds,
                  const std::string& flags = "--headless --offline") {
    const auto log = dir / "frames.jsonl";
    auto ran =
        test::run_placard("run " + quote(playlist) + " " + flags + fmt::format(" --exit-after {}s --cache ", seconds) +
                          quote((dir / "cache").string()) + " --frame-log " + quote(log.string()));
    INFO(ran.output);
    REQUIRE(ran.status == 0);
    Logged logged{ran.output, read_frame_log(log)};
    REQUIRE(!logged.frames.empty());
    return logged;
}

// Mean of red, green and blue over a picture (any 24- or 32-bit one).
double mean_light(const SDL_Surface& picture) {
    SurfacePtr s(SDL_ConvertSurfaceFormat(const_cast<SDL_Surface*>(&picture), SDL_PIXELFORMAT_ARGB8888, 0));
    REQUIRE(s);
    uint64_t sum = 0;
    for (int y = 0; y < s->h; ++y) {
        const auto* row = reinterpret_cast<const uint32_t*>(static_cast<const char*>(s->pixels) + y * s->pitch);
        for (int x = 0; x < s->w; ++x) sum += ((row[x] >> 16) & 255) + ((row[x] >> 8) & 255) + (row[x] & 255);
    }
    return static_cast<double>(sum) / (3.0 * s->w * s->h);
}

}  // namespace

TEST_CASE("clip to clip to picture to clip: every frame lit, none late, each clip played to its end") {
    test::TempDir dir;
    test::h264_clip(dir.path(), "trailer.mp4", 2.0);
    test::vp9_clip(dir.path(), "picket.webm", 2.0);
    test::ffmpeg_clip(dir.path(), "poster.png", "-f lavfi -i testsrc=size=320x180 -frames:v 1");
    test::write_file(dir / "playlist.json", R"({
  "version": 1,
  "display": { "size": "320x180", "audio": "none" },
  "slides": [
    { "type": "video", "file": "trailer.mp4" },
    { "type": "video", "file": "picket.webm" },
    { "type": "image", "file": "poster.png", "duration": "1s" },
    { "type": "video", "file": "trailer.mp4", "start": 0.5, "end": 1.5 }
  ]
})");
    // In software (mpv's software render API, placard's own software screen), and on the
    // GPU (mpv's OpenGL render API into a texture of the renderer's: the offscreen driver's
    // EGL, Mesa's llvmpipe here, a Pi's GLES).
    std::string flags = "--headless --offline";
    SUBCASE("drawn by the CPU") {}
    SUBCASE("drawn by the GPU") {
        flags = "--window 320x180 --renderer accelerated --offline";
    }
    CAPTURE(flags);
    const std::filesystem::path shots = dir / "shots";
    const Logged run =
        run_logged((dir / "playlist.json").string(), dir, 9, flags + " --screenshots " + quote(shots.string()));
    const auto& frames = run.frames;
    INFO(run.output);
    CHECK(run.output.find("clips are drawn by the CPU") == std::string::npos);
    CHECK((run.output.find("clips are drawn by the GPU") != std::string::npos) ==
          (flags.find("accelerated") != std::string::npos));
    for (const auto& f : frames) CHECK(f.brightness > 16);
    const bool on_llvmpipe = flags.find("accelerated") != std::string::npos;
    check_switches(frames, !on_llvmpipe);
    // The first screenshot is the trailer's first frame, as ffmpeg decodes it.
    const auto decoded_file =
        test::ffmpeg_clip(dir.path(), "first.png", "-i " + quote((dir / "trailer.mp4").string()) + " -frames:v 1");
    SurfacePtr shot(IMG_Load((shots / "0001-video.png").c_str()));
    SurfacePtr decoded(IMG_Load(decoded_file.c_str()));
    REQUIRE(shot);
    REQUIRE(decoded);
    CHECK(shot->w == 320);
    CHECK(shot->h == 180);
    CHECK(mean_light(*shot) > 40);
    CHECK(mean_light(*shot) == doctest::Approx(mean_light(*decoded)).epsilon(0.03));

    // Under an emulator mpv drops what it cannot decode in time, and the rotation goes
    // slowly: what it showed, and when, says nothing about placard.
    if (!real_time()) return;
    REQUIRE(frames.size() > 100);

    // The rotation as it came: 0, 1, 2, 3 and round again.
    std::vector<long> order{frames[0].slide};
    for (size_t i : switches(frames)) order.push_back(frames[i].slide);
    REQUIRE(order.size() >= 4);
    CHECK(std::vector<long>(order.begin(), order.begin() + 4) == std::vector<long>{0, 1, 2, 3});

    // Each clip from its start (or "start") to its end (or "end"), its last frame kept: in
    // its first turn (the run may end in the middle of its second).
    auto first_and_last = [&](long slide) {
        std::optional<double> first, last;
        for (size_t i = 0; i < frames.size(); ++i) {
            if (frames[i].slide != slide || !frames[i].clip_pos) continue;
            if (first && frames[i - 1].slide != slide) break;  // its second turn
            if (!first) first = frames[i].clip_pos;
            last = frames[i].clip_pos;
        }
        REQUIRE(first);
        return std::pair{*first, *last};
    };
    auto [trailer_first, trailer_last] = first_and_last(0);
    CHECK(trailer_first < 0.05);
    CHECK(trailer_last > 1.9);
    auto [part_first, part_last] = first_and_last(3);
    CHECK(part_first == doctest::Approx(0.5).epsilon(0.1));
    CHECK(part_last == doctest::Approx(1.5).epsilon(0.1));
}

TEST_CASE("a clip that cannot play is skipped with one line, and the clip with the longer slide holds its last frame") {
    test::TempDir dir;
    test::h264_clip(dir.path(), "trailer.mp4", 1.0);
    test::write_file(dir / "minutes.mp4", "Minutes of the branch meeting: not a film.\n");
    test::write_file(dir / "playlist.json", R"({
  "version": 1,
  "display": { "size": "320x180", "audio": "none" },
  "slides": [
    { "type": "video", "file": "trailer.mp4", "duration": "2s" },
    { "type": "video", "file": "minutes.mp4" },
    { "type": "text", "title": "Screening tonight", "body": "Doors at 19:00", "duration": "1s" }
  ]
})");
    const Logged run = run_logged((dir / "playlist.json").string(), dir, 7);
    const auto& frames = run.frames;
    INFO(run.output);
    // One line for the broken clip, however often its turn came.
    size_t said = 0;
    for (size_t at = run.output.find("minutes.mp4: cannot be played"); at != std::string::npos;
         at = run.output.find("minutes.mp4: cannot be played", at + 1))
        ++said;
    CHECK(said == 1);
    // Only the clip and the text came on, in turn.
    std::vector<std::string> kinds{frames[0].kind};
    for (size_t i : switches(frames)) kinds.push_back(frames[i].kind);
    REQUIRE(kinds.size() >= 3);
    CHECK(kinds[0] == "video");
    CHECK(kinds[1] == "text");
    CHECK(kinds[2] == "video");
    // The 1 s clip in a 2 s slide: its frames stop at its end, the last one stays lit on
    // screen until the text fades in over it.
    const auto first_switch = switches(frames).front();
    const Frame& held = frames[first_switch - 1];
    CHECK(held.clip_pos.value_or(0) > 0.9);
    CHECK(held.brightness > 40);
    if (real_time()) CHECK(frames[first_switch].t - frames[0].t > 1.9);
}

TEST_CASE(
    "placard check reads each clip without playing it: what will not play is a problem, what is too big a warning") {
    test::TempDir dir;
    const auto good = test::h264_clip(dir.path(), "trailer.mp4", 1.0);
    const std::string bytes = test::read_file(good);
    test::write_file(dir / "cut.mp4", bytes.substr(0, bytes.size() / 3));  // its index was at the end
    test::write_file(dir / "minutes.mp4", "Minutes of the branch meeting: not a film.\n");
    test::song(dir.path(), "chant.m4a");
    std::filesystem::rename(dir / "chant.m4a", dir / "chant.mp4");
    test::h264_clip(dir.path(), "huge.mp4", 0.2, 2560, 1440);
    auto check = [&](const std::string& file) {
        test::write_file(dir / "playlist.json", R"({
  "version": 1,
  "slides": [
    { "type": "video", "file": ")" + file + R"(" }
  ]
})");
        return test::run_placard("check " + quote((dir / "playlist.json").string()));
    };
    auto ok = check("trailer.mp4");
    INFO(ok.output);
    CHECK(ok.status == 0);
    CHECK(ok.output.find("OK, 0 sources, 1 slide") != std::string::npos);

    struct Bad {
        std::string file, says;
    };
    for (const Bad& bad : {Bad{"cut.mp4", ":4:32: $.slides[0].file: "},
                           Bad{"minutes.mp4", "minutes.mp4: is not a clip placard can read"},
                           Bad{"chant.mp4", "chant.mp4: has no picture; a video slide shows a video file"}}) {
        auto r = check(bad.file);
        INFO(r.output);
        CHECK(r.status == 1);
        CHECK(r.output.find(bad.says) != std::string::npos);
        CHECK(r.output.find("1 problem") != std::string::npos);
    }
    auto huge = check("huge.mp4");
    INFO(huge.output);
    CHECK(huge.status == 0);  // it plays, not smoothly on a Pi: said, not refused
    CHECK(huge.output.find("warning: huge.mp4: h264 2560x1440 is more than a Pi") != std::string::npos);
}

TEST_CASE("a preview shows a clip's frame at a tenth of the part that plays") {
    test::TempDir dir;
    test::h264_clip(dir.path(), "trailer.mp4", 2.0);
    test::write_file(dir / "playlist.json", R"({
  "version": 1,
  "slides": [
    { "type": "video", "file": "trailer.mp4" },
    { "type": "video", "file": "trailer.mp4", "start": 1.0 }
  ]
})");
    auto r = test::run_placard("preview " + quote((dir / "playlist.json").string()) + " --out " +
                               quote((dir / "out").string()) + " --size 320x180 --offline --cache " +
                               quote((dir / "cache").string()));
    INFO(r.output);
    REQUIRE(r.status == 0);
    // testsrc2 prints its time in its top left corner: the two frames differ, and neither is black.
    const std::string first = test::read_file(dir / "out" / "01-video.png");
    const std::string second = test::read_file(dir / "out" / "02-video.png");
    CHECK(first.size() > 2000);
    CHECK(second.size() > 2000);
    CHECK(first != second);
}

TEST_CASE(
    "the screening example plays the trailer that assets/make-clips.sh made, with slides around it, and no black "
    "frame") {
    test::TempDir dir;
    const std::string example = std::string(PLACARD_SOURCE_DIR) + "/config/examples/screening.json";
    const Logged run = run_logged(example, dir, 18);
    const auto& frames = run.frames;
    INFO(run.output);
    for (const auto& f : frames) CHECK(f.brightness > 16);
    check_switches(frames);
    if (!real_time()) return;  // as above
    std::vector<std::string> kinds{frames[0].kind};
    for (size_t i : switches(frames)) kinds.push_back(frames[i].kind);
    // The trailer (after the poster, once the worker has prepared it), the picket's clip,
    // then the events.
    const auto trailer = std::find(kinds.begin(), kinds.end(), "video");
    REQUIRE(trailer != kinds.end());
    REQUIRE(trailer + 2 < kinds.end());
    CHECK(trailer[1] == "video");
    CHECK(trailer[2] == "events");
    // The trailer played to its end.
    double longest = 0;
    for (const auto& f : frames)
        if (f.clip_pos) longest = std::max(longest, *f.clip_pos);
    CHECK(longest > 8.5);  // of its 9 s
}

TEST_CASE("a folder source's clips play one slide each, in the order of their names, beside its pictures") {
    test::TempDir dir;
    std::filesystem::create_directories(dir / "reel");
    test::h264_clip(dir.path() / "reel", "2-march.mp4", 1.0);
    test::vp9_clip(dir.path() / "reel", "1-rally.webm", 1.0);
    test::ffmpeg_clip(dir.path() / "reel", "3-poster.png", "-f lavfi -i testsrc=size=320x180 -frames:v 1");
    test::write_file(dir / "playlist.json", R"({
  "version": 1,
  "display": { "size": "320x180", "audio": "none" },
  "sources": { "reel": { "type": "folder", "path": "reel" } },
  "slides": [
    { "type": "video", "source": "reel" },
    { "type": "image", "source": "reel", "duration": "1s" }
  ]
})");
    auto listed = test::run_placard("slides " + quote((dir / "playlist.json").string()) + " --offline --cache " +
                                    quote((dir / "cache").string()));
    INFO(listed.output);
    REQUIRE(listed.status == 0);
    // The clips in the order of their names, as long as themselves; the picture after.
    const auto rally = listed.output.find("clip     " + (dir / "reel" / "1-rally.webm").string());
    const auto march = listed.output.find("clip     " + (dir / "reel" / "2-march.mp4").string());
    const auto poster = listed.output.find("image    " + (dir / "reel" / "3-poster.png").string());
    CHECK(rally != std::string::npos);
    CHECK(march != std::string::npos);
    CHECK(poster != std::string::npos);
    CHECK(rally < march);
    CHECK(march < poster);
    CHECK(listed.output.find("(as long as the clip, source reel)") != std::string::npos);

    const Logged run = run_logged((dir / "playlist.json").string(), dir, 5);
    const auto& frames = run.frames;
    INFO(run.output);
    check_switches(frames);
    if (!real_time()) return;
    std::vector<std::string> kinds{frames[0].kind};
    for (size_t i : switches(frames)) kinds.push_back(frames[i].kind);
    REQUIRE(kinds.size() >= 3);
    CHECK(kinds[0] == "video");
    CHECK(kinds[1] == "video");
    CHECK(kinds[2] == "image");

    // A file in the folder that is no clip: `check` names it at the slide's "source".
    test::write_file(dir / "reel" / "4-notes.mp4", "Minutes of the branch meeting: not a film.\n");
    auto checked = test::run_placard("check " + quote((dir / "playlist.json").string()));
    INFO(checked.output);
    CHECK(checked.status == 1);
    CHECK(checked.output.find("$.slides[0].source: " + (dir / "reel" / "4-notes.mp4").string() +
                              ": is not a clip placard can read") != std::string::npos);
}

TEST_CASE("a clip at a web address plays once downloaded, the slides around it meanwhile, and check takes it") {
    test::TempDir dir, served;
    test::TestServer server(served.path());
    test::h264_clip(served.path(), "trailer.mp4", 1.0);
    test::write_file(dir / "playlist.json", R"({
  "version": 1,
  "display": { "size": "320x180", "audio": "none" },
  "slides": [
    { "type": "video", "file": ")" + server.url("/trailer.mp4") +
                                                R"(" },
    { "type": "text", "title": "Screening tonight", "body": "Doors at 19:00", "duration": "1s" }
  ]
})");
    auto checked = test::run_placard("check " + quote((dir / "playlist.json").string()));
    INFO(checked.output);
    CHECK(checked.status == 0);

    const Logged run = run_logged((dir / "playlist.json").string(), dir, 6, "--headless");
    const auto& frames = run.frames;
    INFO(run.output);
    CHECK(run.output.find("trailer.mp4: clip downloaded") != std::string::npos);
    check_switches(frames);
    const auto played =
        std::count_if(frames.begin(), frames.end(), [](const Frame& f) { return f.clip_pos.has_value(); });
    CHECK(played > 0);
    CHECK(server.stats("/trailer.mp4").count == 1);  // downloaded once, played from the cache
}
