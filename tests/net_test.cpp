#include <doctest/doctest.h>

#include <chrono>
#include <set>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "net/http_client.hpp"
#include "net/polite.hpp"
#include "support/test_support.hpp"

using namespace placard;
using namespace std::chrono_literals;

namespace {

struct Fixture {
    test::TempDir root;
    test::TestServer server{root.path()};
    net::HttpClient client;

    Fixture() {
        test::write_file(root / "feed.xml", "<rss version=\"2.0\"><channel><title>t</title></channel></rss>\n");
    }

    net::Request request(const std::string& path) {
        net::Request r;
        r.url = server.url(path);
        r.connect_timeout = 2s;
        r.total_timeout = 2s;
        return r;
    }

    // Runs one request to its end; fails the test if that takes longer than `limit`.
    net::Outcome run(net::Request r, std::chrono::milliseconds limit = 5s) {
        std::optional<net::Outcome> out;
        auto began = std::chrono::steady_clock::now();
        client.start(std::move(r), [&](net::Outcome o) { out.emplace(std::move(o)); });
        while (!out && std::chrono::steady_clock::now() - began < limit) client.poll(100ms);
        REQUIRE(out.has_value());
        return std::move(*out);
    }

    // A request for `path` whose body goes to `file`, resuming what is there when
    // `if_range` (the validator of the answer it came from) is given.
    net::Request download(const std::string& path, const std::filesystem::path& file, std::string if_range = {}) {
        net::Request r = request(path);
        r.to_file = file;
        r.if_range = std::move(if_range);
        return r;
    }

    nlohmann::json stats() {
        auto o = run(request("/_stats"));
        REQUIRE(o.response.has_value());
        return nlohmann::json::parse(o.response->body);
    }
};

std::string error_of(const net::Outcome& o) {
    REQUIRE_FALSE(o.response.has_value());
    return o.response.error().to_string();
}

}  // namespace

TEST_CASE("a file is fetched with its validators and content type") {
    Fixture f;
    auto o = f.run(f.request("/feed.xml"));
    REQUIRE(o.response.has_value());
    CHECK(o.response->status == 200);
    CHECK(o.response->body.find("<rss version=\"2.0\">") == 0);
    CHECK(o.response->etag.size() > 10);
    CHECK(o.response->last_modified.find("GMT") != std::string::npos);
    CHECK(o.response->content_type == "application/rss+xml");
    CHECK(o.response->effective_url == f.server.url("/feed.xml"));
}

TEST_CASE("a conditional request with the previous ETag gets 304, which is not an error") {
    Fixture f;
    auto first = f.run(f.request("/feed.xml"));
    REQUIRE(first.response.has_value());
    auto r = f.request("/feed.xml");
    r.etag = first.response->etag;
    auto second = f.run(r);
    REQUIRE(second.response.has_value());
    CHECK(second.response->not_modified());
    CHECK(second.response->body.empty());

    auto r2 = f.request("/feed.xml");
    r2.last_modified = first.response->last_modified;
    auto third = f.run(r2);
    REQUIRE(third.response.has_value());
    CHECK(third.response->status == 304);

    auto s = f.stats();
    CHECK(s["/feed.xml"]["count"] == 3);
    CHECK(s["/feed.xml"]["conditional"] == 2);
}

TEST_CASE("a gzip body arrives decoded and a redirect to http is followed") {
    Fixture f;
    auto o = f.run(f.request("/gzip/feed.xml"));
    REQUIRE(o.response.has_value());
    CHECK(o.response->body.find("<rss") == 0);

    auto redirected = f.run(f.request("/fault/redirect?to=/feed.xml"));
    REQUIRE(redirected.response.has_value());
    CHECK(redirected.response->effective_url == f.server.url("/feed.xml"));
}

