#include <doctest/doctest.h>

#include <ctime>

#include <algorithm>
#include <chrono>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <libical/ical.h>

#include "feeds/ical.hpp"
#include "support/items.hpp"
#include "support/test_support.hpp"
#include "util/time.hpp"

using namespace placard;
using namespace placard::feeds;
using test::utc;
using namespace std::chrono_literals;

// The fixtures in tests/data/ical/ are written by make-fixtures.py there (python3-icalendar
// and python3-vobject). Every expected instant below was worked out by hand from the
// rules and the zones' offsets, not copied from the parser's output.
namespace {

const std::string origin = "https://valencia-solidarity.example.org/events.ics";
const std::string uid_suffix = "@valencia-solidarity.example.org";

std::string fixture(const std::string& name) {
    return test::read_file(test::data_path("ical/" + name));
}

IcalOptions window(const char* from, const char* until, std::string zone = "Europe/London") {
    IcalOptions options;
    options.feed.origin = origin;
    options.from = utc(from);
    options.until = utc(until);
    options.display_zone = std::move(zone);
    return options;
}

IcalEvents parse(const std::string& name, const IcalOptions& options) {
    auto events = parse_ical(fixture(name), options);
    if (!events) FAIL(events.error().to_string());
    return std::move(*events);
}

std::vector<Item> titled(const std::vector<Item>& items, const std::string& title) {
    std::vector<Item> out;
    std::copy_if(items.begin(), items.end(), std::back_inserter(out), [&](const Item& i) { return i.title == title; });
    return out;
}

struct Expected {
    const char* starts;
    const char* ends;
};

void check_times(const std::vector<Item>& items, const std::vector<Expected>& expected) {
    REQUIRE(items.size() == expected.size());
    for (size_t i = 0; i < expected.size(); ++i) {
        INFO("occurrence ", i, ": ", expected[i].starts);
        CHECK(format_iso8601_utc(*items[i].starts) == expected[i].starts);
        REQUIRE(items[i].ends);
        CHECK(format_iso8601_utc(*items[i].ends) == expected[i].ends);
        CHECK(items[i].kind == ItemKind::event);
    }
}

std::vector<std::string> problems(const IcalEvents& events) {
    std::vector<std::string> out;
    for (const Error& e : events.problems) out.push_back(e.to_string());
    return out;
}

}  // namespace

TEST_CASE("a weekly 19:00 London meeting stays at 19:00 local across both changes of the clocks") {
    // Wednesdays from 14 Oct 2026, UNTIL 7 Apr 2027 18:00Z (inclusive, RFC 5545 3.3.10):
    // 26 meetings. BST (UTC+1) until Sunday 25 Oct 2026 and again from Sunday 28 Mar 2027.
    static std::vector<std::string> texts;  // Expected points into it
    texts.clear();
    auto first = std::chrono::sys_days(std::chrono::year(2026) / 10 / 14);
    for (int week = 0; week < 26; ++week) {
        auto day = first + std::chrono::days(7 * week);
        bool summer = day < std::chrono::sys_days(std::chrono::year(2026) / 10 / 25) ||
                      day > std::chrono::sys_days(std::chrono::year(2027) / 3 / 28);
        SysTime starts = SysTime(day) + (summer ? 18h : 19h);
        texts.push_back(format_iso8601_utc(starts));
        texts.push_back(format_iso8601_utc(starts + 90min));
    }
    std::vector<Expected> expected;
    for (size_t i = 0; i < texts.size(); i += 2) expected.push_back({texts[i].c_str(), texts[i + 1].c_str()});
    // The edges, spelled out.
    REQUIRE(expected.size() == 26);
    CHECK(std::string(expected[1].starts) == "2026-10-21T18:00:00Z");   // BST
    CHECK(std::string(expected[2].starts) == "2026-10-28T19:00:00Z");   // GMT, after 25 Oct
    CHECK(std::string(expected[23].starts) == "2027-03-24T19:00:00Z");  // GMT
    CHECK(std::string(expected[24].starts) == "2027-03-31T18:00:00Z");  // BST, after 28 Mar
    CHECK(std::string(expected[25].starts) == "2027-04-07T18:00:00Z");  // UNTIL itself

    auto options = window("2026-10-01T00:00:00Z", "2027-06-01T00:00:00Z");
    SUBCASE("TZID=Europe/London without VTIMEZONE: the system's zone database (python3-icalendar)") {
        auto events = parse("campaign.ics", options);
        auto meetings = titled(events.items, "Weekly organising meeting");
        check_times(meetings, expected);
        CHECK(meetings[2].id == "weekly-organising" + uid_suffix + "/2026-10-28T19:00:00Z");
        CHECK(meetings[2].place == "Marchmont Community Centre, 62 Marchmont Street, London WC1N 1AB");
        CHECK(meetings[2].text == "Open to all supporters. We plan the pickets, the stall and the next bulletin.");
        CHECK(meetings[2].categories == std::vector<std::string>{"Meetings"});
        CHECK_FALSE(meetings[2].all_day);
    }
    SUBCASE("the file's VTIMEZONE, even named \"GMT\", wins over the zone database (python3-vobject)") {
        auto events = parse("vobject.ics", options);
        CHECK(events.problems.empty());
        check_times(titled(events.items, "Weekly organising meeting"), expected);
    }
}

TEST_CASE("a first-Thursday rule leaves out its EXDATE and moves the occurrence its RECURRENCE-ID overrides") {
    auto events = parse("campaign.ics", window("2026-10-01T00:00:00Z", "2027-06-01T00:00:00Z"));
    std::vector<Item> meetings;
    for (const Item& i : events.items)
        if (i.id.starts_with("public-meeting@")) meetings.push_back(i);
    // COUNT=6: 5 Nov, 3 Dec (EXDATE), 7 Jan (moved to 14 Jan 18:30-20:30), 4 Feb, 4 Mar,
    // 1 Apr 2027 (BST: 19:30 is 18:30Z).
    check_times(meetings, {{"2026-11-05T19:30:00Z", "2026-11-05T21:00:00Z"},
                           {"2027-01-14T18:30:00Z", "2027-01-14T20:30:00Z"},
                           {"2027-02-04T19:30:00Z", "2027-02-04T21:00:00Z"},
                           {"2027-03-04T19:30:00Z", "2027-03-04T21:00:00Z"},
                           {"2027-04-01T18:30:00Z", "2027-04-01T20:00:00Z"}});
    const Item& november = meetings[0];
    CHECK(november.id == "public-meeting" + uid_suffix + "/2026-11-05T19:30:00Z");
    CHECK(november.title == "Public meeting: workers' control in Valencia");
    // HTML in DESCRIPTION (as Google Calendar writes it) becomes text.
    CHECK(november.text ==
          "A speaker from the Valencia workers’ council reports on the occupied plants.\n\n"
          "Free entry & refreshments.\nBring a friend!");
    CHECK(november.place == "Marchmont Community Centre, 62 Marchmont Street, London WC1N 1AB");
    CHECK(november.link == "https://valencia-solidarity.example.org/events/public-meeting/");
    CHECK(november.categories == std::vector<std::string>{"Public meetings", "Venezuela"});

    const Item& moved = meetings[1];
    // Its id is the occurrence it replaces, so a moved meeting keeps its identity.
    CHECK(moved.id == "public-meeting" + uid_suffix + "/2027-01-07T19:30:00Z");
    CHECK(moved.title == "Public meeting: workers' control in Valencia (new date)");
    CHECK(moved.place == "Conway Hall, 25 Red Lion Square, London WC1R 4RL");
    CHECK(moved.text == "Moved one week on and to a bigger hall: the speaker's flight changed.");
}

