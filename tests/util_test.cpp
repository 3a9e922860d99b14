#include <doctest/doctest.h>

#include <atomic>
#include <cstdio>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include "feeds/item.hpp"
#include "support/test_support.hpp"
#include "util/duration.hpp"
#include "util/hash.hpp"
#include "util/log.hpp"
#include "util/spread.hpp"
#include "util/time.hpp"
#include "util/unique_fd.hpp"

using namespace placard;
using namespace std::chrono_literals;

TEST_CASE("durations read as organizers write them") {
    CHECK(*parse_duration("10s") == 10s);
    CHECK(*parse_duration("15m") == 15min);
    CHECK(*parse_duration("1h30m") == 90min);
    CHECK(*parse_duration("14d") == std::chrono::days(14));
    CHECK(*parse_duration("2w") == std::chrono::days(14));
    CHECK(*parse_duration("90") == 90s);
    CHECK_FALSE(parse_duration(""));
    CHECK_FALSE(parse_duration("ten seconds"));
    CHECK_FALSE(parse_duration("10x"));
    CHECK_FALSE(parse_duration("1h30"));
    CHECK(parse_duration("10 s").error().what.find("not a duration") == std::string::npos);
}

TEST_CASE("durations format to the shortest form that reads back") {
    for (auto d : {0s, 45s, 90s, 3600s, 5400s, 86400s + 61s}) CHECK(*parse_duration(format_duration(d)) == d);
    CHECK(format_duration(90min) == "1h30m");
}

TEST_CASE("ISO 8601 times with and without offsets") {
    const Zone& london = test::london();
    auto utc = parse_iso8601("2026-07-01T18:00:00Z", london);
    REQUIRE(utc);
    CHECK(format_iso8601_utc(*utc) == "2026-07-01T18:00:00Z");
    auto offset = parse_iso8601("2026-07-01T20:00:00+02:00", london);
    REQUIRE(offset);
    CHECK(*offset == *utc);
    // Local time in summer in London is UTC+1.
    auto local = parse_iso8601("2026-07-01T19:00", london);
    REQUIRE(local);
    CHECK(*local == *utc);
    CHECK(to_local(*utc, london).hour == 19);
    // The same words in another zone are another instant.
    CHECK(*parse_iso8601("2026-07-01T19:00", test::zone("America/Caracas")) == *utc + std::chrono::hours(5));
    CHECK(*parse_iso8601("2026-07-01T19:00", Zone()) == *utc + std::chrono::hours(1));
    CHECK_FALSE(parse_iso8601("2026-13-01", london));
    CHECK_FALSE(parse_iso8601("yesterday", london));
    CHECK_FALSE(parse_iso8601("2026-07-01T18:00Zjunk", london));
}

TEST_CASE("RSS dates through curl_getdate") {
    auto t = parse_rfc822("Mon, 05 Oct 2009 14:00:00 +0100");
    REQUIRE(t);
    CHECK(format_iso8601_utc(*t) == "2009-10-05T13:00:00Z");
    CHECK_FALSE(parse_rfc822("not a date"));
}

TEST_CASE("an unknown time zone is an error, not silent UTC") {
    for (const char* name : {"Europe/Atlantis", "../../etc/passwd", "/usr/share/zoneinfo/Europe/London", ""}) {
        CAPTURE(name);
        auto r = Zone::named(name);
        REQUIRE_FALSE(r);
        CHECK(r.error().what.find("unknown time zone") != std::string::npos);
    }
    auto caracas = Zone::named("America/Caracas");
    REQUIRE(caracas);
    CHECK(caracas->name() == "America/Caracas");
    auto t = parse_iso8601("2026-03-01T12:00:00Z", *caracas);
    CHECK(to_local(*t, *caracas).hour == 8);
    CHECK(to_local(*t, Zone()).hour == 12);
    CHECK(Zone().name() == "UTC");
}

TEST_CASE("from_local carries fields over and resolves DST gaps and folds as mktime does") {
    const Zone& london = test::london();
    // Day 32 of December is the 1st of January; month 13 is January of the next year.
    CHECK(from_local(london, 2026, 12, 32) == from_local(london, 2027, 1, 1));
    CHECK(from_local(london, 2026, 13, 1) == from_local(london, 2027, 1, 1));
    CHECK(from_local(london, 2026, 3, 0) == from_local(london, 2026, 2, 28));
    CHECK(format_iso8601_utc(from_local(london, 2026, 7, 1, 25)) == "2026-07-02T00:00:00Z");
    // 29 March 2026, 01:30 does not exist in London (01:00 GMT becomes 02:00 BST): moved on
    // by the gap, to 02:30 BST.
    const SysTime gap = from_local(london, 2026, 3, 29, 1, 30);
    CHECK(format_iso8601_utc(gap) == "2026-03-29T01:30:00Z");
    CHECK(to_local(gap, london).hour == 2);
    CHECK(to_local(gap, london).minute == 30);
    // 25 October 2026, 01:30 happens twice: the first, in BST.
    CHECK(format_iso8601_utc(from_local(london, 2026, 10, 25, 1, 30)) == "2026-10-25T00:30:00Z");
    // Weekdays: 4 December 2026 is a Friday.
    CHECK(to_local(from_local(london, 2026, 12, 4, 12), london).weekday == 5);
}