TEST_CASE("error statuses become errors naming the URL and the status") {
    Fixture f;
    std::string e500 = error_of(f.run(f.request("/fault/500")));
    CHECK(e500.find(f.server.url("/fault/500")) == 0);
    CHECK(e500.find("the server answered 500") != std::string::npos);
    CHECK(e500.find("the site has a problem of its own") != std::string::npos);

    std::string e404 = error_of(f.run(f.request("/fault/404")));
    CHECK(e404.find("the server answered 404; check the URL") != std::string::npos);

    auto o503 = f.run(f.request("/fault/503"));
    CHECK(error_of(o503).find("the server answered 503") != std::string::npos);
    REQUIRE(o503.retry_after.has_value());
    CHECK(*o503.retry_after == 120s);
}

TEST_CASE("a refused connection says so") {
    Fixture f;
    auto r = f.request("/feed.xml");
    f.server.stop();
    CHECK(error_of(f.run(r)).find("connection refused") != std::string::npos);
}

TEST_CASE("a server that never answers is given up on at the total timeout or the low-speed time") {
    Fixture f;
    auto r = f.request("/fault/hang");
    r.total_timeout = 1s;
    auto began = std::chrono::steady_clock::now();
    std::string e = error_of(f.run(r));
    auto took = std::chrono::steady_clock::now() - began;
    CHECK(e.find("the server accepted the connection but sent nothing for 1 s") != std::string::npos);
    CHECK(took < 2500ms);

    // The low-speed limit ends it first: still a server that sent nothing, not a slow one.
    r.total_timeout = 5s;
    r.low_speed_time = 1s;
    e = error_of(f.run(r));
    CHECK(e.find("the server accepted the connection but sent nothing for 1 s") != std::string::npos);
}

TEST_CASE("a host name that does not resolve is named, also when a redirect led to it") {
    Fixture f;
    net::Request r = f.request("/feed.xml");
    r.url = "http://feeds.placard-test.invalid/feed.xml";  // RFC 6761: .invalid never resolves
    CHECK(error_of(f.run(r)).find(
              "feeds.placard-test.invalid/feed.xml: the host name feeds.placard-test.invalid could not be resolved") !=
          std::string::npos);
    std::string e = error_of(f.run(f.request("/fault/unknown-host")));
    CHECK(e.find(f.server.url("/fault/unknown-host") +
                 ": the host name feeds.placard-test.invalid could not be resolved") == 0);
}

TEST_CASE("a server that trickles is cut by the low-speed limit") {
    Fixture f;
    auto r = f.request("/fault/slow");
    r.total_timeout = 5s;
    r.low_speed_bytes_per_second = 10;
    r.low_speed_time = 1s;
    auto began = std::chrono::steady_clock::now();
    std::string e = error_of(f.run(r));
    CHECK(e.find("the server sent less than 10 bytes a second for 1 s") != std::string::npos);
    CHECK(std::chrono::steady_clock::now() - began < 4s);
}

TEST_CASE("a body shorter than its Content-Length is an error") {
    Fixture f;
    std::string e = error_of(f.run(f.request("/fault/truncated")));
    CHECK(e.find("the connection closed before the whole body arrived") != std::string::npos);
}

