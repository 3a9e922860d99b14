// The placard binary under a stand-in for systemd: the notification socket that systemd
// gives a Type=notify service ($NOTIFY_SOCKET), read by the test, and the watchdog
// interval it sets ($WATCHDOG_USEC).
#include <doctest/doctest.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <initializer_list>
#include <string>
#include <vector>

#include "media/image.hpp"
#include "support/http.hpp"
#include "support/placard_process.hpp"
#include "support/test_support.hpp"

using namespace placard;
using namespace std::chrono_literals;

namespace {

size_t count_of(const std::string& text, const std::string& part) {
    size_t n = 0;
    for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + part.size())) ++n;
    return n;
}

std::string playlist_with(const std::string& title) {
    return R"({ "version": 1, "slides": [
  { "type": "text", "title": ")" +
           title + R"(", "body": "In the main hall.", "duration": "1s" },
  { "type": "text", "title": "Tea at the back", "body": "All proceeds to the hardship fund.", "duration": "1s" } ] })";
}

struct Notifications {
    int fd = -1;
    explicit Notifications(const std::string& path) {
        fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        REQUIRE(fd >= 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        REQUIRE(path.size() < sizeof(address.sun_path));
        std::strcpy(address.sun_path, path.c_str());
        REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0);
    }
    ~Notifications() { close(fd); }
    // One datagram, or empty after `wait` without one.
    std::string next(std::chrono::milliseconds wait) {
        pollfd p{fd, POLLIN, 0};
        if (poll(&p, 1, static_cast<int>(wait.count())) <= 0) return {};
        char buffer[4096];
        ssize_t n = recv(fd, buffer, sizeof(buffer), 0);
        return n > 0 ? std::string(buffer, static_cast<size_t>(n)) : std::string();
    }
};

size_t find_from(const std::vector<std::string>& v, size_t from, const std::string& prefix) {
    for (size_t i = from; i < v.size(); ++i)
        if (v[i].rfind(prefix, 0) == 0) return i;
    return v.size();
}

// A child that has not stopped by itself is killed; the test fails, saying when it should have.
void stopped_or_killed(pid_t child, int& status, const char* expected) {
    if (status != -1) return;
    kill(child, SIGKILL);
    waitpid(child, &status, 0);
    FAIL("placard did not stop after " << expected);
}

// The notifications, a line each.
std::string lines(const std::vector<std::string>& got) {
    std::string all;
    for (const auto& m : got) all += m + "\n";
    return all;
}

}  // namespace

TEST_CASE("under systemd: READY=1 at the first frame, STATUS=, watchdog pings, SIGHUP reloads, STOPPING=1") {
    test::TempDir dir;
    const std::string socket_path = (dir.path() / "notify").string();
    const auto playlist = dir.path() / "hall.json";
    test::write_file(playlist, playlist_with("Film night at eight"));
    Notifications notifications(socket_path);

    const std::string cache = (dir.path() / "cache").string();
    pid_t child = test::spawn_placard(
        {"run", playlist.c_str(), "--headless", "--exit-after", "6s", "--cache", cache.c_str()}, [&] {
            setenv("NOTIFY_SOCKET", socket_path.c_str(), 1);
            setenv("WATCHDOG_USEC", "1000000", 1);  // a ping at least every half second
            unsetenv("WATCHDOG_PID");
        });
    REQUIRE(child >= 0);

    std::vector<std::string> got;
    bool reloaded = false;
    int status = -1;
    const auto give_up = std::chrono::steady_clock::now() + 60s;
    while (std::chrono::steady_clock::now() < give_up) {
        std::string message = notifications.next(100ms);
        if (!message.empty()) {
            got.push_back(message);
            if (message == "READY=1" && !reloaded) {
                // `systemctl reload placard`, after the organizer saved a new playlist.
                test::write_file(playlist, playlist_with("Picket on Saturday"));
                REQUIRE(kill(child, SIGHUP) == 0);
                reloaded = true;
            }
            continue;
        }
        if (waitpid(child, &status, WNOHANG) == child) {
            while (!(message = notifications.next(100ms)).empty()) got.push_back(message);
            break;
        }
    }
    stopped_or_killed(child, status, "--exit-after 6s");
    const std::string all = lines(got);
    CAPTURE(all);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);

    const size_t ready = find_from(got, 0, "READY=1");
    REQUIRE(ready < got.size());
    CHECK(find_from(got, 0, "STATUS=text 1 of 2: Film night at eight") < got.size());
    // SIGHUP: RELOADING=1, then READY=1 again, and the new playlist is what shows.
    const size_t reloading = find_from(got, ready, "RELOADING=1");
    REQUIRE(reloading < got.size());
    CHECK(find_from(got, reloading, "READY=1") < got.size());
    CHECK(find_from(got, reloading, "STATUS=text 1 of 2: Picket on Saturday") < got.size());
    // Six seconds with a ping due every half second: about twelve. Fewer than four would
    // mean the watchdog kills a healthy player.
    const auto pings = std::count(got.begin(), got.end(), "WATCHDOG=1");
    MESSAGE("watchdog pings in 6 s: " << pings);
    CHECK(pings >= 4);
    REQUIRE_FALSE(got.empty());
    CHECK(got.back() == "STOPPING=1");
}

