// Many halls, one broker, as organizers and displays use it: placard processes against a
// real Mosquitto (TLS, a password file) started by the test; placard keygen, cue and fleet
// from the command line; what reached the screen read from the displays' frame logs. And
// halls in step: two displays with display.sync show the same slide at the same moments.
#include <SDL.h>
#include <SDL_image.h>
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <fstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <thread>

#include "support/mosquitto.hpp"
#include "support/placard_process.hpp"
#include "support/test_support.hpp"
#include "util/time.hpp"

using namespace placard;
using namespace std::chrono_literals;
using Json = nlohmann::json;

namespace {

std::vector<Json> read_frames(const std::filesystem::path& log) {
    std::vector<Json> list;
    std::ifstream in(log);
    std::string line;
    while (std::getline(in, line))
        if (!line.empty()) list.push_back(Json::parse(line, nullptr, false));
    return list;
}

// A display running headless: killed when the test ends.
struct Display {
    pid_t pid = -1;
    std::filesystem::path frames, output;
    Display(const test::TempDir& dir, const std::string& name, const std::filesystem::path& playlist,
            const std::string& run_for = "60s", const std::vector<std::string>& more = {}) {
        frames = dir / (name + "-frames.jsonl");
        output = dir / (name + ".log");
        const auto state = dir / (name + "-state"), cache = dir / (name + "-cache");
        std::vector<std::string> args{"run",          playlist.string(), "--headless",   "--window",     "640x360",
                                      "--exit-after", run_for,           "--state",      state.string(), "--cache",
                                      cache.string(), "--frame-log",     frames.string()};
        args.insert(args.end(), more.begin(), more.end());
        pid = test::spawn_placard(args, [&] {
            setenv("SDL_VIDEODRIVER", "offscreen", 1);
            test::output_to(output);
        });
    }
    ~Display() { kill(); }
    void kill() {
        if (pid <= 0) return;
        ::kill(pid, SIGKILL);
        waitpid(pid, nullptr, 0);
        pid = -1;
    }
    // Whether a frame with this cue on screen has been shown.
    bool showed(const std::string& cue) const {
        for (const Json& f : test_frames())
            if (f.is_object() && f.value("cue", "") == cue && f.value("kind", "") == "announce") return true;
        return false;
    }
    std::vector<Json> test_frames() const { return read_frames(frames); }
};

// A PNG of one colour, made by Python's zlib: a poster as a designer would send it.
void write_png(const std::filesystem::path& file, int width, int height, int r, int g, int b) {
    const std::string script = fmt::format(R"(import struct, zlib
def chunk(t, d): return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
w, h = {}, {}
row = b'\0' + bytes([{}, {}, {}]) * w
png = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0)) + chunk(b'IDAT', zlib.compress(row * h)) + chunk(b'IEND', b'')
open('{}', 'wb').write(png)
)",
                                           width, height, r, g, b, file.string());
    const auto py = file.string() + ".py";
    test::write_file(py, script);
    REQUIRE(test::run_command(std::string(PLACARD_PYTHON) + " " + test::quote(py)) == 0);
}

std::string text_playlist(const std::string& display) {
    return R"(  "slides": [
    { "type": "text", "title": "Our aims", "bullets": ["Free movement", "An end to the siege"], "duration": "4s" },
    { "type": "text", "title": "Join us", "body": "The branch meets every Tuesday at seven.", "duration": "4s" }
  ] })" + display;
}

}  // namespace