TEST_CASE("a cancelled occurrence, a cancelled series and a private event are left out") {
    auto events = parse("campaign.ics", window("2026-10-01T00:00:00Z", "2027-06-01T00:00:00Z"));
    // Eight Saturdays from 17 Oct; 14 Nov is STATUS:CANCELLED. BST until 25 Oct.
    check_times(titled(events.items, "Picket outside the embassy"), {{"2026-10-17T11:00:00Z", "2026-10-17T13:00:00Z"},
                                                                     {"2026-10-24T11:00:00Z", "2026-10-24T13:00:00Z"},
                                                                     {"2026-10-31T12:00:00Z", "2026-10-31T14:00:00Z"},
                                                                     {"2026-11-07T12:00:00Z", "2026-11-07T14:00:00Z"},
                                                                     {"2026-11-21T12:00:00Z", "2026-11-21T14:00:00Z"},
                                                                     {"2026-11-28T12:00:00Z", "2026-11-28T14:00:00Z"},
                                                                     {"2026-12-05T12:00:00Z", "2026-12-05T14:00:00Z"}});
    CHECK(titled(events.items, "Screening: The Occupied Factory").empty());
    CHECK(titled(events.items, "Steering committee").empty());
    // TRANSP:TRANSPARENT is about the organizer's diary, not about who may see it.
    check_times(titled(events.items, "Leafleting at the market"), {{"2026-11-07T10:00:00Z", "2026-11-07T12:00:00Z"}});
    CHECK(events.problems.empty());
}

TEST_CASE("INTERVAL=2 takes every other Sunday and RDATE adds a date") {
    auto events = parse("campaign.ics", window("2026-10-01T00:00:00Z", "2027-06-01T00:00:00Z"));
    check_times(titled(events.items, "Film club: documentaries from the occupied factories"),
                {{"2026-10-18T15:00:00Z", "2026-10-18T17:00:00Z"},
                 {"2026-11-01T16:00:00Z", "2026-11-01T18:00:00Z"},
                 {"2026-11-15T16:00:00Z", "2026-11-15T18:00:00Z"},
                 {"2026-11-29T16:00:00Z", "2026-11-29T18:00:00Z"},
                 {"2026-12-13T16:00:00Z", "2026-12-13T18:00:00Z"},
                 {"2026-12-20T16:00:00Z", "2026-12-20T18:00:00Z"}});
}

TEST_CASE("a last-Friday rule in floating time happens at the display's local time") {
    SUBCASE("London") {
        auto events = parse("campaign.ics", window("2026-10-01T00:00:00Z", "2027-06-01T00:00:00Z"));
        check_times(titled(events.items, "Solidarity social"), {{"2026-10-30T20:00:00Z", "2026-10-30T23:00:00Z"},
                                                                {"2026-11-27T20:00:00Z", "2026-11-27T23:00:00Z"},
                                                                {"2026-12-25T20:00:00Z", "2026-12-25T23:00:00Z"}});
    }
    SUBCASE("Caracas, UTC-4") {
        auto events = parse("campaign.ics", window("2026-10-01T00:00:00Z", "2027-06-01T00:00:00Z", "America/Caracas"));
        check_times(titled(events.items, "Solidarity social"), {{"2026-10-31T00:00:00Z", "2026-10-31T03:00:00Z"},
                                                                {"2026-11-28T00:00:00Z", "2026-11-28T03:00:00Z"},
                                                                {"2026-12-26T00:00:00Z", "2026-12-26T03:00:00Z"}});
    }
    SUBCASE("no zone named: the process's (TZ)") {
        auto events = parse("campaign.ics", window("2026-10-01T00:00:00Z", "2027-06-01T00:00:00Z", ""));
        check_times(titled(events.items, "Solidarity social"), {{"2026-10-30T20:00:00Z", "2026-10-30T23:00:00Z"},
                                                                {"2026-11-27T20:00:00Z", "2026-11-27T23:00:00Z"},
                                                                {"2026-12-25T20:00:00Z", "2026-12-25T23:00:00Z"}});
    }
}

TEST_CASE("all-day events span the display's local days, DTEND exclusive") {
    SUBCASE("London") {
        auto events = parse("campaign.ics", window("2026-10-01T00:00:00Z", "2027-06-01T00:00:00Z"));
        auto day = titled(events.items, "Day of action for the dockers");  // no DTEND: one day
        check_times(day, {{"2026-11-21T00:00:00Z", "2026-11-22T00:00:00Z"}});
        CHECK(day[0].all_day);
        CHECK(day[0].id == "day-of-action" + uid_suffix + "/2026-11-21");
        CHECK(day[0].categories == std::vector<std::string>{"Actions"});
        auto caravan = titled(events.items, "Solidarity caravan to the coast");  // 26 to 29 Nov
        check_times(caravan, {{"2026-11-26T00:00:00Z", "2026-11-30T00:00:00Z"}});
        CHECK(caravan[0].all_day);
        CHECK(caravan[0].place == "Leaves from King's Cross");
    }
    SUBCASE("Caracas") {
        auto events = parse("campaign.ics", window("2026-10-01T00:00:00Z", "2027-06-01T00:00:00Z", "America/Caracas"));
        check_times(titled(events.items, "Day of action for the dockers"),
                    {{"2026-11-21T04:00:00Z", "2026-11-22T04:00:00Z"}});
        check_times(titled(events.items, "Solidarity caravan to the coast"),
                    {{"2026-11-26T04:00:00Z", "2026-11-30T04:00:00Z"}});
    }
    SUBCASE("written by vobject") {
        auto events = parse("vobject.ics", window("2026-10-01T00:00:00Z", "2027-06-01T00:00:00Z"));
        check_times(titled(events.items, "Day of action for the dockers"),
                    {{"2026-11-21T00:00:00Z", "2026-11-22T00:00:00Z"}});
    }
}