TEST_CASE("a playlist broken at the first start is named as the problem in systemctl status") {
    test::TempDir dir;
    const std::string socket_path = (dir.path() / "notify").string();
    const auto playlist = dir.path() / "hall.json";
    test::write_file(playlist, R"({ "version": 1, "slides": [{ "type": "txt", "title": "Welcome" }] })");
    Notifications notifications(socket_path);
    setenv("NOTIFY_SOCKET", socket_path.c_str(), 1);
    const auto ran =
        test::run_placard("run " + test::quote(playlist.string()) + " --headless --exit-after 2s --cache " +
                          test::quote((dir.path() / "cache").string()) + " 2>&1");
    unsetenv("NOTIFY_SOCKET");
    CAPTURE(ran.output);
    CHECK(ran.status == 0);
    CHECK(ran.output.find("unknown slide type \"txt\"") != std::string::npos);
    std::string all;
    for (std::string m; !(m = notifications.next(100ms)).empty();) all += m + "\n";
    CAPTURE(all);
    // The waiting frame's status line says the same words at the foot of the screen.
    CHECK(all.find("READY=1") != std::string::npos);
    CHECK(all.find("STATUS=The playlist has errors: see `placard check`; no slide is due") != std::string::npos);
}

TEST_CASE("SIGHUP and SIGTERM reach placard while it sleeps on a still slide") {
    test::TempDir dir;
    const std::string socket_path = (dir.path() / "notify").string();
    const auto playlist = dir.path() / "hall.json";
    const auto output = dir.path() / "placard.log";
    test::write_file(playlist, R"({ "version": 1, "slides": [
      { "type": "text", "title": "Picket at the gates", "body": "From six, every morning.", "duration": "10m" } ] })");
    Notifications notifications(socket_path);

    const std::string cache = (dir.path() / "cache").string();
    pid_t child = test::spawn_placard(
        {"run", playlist.c_str(), "--headless", "--exit-after", "10m", "--cache", cache.c_str()}, [&] {
            setenv("NOTIFY_SOCKET", socket_path.c_str(), 1);
            unsetenv("WATCHDOG_USEC");  // no pings: nothing is due for ten minutes
            unsetenv("WATCHDOG_PID");
            test::output_to(output);
        });
    REQUIRE(child >= 0);
    // The next notification that starts with `prefix`. A signal lost in the sleep would
    // leave placard asleep until its ten minutes are up: the test gives up long before.
    std::vector<std::string> got;
    auto wait_for = [&](const std::string& prefix) {
        const auto give_up = std::chrono::steady_clock::now() + 60s;
        while (std::chrono::steady_clock::now() < give_up) {
            std::string message = notifications.next(1000ms);
            if (message.empty()) continue;
            got.push_back(message);
            if (message.rfind(prefix, 0) == 0) return true;
        }
        return false;
    };
    const bool ready = wait_for("READY=1");
    bool reloaded = false, stopped = false;
    if (ready) {
        REQUIRE(kill(child, SIGHUP) == 0);  // `systemctl reload placard`
        reloaded = wait_for("RELOADING=1") && wait_for("READY=1");
        REQUIRE(kill(child, SIGTERM) == 0);  // `systemctl stop placard`
        stopped = wait_for("STOPPING=1");
    }
    if (!stopped) kill(child, SIGKILL);
    int status = -1;
    waitpid(child, &status, 0);
    const std::string log = test::read_file(output);
    CAPTURE(log);
    REQUIRE(ready);
    CHECK(reloaded);
    REQUIRE(stopped);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    CHECK(log.find("reading the playlist again, as asked (SIGHUP)") != std::string::npos);
    // The sleep ended for the signals (once for both, when the second came before the loop
    // slept again), and for no deadline.
    CHECK(log.find(" by signals") != std::string::npos);
    CHECK(log.find("at deadlines") == std::string::npos);
}

