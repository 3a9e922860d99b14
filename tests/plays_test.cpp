// Proof of play: showings written when they end, a file a local day, the blink of a
// skipped slide left out, old days removed, and the CSV a spreadsheet opens safely.
#include <doctest/doctest.h>

#include "plays/play_log.hpp"
#include "support/test_support.hpp"

using namespace placard;
using namespace std::chrono_literals;

namespace {

plays::Instant at(int day, int hour, int minute, int second = 0) {
    return from_local(test::london(), 2026, 12, day, hour, minute, second);
}

plays::Showing slide(const std::string& kind, const std::string& title, const std::string& id) {
    plays::Showing s;
    s.kind = kind;
    s.title = title;
    s.id = id;
    s.source = kind == "event" ? "calendar" : "";
    return s;
}

}  // namespace

TEST_CASE("a showing is written when the next one reaches the screen, with its times and what it was") {
    test::TempDir dir;
    plays::PlayLog log(dir.path());
    const auto screening = slide("event", "Screening: Five Broken Cameras", "2:ev-1205");
    log.presented(screening, at(5, 19, 0), test::london());
    log.presented(screening, at(5, 19, 0, 5), test::london());  // a frame more of the same
    CHECK(plays::days(dir.path()).empty());                     // nothing ended yet
    log.presented(slide("message", "From the dockers of Genoa", "4:m3"), at(5, 19, 0, 12), test::london());
    auto day = plays::read_day(dir.path(), "2026-12-05");
    REQUIRE(day);
    REQUIRE(day->size() == 1);
    const auto& line = (*day)[0];
    CHECK(line["start"] == "2026-12-05T19:00:00+00:00");
    CHECK(line["end"] == "2026-12-05T19:00:12+00:00");
    CHECK(line["seconds"] == 12.0);
    CHECK(line["kind"] == "event");
    CHECK(line["title"] == "Screening: Five Broken Cameras");
    CHECK(line["source"] == "calendar");
    CHECK(line["id"] == "2:ev-1205");
    CHECK(line["screen_on"] == true);
    log.close(at(5, 19, 0, 20));
    day = plays::read_day(dir.path(), "2026-12-05");
    REQUIRE(day->size() == 2);
    CHECK((*day)[1]["kind"] == "message");
}

TEST_CASE("a slide skipped within a second is not a showing") {
    test::TempDir dir;
    plays::PlayLog log(dir.path());
    log.presented(slide("report", "A", "1:a"), at(5, 19, 0), test::london());
    log.presented(slide("report", "B", "1:b"), at(5, 19, 0, 10), test::london());
    log.presented(slide("report", "C", "1:c"), at(5, 19, 0, 10) + 400ms, test::london());
    log.close(at(5, 19, 0, 30));
    auto day = plays::read_day(dir.path(), "2026-12-05");
    REQUIRE(day);
    REQUIRE(day->size() == 2);
    CHECK((*day)[0]["title"] == "A");
    CHECK((*day)[1]["title"] == "C");
    CHECK((*day)[1]["seconds"] == doctest::Approx(19.6));
}

TEST_CASE("the screen off and a cue's slide are showings too") {
    test::TempDir dir;
    plays::PlayLog log(dir.path());
    plays::Showing off;
    off.kind = "off";
    off.screen_on = false;
    plays::Showing announce = slide("announce", "The film starts in 5 minutes", "");
    announce.cue = "c-42";
    log.presented(announce, at(5, 19, 25), test::london());
    log.presented(off, at(5, 19, 30), test::london());
    log.close(at(5, 23, 0));
    auto day = plays::read_day(dir.path(), "2026-12-05");
    REQUIRE(day->size() == 2);
    CHECK((*day)[0]["cue"] == "c-42");
    CHECK((*day)[1]["kind"] == "off");
    CHECK((*day)[1]["screen_on"] == false);
    CHECK((*day)[1]["seconds"] == 3.5 * 3600);
}