TEST_CASE("zones convert on many threads at once, each in its own zone") {
    // What the process-wide TZ could not do: the worker and the main thread converting in
    // different zones at the same time. ThreadSanitizer (the tsan preset) watches this too.
    const Zone london = test::london(), caracas = test::zone("America/Caracas"), tokyo = test::zone("Asia/Tokyo");
    const SysTime t = *parse_iso8601("2026-12-04T12:00:00Z", Zone());
    std::atomic<int> wrong{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 4; ++i)
        threads.emplace_back([&, i] {
            const Zone& zone = i % 3 == 0 ? london : i % 3 == 1 ? caracas : tokyo;
            const int expected = i % 3 == 0 ? 12 : i % 3 == 1 ? 8 : 21;
            for (int n = 0; n < 2000; ++n)
                if (to_local(t, zone).hour != expected || from_local(zone, 2026, 12, 4, expected) != t) ++wrong;
        });
    for (auto& th : threads) th.join();
    CHECK(wrong == 0);
}

namespace {
bool is_open(int fd) {
    return fcntl(fd, F_GETFD) != -1;
}
}  // namespace

TEST_CASE("a file descriptor has one owner, who closes it once") {
    int ends[2];
    REQUIRE(pipe(ends) == 0);
    const int read_end = ends[0], write_end = ends[1];
    {
        UniqueFd reader(read_end);
        UniqueFd writer(write_end);
        CHECK(reader);
        CHECK(reader.get() == read_end);

        UniqueFd moved(std::move(reader));
        CHECK_FALSE(reader);
        CHECK(moved.get() == read_end);
        CHECK(is_open(read_end));

        // Taking another closes the first.
        writer.reset();
        CHECK_FALSE(is_open(write_end));
        CHECK_FALSE(writer);

        // Given up, it is not closed by the owner.
        const int kept = moved.release();
        CHECK(kept == read_end);
        moved = UniqueFd(kept);
        UniqueFd other;
        other = std::move(moved);
        CHECK(is_open(read_end));
    }
    CHECK_FALSE(is_open(read_end));
}

TEST_CASE("sha256 names are stable hex") {
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("the same error from the same source is logged once until it changes") {
    test::CapturedLog captured;
    log::write_once(log::Level::warning, "net", "src", "503");
    log::write_once(log::Level::warning, "net", "src", "503");
    log::write_once(log::Level::warning, "net", "src", "timeout");
    log::write_once(log::Level::warning, "net", "src", "503");
    CHECK(captured.count("503") == 2);
    CHECK(captured.count("timeout") == 1);
    log::clear_once("src");
    log::write_once(log::Level::warning, "net", "src", "503");
    CHECK(captured.count("503") == 3);
}

TEST_CASE("items survive the cache's JSON unchanged") {
    feeds::Item item;
    item.kind = feeds::ItemKind::event;
    item.id = "e1";
    item.title = "Screening: No Volverán";
    item.place = "Trades Hall, Room 2";
    item.starts = SysTime(1'800'000'000s);
    item.ends = SysTime(1'800'007'200s);
    item.categories = {"screening"};
    nlohmann::json j = item;
    CHECK(j.get<feeds::Item>() == item);
}

TEST_CASE("the journal's priority prefix is for the stream systemd named, and no other") {
    test::TempDir dir;
    const auto file = dir.path() / "stderr.log";
    FILE* out = std::fopen(file.c_str(), "w");
    REQUIRE(out);
    struct stat st {};
    REQUIRE(fstat(fileno(out), &st) == 0);
    const std::string mine = fmt::format("{}:{}", st.st_dev, st.st_ino);
    CHECK(log::stream_is_journal(mine.c_str(), fileno(out)));
    // A child of the service whose stderr went elsewhere inherits the variable.
    CHECK_FALSE(log::stream_is_journal(fmt::format("{}:{}", st.st_dev, st.st_ino + 1).c_str(), fileno(out)));
    CHECK_FALSE(log::stream_is_journal(nullptr, fileno(out)));
    CHECK_FALSE(log::stream_is_journal("", fileno(out)));
    CHECK_FALSE(log::stream_is_journal("journal", fileno(out)));
    std::fclose(out);
}

TEST_CASE("a spread of intervals gives its quantiles to the 0.1 ms above and its longest") {
    using std::chrono::microseconds;
    Spread s;
    CHECK(s.count() == 0);
    CHECK(s.quantile(0.5) == Spread::duration::zero());
    CHECK(s.to_string() == "none");
    for (int i = 0; i < 98; ++i) s.add(microseconds(16'700));
    s.add(microseconds(17'500));
    s.add(microseconds(40'000));
    CHECK(s.count() == 100);
    CHECK(s.quantile(0.5) == microseconds(16'800));
    CHECK(s.quantile(0.98) == microseconds(16'800));
    CHECK(s.quantile(0.99) == microseconds(17'600));
    CHECK(s.quantile(1.0) == microseconds(40'000));
    CHECK(s.longest() == microseconds(40'000));
    CHECK(s.to_string() == "16.8 ms (p50), 17.6 ms (p99), 40.0 ms at most");
    // Past the histogram's second: counted, and the longest is exact.
    s.add(std::chrono::seconds(3));
    CHECK(s.quantile(1.0) == std::chrono::seconds(3));
    CHECK(s.quantile(0.5) == microseconds(16'800));
    // A negative interval (a clock that went back) counts as zero.
    Spread z;
    z.add(-microseconds(5));
    CHECK(z.quantile(1.0) == Spread::duration::zero());
}