TEST_CASE("a display that cannot be opened is said once with what to do, and tried again under systemd") {
    test::TempDir dir;
    const std::string socket_path = (dir.path() / "notify").string();
    const auto playlist = dir.path() / "hall.json";
    const auto output = dir.path() / "placard.log";
    const std::string cache = (dir.path() / "cache").string();
    test::write_file(playlist, playlist_with("Film night at eight"));

    // From a terminal: the error at once, with the fix.
    setenv("SDL_VIDEODRIVER", "nowhere", 1);
    const auto ran = test::run_placard("run " + test::quote(playlist.string()) + " --exit-after 5s --cache " +
                                       test::quote(cache) + " 2>&1");
    setenv("SDL_VIDEODRIVER", "offscreen", 1);
    CAPTURE(ran.output);
    CHECK(ran.status != 0);
    CHECK(ran.output.find("SDL_VIDEODRIVER=nowhere names a video driver this SDL does not have") != std::string::npos);

    // Under systemd: STATUS= says it, the start timeout grows with each wait, and a stop
    // ends the wait at once.
    Notifications notifications(socket_path);
    pid_t child = test::spawn_placard({"run", playlist.c_str(), "--exit-after", "10m", "--cache", cache.c_str()}, [&] {
        setenv("NOTIFY_SOCKET", socket_path.c_str(), 1);
        setenv("SDL_VIDEODRIVER", "nowhere", 1);
        unsetenv("WATCHDOG_USEC");
        test::output_to(output);
    });
    REQUIRE(child >= 0);
    std::vector<std::string> got;
    const auto give_up = std::chrono::steady_clock::now() + 30s;
    size_t extensions = 0;
    while (extensions < 2 && std::chrono::steady_clock::now() < give_up) {
        std::string message = notifications.next(1000ms);
        if (message.empty()) continue;
        got.push_back(message);
        if (message.rfind("EXTEND_TIMEOUT_USEC=", 0) == 0) ++extensions;
    }
    const auto stop_sent = std::chrono::steady_clock::now();
    kill(child, SIGTERM);
    int status = -1;
    waitpid(child, &status, 0);
    const auto stop_took = std::chrono::steady_clock::now() - stop_sent;
    std::string all;
    for (const auto& m : got) all += m + "\n";
    CAPTURE(all);
    const std::string log = test::read_file(output);
    CAPTURE(log);
    REQUIRE(extensions == 2);
    // 5 s, then 10 s of waiting, each with 30 s to spare.
    CHECK(find_from(got, 0, "EXTEND_TIMEOUT_USEC=35000000") < got.size());
    CHECK(find_from(got, 0, "EXTEND_TIMEOUT_USEC=40000000") < got.size());
    CHECK(find_from(got, 0, "STATUS=no display: cannot start SDL's video") < got.size());
    CHECK(all.find("names a video driver this SDL does not have") != std::string::npos);
    CHECK(all.find("trying again in 10 s") != std::string::npos);
    CHECK(find_from(got, 0, "READY=1") == got.size());
    // Two attempts, one error in the journal.
    size_t errors = 0;
    for (size_t at = log.find("cannot start SDL's video"); at != std::string::npos;
         at = log.find("cannot start SDL's video", at + 1))
        ++errors;
    CHECK(errors == 1);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    MESSAGE("stopped in " << std::chrono::duration_cast<std::chrono::milliseconds>(stop_took).count() << " ms");
    CHECK(stop_took < 5s);
}