TEST_CASE(
    "many halls: placard cue reaches the hall's displays over TLS, a late display shows it at once, "
    "and placard fleet sees one go offline") {
    test::Mosquitto mosquitto(test::Mosquitto::Secure{});
    test::TempDir dir;
    // The organizer's key, as the README has it made.
    const test::Ran keygen = test::run_placard("keygen --out " + test::quote((dir / "keys").string()) +
                                               " --name 'Ana, press officer' 2>/dev/null");
    REQUIRE(keygen.status == 0);
    const std::string public_key = keygen.output.substr(0, keygen.output.find('\n'));
    REQUIRE(public_key.rfind("ed25519:", 0) == 0);

    auto playlist_for = [&](const std::string& id) {
        auto file = dir / (id + ".json");
        const Json broker = {{"url", mosquitto.url()},
                             {"username", "hall-screens"},
                             {"password_file", mosquitto.password_file().string()},
                             {"ca_file", mosquitto.ca_file().string()},
                             {"org", "campaign"},
                             {"id", id},
                             {"hall", "north"},
                             {"trust", {public_key}}};
        test::write_file(file,
                         R"({ "version": 1, "display": { "broker": )" + broker.dump() + " },\n" + text_playlist(""));
        return file;
    };
    const std::string connection =
        " --broker " + mosquitto.url() + " --org campaign --username hall-screens --password-file " +
        test::quote(mosquitto.password_file().string()) + " --ca-file " + test::quote(mosquitto.ca_file().string());

    Display a(dir, "hall-a", playlist_for("hall-a"));
    // Its status is retained at the broker: placard fleet lists it online.
    REQUIRE(test::eventually(
        [&] {
            return test::run_placard("fleet" + connection + " --wait 3s").output.find("hall-a") != std::string::npos;
        },
        20s));

    const test::Ran cue = test::run_placard(
        "cue announce 'The march is re-routed: meet at the station'" + connection + " --hall north --key " +
        test::quote((dir / "keys" / "placard-organizer.key").string()) + " --for 30m --wait 10s --display hall-a 2>&1");
    // --hall and --display together are refused: one or the other.
    CHECK(cue.status != 0);
    CHECK(cue.output.find("--hall and --display are both given") != std::string::npos);

    const test::Ran sent = test::run_placard(
        "cue announce 'The march is re-routed: meet at the station'" + connection + " --hall north --key " +
        test::quote((dir / "keys" / "placard-organizer.key").string()) + " --for 30m --wait 8s");
    INFO(sent.output);
    REQUIRE(sent.status == 0);
    // "Sent announce ID to TOPIC." and the displays that put it on screen.
    const size_t at = sent.output.find("Sent announce ");
    REQUIRE(at != std::string::npos);
    const std::string id = sent.output.substr(at + 14, 12);
    CHECK(sent.output.find("hall-a\t") != std::string::npos);
    CHECK(sent.output.find("1 display put it on screen") != std::string::npos);
    REQUIRE(test::eventually([&] { return a.showed(id); }, 10s));

    // A display started while the cue is retained: shows it once connected, in seconds.
    Display b(dir, "hall-b", playlist_for("hall-b"));
    REQUIRE(test::eventually([&] { return b.showed(id); }, 20s));
    const auto b_frames = b.test_frames();
    double first = -1, shown = -1;
    for (const Json& f : b_frames) {
        if (first < 0) first = f.value("t", 0.0);
        if (shown < 0 && f.value("cue", "") == id) shown = f.value("t", 0.0);
    }
    MESSAGE("a display started late showed the retained cue " << shown - first << " s after its first frame");
    CHECK(shown - first < 10);

    // One display's power is cut: the broker publishes its will; fleet says it is offline.
    a.kill();
    REQUIRE(test::eventually(
        [&] {
            const test::Ran fleet = test::run_placard("fleet" + connection + " --json --wait 3s 2>/dev/null");
            const Json list = Json::parse(fleet.output, nullptr, false);
            if (!list.is_array()) return false;
            bool a_offline = false, b_online = false;
            for (const Json& d : list) {
                if (d.value("display", "") == "hall-a") a_offline = !d.value("online", true);
                if (d.value("display", "") == "hall-b") b_online = d.value("online", false);
            }
            return a_offline && b_online;
        },
        20s));

    // The broker crashes and comes back: the display keeps the cue on screen meanwhile, and
    // reports online again once reconnected.
    mosquitto.kill();
    std::this_thread::sleep_for(2s);
    const size_t before = b.test_frames().size();
    mosquitto.start();
    const auto restarted = std::chrono::system_clock::now();
    std::string fleet;
    const bool back = test::eventually(
        [&] {
            fleet = test::run_placard("fleet" + connection + " --json --wait 3s 2>/dev/null").output;
            const Json list = Json::parse(fleet, nullptr, false);
            if (!list.is_array()) return false;
            for (const Json& d : list)
                if (d.value("display", "") == "hall-b" && d.value("online", false)) {
                    // Sent after the restart, not kept from before it.
                    auto when = parse_iso8601(d.value("time", ""), Zone());
                    return when && *when >= std::chrono::floor<std::chrono::seconds>(restarted);
                }
            return false;
        },
        30s);
    INFO(fleet);
    INFO(test::read_file(b.output));
    REQUIRE(back);
    const auto after = b.test_frames();
    for (size_t i = before; i < after.size(); ++i) CHECK(after[i].value("cue", "") == id);
    CHECK(test::read_file(b.output).find("connection lost") != std::string::npos);

    // Cleared by the organizer: the cue leaves the screen.
    const test::Ran cleared = test::run_placard("cue clear" + connection + " --hall north --key " +
                                                test::quote((dir / "keys" / "placard-organizer.key").string()));
    CHECK(cleared.status == 0);
    REQUIRE(test::eventually(
        [&] {
            const auto list = b.test_frames();
            return !list.empty() && list.back().value("cue", "").empty();
        },
        10s));
}

