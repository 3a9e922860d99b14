#include <doctest/doctest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "support/placard_process.hpp"
#include "support/test_support.hpp"
#include "util/time.hpp"

using namespace placard;
using test::quote;
using test::run_placard;
namespace fs = std::filesystem;

namespace {

const char* feed = R"(<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Open Gates</title><link>https://example.org/</link><description>news</description>
<item><title>Picket outside the embassy</title><link>https://example.org/picket</link>
<guid>https://example.org/?p=1</guid><pubDate>Mon, 05 Oct 2026 14:00:00 +0100</pubDate>
<dc:creator>Ana Ruiz</dc:creator>
<description><![CDATA[<p>Forty people protested for two hours &#8211; and handed over a letter.</p>]]></description>
<enclosure url="picket.jpg" type="image/jpeg" length="1000"/></item>
<item><title>Screening and discussion</title><link>https://example.org/screening</link>
<guid>https://example.org/?p=2</guid><pubDate>Sun, 04 Oct 2026 19:00:00 +0100</pubDate>
<description>Twenty people watched the documentary. Continue reading</description></item>
</channel></rss>
)";

std::vector<nlohmann::json> reports(const std::string& output) {
    std::vector<nlohmann::json> out;
    std::istringstream in(output);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] != '{') continue;
        auto j = nlohmann::json::parse(line);
        if (j.at("type") == "reports") out.push_back(j);
    }
    return out;
}

size_t count_files(const fs::path& dir, const std::string& fragment) {
    size_t n = 0;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec))
        if (e.path().filename().string().find(fragment) != std::string::npos) ++n;
    return n;
}

// A feed and its picture in `served`, and a playlist that reads them from the server.
struct Setup {
    test::TempDir work;  // playlist, cache, screenshots
    fs::path playlist;
    fs::path cache;

    Setup(const fs::path& served, int port) {
        test::write_file(served / "feed.xml", feed);
        fs::copy_file(fs::path(PLACARD_SOURCE_DIR) / "assets/demo/photos/picket.jpg", served / "picket.jpg");
        playlist = work / "hall.json";
        cache = work / "cache";
        test::write_file(playlist, R"({ "version": 1,
  "sources": { "news": { "type": "rss", "url": "http://127.0.0.1:)" +
                                       std::to_string(port) + R"(/feed.xml", "stale_after": "6h" } },
  "slides": [
    { "type": "text", "title": "Welcome", "body": "Tonight: the screening", "duration": "1s" },
    { "type": "reports", "source": "news", "count": 2, "duration": "1s" } ] })");
    }
};

}  // namespace

TEST_CASE("a hall plays reports from a server, and shows them from the cache once the server is gone") {
    test::TempDir served;
    test::TestServer server(served.path());
    Setup s(served.path(), server.port());

    // First run: fetches the feed and the picture, shows the slides.
    auto shots1 = s.work / "shots1";
    auto run1 = run_placard("run " + quote(s.playlist.string()) + " --headless --exit-after 6s --cache " +
                            quote(s.cache.string()) + " --screenshots " + quote(shots1.string()));
    CAPTURE(run1.output);
    REQUIRE(run1.status == 0);
    CHECK(count_files(shots1, "reports") >= 1);
    CHECK(count_files(shots1, "text") >= 1);

    auto listed = run_placard("slides " + quote(s.playlist.string()) + " --json --cache " + quote(s.cache.string()));
    auto online = reports(listed.output);
    REQUIRE(online.size() == 2);
    CHECK(online[0].at("title") == "Picket outside the embassy");
    CHECK(online[0].at("text") == "Forty people protested for two hours \u2013 and handed over a letter.");
    CHECK_FALSE(online[0].at("image").get<std::string>().empty());
    CHECK(online[1].at("text") == "Twenty people watched the documentary.");

    // The server goes away. placard starts again and still shows the reports, with the picture.
    server.stop();
    auto shots2 = s.work / "shots2";
    auto run2 = run_placard("run " + quote(s.playlist.string()) + " --headless --exit-after 5s --cache " +
                            quote(s.cache.string()) + " --screenshots " + quote(shots2.string()));
    CAPTURE(run2.output);
    REQUIRE(run2.status == 0);
    CHECK(count_files(shots2, "reports") >= 1);

    auto cached = reports(
        run_placard("slides " + quote(s.playlist.string()) + " --json --cache " + quote(s.cache.string())).output);
    REQUIRE(cached.size() == 2);
    CHECK(cached[0].at("title") == online[0].at("title"));
    CHECK(cached[0].at("image") == online[0].at("image"));
    CHECK(fs::exists(cached[0].at("image").get<std::string>()));
    CHECK_FALSE(cached[0].contains("stale"));

    // Two days on, still without the server: the same reports, saying quietly how old they are.
    const auto later = format_iso8601_utc(SystemClock().now_seconds() + std::chrono::hours(50));
    auto old = reports(run_placard("slides " + quote(s.playlist.string()) + " --json --cache " +
                                   quote(s.cache.string()) + " --at " + later)
                           .output);
    REQUIRE(old.size() == 2);
    CHECK(old[0].at("title") == online[0].at("title"));
    CHECK(old[0].at("stale") == "updated 2 days ago");
}

