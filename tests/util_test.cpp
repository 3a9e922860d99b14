#include <doctest/doctest.h>

#include <cstdio>

#include <fmt/format.h>
#include <sys/stat.h>
#include <nlohmann/json.hpp>

#include "feeds/item.hpp"
#include "support/test_support.hpp"
#include "util/duration.hpp"
#include "util/hash.hpp"
#include "util/log.hpp"
#include "util/time.hpp"

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
    REQUIRE(set_time_zone("Europe/London"));
    auto utc = parse_iso8601("2026-07-01T18:00:00Z");
    REQUIRE(utc);
    CHECK(format_iso8601_utc(*utc) == "2026-07-01T18:00:00Z");
    auto offset = parse_iso8601("2026-07-01T20:00:00+02:00");
    REQUIRE(offset);
    CHECK(*offset == *utc);
    // Local time in summer in London is UTC+1.
    auto local = parse_iso8601("2026-07-01T19:00");
    REQUIRE(local);
    CHECK(*local == *utc);
    CHECK(to_local(*utc).hour == 19);
    CHECK_FALSE(parse_iso8601("2026-13-01"));
    CHECK_FALSE(parse_iso8601("yesterday"));
    CHECK_FALSE(parse_iso8601("2026-07-01T18:00Zjunk"));
}

TEST_CASE("RSS dates through curl_getdate") {
    auto t = parse_rfc822("Mon, 05 Oct 2009 14:00:00 +0100");
    REQUIRE(t);
    CHECK(format_iso8601_utc(*t) == "2009-10-05T13:00:00Z");
    CHECK_FALSE(parse_rfc822("not a date"));
}

TEST_CASE("an unknown time zone is an error, not silent UTC") {
    auto r = set_time_zone("Europe/Atlantis");
    REQUIRE_FALSE(r);
    CHECK(r.error().what.find("Europe/Atlantis") != std::string::npos);
    REQUIRE(set_time_zone("America/Caracas"));
    auto t = parse_iso8601("2026-03-01T12:00:00Z");
    CHECK(to_local(*t).hour == 8);
    REQUIRE(set_time_zone("Europe/London"));
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