TEST_CASE("the control page steers the running player: a script's cue is on screen, in STATUS=, and kept") {
    test::TempDir dir;
    const std::string socket_path = (dir.path() / "notify").string();
    const auto playlist = dir.path() / "hall.json";
    test::write_file(playlist, R"({ "version": 1, "display": { "control": { "listen": "127.0.0.1:0", "tls": false } },
  "slides": [{ "type": "text", "title": "Film night at eight", "body": "In the main hall.", "duration": "1s" },
             { "type": "text", "title": "Tea at the back", "body": "For the hardship fund.", "duration": "1s" }] })");
    const auto state = dir.path() / "state", shots = dir.path() / "shots", log = dir.path() / "log";
    // A token for the script, from the console, as an organizer makes one.
    const auto made = test::run_placard("token --state " + test::quote(state.string()));
    CAPTURE(made.output);
    REQUIRE(made.status == 0);
    const size_t at = made.output.find("placard_");
    REQUIRE(at != std::string::npos);
    const std::string token = made.output.substr(at, made.output.find('\n', at) - at);
    CHECK(made.output.find("Only its hash is kept") != std::string::npos);

    // The board's files, as a Pi whose power supply is too weak writes them.
    const auto sysfs = dir.path() / "sysfs";
    test::write_file(sysfs / "sys/devices/platform/soc/soc:firmware/get_throttled", "50005\n");

    Notifications notifications(socket_path);
    const std::string cache = (dir.path() / "cache").string();
    pid_t child = test::spawn_placard({"run", playlist.c_str(), "--headless", "--exit-after", "12s", "--cache",
                                       cache.c_str(), "--state", state.c_str(), "--screenshots", shots.c_str()},
                                      [&] {
                                          setenv("NOTIFY_SOCKET", socket_path.c_str(), 1);
                                          setenv("PLACARD_HEALTH_ROOT", sysfs.c_str(), 1);
                                          test::output_to(log);
                                      });
    REQUIRE(child >= 0);
    std::vector<std::string> got;
    const auto give_up = std::chrono::steady_clock::now() + 60s;
    std::string url;
    bool sent = false;
    test::HttpAnswer picture;
    nlohmann::json status_json;
    long refused = 0, saved = 0;
    int status = -1;
    while (std::chrono::steady_clock::now() < give_up) {
        std::string message = notifications.next(100ms);
        if (!message.empty()) got.push_back(message);
        if (url.empty()) {
            // "control: notice: the control page is at http://127.0.0.1:PORT"
            const std::string out = test::read_file(log), mark = "the control page is at ";
            if (const size_t found = out.find(mark); found != std::string::npos)
                url = out.substr(found + mark.size(), out.find('\n', found) - found - mark.size());
        }
        if (!sent && !url.empty() && find_from(got, 0, "READY=1") < got.size()) {
            test::HttpAsk ask;
            ask.method = "POST";
            ask.url = url + "/api/cues";
            ask.body = R"({"kind": "announce", "text": "Doors open at 19:30", "id": "doors"})";
            ask.headers = {"Authorization: Bearer " + token};
            const auto answer = test::http(ask);
            CHECK(answer.status == 201);
            sent = true;
            // What the page shows beside the cues: the screen's picture, its health.
            test::HttpAsk look;
            look.method = "GET";
            look.url = url + "/api/screen.jpg";
            look.headers = ask.headers;
            picture = test::http(look);
            look.url = url + "/api/status";
            status_json = test::http(look).json();
            // The playlist edited from the page: a mistake refused, then a good edit saved.
            look.url = url + "/api/playlist";
            const auto current = test::http(look);
            test::HttpAsk edit = look;
            edit.method = "PUT";
            edit.headers.push_back("If-Match: " + current.header("ETag"));
            std::string text = current.body;
            text.replace(text.find("Tea at the back"), 15, "Soup at the back");
            edit.body = text.substr(0, text.find("\"duration\""));
            refused = test::http(edit).status;
            edit.body = text;
            saved = test::http(edit).status;
        }
        if (waitpid(child, &status, WNOHANG) == child) break;
    }
    stopped_or_killed(child, status, "--exit-after 12s");
    const std::string all = lines(got);
    CAPTURE(all);
    CAPTURE(test::read_file(log));
    CHECK(sent);
    CHECK(all.find("STATUS=cues: announce \"Doors open at 19:30\" until lifted; ") != std::string::npos);
    bool announced = false;
    for (const auto& shot : std::filesystem::directory_iterator(shots))
        announced = announced || shot.path().filename().string().find("-announce.png") != std::string::npos;
    CHECK(announced);
    CHECK(test::read_file(state / "cues.json").find("Doors open at 19:30") != std::string::npos);

    // The live picture: a JPEG 640 pixels wide of the headless screen's 1920x1080.
    CHECK(picture.status == 200);
    CHECK(picture.header("Content-Type") == "image/jpeg");
    const auto size = media::probe(picture.body);
    REQUIRE_MESSAGE(size, (size ? std::string() : size.error().to_string()));
    CHECK(size->width == 640);
    CHECK(size->height == 360);
    // Health: undervoltage, in the status and once in the journal.
    CHECK(status_json["health"]["findings"][0]["key"] == "undervoltage-now");
    CHECK(status_json["sources"].is_array());
    CHECK(count_of(test::read_file(log), "health: warning: undervoltage-now") == 1);
    // The edit: the broken one refused and never seen by the player, the good one taken.
    CHECK(refused == 422);
    CHECK(saved == 200);
    CHECK(test::read_file(playlist).find("Soup at the back") != std::string::npos);
    CHECK(count_of(test::read_file(log), "changed; it takes over at the next slide") == 1);
    CHECK(count_of(test::read_file(log), "problem") == 0);
    // Proof of play: the announcement, written when the player stopped (the slide before it
    // was on for less than a second, and is left out).
    std::string plays;
    for (const auto& day : std::filesystem::directory_iterator(std::filesystem::path(cache) / "plays"))
        plays += test::read_file(day.path());
    CAPTURE(plays);
    CHECK(plays.find("\"kind\":\"announce\"") != std::string::npos);
    CHECK(plays.find("\"cue\":\"doors\"") != std::string::npos);
}