TEST_CASE(
    "a playlist edited while playing: a broken edit is reported and the old one plays on, then a good one takes over") {
    test::TempDir work;
    auto playlist = work / "hall.json";
    auto good = [](const std::string& title) {
        return R"({ "version": 1, "slides": [ { "type": "text", "title": ")" + title +
               R"(", "body": "x", "duration": "1s" } ] })";
    };
    test::write_file(playlist, good("First"));
    auto log_file = work / "log.txt";
    std::string command = "exec " + test::placard_command() + " run " + quote(playlist.string()) +
                          " --headless --exit-after 40s --cache " + quote((work / "cache").string()) + " > " +
                          quote(log_file.string()) + " 2>&1";
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    // Waits (polling the log, up to 20 s) for a line to appear.
    auto wait_for = [&](const std::string& fragment) {
        for (int i = 0; i < 200; ++i) {
            std::error_code ec;
            if (fs::exists(log_file, ec) && test::read_file(log_file).find(fragment) != std::string::npos) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        return false;
    };
    CHECK(wait_for("playing"));
    // A broken edit: the same messages as `placard check`, and the old playlist keeps playing.
    test::write_file(playlist, "{ \"version\": 1, \"slides\": [ { \"type\": \"text\", \"titel\": \"Second\" } ] }");
    CHECK(wait_for("did you mean \"title\""));
    CHECK(wait_for("the previous one keeps playing"));
    test::write_file(playlist, good("Second"));
    CHECK(wait_for("the new playlist plays from now on"));
    kill(pid, SIGTERM);
    int status = 0;
    waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
}

TEST_CASE("an event on screen leaves it at the minute it ends, not at the end of its slide") {
    test::TempDir work;
    test::write_file(work / "events.xml", R"(<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:ev="http://purl.org/rss/1.0/modules/event/">
<channel><title>Meetings</title><link>https://example.org/</link><description>events</description>
<item><title>Strike committee</title><guid>m1</guid>
<ev:startdate>2026-12-05T17:00:00Z</ev:startdate><ev:enddate>2026-12-05T18:30:00Z</ev:enddate>
<ev:location>Trades Hall</ev:location></item>
</channel></rss>
)");
    auto playlist = work / "hall.json";
    test::write_file(playlist, R"({ "version": 1,
  "sources": { "meetings": { "type": "rss", "path": "events.xml" } },
  "slides": [ { "type": "events", "source": "meetings", "duration": "60s" } ] })");
    auto shots = work / "shots";
    // Three seconds before the end: the event is up, then the screen has nothing left to show.
    auto run = run_placard("run " + quote(playlist.string()) + " --headless --at 2026-12-05T18:29:57Z --exit-after 6s" +
                           " --cache " + quote((work / "cache").string()) + " --screenshots " + quote(shots.string()));
    CAPTURE(run.output);
    REQUIRE(run.status == 0);
    // Screenshots are numbered in the order they were shown.
    std::vector<std::string> shown;
    for (const auto& e : fs::directory_iterator(shots)) shown.push_back(e.path().filename().string());
    std::sort(shown.begin(), shown.end());
    CAPTURE(shown.size());
    REQUIRE(shown.size() >= 2);
    CHECK(shown[shown.size() - 2].find("event") != std::string::npos);
    CHECK(shown.back().find("waiting") != std::string::npos);
}

TEST_CASE("a hall plays its playlist from the web, and the last good one from the cache once the server is gone") {
    test::TempDir served, work;
    test::TestServer server(served.path());
    test::write_file(served / "hall.json", R"({ "version": 1,
  "slides": [ { "type": "text", "title": "Welcome to the union meeting", "body": "Agenda on the back", "duration": "1s" } ] })");
    const std::string url = server.url("/hall.json");
    const std::string cache = quote((work / "cache").string());

    auto checked = run_placard("check " + quote(url));
    CHECK(checked.status == 0);
    CHECK(checked.output.find(url + ": OK, 0 sources, 1 slide") != std::string::npos);

    // Plays for 4 s with screenshots in work/<shots>.
    auto play = [&](const char* shots) {
        auto r = run_placard("run " + quote(url) + " --headless --exit-after 4s --cache " + cache + " --screenshots " +
                             quote((work / shots).string()));
        CAPTURE(r.output);
        REQUIRE(r.status == 0);
        CHECK(count_files(work / shots, "text") >= 1);
        return r.output;
    };
    play("shots1");
    server.stop();
    auto output = play("shots2");
    CHECK(count_files(work / "shots2", "waiting") == 0);  // the last good playlist plays from the first frame
    CHECK(output.find(url + ": cannot fetch the playlist (connection refused); the last good one plays on") !=
          std::string::npos);

    auto dead = run_placard("check " + quote(url));
    CHECK(dead.status == 1);
    CHECK(dead.output.find(url + ": cannot fetch the playlist (connection refused)") != std::string::npos);
}