TEST_CASE("halls in step: two displays with display.sync and the same clock show the same slide at the same moments") {
    test::TempDir dir;
    const auto playlist = dir / "synced.json";
    test::write_file(playlist, R"({ "version": 1, "display": { "sync": true },
  "slides": [
    { "type": "text", "title": "Our aims", "body": "An end to the siege.", "duration": "2s" },
    { "type": "text", "title": "Join us", "body": "Every Tuesday at seven.", "duration": "3s" },
    { "type": "text", "title": "Give", "body": "Every pound goes to the convoy.", "duration": "2s" }
  ] })");
    Display a(dir, "a", playlist, "12s");
    std::this_thread::sleep_for(2300ms);  // started at another moment, as halls are
    Display b(dir, "b", playlist, "9s");
    int status = 0;
    waitpid(b.pid, &status, 0);
    b.pid = -1;
    waitpid(a.pid, &status, 0);
    a.pid = -1;

    // The moments each display changed slide: (when, which).
    auto changes = [](const std::vector<Json>& list) {
        std::vector<std::pair<double, long>> out;
        long shown = -2;
        for (const Json& f : list)
            if (f.value("slide", -2L) != shown) {
                shown = f.value("slide", -2L);
                out.emplace_back(f.value("t", 0.0), shown);
            }
        return out;
    };
    const auto in_a = changes(a.test_frames()), in_b = changes(b.test_frames());
    REQUIRE(in_b.size() >= 3);
    // Past b's first slide (which starts mid-turn), every change of b's is a change of a's,
    // to the same slide, within a few frames.
    size_t matched = 0;
    double worst = 0;
    for (size_t i = 1; i < in_b.size(); ++i) {
        const double t = in_b[i].first;
        const long slide = in_b[i].second;
        double nearest = 1e9;
        for (const auto& [ta, sa] : in_a)
            if (sa == slide) nearest = std::min(nearest, std::abs(ta - t));
        CAPTURE(slide);
        // A few frames; more under the Pi's emulator (cross builds), where a frame is slow to make.
        CHECK(nearest < (std::string_view(PLACARD_EMULATOR).empty() ? 0.1 : 0.5));
        worst = std::max(worst, nearest);
        ++matched;
    }
    MESSAGE(matched << " changes of slide matched; the farthest apart by " << worst * 1000 << " ms");
    // And b's first slide was the one a showed at that moment, not the playlist's first.
    const double b_start = in_b[0].first;
    long a_then = -2;
    for (const auto& [t, slide] : in_a)
        if (t <= b_start) a_then = slide;
    CHECK(in_b[0].second == a_then);
}

