#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "app/playlist_source.hpp"
#include "content/worker.hpp"
#include "kinds/kinds.hpp"
#include "support/test_support.hpp"
#include "support/wakes.hpp"

using namespace placard;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

const char* hall = R"({ "version": 1,
  "slides": [ { "type": "text", "title": "Tonight: the screening", "body": "Doors at 19:00" } ] })";

// Polls for up to 5 s, as the render loop does between frames.
std::optional<config::LoadResult> poll_for_a_while(app::PlaylistSource& source, test::TestServer& server,
                                                   const std::string& path, int requests) {
    for (int i = 0; i < 500; ++i) {
        if (auto r = source.poll()) return r;
        if (i % 10 == 9 && server.stats(path).count >= requests) {
            // Answered: give the transfer a moment to finish inside poll().
            for (int k = 0; k < 50; ++k) {
                if (auto r = source.poll()) return r;
                std::this_thread::sleep_for(10ms);
            }
            return std::nullopt;
        }
        std::this_thread::sleep_for(10ms);
    }
    return std::nullopt;
}

// The worker that fetches the playlist, on the test's clock, with no sources of its own.
struct Fetcher {
    ManualClock clock{std::chrono::system_clock::time_point(std::chrono::seconds(1'796'000'000))};
    test::Wakes wakes;
    std::shared_ptr<const config::Playlist> none = std::make_shared<const config::Playlist>();
    content::Worker worker;

    explicit Fetcher(const fs::path& cache) : worker(options(cache)) { worker.start(none); }

    content::WorkerOptions options(const fs::path& cache) {
        content::WorkerOptions o;
        o.cache_dir = cache;
        o.clock = &clock;
        o.wake = [this] { wakes.wake(); };
        return o;
    }

    // Moves the clock and lets the worker look at it: set_playlist wakes its thread.
    void advance(std::chrono::seconds by) {
        clock.advance(by);
        worker.set_playlist(none);
    }
};

}  // namespace

TEST_CASE(
    "a playlist on the web is fetched at once, then conditionally every refresh, and errors keep the last good one") {
    test::TempDir served, cache;
    test::TestServer server(served.path());
    test::CapturedLog log;
    test::write_file(served / "hall.json", hall);
    const std::string url = server.url("/hall.json");
    Fetcher fetcher(cache.path());
    app::WebPlaylistOptions o;
    o.worker = &fetcher.worker;
    o.refresh = 5min;
    auto source = app::watch_web(url, cache.path(), o);
    CHECK(source->name() == url);
    CHECK(source->status() == "Fetching the playlist from " + url);

    auto first = poll_for_a_while(*source, server, "/hall.json", 1);
    REQUIRE(first);
    REQUIRE(first->playlist);
    CHECK(first->playlist->slides.at(0).title == "Tonight: the screening");
    CHECK(first->playlist->file.string() == url);
    CHECK(source->status().empty());
    auto good = app::recall_good(cache.path(), url);
    REQUIRE(good);
    CHECK(good->slides.at(0).body == "Doors at 19:00");

    // Within the refresh nothing is asked; after it (and its jitter), conditionally; unchanged, nothing new.
    CHECK_FALSE(poll_for_a_while(*source, server, "/hall.json", 2));
    CHECK(server.stats("/hall.json") == test::TestServer::Stats{1, 0});
    fetcher.advance(5min + 31s);
    CHECK_FALSE(poll_for_a_while(*source, server, "/hall.json", 2));
    CHECK(server.stats("/hall.json") == test::TestServer::Stats{2, 1});

    // A broken edit: its problems come with the address, line and column; the good one is still remembered.
    test::write_file(served / "hall.json", R"({ "version": 1,
  "slides": [ { "type": "text", "title": "Tonight", "body": "x", "duration": "ten minutes" } ] })");
    fetcher.advance(5min + 31s);
    auto broken = poll_for_a_while(*source, server, "/hall.json", 3);
    REQUIRE(broken);
    CHECK_FALSE(broken->playlist);
    REQUIRE(broken->problems.size() == 1);
    CHECK(config::format(broken->problems[0]).starts_with(url + ":2:78: $.slides[0].duration: "));
    CHECK(app::recall_good(cache.path(), url)->slides.at(0).title == "Tonight: the screening");

    // The server goes away: one warning, the retries are not logged again, nothing new to load.
    server.stop();
    for (int i = 0; i < 4; ++i) {
        fetcher.advance(5min + 31s);
        for (int k = 0; k < 50; ++k) {
            CHECK_FALSE(source->poll());
            std::this_thread::sleep_for(5ms);
        }
    }
    CHECK(log.count(url + ": cannot fetch the playlist (connection refused); the last good one plays on, "
                          "retrying in 30s") == 1);
    CHECK(log.count("cannot fetch the playlist") == 1);
    CHECK(source->status().empty());  // a good one plays: the screen needs no word about it
}

TEST_CASE(
    "a playlist on the web is fetched on the worker's thread, which wakes the main thread only when it has news") {
    test::TempDir served, cache;
    test::TestServer server(served.path());
    test::write_file(served / "hall.json", hall);
    Fetcher fetcher(cache.path());
    app::WebPlaylistOptions o;
    o.worker = &fetcher.worker;
    o.refresh = 5min;

    // While a server that never answers is asked, the main thread has nothing to poll.
    const std::string hanging_url = server.url("/fault/hang");
    auto hanging = app::watch_web(hanging_url, cache.path(), o);
    for (int i = 0; i < 500 && server.stats("/fault/hang").count == 0; ++i) std::this_thread::sleep_for(10ms);
    REQUIRE(server.stats("/fault/hang").count == 1);
    CHECK_FALSE(hanging->next_poll());
    CHECK_FALSE(hanging->poll());
    CHECK(hanging->status() == "Fetching the playlist from " + hanging_url);

    // Another address: its versions come through the worker, each announced by a wake-up.
    const std::string url = server.url("/hall.json");
    auto source = app::watch_web(url, cache.path(), o);
    CHECK_FALSE(source->next_poll());
    std::optional<config::LoadResult> first;
    REQUIRE(fetcher.wakes.until([&] { return (first = source->poll()).has_value(); }));
    REQUIRE(first->playlist);
    CHECK(first->playlist->slides.at(0).title == "Tonight: the screening");
    CHECK_FALSE(source->poll());  // handed over once
    CHECK_FALSE(source->next_poll());

    test::write_file(served / "hall.json", R"({ "version": 1,
  "slides": [ { "type": "text", "title": "Tonight: the screening is moved to Friday", "body": "Doors at 19:00" } ] })");
    fetcher.advance(5min + 31s);
    std::optional<config::LoadResult> changed;
    REQUIRE(fetcher.wakes.until([&] { return (changed = source->poll()).has_value(); }));
    REQUIRE(changed->playlist);
    CHECK(changed->playlist->slides.at(0).title == "Tonight: the screening is moved to Friday");
    CHECK(server.stats("/hall.json") == test::TestServer::Stats{2, 1});
    CHECK(app::recall_good(cache.path(), url)->slides.at(0).title == "Tonight: the screening is moved to Friday");
    CHECK_FALSE(source->next_poll());
}