TEST_CASE("zones the file does not define come from the system's database, and Windows names from ICU") {
    SUBCASE("America/Caracas: UTC-4 since May 2016") {
        auto events = parse("campaign.ics", window("2026-10-01T00:00:00Z", "2027-06-01T00:00:00Z"));
        auto call = titled(events.items, "Video call with the workers' council in Valencia");
        check_times(call, {{"2026-11-10T22:00:00Z", "2026-11-10T23:30:00Z"}});
        CHECK(call[0].place == "Online");
    }
    SUBCASE("America/Caracas: UTC-4:30 in 2015") {
        auto events = parse("campaign.ics", window("2015-01-01T00:00:00Z", "2016-01-01T00:00:00Z"));
        check_times(events.items, {{"2015-11-10T22:30:00Z", "2015-11-11T00:00:00Z"}});
        CHECK(events.items[0].title == "Video call with the workers' council (2015)");
    }
    SUBCASE("\"Romance Standard Time\" is Europe/Paris, UTC+1 in November") {
        auto events = parse("campaign.ics", window("2026-10-01T00:00:00Z", "2027-06-01T00:00:00Z"));
        check_times(titled(events.items, "Meeting with the Paris committee"),
                    {{"2026-11-17T17:00:00Z", "2026-11-17T18:00:00Z"}});
    }
}

TEST_CASE("the window takes what overlaps it: begun before and still on, but not ended at its start") {
    auto events = parse("campaign.ics", window("2026-11-01T00:00:00Z", "2026-11-08T00:00:00Z"));
    std::vector<std::string> got;
    for (const Item& i : events.items) got.push_back(format_iso8601_utc(*i.starts) + " " + i.title);
    CHECK(got == std::vector<std::string>{
                     "2026-10-31T10:00:00Z Occupation vigil",  // until 2 Nov 10:00Z
                     "2026-11-01T16:00:00Z Film club: documentaries from the occupied factories",
                     "2026-11-04T19:00:00Z Weekly organising meeting",
                     "2026-11-05T19:30:00Z Public meeting: workers' control in Valencia",
                     "2026-11-07T10:00:00Z Leafleting at the market",
                     "2026-11-07T12:00:00Z Picket outside the embassy",
                 });

    // An event that ends when the window opens, or starts when it closes, is not in it.
    auto edges = parse("campaign.ics", window("2026-11-02T10:00:00Z", "2026-11-07T12:00:00Z"));
    CHECK(titled(edges.items, "Occupation vigil").empty());
    CHECK(titled(edges.items, "Picket outside the embassy").empty());
    CHECK(titled(edges.items, "Leafleting at the market").size() == 1);
}

TEST_CASE("DURATION gives the end, and a DATE-TIME without DTEND lasts no time") {
    auto events = parse("campaign.ics", window("2026-11-08T00:00:00Z", "2026-12-01T00:00:00Z"));
    auto workshop = titled(events.items, "Banner-making workshop");
    check_times(workshop, {{"2026-11-08T14:00:00Z", "2026-11-08T17:00:00Z"}});
    CHECK(workshop[0].published == utc("2026-10-20T08:30:00Z"));  // LAST-MODIFIED, not DTSTAMP
    auto appeal = titled(events.items, "Strike fund appeal closes");
    check_times(appeal, {{"2026-11-30T23:59:00Z", "2026-11-30T23:59:00Z"}});
    CHECK(appeal[0].link == "https://valencia-solidarity.example.org/donate/");
    CHECK_FALSE(appeal[0].published);
}

TEST_CASE("occurrences come out sorted by start, each with its own id") {
    auto events = parse("campaign.ics", window("2026-10-01T00:00:00Z", "2027-06-01T00:00:00Z"));
    // weekly, monthly, pickets, film club, socials, then one each: day of action, caravan,
    // Valencia call, Paris, market, vigil, workshop, appeal.
    CHECK(events.items.size() == 26 + 5 + 7 + 6 + 3 + 8);
    CHECK(std::is_sorted(events.items.begin(), events.items.end(),
                         [](const Item& a, const Item& b) { return *a.starts < *b.starts; }));
    std::set<std::string> ids;
    for (const Item& i : events.items) ids.insert(i.id);
    CHECK(ids.size() == events.items.size());
}

TEST_CASE("RANGE=THISANDFUTURE changes the occurrence it names and every later one") {
    auto events = parse("rules.ics", window("2026-11-01T00:00:00Z", "2027-01-01T00:00:00Z"));
    auto stalls = titled(events.items, "Saturday stall");
    check_times(stalls, {{"2026-11-07T10:00:00Z", "2026-11-07T12:00:00Z"},
                         {"2026-11-14T10:00:00Z", "2026-11-14T12:00:00Z"},
                         {"2026-11-21T11:00:00Z", "2026-11-21T13:00:00Z"},
                         {"2026-11-28T11:00:00Z", "2026-11-28T13:00:00Z"},
                         {"2026-12-05T11:00:00Z", "2026-12-05T13:00:00Z"},
                         {"2026-12-12T11:00:00Z", "2026-12-12T13:00:00Z"}});
    CHECK(stalls[1].place == "Lower Marsh market");
    CHECK(stalls[2].place == "Outside Brixton station");
    CHECK(stalls[5].place == "Outside Brixton station");
    CHECK(stalls[5].id == "saturday-stall" + uid_suffix + "/2026-12-12T10:00:00Z");
}