TEST_CASE("many halls: placard cue --picture puts a poster on a display, checked by its SHA-256, and names mistakes") {
    test::Mosquitto mosquitto;
    test::TempDir dir, site;
    write_png(site / "poster.png", 320, 240, 200, 30, 30);
    test::TestServer server(site.path());
    const test::Ran keygen = test::run_placard("keygen --out " + test::quote((dir / "keys").string()) + " 2>/dev/null");
    REQUIRE(keygen.status == 0);
    const std::string public_key = keygen.output.substr(0, keygen.output.find('\n'));
    const Json broker = {{"url", mosquitto.url()}, {"org", "campaign"}, {"id", "hall-a"}, {"trust", {public_key}}};
    test::write_file(dir / "hall-a.json",
                     R"({ "version": 1, "display": { "broker": )" + broker.dump() + " },\n" + text_playlist(""));
    const auto shots = dir / "shots";
    Display a(dir, "hall-a", dir / "hall-a.json", "60s", {"--screenshots", shots.string()});
    const std::string send = "cue announce 'Tonight: the film, then the discussion' --broker " + mosquitto.url() +
                             " --org campaign --display hall-a --for 30m --key " +
                             test::quote((dir / "keys" / "placard-organizer.key").string());

    // Mistakes are told to the organizer, before anything is sent.
    const test::Ran file =
        test::run_placard(send + " --picture " + test::quote((site / "poster.png").string()) + " 2>&1");
    CHECK(file.status != 0);
    CHECK(file.output.find("is not a web address") != std::string::npos);
    const test::Ran page = test::run_placard(send + " --picture " + server.url("fault/html") + " 2>&1");
    CHECK(page.status != 0);
    CHECK(page.output.find("is not a picture placard shows") != std::string::npos);
    const test::Ran gone = test::run_placard(send + " --picture " + server.url("missing.png") + " 2>&1");
    CHECK(gone.status != 0);
    CHECK(gone.output.find("404") != std::string::npos);

    REQUIRE(test::eventually([&] { return std::filesystem::exists(a.frames) && !a.test_frames().empty(); }, 20s));
    const test::Ran sent = test::run_placard(send + " --picture " + server.url("poster.png") + " --wait 15s 2>&1");
    INFO(sent.output);
    REQUIRE(sent.status == 0);
    const size_t at = sent.output.find("Sent announce ");
    REQUIRE(at != std::string::npos);
    const std::string id = sent.output.substr(at + 14, 12);
    CHECK(sent.output.find("1 display put it on screen") != std::string::npos);
    REQUIRE(test::eventually([&] { return a.showed(id); }, 10s));
    // Fetched once by the organizer's placard cue and once by the display.
    CHECK(server.stats("/poster.png").count == 2);
    CHECK(std::filesystem::exists(dir / "hall-a-state" / "cue-pictures"));

    // On screen: the poster above the words (its red in the upper middle), the theme below.
    REQUIRE(SDL_Init(0) == 0);
    SDL_Surface* loaded = nullptr;
    // (A screenshot is written after its frame: read once it is whole.)
    REQUIRE(test::eventually([&] {
        for (const auto& entry : std::filesystem::directory_iterator(shots))
            if (entry.path().filename().string().ends_with("-announce.png")) loaded = IMG_Load(entry.path().c_str());
        return loaded != nullptr;
    }));
    SDL_Surface* s = SDL_ConvertSurfaceFormat(loaded, SDL_PIXELFORMAT_RGBA32, 0);
    SDL_FreeSurface(loaded);
    REQUIRE(s);
    auto pixel = [&](int x, int y) {
        const auto* p = static_cast<const uint8_t*>(s->pixels) + static_cast<ptrdiff_t>(y) * s->pitch +
                        static_cast<ptrdiff_t>(x) * 4;
        return std::array<int, 3>{p[0], p[1], p[2]};
    };
    const auto middle = pixel(s->w / 2, s->h / 3);
    CAPTURE(middle);
    CHECK(std::abs(middle[0] - 200) < 12);
    CHECK(std::abs(middle[1] - 30) < 12);
    CHECK(std::abs(middle[2] - 30) < 12);
    const auto low = pixel(s->w / 12, s->h - 8);
    CAPTURE(low);
    CHECK_FALSE((std::abs(low[0] - 200) < 12 && std::abs(low[1] - 30) < 12));
    SDL_FreeSurface(s);
    SDL_Quit();
}