TEST_CASE("a playlist from the web takes absolute paths and web addresses, not paths relative to a folder") {
    test::TempDir local;
    test::write_file(local / "poster.jpg", "not really a picture: the loader only checks that it exists");
    const std::string text = R"({ "version": 1,
  "sources": { "photos": { "type": "folder", "path": "photos" } },
  "slides": [
    { "type": "image", "file": ")" +
                             (local / "poster.jpg").string() + R"(" },
    { "type": "image", "file": "https://example.org/posters/strike.jpg?v=2" },
    { "type": "image", "file": "poster.jpg" },
    { "type": "image", "source": "photos" } ] })";
    auto loaded = kinds::load_playlist(text, "https://example.org/hall.json");
    REQUIRE(loaded.problems.size() == 2);
    CHECK(config::format(loaded.problems[0]) ==
          "https://example.org/hall.json:2:54: $.sources.photos.path: \"photos\" is a path on the display, but this "
          "playlist comes from the web and has no folder there: write the whole path (\"/srv/placard/photos\") or "
          "a web address");
    CHECK(loaded.problems[1].path == "$.slides[2].file");

    // Without the relative ones it loads, and the picture on the web is taken as it is.
    auto fixed = kinds::load_playlist(R"({ "version": 1, "slides": [
    { "type": "image", "file": "https://example.org/posters/strike.jpg?v=2" } ] })",
                                      "https://example.org/hall.json");
    REQUIRE(fixed.playlist);
    CHECK(fixed.playlist->slides[0].file.string() == "https://example.org/posters/strike.jpg?v=2");
}

TEST_CASE("fetching a playlist once (check, slides, preview) reports a dead address as one problem") {
    test::TempDir served;
    test::TestServer server(served.path());
    test::write_file(served / "hall.json", hall);
    auto ok = app::fetch_playlist(server.url("/hall.json"), 10s);
    REQUIRE(ok.playlist);
    CHECK(ok.playlist->slides.size() == 1);

    auto missing = app::fetch_playlist(server.url("/nothing.json"), 10s);
    REQUIRE(missing.problems.size() == 1);
    CHECK(missing.problems[0].file == server.url("/nothing.json"));
    CHECK(missing.problems[0].message.starts_with("cannot fetch the playlist (the server answered 404)"));
}