TEST_CASE(
    "an all-day series' occurrence moved by a date-time RECURRENCE-ID at midnight, as Exchange writes it, "
    "is shown once, on its new day") {
    // exchange.ics: Thursdays from 3 December, six times; 10 December moved to the 11th
    // (RECURRENCE-ID;TZID=...:20261210T000000), 24 December to the 23rd
    // (RECURRENCE-ID:20261223T230000Z, Paris's midnight), 31 December deleted (EXDATE at
    // midnight with a TZID).
    const std::string uid = "strike-collection" + uid_suffix;
    SUBCASE("London") {
        auto events = parse("exchange.ics", window("2026-12-01T00:00:00Z", "2027-01-15T00:00:00Z"));
        REQUIRE(events.problems.empty());
        check_times(events.items, {{"2026-12-03T00:00:00Z", "2026-12-04T00:00:00Z"},
                                   {"2026-12-11T00:00:00Z", "2026-12-12T00:00:00Z"},
                                   {"2026-12-17T00:00:00Z", "2026-12-18T00:00:00Z"},
                                   {"2026-12-23T00:00:00Z", "2026-12-24T00:00:00Z"},
                                   {"2027-01-07T00:00:00Z", "2027-01-08T00:00:00Z"}});
        CHECK(events.items[0].title == "Collection for the strike fund");
        CHECK(events.items[1].title == "Collection for the strike fund (Friday this week)");
        CHECK(events.items[3].title == "Collection for the strike fund (before Christmas)");
        for (const Item& i : events.items) CHECK(i.all_day);
        // Moved occurrences keep the id of the day they replace.
        CHECK(events.items[1].id == uid + "/2026-12-10");
        CHECK(events.items[3].id == uid + "/2026-12-24");
        CHECK(events.items[4].id == uid + "/2027-01-07");
    }
    SUBCASE("Paris, where 23:00Z is midnight") {
        auto events = parse("exchange.ics", window("2026-12-01T00:00:00Z", "2027-01-15T00:00:00Z", "Europe/Paris"));
        check_times(events.items, {{"2026-12-02T23:00:00Z", "2026-12-03T23:00:00Z"},
                                   {"2026-12-10T23:00:00Z", "2026-12-11T23:00:00Z"},
                                   {"2026-12-16T23:00:00Z", "2026-12-17T23:00:00Z"},
                                   {"2026-12-22T23:00:00Z", "2026-12-23T23:00:00Z"},
                                   {"2027-01-06T23:00:00Z", "2027-01-07T23:00:00Z"}});
    }
    SUBCASE("New York, where 23:00Z is 18:00 the day before: the nearest midnight") {
        auto events = parse("exchange.ics", window("2026-12-01T00:00:00Z", "2027-01-15T00:00:00Z", "America/New_York"));
        check_times(events.items, {{"2026-12-03T05:00:00Z", "2026-12-04T05:00:00Z"},
                                   {"2026-12-11T05:00:00Z", "2026-12-12T05:00:00Z"},
                                   {"2026-12-17T05:00:00Z", "2026-12-18T05:00:00Z"},
                                   {"2026-12-23T05:00:00Z", "2026-12-24T05:00:00Z"},
                                   {"2027-01-07T05:00:00Z", "2027-01-08T05:00:00Z"}});
    }
}

TEST_CASE("an all-day event whose rule repeats within the day costs its steps, not its dates") {
    // libical steps through every second (hour) of the day and gives the same date at each:
    // a fuzzer's input of this shape once held the worker for a minute.
    auto events = parse("allday.ics", window("2026-11-15T00:00:00Z", "2026-11-29T00:00:00Z"));
    CHECK(titled(events.items, "Day of action for the dockers").empty());
    auto vigil = titled(events.items, "Vigil at the gates");
    REQUIRE(vigil.size() == 14);  // each day of the window once
    CHECK(format_iso8601_utc(*vigil.front().starts) == "2026-11-15T00:00:00Z");
    CHECK(format_iso8601_utc(*vigil.back().starts) == "2026-11-28T00:00:00Z");
    CHECK(vigil.front().all_day);
    const auto said = problems(events);
    REQUIRE(said.size() == 1);
    CHECK(said[0].find("event \"Day of action for the dockers\": its RRULE \"FREQ=SECONDLY\" takes about") !=
          std::string::npos);
    CHECK(said[0].find("more than 50000; the event is left out") != std::string::npos);
}

TEST_CASE("runaway rules are capped, and one whose walk to the window is too long is refused by its cost") {
    auto options = window("2026-11-01T00:00:00Z", "2026-11-08T00:00:00Z");
    auto events = parse("runaway.ics", options);
    auto seconds = titled(events.items, "Every second");
    REQUIRE(seconds.size() == 1000);
    CHECK(format_iso8601_utc(*seconds.front().starts) == "2026-11-01T09:00:00Z");
    CHECK(format_iso8601_utc(*seconds.back().starts) == "2026-11-01T09:16:39Z");
    auto minutes = titled(events.items, "Every minute");
    REQUIRE(minutes.size() == 1000);
    CHECK(format_iso8601_utc(*minutes.back().starts) == "2026-11-03T01:39:00Z");
    CHECK(titled(events.items, "Every second since 1990").empty());
    check_times(titled(events.items, "Weekly stall"), {{"2026-11-07T10:00:00Z", "2026-11-07T12:00:00Z"}});
    CHECK(problems(events) ==
          std::vector<std::string>{
              origin + ":5: event \"Every second\": only its first 1000 occurrences in the window are shown; a rule "
                       "that repeats this often is probably a mistake in the calendar",
              origin + ":12: event \"Every minute\": only its first 1000 occurrences in the window are shown; a rule "
                       "that repeats this often is probably a mistake in the calendar",
              // From 1990 to the window, a step a second.
              origin + ":20: event \"Every second since 1990\": its RRULE \"FREQ=SECONDLY\" takes about 1162340201 "
                       "steps to work out from its start to the window's end, more than 50000; the event is left "
                       "out; write it as a DAILY or WEEKLY rule with BYHOUR and BYMINUTE, such as "
                       "\"RRULE:FREQ=WEEKLY;BYDAY=SA;BYHOUR=10,11,12\"",
          });

    options.max_items = 1500;
    auto capped = parse("runaway.ics", options);
    CHECK(capped.items.size() == 1500);
    CHECK(capped.problems.back().what == "2001 occurrences in the window; only the first 1500 are kept");
}

TEST_CASE("a broken event is left out with a reason and the others are shown") {
    auto events = parse("broken.ics", window("2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z"));
    std::vector<std::string> got;
    for (const Item& i : events.items) got.push_back(format_iso8601_utc(*i.starts) + " " + i.title);
    CHECK(got == std::vector<std::string>{
                     "2026-11-07T12:00:00Z Picket outside the embassy",
                     // An unknown TZID: the time as written, in the display's zone.
                     "2026-11-09T18:00:00Z Call with the comrades on Mars",
                     "2026-11-27T20:00:00Z Solidarity social",
                 });
    const std::string fix =
        "the calendar's other events are shown; correct this one in the calendar program that "
        "publishes it";
    CHECK(problems(events) ==
          std::vector<std::string>{
              origin +
                  ":12: event \"Fortnightly meeting\": its RRULE cannot be read: \"RRULE:FREQ=FORTNIGHTLY\"; "
                  "the event is left out; " +
                  fix,
              origin +
                  ":19: event \"Screening\": its DTSTART cannot be read: "
                  "\"DTSTART;TZID=Europe/London:2026-11-06 19:00\"; the event is left out; " +
                  fix,
              origin + ":25: event \"Call with the comrades on Mars\": unknown time zone \"Mars/Olympus_Mons\": its "
                       "times are taken as the display's local time; add the VTIMEZONE to the calendar, or use a "
                       "zone database name such as \"Europe/London\"",
          });
}