namespace {

// 300 kB that no two places share: a resumed file that is wrong in any byte differs.
std::string clip_bytes() {
    std::string bytes;
    for (int i = 0; bytes.size() < 300'000; ++i) bytes += fmt::format("frame {:06} of the picket line\n", i);
    return bytes;
}

// A server with those bytes at /trailer.mp4, and the file a download of it goes to.
struct Downloads : Fixture {
    const std::string bytes = clip_bytes();
    const std::filesystem::path file = root.path() / "download.part";
    Downloads() { test::write_file(root / "trailer.mp4", bytes); }
};

}  // namespace

TEST_CASE("a download goes to its file, and one cut short resumes from where it stopped, byte for byte") {
    Downloads f;
    const std::string& bytes = f.bytes;
    const auto& file = f.file;

    auto cut = f.download("/trailer.mp4?cut=100000", file);
    auto first = f.run(cut);
    CHECK(error_of(first).find("the connection closed before the whole body arrived (100000 bytes received)") !=
          std::string::npos);
    CHECK(first.file_bytes == 100'000);
    CHECK(first.resume_validator.size() > 10);  // the ETag of the answer that was cut
    CHECK(test::read_file(file) == bytes.substr(0, 100'000));

    auto rest = f.download("/trailer.mp4", file, first.resume_validator);
    auto second = f.run(rest);
    REQUIRE(second.response.has_value());
    CHECK(second.response->status == 206);
    CHECK(second.response->resumed);
    CHECK(second.response->file_bytes == bytes.size());
    CHECK(second.response->body.empty());
    CHECK(test::read_file(file) == bytes);
    CHECK(f.stats()["/trailer.mp4"]["ranges"] == 1);
}

TEST_CASE("a download whose file changed on the server since it was cut starts again, whole") {
    Downloads f;
    const std::string& bytes = f.bytes;
    const auto& file = f.file;
    auto cut = f.download("/trailer.mp4?cut=100000", file);
    auto first = f.run(cut);
    REQUIRE(first.file_bytes == 100'000);

    const std::string edited = "a new cut of the trailer\n" + bytes;
    test::write_file(f.root / "trailer.mp4", edited);
    auto again = f.download("/trailer.mp4", file, first.resume_validator);
    auto second = f.run(again);
    REQUIRE(second.response.has_value());
    CHECK(second.response->status == 200);
    CHECK_FALSE(second.response->resumed);
    CHECK(test::read_file(file) == edited);

    // A file the server has whole already: it cannot resume past the end, and starts afresh.
    auto past = f.download("/trailer.mp4", file, second.response->etag);
    std::string e = error_of(f.run(past));
    CHECK(e.find("would not resume the download") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(file));
}

TEST_CASE("a download larger than its cap stops at the cap, and an error page is never its content") {
    Downloads f;
    const auto& file = f.file;
    auto big = f.download("/trailer.mp4", file);
    big.max_body_bytes = 100'000;
    std::string e = error_of(f.run(big));
    CHECK(e.find("the body was larger than 100000 bytes; make the file smaller") != std::string::npos);

    test::write_file(file, "kept");
    auto missing = f.download("/fault/404", file);
    CHECK(error_of(f.run(missing)).find("the server answered 404") != std::string::npos);
    CHECK(test::read_file(file) == "kept");
}

TEST_CASE("a download onto a full disk says so and what to do") {
    if (!std::filesystem::exists("/dev/full")) return;  // Linux's device that is always full
    Downloads f;
    auto full = f.download("/trailer.mp4", std::filesystem::path("/dev/full"));
    std::string e = error_of(f.run(full));
    CHECK(e.find("cannot write /dev/full (No space left on device)") != std::string::npos);
    CHECK(e.find("the disk is full: free space on it") != std::string::npos);
}

TEST_CASE("an endless body is cut at the cap") {
    Fixture f;
    auto r = f.request("/fault/endless");
    r.max_body_bytes = size_t{1} << 20;
    std::string e = error_of(f.run(r));
    CHECK(e.find("the body was larger than 1 MB;") != std::string::npos);
}

TEST_CASE("a gzip bomb is cut at the cap on what it unpacks to, and said to be one") {
    Fixture f;
    auto r = f.request("/fault/gzip-bomb");  // 64 kB that unpack to 64 MB
    r.max_body_bytes = size_t{1} << 20;
    CHECK(error_of(f.run(r)).find("the body was larger than 1 MB once unpacked") != std::string::npos);
}

TEST_CASE("an HTML page is delivered as it is: judging it is the parser's job") {
    Fixture f;
    auto o = f.run(f.request("/fault/html"));
    REQUIRE(o.response.has_value());
    CHECK(o.response->content_type.find("text/html") == 0);
}

TEST_CASE("redirects loop at most 5 times and never to file://") {
    Fixture f;
    CHECK(error_of(f.run(f.request("/fault/redirect-loop"))).find("redirected more than 5 times") != std::string::npos);
    CHECK(error_of(f.run(f.request("/fault/redirect-file"))).find("redirected to file:// which is not allowed") !=
          std::string::npos);
    CHECK(f.stats()["/fault/redirect-loop"]["count"] == 6);
}

TEST_CASE("only http and https URLs are fetched") {
    Fixture f;
    net::Request r;
    r.url = "file:///etc/passwd";
    CHECK(error_of(f.run(r)).find("file:// is not allowed; use an http:// or https:// URL") != std::string::npos);
    r.url = "ftp://127.0.0.1/x";
    CHECK(error_of(f.run(r)).find("ftp:// is not allowed") != std::string::npos);
}

TEST_CASE("a reset connection says so") {
    Fixture f;
    std::string e = error_of(f.run(f.request("/fault/reset")));
    bool named = e.find("the connection was reset") != std::string::npos ||
                 e.find("closed the connection without answering") != std::string::npos;
    CHECK_MESSAGE(named, e);
}

TEST_CASE("wakeup from another thread ends a long poll at once") {
    net::HttpClient client;
    auto began = std::chrono::steady_clock::now();
    std::thread waker([&] { client.wakeup(); });
    client.poll(10s);
    waker.join();
    // The wakeup may land before the poll starts: curl keeps it for the next poll.
    CHECK(std::chrono::steady_clock::now() - began < 2s);
}

TEST_CASE("several transfers run at once and each callback runs once") {
    Fixture f;
    int done = 0;
    int ok = 0;
    for (int i = 0; i < 4; ++i)
        f.client.start(f.request("/feed.xml"), [&](net::Outcome o) {
            ++done;
            ok += o.response.has_value();
        });
    f.client.start(f.request("/fault/hang"), [&](net::Outcome) { ++done; });
    auto began = std::chrono::steady_clock::now();
    while (ok < 4 && std::chrono::steady_clock::now() - began < 5s) f.client.poll(100ms);
    CHECK(ok == 4);
    CHECK(f.client.active() == 1);  // the hanging one; dropped with the client
}

TEST_CASE("max-age is read from Cache-Control among other directives") {
    CHECK(net::parse_max_age("max-age=600") == std::chrono::seconds(600));
    CHECK(net::parse_max_age("public, MAX-AGE=60, must-revalidate") == std::chrono::seconds(60));
    CHECK(net::parse_max_age("max-age=\"30\"") == std::chrono::seconds(30));
    CHECK_FALSE(net::parse_max_age("no-cache"));
    CHECK_FALSE(net::parse_max_age(""));
    CHECK_FALSE(net::parse_max_age("max-age=ten"));
    CHECK_FALSE(net::parse_max_age("max-age=99999999999"));
    CHECK(net::parse_max_age("s-maxage=5, max-age=7") == std::chrono::seconds(7));
}

TEST_CASE("a polite fetch is conditional on the validators of the last whole answer, and a 304 is unchanged") {
    Fixture f;
    net::Polite polite(f.server.url("/feed.xml"));
    net::Request first = f.request("/feed.xml");
    polite.prepare(first);
    CHECK(polite.in_flight());
    CHECK(first.etag.empty());
    CHECK(first.last_modified.empty());
    auto whole = f.run(first);
    REQUIRE(whole.response);
    net::Validators fresh;
    CHECK_FALSE(polite.unchanged(*whole.response, &fresh));
    CHECK_FALSE(fresh.etag.empty());
    polite.remember(fresh);
    const auto t0 = std::chrono::system_clock::time_point(std::chrono::seconds(1'796'000'000));
    polite.on_success(t0);
    CHECK_FALSE(polite.in_flight());

    net::Request again = f.request("/feed.xml");
    polite.prepare(again);
    CHECK(again.etag == fresh.etag);
    CHECK(again.last_modified == fresh.last_modified);
    auto second = f.run(again);
    REQUIRE(second.response);
    CHECK(second.response->not_modified());
    CHECK(polite.unchanged(*second.response));
    CHECK(f.server.stats("/feed.xml") == test::TestServer::Stats{2, 1});

    // The same body without validators is unchanged too; another body is not.
    net::Response same;
    same.status = 200;
    same.body = whole.response->body;
    CHECK(polite.unchanged(same));
    same.body += " ";
    CHECK_FALSE(polite.unchanged(same));

    // Forgotten: the next request is whole.
    polite.forget();
    net::Request plain = f.request("/feed.xml");
    polite.prepare(plain);
    CHECK(plain.etag.empty());
    CHECK(plain.last_modified.empty());
}

TEST_CASE("a polite resource waits its refresh or a longer max-age, and a little more at random, within a tenth") {
    const auto t0 = std::chrono::system_clock::time_point(std::chrono::seconds(1'796'000'000));
    net::Polite polite("k", 10min);
    CHECK(polite.due(t0));
    std::set<std::chrono::system_clock::duration> waits;
    for (int i = 0; i < 50; ++i) {
        polite.on_success(t0);
        CHECK(polite.next() - t0 >= 10min);
        CHECK(polite.next() - t0 <= 11min);
        CHECK_FALSE(polite.due(t0 + 10min - 1s));
        CHECK(polite.due(t0 + 11min));
        waits.insert(polite.next() - t0);
    }
    CHECK(waits.size() > 1);  // at random: displays started together do not ask together

    polite.on_success(t0, 1h);  // max-age lengthens the wait
    CHECK(polite.next() - t0 >= 1h);
    CHECK(polite.next() - t0 <= 66min);
    polite.on_success(t0, 5min);  // and never shortens it
    CHECK(polite.next() - t0 >= 10min);
    polite.on_success(t0, std::chrono::hours(24 * 365));  // a year's is not waited for
    CHECK(polite.next() - t0 <= std::chrono::hours(27));

    // A fetch under way is not due again, whatever the time.
    net::Request r;
    polite.prepare(r);
    CHECK_FALSE(polite.due(t0 + std::chrono::hours(48)));
}

TEST_CASE("a polite resource backs off after failures up to its refresh, and longer when Retry-After asks") {
    const auto t0 = std::chrono::system_clock::time_point(std::chrono::seconds(1'796'000'000));
    net::Polite polite("k", 5min);
    const Error down{"https://example.org/feed/", "503", ""};
    std::vector<std::chrono::seconds> backoffs;
    for (int i = 0; i < 6; ++i) {
        polite.on_failure(down, std::nullopt, t0);
        backoffs.push_back(polite.backoff());
        CHECK(polite.next() - t0 >= polite.backoff());
        CHECK(polite.next() - t0 <= polite.backoff() + polite.backoff() / 10);
    }
    CHECK(backoffs == std::vector<std::chrono::seconds>{30s, 60s, 120s, 240s, 300s, 300s});
    REQUIRE(polite.error());
    CHECK(polite.error()->what == "503");

    polite.on_failure(down, 2h, t0);
    CHECK(polite.backoff() == 2h);
    CHECK(polite.next() - t0 >= 2h);

    polite.on_success(t0);
    CHECK(polite.backoff() == 0s);
    CHECK_FALSE(polite.error());
    polite.on_failure(down, std::nullopt, t0);
    CHECK(polite.backoff() == 30s);  // after a success, the backoff starts over
}

TEST_CASE("a polite resource's error is logged once while it lasts, again when it changes, and its recovery once") {
    test::CapturedLog log;
    const auto t0 = std::chrono::system_clock::time_point(std::chrono::seconds(1'796'000'000));
    net::Polite polite("https://example.org/feed/", 15min);
    const Error refused{"https://example.org/feed/", "connection refused", ""};
    auto fail = [&](const Error& e) {
        if (polite.on_failure(e, std::nullopt, t0))
            polite.warn_once("net", fmt::format("{}: {}; retrying in {}s", e.where, e.what, polite.backoff().count()));
    };
    fail(refused);
    fail(refused);
    fail(refused);
    CHECK(log.count("connection refused") == 1);
    CHECK(log.count("https://example.org/feed/: connection refused; retrying in 30s") == 1);

    fail(Error{"https://example.org/feed/", "503", ""});
    CHECK(log.count(": 503; retrying in 240s") == 1);
    fail(refused);  // changed back: news again
    CHECK(log.count("connection refused") == 2);

    CHECK(polite.on_success(t0));  // recovered from a logged error: the caller's notice
    CHECK_FALSE(polite.on_success(t0));
    fail(refused);  // after a recovery the same error is news again, and logged
    CHECK(log.count("connection refused") == 3);
}