TEST_CASE("a day is the display's local day, in summer time too") {
    test::TempDir dir;
    plays::PlayLog log(dir.path());
    const plays::Instant late = from_local(test::london(), 2026, 7, 4, 23, 59, 50);
    log.presented(slide("photo", "Picket line", "0:p"), late, test::london());
    log.close(late + 30s);  // ends after midnight: the showing belongs to the day it began
    auto day = plays::read_day(dir.path(), "2026-07-04");
    REQUIRE(day->size() == 1);
    CHECK((*day)[0]["start"] == "2026-07-04T23:59:50+01:00");
    CHECK((*day)[0]["end"] == "2026-07-05T00:00:20+01:00");
    CHECK(plays::local_iso8601(from_local(test::zone("America/Sao_Paulo"), 2026, 12, 5, 9, 0),
                               test::zone("America/Sao_Paulo")) == "2026-12-05T09:00:00-03:00");
}

TEST_CASE("days older than 30 are removed when a new day begins, and only those") {
    test::TempDir dir;
    test::write_file(dir / "2026-10-01.jsonl", "{}\n");
    test::write_file(dir / "2026-11-06.jsonl", "{}\n");
    test::write_file(dir / "2026-11-05.jsonl", "{}\n");
    test::write_file(dir / "notes.txt", "mine\n");
    plays::PlayLog log(dir.path());
    log.presented(slide("report", "A", "1:a"), at(6, 10, 0), test::london());
    log.close(at(6, 10, 1));
    CHECK(plays::days(dir.path()) == std::vector<std::string>{"2026-12-06", "2026-11-06"});
    CHECK(std::filesystem::exists(dir / "notes.txt"));
}

TEST_CASE("a broken line (a power cut mid-write) is skipped, a malformed day refused") {
    test::TempDir dir;
    test::write_file(dir / "2026-12-05.jsonl",
                     "{\"kind\": \"report\"}\n{\"kind\": \"ev\n[1,2]\n{\"kind\": \"event\"}\n");
    auto day = plays::read_day(dir.path(), "2026-12-05");
    REQUIRE(day);
    CHECK(day->size() == 2);
    CHECK(plays::read_day(dir.path(), "2026-12-06")->empty());
    auto bad = plays::read_day(dir.path(), "../../etc/passwd");
    REQUIRE_FALSE(bad);
    CHECK(bad.error().hint.find("2026-12-05") != std::string::npos);
}

TEST_CASE("the CSV: a header, quoted cells, and no formula from a feed's title") {
    std::vector<nlohmann::json> showings = {
        {{"start", "2026-12-05T19:00:00+00:00"},
         {"end", "2026-12-05T19:00:12+00:00"},
         {"seconds", 12.0},
         {"kind", "report"},
         {"title", "Dockers say \"no\", again"},
         {"source", "news"},
         {"id", "1:x"},
         {"cue", ""},
         {"screen_on", true}},
        {{"kind", "report"}, {"title", "=HYPERLINK(\"http://evil\")"}, {"seconds", 3.31}, {"screen_on", false}}};
    const std::string csv = plays::to_csv(showings);
    CHECK(csv ==
          "start,end,seconds,kind,title,source,id,cue,screen_on\r\n"
          "2026-12-05T19:00:00+00:00,2026-12-05T19:00:12+00:00,12.0,report,\"Dockers say \"\"no\"\", again\",news,1:x,,"
          "true\r\n"
          ",,3.3,report,\"'=HYPERLINK(\"\"http://evil\"\")\",,,,false\r\n");
}

TEST_CASE("a folder that cannot be written: the problem is kept for the page, nothing thrown") {
    test::TempDir dir;
    test::write_file(dir / "plays", "a file where the folder should be");
    plays::PlayLog log(dir / "plays");
    log.presented(slide("report", "A", "1:a"), at(5, 19, 0), test::london());
    log.close(at(5, 19, 0, 10));
    CHECK(log.problem().find("cannot write the play log") != std::string::npos);
}