TEST_CASE("what is no calendar gives one error naming the source and what it is") {
    struct Case {
        std::string name;
        std::string text;
        std::string what;
        std::string hint;
    };
    const std::string check_url =
        "check the source's url in the playlist; it should point at the calendar's iCal address, often ending in .ics";
    const std::string web_page =
        "the address gives a web page; use the calendar's iCal export or subscription link "
        "instead (often ending in .ics)";
    const std::vector<Case> cases = {
        {"empty", "", "the calendar is empty: not an iCalendar file", check_url},
        {"blank", " \r\n\n", "the calendar is empty: not an iCalendar file", check_url},
        {"an HTML page", test::read_file(test::data_path("feeds/html_page.html")),
         "not an iCalendar file: it starts with <!DOCTYPE html>", web_page},
        {"a 503 page", test::read_file(test::data_path("feeds/nginx_503.html")),
         "not an iCalendar file: it starts with <html>", web_page},
        {"JSON", test::read_file(test::data_path("feeds/not_xml.json")),
         "not an iCalendar file: it starts with {\"code\":\"rest_no_route\",\"message\":\"No route was found…",
         check_url},
        {"an RSS feed", test::read_file(test::data_path("feeds/wordpress.xml")),
         "not an iCalendar file: it starts with <?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"",
         check_url},
        {"a vCard", "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dewi Hartono\r\nEND:VCARD\r\n",
         "an address book (vCard), not an iCalendar file", check_url},
        {"binary", std::string("BEGIN:VCALENDAR\0\x01\x02", 18), "binary data, not an iCalendar file", check_url},
        {"cut short", fixture("truncated.ics"), "the calendar ends too early: no END:VCALENDAR after line 93",
         "the download was cut short or the site stopped writing the calendar; it is fetched again at the next "
         "refresh"},
    };
    for (const Case& c : cases) {
        INFO(c.name);
        auto events = parse_ical(c.text, window("2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z"));
        REQUIRE_FALSE(events);
        CHECK(events.error().where == origin);
        CHECK(events.error().what == c.what);
        CHECK(events.error().hint == c.hint);
    }
}

TEST_CASE("a calendar without events yields none, and an unknown display zone is an error") {
    const std::string empty = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//\r\nEND:VCALENDAR\r\n";
    auto none = parse_ical(empty, window("2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z"));
    REQUIRE(none);
    CHECK(none->items.empty());
    CHECK(none->problems.empty());

    auto bad_zone = parse_ical(empty, window("2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z", "Europe/Londres"));
    REQUIRE_FALSE(bad_zone);
    CHECK(bad_zone.error().what == "unknown display time zone \"Europe/Londres\"");
}

TEST_CASE("a DTSTART the rule does not match is its first occurrence, and COUNT counts it") {
    // Tuesday 3 Nov, then Thursdays: COUNT=3 is 3, 5 and 12 November.
    auto events = parse("rules.ics", window("2026-11-01T00:00:00Z", "2027-01-01T00:00:00Z"));
    check_times(titled(events.items, "Fundraising quiz"), {{"2026-11-03T19:00:00Z", "2026-11-03T21:00:00Z"},
                                                           {"2026-11-05T19:00:00Z", "2026-11-05T21:00:00Z"},
                                                           {"2026-11-12T19:00:00Z", "2026-11-12T21:00:00Z"}});
}

// Found by tests/fuzz/ical_fuzz.cpp; the inputs are in tests/data/fuzz-regressions/ical/.
TEST_CASE("bytes that are not UTF-8 in a UID or a TZID reach ids and problems as U+FFFD") {
    const std::string text = test::read_file(test::data_path("fuzz-regressions/ical/latin1-uid-and-tzid.ics"));
    auto events = parse_ical(text, window("2026-11-01T00:00:00Z", "2027-01-01T00:00:00Z"));
    REQUIRE(events);
    REQUIRE(events->items.size() == 1);
    CHECK(events->items[0].id == "caf\xEF\xBF\xBD-social@hall.example/2026-11-07T19:00:00Z");
    CHECK(events->items[0].title == "Caf\xEF\xBF\xBD social");
    CHECK(problems(*events) ==
          std::vector<std::string>{
              origin + ":4: event \"Caf\xEF\xBF\xBD social\": unknown time zone \"Europe/Z\xEF\xBF\xBDrich\": its "
                       "times are taken as the display's local time; add the VTIMEZONE to the calendar, or use a "
                       "zone database name such as \"Europe/London\""});
}

TEST_CASE("a rule is refused by the steps it takes or because no day it names exists, and quickly") {
    // libical would walk FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=30 an hour at a time to the year
    // 2582 (10 s), FREQ=SECONDLY;BYHOUR=9 so for days, and look for the first month with
    // a 31 April until the year 20000.
    const std::string text = test::read_file(test::data_path("fuzz-regressions/ical/rules-that-never-match.ics"));
    const auto began = std::chrono::steady_clock::now();
    auto events = parse_ical(text, window("2026-11-01T00:00:00Z", "2027-01-01T00:00:00Z"));
    CHECK(std::chrono::steady_clock::now() - began < 1s);
    REQUIRE(events);
    // Hourly on Saturdays only is quick: a week at most between two matches.
    check_times(events->items, {{"2026-11-07T10:00:00Z", "2026-11-07T10:00:00Z"},
                                {"2026-11-07T11:00:00Z", "2026-11-07T11:00:00Z"},
                                {"2026-11-14T10:00:00Z", "2026-11-14T10:00:00Z"},
                                {"2026-11-14T11:00:00Z", "2026-11-14T11:00:00Z"}});
    const std::string fix =
        "the calendar's other events are shown; correct this one in the calendar program that publishes it";
    CHECK(problems(events.value()) ==
          std::vector<std::string>{
              origin +
                  ":4: event \"Every hour on 30 February\": its RRULE \"FREQ=HOURLY;BYMONTHDAY=30;BYMONTH=2\": "
                  "it has no occurrence in the 60 years after its start; the event is left out; " +
                  fix,
              // 64 days (to the window's end and its margin), a step a second.
              origin + ":10: event \"Every second of Saturday mornings\": its RRULE "
                       "\"FREQ=SECONDLY;COUNT=10;BYHOUR=9,10,11;BYDAY=SA\" takes about 5497201 steps to work out from "
                       "its start to the window's end, more than 50000; the event is left out; write it as a DAILY or "
                       "WEEKLY rule with BYHOUR and BYMINUTE, such as \"RRULE:FREQ=WEEKLY;BYDAY=SA;BYHOUR=10,11,12\"",
              origin +
                  ":16: event \"Meeting on 31 April\": its RRULE \"FREQ=MONTHLY;BYMONTHDAY=31;BYMONTH=4,6\": "
                  "it has no occurrence in the 60 years after its start; the event is left out; " +
                  fix,
          });
}

TEST_CASE("a MONTHLY or YEARLY rule whose day never comes is refused at once, not searched for until the year 20000") {
    // libical looks for the first month holding an occurrence without a look at UNTIL:
    // 2 s for the sixth Monday. The fifth Monday of February comes (29 February 2044): that
    // rule stands, and its DTSTART is in the window.
    const std::string text = test::read_file(test::data_path("fuzz-regressions/ical/months-that-never-come.ics"));
    auto events = parse_ical(text, window("2026-11-01T00:00:00Z", "2027-12-01T00:00:00Z"));
    REQUIRE(events);
    if (sizeof(std::time_t) < 8) {
        // 32-bit time_t (armhf): libical cannot reach 2044, so that rule is refused too.
        MESSAGE("32-bit time_t: the fifth Monday of February 2044 is beyond 2038");
        return;
    }
    REQUIRE(events->items.size() == 1);
    CHECK(events->items[0].id == "fifth-monday-of-february@hall.example/2026-11-02T18:00:00Z");
    const std::string fix =
        "it has no occurrence in the 60 years after its start; the event is left out; the calendar's other events are "
        "shown; correct this one in the calendar program that publishes it";
    CHECK(problems(*events) ==
          std::vector<std::string>{
              origin +
                  ":4: event \"The sixth Monday of the month\": its RRULE \"FREQ=MONTHLY;BYDAY=MO;BYSETPOS=6\": " + fix,
              origin +
                  ":10: event \"Every year on day 200, in January\": its RRULE "
                  "\"FREQ=YEARLY;BYYEARDAY=200;BYMONTH=1\": " +
                  fix,
              origin +
                  ":16: event \"Every twelve months from January, in February\": its RRULE "
                  "\"FREQ=MONTHLY;INTERVAL=12;BYMONTH=2\": " +
                  fix,
          });
}

TEST_CASE("however many costly rules a calendar holds, the steps taken for them all are bounded") {
    // A hundred rules of every minute from 9:00 to 9:59, each 44,641 steps over the window
    // (31 days with its margin, a step a minute): under the 50,000 of one rule, but
    // together they would take 4.5 million (about 10 s).
    std::string text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//\r\n";
    for (int i = 1; i <= 100; ++i)
        text += fmt::format(
            "BEGIN:VEVENT\r\nUID:costly-{}@hall.example\r\nSUMMARY:Costly {}\r\n"
            "DTSTART:20261101T000000Z\r\nRRULE:FREQ=MINUTELY;BYHOUR=9\r\nEND:VEVENT\r\n",
            i, i);
    text +=
        "BEGIN:VEVENT\r\nUID:social@hall.example\r\nSUMMARY:Solidarity social\r\n"
        "DTSTART:20261120T200000Z\r\nRRULE:FREQ=WEEKLY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    auto options = window("2026-11-01T00:00:00Z", "2026-11-29T00:00:00Z");
    REQUIRE(options.max_rule_steps == 200'000);
    auto events = parse_ical(text, options);
    REQUIRE(events);
    // Three rules fit, each with its 1000 occurrences (ten steps each): 3 x 54,641 of
    // 200,000; the others keep only their DTSTART. The social's rule is cheap enough for
    // what is left.
    CHECK(events->items.size() == 3 * 1000 + 97 + 2);
    CHECK(titled(events->items, "Costly 3").size() == 1000);
    check_times(titled(events->items, "Costly 4"), {{"2026-11-01T00:00:00Z", "2026-11-01T00:00:00Z"}});
    CHECK(titled(events->items, "Solidarity social").size() == 2);
    auto got = problems(*events);
    REQUIRE(got.size() == 100);
    CHECK(got[2] == origin +
                        ":16: event \"Costly 3\": only its first 1000 occurrences in the window are shown; a rule "
                        "that repeats this often is probably a mistake in the calendar");
    const std::string spent =
        ": the calendar's rules repeat too often: after 200000 repetitions of them all, its RRULE "
        "\"FREQ=MINUTELY;BYHOUR=9\" is not worked out further; a calendar with rules that repeat this often is "
        "probably a mistake";
    CHECK(got[3] == origin + ":22: event \"Costly 4\"" + spent);
    CHECK(got[99] == origin + ":598: event \"Costly 100\"" + spent);
}

namespace {

// An instant as a wall reading in New York, as RFC 5545's examples write them.
std::string new_york(SysTime t) {
    static icaltimezone* zone = icaltimezone_get_builtin_timezone("America/New_York");
    const auto s = std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
    icaltimetype local = icaltime_from_timet_with_zone(static_cast<time_t>(s), 0, zone);
    return fmt::format("{:04}{:02}{:02}T{:02}{:02}{:02}", local.year, local.month, local.day, local.hour, local.minute,
                       local.second);
}

}  // namespace

TEST_CASE("the recurrence rules of RFC 5545's examples (3.8.5.3) expand to the occurrences it lists") {
    struct Case {
        const char* name;
        const char* dtstart;  // in America/New_York
        const char* rule;
        const char* until;                  // the window's end, chosen after the last occurrence listed
        std::vector<std::string> expected;  // local; a date alone is at 09:00
    };
    const std::string hours = "9,10,11,12,13,14,15,16";
    std::vector<std::string> every_20_minutes;
    for (int h = 9; h <= 16; ++h)
        for (int m = 0; m < 60; m += 20) every_20_minutes.push_back(fmt::format("19970902T{:02}{:02}00", h, m));
    for (const char* t : {"19970903T090000", "19970903T092000", "19970903T094000"}) every_20_minutes.push_back(t);
    const std::string minutely_20 = "FREQ=MINUTELY;INTERVAL=20;BYHOUR=" + hours;
    const std::string daily_20 = "FREQ=DAILY;BYHOUR=" + hours + ";BYMINUTE=0,20,40";
    const std::vector<Case> cases = {
        {"Daily for 10 occurrences",
         "19970902T090000",
         "FREQ=DAILY;COUNT=10",
         "1998-01-01T00:00:00Z",
         {"19970902", "19970903", "19970904", "19970905", "19970906", "19970907", "19970908", "19970909", "19970910",
          "19970911"}},
        {"Every other day",
         "19970902T090000",
         "FREQ=DAILY;INTERVAL=2",
         "1997-09-11T00:00:00Z",
         {"19970902", "19970904", "19970906", "19970908", "19970910"}},
        {"Every 10 days, 5 occurrences",
         "19970902T090000",
         "FREQ=DAILY;INTERVAL=10;COUNT=5",
         "1998-01-01T00:00:00Z",
         {"19970902", "19970912", "19970922", "19971002", "19971012"}},
        {"Every day in January (yearly)",
         "19980101T090000",
         "FREQ=YEARLY;UNTIL=20000131T140000Z;BYMONTH=1;BYDAY=SU,MO,TU,WE,TH,FR,SA",
         "1998-01-04T00:00:00Z",
         {"19980101", "19980102", "19980103"}},
        {"Every day in January (daily)",
         "19980101T090000",
         "FREQ=DAILY;UNTIL=20000131T140000Z;BYMONTH=1",
         "1998-01-04T00:00:00Z",
         {"19980101", "19980102", "19980103"}},
        {"Weekly for 10 occurrences",
         "19970902T090000",
         "FREQ=WEEKLY;COUNT=10",
         "1998-01-01T00:00:00Z",
         {"19970902", "19970909", "19970916", "19970923", "19970930", "19971007", "19971014", "19971021", "19971028",
          "19971104"}},
        {"Every other week",
         "19970902T090000",
         "FREQ=WEEKLY;INTERVAL=2;WKST=SU",
         "1997-11-01T00:00:00Z",
         {"19970902", "19970916", "19970930", "19971014", "19971028"}},
        {"Weekly on Tuesday and Thursday for five weeks",
         "19970902T090000",
         "FREQ=WEEKLY;COUNT=10;WKST=SU;BYDAY=TU,TH",
         "1998-01-01T00:00:00Z",
         {"19970902", "19970904", "19970909", "19970911", "19970916", "19970918", "19970923", "19970925", "19970930",
          "19971002"}},
        {"Every other week on Monday, Wednesday and Friday until 24 December",
         "19970901T090000",
         "FREQ=WEEKLY;INTERVAL=2;UNTIL=19971224T000000Z;WKST=SU;BYDAY=MO,WE,FR",
         "1998-01-01T00:00:00Z",
         {"19970901", "19970903", "19970905", "19970915", "19970917", "19970919", "19970929", "19971001", "19971003",
          "19971013", "19971015", "19971017", "19971027", "19971029", "19971031", "19971110", "19971112", "19971114",
          "19971124", "19971126", "19971128", "19971208", "19971210", "19971212", "19971222"}},
        {"Every other week on Tuesday and Thursday, 8 occurrences",
         "19970902T090000",
         "FREQ=WEEKLY;INTERVAL=2;COUNT=8;WKST=SU;BYDAY=TU,TH",
         "1998-01-01T00:00:00Z",
         {"19970902", "19970904", "19970916", "19970918", "19970930", "19971002", "19971014", "19971016"}},
        {"Monthly on the first Friday, 10 occurrences",
         "19970905T090000",
         "FREQ=MONTHLY;COUNT=10;BYDAY=1FR",
         "1999-01-01T00:00:00Z",
         {"19970905", "19971003", "19971107", "19971205", "19980102", "19980206", "19980306", "19980403", "19980501",
          "19980605"}},
        {"Every other month on the first and last Sunday",
         "19970907T090000",
         "FREQ=MONTHLY;INTERVAL=2;COUNT=10;BYDAY=1SU,-1SU",
         "1999-01-01T00:00:00Z",
         {"19970907", "19970928", "19971102", "19971130", "19980104", "19980125", "19980301", "19980329", "19980503",
          "19980531"}},
        {"Monthly on the second-to-last Monday for 6 months",
         "19970922T090000",
         "FREQ=MONTHLY;COUNT=6;BYDAY=-2MO",
         "1999-01-01T00:00:00Z",
         {"19970922", "19971020", "19971117", "19971222", "19980119", "19980216"}},
        {"Monthly on the third-to-last day",
         "19970928T090000",
         "FREQ=MONTHLY;BYMONTHDAY=-3",
         "1998-03-01T00:00:00Z",
         {"19970928", "19971029", "19971128", "19971229", "19980129", "19980226"}},
        {"Monthly on the 2nd and 15th, 10 occurrences",
         "19970902T090000",
         "FREQ=MONTHLY;COUNT=10;BYMONTHDAY=2,15",
         "1999-01-01T00:00:00Z",
         {"19970902", "19970915", "19971002", "19971015", "19971102", "19971115", "19971202", "19971215", "19980102",
          "19980115"}},
        {"Monthly on the first and last day, 10 occurrences",
         "19970930T090000",
         "FREQ=MONTHLY;COUNT=10;BYMONTHDAY=1,-1",
         "1999-01-01T00:00:00Z",
         {"19970930", "19971001", "19971031", "19971101", "19971130", "19971201", "19971231", "19980101", "19980131",
          "19980201"}},
        {"Every 18 months on the 10th to the 15th, 10 occurrences",
         "19970910T090000",
         "FREQ=MONTHLY;INTERVAL=18;COUNT=10;BYMONTHDAY=10,11,12,13,14,15",
         "2000-01-01T00:00:00Z",
         {"19970910", "19970911", "19970912", "19970913", "19970914", "19970915", "19990310", "19990311", "19990312",
          "19990313"}},
        {"Every Tuesday, every other month",
         "19970902T090000",
         "FREQ=MONTHLY;INTERVAL=2;BYDAY=TU",
         "1998-02-01T00:00:00Z",
         {"19970902", "19970909", "19970916", "19970923", "19970930", "19971104", "19971111", "19971118", "19971125",
          "19980106", "19980113", "19980120", "19980127"}},
        {"Yearly in June and July, 10 occurrences",
         "19970610T090000",
         "FREQ=YEARLY;COUNT=10;BYMONTH=6,7",
         "2002-01-01T00:00:00Z",
         {"19970610", "19970710", "19980610", "19980710", "19990610", "19990710", "20000610", "20000710", "20010610",
          "20010710"}},
        {"Every other year in January, February and March, 10 occurrences",
         "19970310T090000",
         "FREQ=YEARLY;INTERVAL=2;COUNT=10;BYMONTH=1,2,3",
         "2004-01-01T00:00:00Z",
         {"19970310", "19990110", "19990210", "19990310", "20010110", "20010210", "20010310", "20030110", "20030210",
          "20030310"}},
        {"Every third year on the 1st, 100th and 200th day, 10 occurrences",
         "19970101T090000",
         "FREQ=YEARLY;INTERVAL=3;COUNT=10;BYYEARDAY=1,100,200",
         "2007-01-01T00:00:00Z",
         {"19970101", "19970410", "19970719", "20000101", "20000409", "20000718", "20030101", "20030410", "20030719",
          "20060101"}},
        {"Every 20th Monday of the year",
         "19970519T090000",
         "FREQ=YEARLY;BYDAY=20MO",
         "2000-01-01T00:00:00Z",
         {"19970519", "19980518", "19990517"}},
        {"Monday of week number 20",
         "19970512T090000",
         "FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO",
         "2000-01-01T00:00:00Z",
         {"19970512", "19980511", "19990517"}},
        {"Every Thursday in March",
         "19970313T090000",
         "FREQ=YEARLY;BYMONTH=3;BYDAY=TH",
         "2000-01-01T00:00:00Z",
         {"19970313", "19970320", "19970327", "19980305", "19980312", "19980319", "19980326", "19990304", "19990311",
          "19990318", "19990325"}},
        {"Every Thursday in June, July and August",
         "19970605T090000",
         "FREQ=YEARLY;BYDAY=TH;BYMONTH=6,7,8",
         "1998-01-01T00:00:00Z",
         {"19970605", "19970612", "19970619", "19970626", "19970703", "19970710", "19970717", "19970724", "19970731",
          "19970807", "19970814", "19970821", "19970828"}},
        {"The first Saturday after the first Sunday of the month",
         "19970913T090000",
         "FREQ=MONTHLY;BYDAY=SA;BYMONTHDAY=7,8,9,10,11,12,13",
         "1998-07-01T00:00:00Z",
         {"19970913", "19971011", "19971108", "19971213", "19980110", "19980207", "19980307", "19980411", "19980509",
          "19980613"}},
        {"Every 4 years, the first Tuesday after a Monday in November",
         "19961105T090000",
         "FREQ=YEARLY;INTERVAL=4;BYMONTH=11;BYDAY=TU;BYMONTHDAY=2,3,4,5,6,7,8",
         "2005-01-01T00:00:00Z",
         {"19961105", "20001107", "20041102"}},
        {"The third Tuesday, Wednesday or Thursday of the month, 3 months",
         "19970904T090000",
         "FREQ=MONTHLY;COUNT=3;BYDAY=TU,WE,TH;BYSETPOS=3",
         "1999-01-01T00:00:00Z",
         {"19970904", "19971007", "19971106"}},
        {"The second-to-last weekday of the month",
         "19970929T090000",
         "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-2",
         "1998-04-01T00:00:00Z",
         {"19970929", "19971030", "19971127", "19971230", "19980129", "19980226", "19980330"}},
        // The RFC lists 15:00 too, but its UNTIL, 17:00 UTC, is 13:00 in New York (EDT).
        {"Every 3 hours from 9:00 to 17:00 on one day",
         "19970902T090000",
         "FREQ=HOURLY;INTERVAL=3;UNTIL=19970902T170000Z",
         "1998-01-01T00:00:00Z",
         {"19970902T090000", "19970902T120000"}},
        {"Every 15 minutes, 6 occurrences",
         "19970902T090000",
         "FREQ=MINUTELY;INTERVAL=15;COUNT=6",
         "1998-01-01T00:00:00Z",
         {"19970902T090000", "19970902T091500", "19970902T093000", "19970902T094500", "19970902T100000",
          "19970902T101500"}},
        {"Every hour and a half, 4 occurrences",
         "19970902T090000",
         "FREQ=MINUTELY;INTERVAL=90;COUNT=4",
         "1998-01-01T00:00:00Z",
         {"19970902T090000", "19970902T103000", "19970902T120000", "19970902T133000"}},
        {"Every 20 minutes from 9:00 to 16:40 (daily)", "19970902T090000", daily_20.c_str(), "1997-09-03T14:00:00Z",
         every_20_minutes},
        {"Every 20 minutes from 9:00 to 16:40 (minutely)", "19970902T090000", minutely_20.c_str(),
         "1997-09-03T14:00:00Z", every_20_minutes},
        {"WKST=MO",
         "19970805T090000",
         "FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO",
         "1998-01-01T00:00:00Z",
         {"19970805", "19970810", "19970819", "19970824"}},
        {"WKST=SU",
         "19970805T090000",
         "FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU",
         "1998-01-01T00:00:00Z",
         {"19970805", "19970817", "19970819", "19970831"}},
        {"An invalid date (30 February) is ignored",
         "20070115T090000",
         "FREQ=MONTHLY;BYMONTHDAY=15,30;COUNT=5",
         "2008-01-01T00:00:00Z",
         {"20070115", "20070130", "20070215", "20070315", "20070330"}},
    };
    for (const Case& c : cases) {
        const std::string name = fmt::format("{}: RRULE:{}", c.name, c.rule);
        INFO(name);
        const std::string text = fmt::format(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//\r\nBEGIN:VEVENT\r\nUID:example@rfc5545\r\n"
            "SUMMARY:{}\r\nDTSTART;TZID=America/New_York:{}\r\nRRULE:{}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
            c.name, c.dtstart, c.rule);
        auto events = parse_ical(text, window("1996-01-01T00:00:00Z", c.until, "America/New_York"));
        REQUIRE(events);
        CHECK(problems(*events).empty());
        std::vector<std::string> got;
        for (const Item& i : events->items) got.push_back(new_york(*i.starts));
        std::vector<std::string> expected;
        for (const std::string& e : c.expected) expected.push_back(e.size() == 8 ? e + "T090000" : e);
        const std::string listed = fmt::format("got {}", fmt::join(got, " "));
        INFO(listed);
        CHECK(got == expected);
    }

    // Every Friday the 13th: DTSTART, not a Friday the 13th, left out by its EXDATE.
    const std::string friday = fmt::format(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//\r\nBEGIN:VEVENT\r\nUID:friday@rfc5545\r\n"
        "SUMMARY:Every Friday the 13th\r\nDTSTART;TZID=America/New_York:19970902T090000\r\n"
        "EXDATE;TZID=America/New_York:19970902T090000\r\nRRULE:FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n");
    auto events = parse_ical(friday, window("1996-01-01T00:00:00Z", "2001-01-01T00:00:00Z", "America/New_York"));
    REQUIRE(events);
    std::vector<std::string> got;
    for (const Item& i : events->items) got.push_back(new_york(*i.starts));
    CHECK(got == std::vector<std::string>{"19980213T090000", "19980313T090000", "19981113T090000", "19990813T090000",
                                          "20001013T090000"});
}
