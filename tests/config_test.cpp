#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "config/load.hpp"
#include "config/suggest.hpp"
#include "config/text_position.hpp"
#include "kinds/kinds.hpp"
#include "support/test_support.hpp"
#include "util/time.hpp"

using namespace placard;
using namespace placard::config;
using placard::kinds::load_playlist;
using placard::kinds::load_playlist_file;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

fs::path config_data(const std::string& relative) {
    return test::data_path("config") / relative;
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
    for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
        s.replace(at, from.size(), to);
    return s;
}

// The problems as an organizer reads them, with the fixture's folder shown as DIR.
std::vector<std::string> problem_lines(const LoadResult& result, const fs::path& file) {
    std::vector<std::string> lines;
    for (Problem p : result.problems) {
        CHECK(p.file == file.string());
        p.file = file.filename().string();
        lines.push_back(replace_all(format(p), file.parent_path().string(), "DIR"));
    }
    return lines;
}

std::string text_problems(const std::string& text) {
    std::string lines;
    for (const auto& p : load_playlist(text, "hall.json").problems) lines += format(p) + "\n";
    return lines;
}

// One line each, so that a failed check shows the text.
std::string joined(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& line : lines) out += line + "\n";
    return out;
}

// Runs tests/schema_check.py over `files` and returns which of them it found valid.
std::set<std::string> schema_accepts(const std::vector<fs::path>& files, std::string* output) {
    std::string command = std::string(PLACARD_PYTHON) + " " + PLACARD_SOURCE_DIR + "/tests/schema_check.py " +
                          PLACARD_SOURCE_DIR + "/config/playlist.schema.json";
    for (const auto& f : files) command += " '" + f.string() + "'";
    const int status = test::run_command(command, output);
    REQUIRE(status >= 0);
    REQUIRE(status <= 1);
    std::set<std::string> ok;
    for (const auto& f : files) {
        if (output->find(f.string() + ": ok\n") != std::string::npos) ok.insert(f.string());
    }
    return ok;
}

struct Mistake {
    const char* fixture;  // in tests/data/config/mistakes/
    bool schema_rejects;  // false: beyond what JSON Schema can say (files, source names, ranges of durations...)
    std::vector<std::string> problems;
};

const std::vector<Mistake>& mistakes() {
    static const std::vector<Mistake> all = {
        {"duration.json",
         true,
         {"duration.json:14:19: $.slides[2].duration: \"10 seconds\" is not a duration; write a number with a unit, "
          "such as \"10s\", \"15m\" or \"1h30m\""}},
        {"key_typo.json",
         true,
         {"key_typo.json:6:7: $.slides[1].tpye: unknown key \"tpye\"; did you mean \"type\"?",
          "key_typo.json:10:7: $.slides[1].duraton: unknown key \"duraton\"; did you mean \"duration\"?",
          "key_typo.json:13:3: $.slide: unknown key \"slide\"; did you mean \"slides\"?"}},
        {"slide_type.json",
         true,
         {"slide_type.json:7:15: $.slides[0].type: unknown slide type \"report\"; did you mean \"reports\"? "
          "(one of image, pdf, web, reports, events, messages, text, donate, clock, video)",
          "slide_type.json:8:15: $.slides[1].type: unknown slide type \"poster\"; write one of image, pdf, web, "
          "reports, events, "
          "messages, text, donate, clock, video"}},
        {"wrong_json_types.json",
         true,
         {"wrong_json_types.json:2:14: $.version: expected the number 1, found the string \"1\"",
          "wrong_json_types.json:4:77: $.sources.news.refresh: expected a string such as \"15m\", found the number 15",
          "wrong_json_types.json:7:53: $.slides[0].count: expected a whole number from 1 to 20, found the string \"3\"",
          "wrong_json_types.json:7:64: $.slides[0].qr: expected true or false, found the string \"yes\"",
          "wrong_json_types.json:8:32: $.slides[1].title: expected a string such as \"Our aims\", found the number "
          "2026",
          "wrong_json_types.json:8:46: $.slides[1].body: expected a string such as \"A paragraph of text\", found an "
          "array"}},
        {"missing_parts.json",
         true,
         {"missing_parts.json:1:1: $: a playlist needs \"version\": 1 (the format it is written in)",
          "missing_parts.json:1:1: $: a playlist needs \"slides\": an array of slides, such as "
          "[{ \"type\": \"text\", \"title\": \"Welcome\", \"body\": \"...\" }]"}},
        {"no_slides.json",
         true,
         {"no_slides.json:3:13: $.slides: no slides: a playlist needs at least one, such as "
          "{ \"type\": \"text\", \"title\": \"Welcome\", \"body\": \"...\" }"}},
        {"version.json",
         true,
         {"version.json:2:14: $.version: version 2 is not supported: this placard reads version 1; write "
          "\"version\": 1 or update placard"}},
        {"not_an_object.json",
         true,
         {"not_an_object.json:1:1: $: a playlist is a JSON object, starting with {, found an array"}},
        {"missing_comma.json",
         true,
         {"missing_comma.json:4:71: $.slides: missing comma or closing bracket: write , between elements, or ] to end "
          "the array"}},
        {"source_type.json",
         true,
         {"source_type.json:4:23: $.sources.site.type: unknown source type \"wordpres\"; did you mean \"wordpress\"? "
          "(one of rss, atom, jsonfeed, ical, wordpress, folder)",
          "source_type.json:5:23: $.sources.news.type: unknown source type \"RSS\"; did you mean \"rss\"? (one of rss, "
          "atom, jsonfeed, ical, wordpress, folder)",
          "source_type.json:6:15: $.sources.photos: a source needs \"type\": \"rss\" (a feed) or \"folder\" (a folder "
          "of pictures)"}},
        {"source_location.json",
         true,
         {"source_location.json:4:66: $.sources.both.path: a source takes \"url\" or \"path\", not both: remove one",
          "source_location.json:5:16: $.sources.neither: an rss source needs \"url\" (a feed on the web, such as "
          "\"https://example.org/feed/\") or \"path\" (a file next to the playlist)",
          "source_location.json:6:37: $.sources.pictures.url: a folder source takes only \"path\", not \"url\": name a "
          "folder next to the playlist"}},
        {"source_url.json",
         true,
         {"source_url.json:4:37: $.sources.news.url: \"example.org/feed/\" is not a full web address; write it with "
          "https://, such as \"https://example.org/feed/\"",
          "source_url.json:5:36: $.sources.old.url: \"ftp://example.org/feed.xml\" is not a web address placard "
          "fetches: write one that starts with https:// or http://",
          "source_url.json:6:39: $.sources.spaced.url: \"https://example.org/our feed/\" is not a valid web address: "
          "it "
          "needs a host name and no spaces, such as \"https://example.org/feed/\""}},
        {"wordpress.json",
         true,
         {"wordpress.json:4:43: $.sources.feed.url: \"https://example.org/blog/feed/\" is a feed; a wordpress source "
          "needs the site's address, \"https://example.org/blog\" (or write \"type\": \"rss\" to read the feed)",
          "wordpress.json:5:42: $.sources.api.url: \"https://example.org/wp-json/wp/v2/posts\" is a route of the REST "
          "API; write the site's address, \"https://example.org\": placard adds the route itself",
          "wordpress.json:6:36: $.sources.file.path: a wordpress source takes \"url\", the site's address, not "
          "\"path\": it asks the site's REST API",
          "wordpress.json:7:16: $.sources.nowhere: a wordpress source needs \"url\": the site's address, such as "
          "\"https://example.org\"",
          "wordpress.json:8:81: $.sources.empty.categories: an empty list of categories keeps every post: name some, "
          "such as [\"Pickets\"], or leave out \"categories\"",
          "wordpress.json:9:81: $.sources.typed.categories: expected an array such as [\"Pickets\"], found the string "
          "\"Pickets\"",
          "wordpress.json:9:116: $.sources.typed.tags[1]: empty string: write one such as \"strike fund\"",
          "wordpress.json:10:66: $.sources.news.tags: \"tags\" goes with a wordpress source, which reads the site's "
          "REST API; an rss source shows all it holds",
          "wordpress.json:13:35: $.slides[0].source: source \"empty\" is a wordpress source, which gives reports (the "
          "site's posts) and messages (its comments); an events slide needs an ical, rss, atom or jsonfeed source"}},
        {"source_name.json",
         true,
         {"source_name.json:4:5: $.sources[\"campaign news\"]: source name \"campaign news\" may hold only letters, "
          "digits, - and _: write it as \"campaign-news\""}},
        {"source_refresh.json",
         false,
         {"source_refresh.json:4:77: $.sources.news.refresh: \"30s\" is too short: write at least \"1m\""}},
        {"source_path.json",
         false,
         {"source_path.json:4:38: $.sources.news.path: \"feeds/news.xml\" does not exist (looked for "
          "DIR/feeds/news.xml): paths are relative to the playlist's folder",
          "source_path.json:5:43: $.sources.photos.path: \"../files/poster.png\" is a file: name the folder that holds "
          "the pictures",
          "source_path.json:6:38: $.sources.feed.path: \"../files/photos\" is a folder: name a file in it"}},
        {"slide_source.json",
         true,
         {"slide_source.json:8:36: $.slides[0].source: no source named \"nwes\"; did you mean \"news\"? (sources: "
          "news, "
          "photos)",
          "slide_source.json:9:35: $.slides[1].source: source \"photos\" is a folder source; an events slide needs an "
          "rss source",
          "slide_source.json:10:34: $.slides[2].source: source \"news\" is an rss source; an image slide needs a "
          "folder "
          "source",
          "slide_source.json:11:37: $.slides[3].source: no source named \"letters\"; the sources are news, photos",
          "slide_source.json:12:5: $.slides[4]: a messages slide needs \"source\": the name of an rss source"}},
        {"no_sources.json",
         false,
         {"no_sources.json:3:45: $.slides[0].source: no source named \"news\": this playlist has no \"sources\"; add "
          "one, such as \"sources\": { \"news\": { \"type\": \"rss\", \"url\": \"https://example.org/feed/\" } }"}},
        {"misplaced_key.json",
         true,
         {"misplaced_key.json:7:62: $.slides[0].bullets: \"bullets\" does not belong on a donate slide: it is for text "
          "slides",
          "misplaced_key.json:8:43: $.slides[1].qr: \"qr\" does not belong on an events slide: it is for reports "
          "slides",
          "misplaced_key.json:9:75: $.slides[2].count: \"count\" does not belong on a text slide: it is for image, "
          "reports, events, messages and video slides"}},
        {"when_days.json",
         true,
         {"when_days.json:8:26: $.slides[0].when.days[0]: unknown day \"Monday\"; write \"mon\"",
          "when_days.json:8:36: $.slides[0].when.days[1]: unknown day \"fir\"; did you mean \"fri\"? (one of mon, tue, "
          "wed, thu, fri, sat, sun, weekdays, weekend)",
          "when_days.json:8:50: $.slides[0].when.days[3]: unknown day \"funday\"; write one of mon, tue, wed, thu, "
          "fri, "
          "sat, sun, weekdays, weekend",
          "when_days.json:10:79: $.slides[1].when.days: expected an array such as [\"sat\", \"sun\"], found the string "
          "\"weekend\"",
          "when_days.json:11:77: $.slides[2].when.days: an empty list of days never shows the slide: list days such as "
          "[\"sat\", \"sun\"], or leave out \"days\" for every day"}},
        {"when_hours.json",
         true,
         {"when_hours.json:4:80: $.slides[0].when.hours: \"18-23\" is not a span of hours; write \"HH:MM-HH:MM\", such "
          "as \"18:00-23:00\" (\"24:00\" ends at midnight; an end before the beginning goes past midnight)",
          "when_hours.json:5:93: $.slides[1].when.hours[1]: \"25:00-26:00\" is not a span of hours; write "
          "\"HH:MM-HH:MM\", such as \"18:00-23:00\" (\"24:00\" ends at midnight; an end before the beginning goes past "
          "midnight)",
          "when_hours.json:6:79: $.slides[2].when.hours: \"18:00 - 23:00\" is not a span of hours; write "
          "\"HH:MM-HH:MM\", such as \"18:00-23:00\" (\"24:00\" ends at midnight; an end before the beginning goes past "
          "midnight)",
          "when_hours.json:7:70: $.slides[3].when.hour: unknown key \"hour\"; did you mean \"hours\"?"}},
        {"when_dates.json",
         true,
         {"when_dates.json:4:76: $.slides[0].when.from: \"next week\" is not a date; write \"YYYY-MM-DD\", such as "
          "\"2026-12-01\", or a date and time, such as \"2026-12-01T18:00\"",
          "when_dates.json:5:75: $.slides[1].when.from: \"01/05/2026\" is not a date; write \"YYYY-MM-DD\", such as "
          "\"2026-12-01\", or a date and time, such as \"2026-12-01T18:00\"",
          "when_dates.json:5:98: $.slides[1].when.until: \"2026-5-31\" is not a date; write \"YYYY-MM-DD\", such as "
          "\"2026-12-01\", or a date and time, such as \"2026-12-01T18:00\""}},
        {"calendar.json",
         false,
         {"calendar.json:8:25: $.slides[0].when.from: \"2026-02-30\" is not a day in the calendar: that month has 28 "
          "days",
          "calendar.json:8:48: $.slides[0].when.hours: \"10:00-10:00\" begins and ends at the same time: for all day, "
          "leave out \"hours\"",
          "calendar.json:10:104: $.slides[1].when.until: \"until\" is not after \"from\" (2026-06-01): the slide would "
          "never show"}},
        {"display.json",
         true,
         {"display.json:4:13: $.display.size: \"1920*1080\" is not a screen size; write \"auto\" or WIDTHxHEIGHT, such "
          "as \"1920x1080\"",
          "display.json:5:17: $.display.rotation: rotation 45 is not possible: write 0, 90, 180 or 270 (degrees "
          "clockwise)",
          "display.json:6:14: $.display.theme: unknown theme \"drak\"; did you mean \"dark\"? (one of dark, light)",
          "display.json:7:15: $.display.locale: unknown locale \"it\"; write one of en, de, es, fr",
          "display.json:8:5: $.display.brightness: unknown key \"brightness\"; the keys here are size, rotation, "
          "overscan, hours, cec, theme, timezone, locale, volume, audio, control, broker, sync, strip",
          "display.json:9:30: $.display.overscan.sides: unknown key \"sides\"; the keys here are top, right, bottom, "
          "left",
          "display.json:10:12: $.display.cec: expected true or false, found the string \"yes\""}},
        {"display_hours.json",
         true,
         {"display_hours.json:6:39: $.display.hours[1].hours: \"7-23\" is not a span of hours; write \"HH:MM-HH:MM\", "
          "such as \"18:00-23:00\" (\"24:00\" ends at midnight; an end before the beginning goes past midnight)",
          "display_hours.json:7:17: $.display.hours[2].days: an empty list of days never turns the screen on: list "
          "days such as [\"sat\", \"sun\"], or leave out \"days\" for every day",
          "display_hours.json:8:7: $.display.hours[3]: give \"days\", \"hours\" or both, such as { \"days\": "
          "[\"sat\", \"sun\"], \"hours\": \"10:00-18:00\" }",
          "display_hours.json:9:26: $.display.hours[4].from: unknown key \"from\"; the keys here are days, hours",
          "display_hours.json:10:7: $.display.hours[5]: expected a span such as \"07:00-23:30\" or an object such as "
          "{ \"days\": [\"sat\", \"sun\"], \"hours\": \"10:00-18:00\" }, found the number 42",
          "display_hours.json:12:17: $.display.overscan: 500 is out of range: write a whole number from 0 to 400"}},
        {"display_hours_empty.json",
         true,
         {"display_hours_empty.json:3:25: $.display.hours: an empty list of hours never turns the screen on: write "
          "spans such as [\"07:00-23:30\"], or leave out \"hours\" to keep the screen on",
          "display_hours_empty.json:3:51: $.display.overscan.left: -4 is out of range: write a whole number from 0 "
          "to 400"}},
        {"display_size.json",
         true,
         {"display_size.json:3:24: $.display.size: \"100x100\" is out of range: width and height go from 160 to 7680, "
          "such as \"1920x1080\"",
          "display_size.json:3:47: $.display.rotation: expected one of 0, 90, 180, 270, found the string \"90\"",
          "display_size.json:3:65: $.display.timezone: unknown time zone \"Europe/Atlantis\": use a name from the zone "
          "database, such as \"Europe/London\" or \"America/Caracas\""}},
        {"image.json",
         true,
         {"image.json:7:32: $.slides[0].file: \"posters/screening.jpg\" does not exist (looked for "
          "DIR/posters/screening.jpg): paths are relative to the playlist's folder",
          "image.json:8:32: $.slides[1].file: \"../files/feed.xml\" is not a picture placard shows: use a .jpg, .jpeg, "
          ".png, .webp or .gif file",
          "image.json:9:55: $.slides[2].source: an image slide takes \"file\" or \"source\", not both: remove one",
          "image.json:10:5: $.slides[3]: an image slide needs \"file\" (a picture next to the playlist) or \"source\" "
          "(the name of a folder source)",
          "image.json:11:55: $.slides[4].count: \"count\" goes with \"source\": an image slide with a \"file\" shows "
          "that one picture",
          "image.json:11:74: $.slides[4].fit: unknown fit \"stretch\"; write one of cover, contain"}},
        {"text.json",
         true,
         {"text.json:4:75: $.slides[0].bullets: a text slide takes \"body\" or \"bullets\", not both: remove one",
          "text.json:5:5: $.slides[1]: a text slide needs \"title\", such as \"title\": \"Our aims\"",
          "text.json:6:52: $.slides[2].bullets: no bullets: write at least one line, such as [\"First aim\", \"Second "
          "aim\"]",
          "text.json:7:5: $.slides[3]: a text slide needs \"body\" (a paragraph) or \"bullets\" (an array of lines)"}},
        {"donate.json",
         true,
         {"donate.json:4:5: $.slides[0]: a donate slide needs \"url\": the donation page its QR code opens, such as "
          "\"https://example.org/donate\"",
          "donate.json:5:32: $.slides[1].url: \"example.org/donate\" is not a full web address; write it with "
          "https://, "
          "such as \"https://example.org/donate\"",
          "donate.json:5:63: $.slides[1].title: empty string: write one such as \"Make a donation\""}},
        {"counts.json",
         true,
         {"counts.json:7:53: $.slides[0].count: 30 is out of range: write a whole number from 1 to 20",
          "counts.json:8:54: $.slides[1].count: expected a whole number from 1 to 20, found the number 2.5",
          "counts.json:9:52: $.slides[2].count: 0 is out of range: write a whole number from 1 to 20",
          "counts.json:9:65: $.slides[2].within: \"14 days\" is not a duration; write a number with a unit, such as "
          "\"10s\", \"15m\" or \"1h30m\""}},
        {"duration_range.json",
         false,
         {"duration_range.json:4:73: $.slides[0].duration: \"2h\" is too long: write at most \"1h\"",
          "duration_range.json:5:71: $.slides[1].duration: \"0s\" is too short: write at least \"1s\""}},
        {"duplicate_key.json",
         false,
         {"duplicate_key.json:4:71: $.slides[0].title: this key is written twice in the same object and only the last "
          "one counts: remove one of them"}},
    };
    return all;
}

}  // namespace

TEST_CASE("every kind of mistake gives its message at the line and column to fix") {
    for (const auto& mistake : mistakes()) {
        CAPTURE(mistake.fixture);
        const fs::path file = config_data("mistakes") / mistake.fixture;
        const LoadResult result = load_playlist_file(file);
        CHECK_FALSE(result.playlist.has_value());
        CHECK(joined(problem_lines(result, file)) == joined(mistake.problems));
    }
}

TEST_CASE("every mistake fixture is in the table") {
    std::set<std::string> listed;
    for (const auto& mistake : mistakes()) listed.insert(mistake.fixture);
    for (const auto& entry : fs::directory_iterator(config_data("mistakes"))) {
        CAPTURE(entry.path());
        CHECK(listed.count(entry.path().filename().string()) == 1);
    }
}

TEST_CASE("several mistakes in one file are all reported, in the order of the text") {
    const LoadResult result = load_playlist_file(config_data("mistakes/wrong_json_types.json"));
    REQUIRE(result.problems.size() == 6);
    CHECK(std::is_sorted(result.problems.begin(), result.problems.end(), [](const Problem& a, const Problem& b) {
        return std::pair(a.line, a.column) < std::pair(b.line, b.column);
    }));
}

TEST_CASE("syntax errors say what is missing, where it goes") {
    struct Case {
        std::string text;
        std::string problem;
    };
    const std::vector<Case> cases = {
        {"", "hall.json:1:1: $: the file is empty: a playlist is a JSON object that starts with {"},
        {"{\n  \"version\": 1,\n}", "hall.json:2:15: $: a comma after the last member: remove this comma"},
        {"{\n  \"version\": 1\n  \"slides\": []\n}",
         "hall.json:2:15: $: missing comma or closing bracket: write , between members, or } to end the object"},
        {"{ \"version\" 1 }",
         "hall.json:1:12: $: missing colon after the key \"version\": write \"version\": followed by its value"},
        {"{ \"version\": }",
         "hall.json:1:14: $.version: a value is missing here: write one, such as \"text\", 3, true, [ ] or { }"},
        {"{ version: 1 }", "hall.json:1:3: $: a key without quotes: write \"version\""},
        {"{ \"slides\": [{ 'type': \"text\" }] }",
         "hall.json:1:16: $.slides[0]: a key in single quotes: JSON takes double quotes, such as \"type\""},
        {"{ \"qr\": True }", "hall.json:1:9: $.qr: True is not a JSON value: write true in lower case"},
        {"{ \"theme\": dark }",
         "hall.json:1:12: $.theme: dark is not a JSON value: text takes double quotes, such as \"dark\""},
        {"{ \"count\": 03 }",
         "hall.json:1:12: $.count: 03 is not a JSON number: write numbers such as 3, -2 or 2.5 (no leading zeros, no + "
         "sign)"},
        {"{ \"duration\": 10s }",
         "hall.json:1:15: $.duration: 10s is not a JSON value: durations and other text take double quotes, such as "
         "\"10s\""},
        {"{ \"days\": [\"fri\", \"sat\",] }",
         "hall.json:1:24: $.days: a comma after the last element: remove this comma"},
        {"{ \"days\": [\"fri\" \"sat\"] }",
         "hall.json:1:17: $.days: missing comma or closing bracket: write , between elements, or ] to end the array"},
        {"{ \"days\": [\"fri\", \"sat\" }",
         "hall.json:1:25: $.days: this } does not match the [ at line 1, column 11: write ]"},
        {"{ \"title\": \"Our\naims\" }",
         "hall.json:1:12: $.title: this text is not closed on its line: add the closing \" (a line break inside text "
         "is "
         "written \\n)"},
        {"{ \"file\": \"C:\\posters\\a.jpg\" }",
         "hall.json:1:14: $.file: \"\\p\" is not an escape JSON knows: write \\\\ for a backslash (or / in file "
         "paths)"},
        {"{ \"slides\": [ { \"type\": \"text\" }\n",
         "hall.json:2:1: $.slides: unexpected end of file: a } or ] is missing (the innermost one still open is the [ "
         "at "
         "line 1, column 13)"},
        {"{ \"title\": \"unclosed", "hall.json:1:12: $.title: unexpected end of file: this text has no closing \""},
        {"{ \"version\": 1 } }",
         "hall.json:1:18: $: extra text after the end of the playlist: the } that closes it comes before this; remove "
         "the rest"},
        {"{\n  // the hall\n  \"version\": 1\n}", "hall.json:2:3: $: JSON has no comments: remove this comment"},
        // Columns count characters, not bytes: "Cerámicas" is 9 wide.
        {"{ \"title\": \"Cerámicas\" x }",
         "hall.json:1:23: $: missing comma or closing bracket: write , between members, or } to end the object"},
        // Bytes that are no UTF-8 are named, not copied into the message (found by fuzzing).
        {"{ \"slides\": \xFF[] }",
         "hall.json:1:13: $.slides: unexpected character '\\xFF': a value starts with \", a digit, {, [, true, false "
         "or "
         "null"},
        {"{ \"file\": \"C:\\é\" }",
         "hall.json:1:14: $.file: \"\\é\" is not an escape JSON knows: write \\\\ for a backslash (or / in file "
         "paths)"},
        {"{ \"file\": \"C:\\\xE6\" }",
         "hall.json:1:14: $.file: \"\\\\xE6\" is not an escape JSON knows: write \\\\ for a backslash (or / in file "
         "paths)"},
        {"{ \"title\": \"Our aims\\", "hall.json:1:12: $.title: unexpected end of file: this text has no closing \""},
        // A byte-order mark takes no column.
        {"\xEF\xBB\xBF{ \"version\": }",
         "hall.json:1:14: $.version: a value is missing here: write one, such as \"text\", 3, true, [ ] or { }"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        CHECK(text_problems(c.text) == c.problem + "\n");
    }
}

TEST_CASE("a playlist with every feature gives the model, with paths made absolute") {
    const fs::path file = config_data("valid/full.json");
    const LoadResult result = load_playlist_file(file);
    for (const auto& p : result.problems) FAIL_CHECK(format(p));
    REQUIRE(result.playlist);
    const Playlist& playlist = *result.playlist;
    const fs::path files = config_data("files").lexically_normal();
    CHECK(playlist.file == fs::absolute(file).lexically_normal());
    CHECK(playlist.version == 1);

    CHECK(playlist.display.size == std::pair(1920, 1080));
    CHECK(playlist.display.rotation == 90);
    CHECK(playlist.display.theme == "light");
    CHECK(playlist.display.timezone == "Europe/London");
    CHECK(playlist.display.locale == "fr");

    REQUIRE(playlist.sources.size() == 3);
    const Source& news = playlist.sources.at("news");
    CHECK(news.name == "news");
    CHECK(news.type == SourceType::rss);
    CHECK(news.url == "https://example.org/feed/");
    CHECK(news.path.empty());
    CHECK(news.refresh == 30min);
    CHECK(news.max_age == std::chrono::seconds(std::chrono::days(30)));
    CHECK(news.stale_after == std::chrono::seconds(6h));
    const Source& local = playlist.sources.at("local-events");
    CHECK(local.url.empty());
    CHECK(local.path == files / "feed.xml");
    CHECK(local.refresh == 15min);
    CHECK_FALSE(local.max_age);
    CHECK_FALSE(local.stale_after);
    const Source& photos = playlist.sources.at("photos");
    CHECK(photos.type == SourceType::folder);
    CHECK(photos.path == files / "photos");

    const auto& s = playlist.slides;
    REQUIRE(s.size() == 9);
    for (std::size_t i = 0; i < s.size(); ++i) CHECK(s[i].path == "$.slides[" + std::to_string(i) + "]");
    CHECK(s[0].kind == &kinds::image);
    CHECK(s[0].file == files / "poster.png");
    CHECK(s[0].duration == 10s);
    CHECK(s[0].fit == Fit::cover);
    CHECK(s[0].count == 0);
    CHECK(s[1].source == "photos");
    CHECK(s[1].file.empty());
    CHECK(s[1].fit == Fit::contain);
    CHECK(s[1].count == 2);
    CHECK_FALSE(s[1].duration);
    CHECK(s[2].kind == &kinds::reports);
    CHECK(s[2].source == "news");
    CHECK(s[2].count == 4);
    CHECK(s[2].qr);
    CHECK(s[2].duration == 90s);
    CHECK(s[3].kind == &kinds::events);
    CHECK(s[3].within == std::chrono::days(30));
    CHECK(s[3].count == 20);
    CHECK(s[4].kind == &kinds::messages);
    CHECK(s[4].count == 1);
    CHECK(s[5].kind == &kinds::text);
    CHECK(s[5].title == "Our aims");
    CHECK(s[5].bullets == std::vector<std::string>{"Pay the wages owed", "No evictions"});
    CHECK(s[5].body.empty());
    CHECK(s[6].body == "Affiliate your branch: £25 a year.");
    REQUIRE(s[6].when);
    CHECK(s[6].when->days == std::vector<int>{0, 5, 6});  // weekend, fri and sat again: each day once
    REQUIRE(s[6].when->hours.size() == 2);
    CHECK(s[6].when->hours[0].begin == 9 * 60);
    CHECK(s[6].when->hours[0].end == 12 * 60);
    CHECK(s[6].when->hours[1].begin == 22 * 60);  // past midnight: the end is before the beginning
    CHECK(s[6].when->hours[1].end == 2 * 60);
    CHECK(s[6].when->from == from_local(test::london(), 2026, 5, 1, 18, 0));
    CHECK(s[6].when->until == from_local(test::london(), 2026, 7, 1));  // "2026-06-30": until the end of that day
    CHECK(s[7].kind == &kinds::donate);
    CHECK(s[7].title == "Make a donation");
    CHECK(s[7].body == "Every pound buys gas for the kilns.");
    CHECK(s[7].url == "https://example.org/donate?from=hall");
    REQUIRE(s[7].when);
    CHECK(s[7].when->days == std::vector<int>{1, 2, 3, 4, 5});
    REQUIRE(s[7].when->hours.size() == 1);
    CHECK(s[7].when->hours[0].begin == 18 * 60);
    CHECK(s[7].when->hours[0].end == 24 * 60);
    CHECK(s[7].when->from == from_local(test::london(), 2026, 5, 1));
    CHECK(s[7].when->until == parse_iso8601("2026-05-31T12:00:00Z", Zone()));
    CHECK(s[8].kind == &kinds::clock);
    CHECK(s[8].title == "Doors open at 19:00");
    REQUIRE(s[8].when);
    CHECK(s[8].when->hours[0].begin == 17 * 60);
}

TEST_CASE("the screen's hours, overscan and CEC are read into the display") {
    const LoadResult result = load_playlist(R"({ "version": 1,
      "display": {
        "hours": ["07:00-09:00", { "days": ["weekdays"], "hours": ["17:00-23:30"] },
                  { "days": ["sat"], "hours": "10:00-01:00" }, { "days": ["sun"] }],
        "overscan": { "top": 24, "left": 40, "right": 40 },
        "cec": false },
      "slides": [{ "type": "text", "title": "Welcome", "body": "Tea at the back." }] })",
                                            "/halls/main/playlist.json");
    for (const auto& p : result.problems) FAIL_CHECK(format(p));
    REQUIRE(result.playlist);
    const Display& d = result.playlist->display;
    REQUIRE(d.hours.size() == 4);
    CHECK(d.hours[0].days.empty());
    REQUIRE(d.hours[0].hours.size() == 1);
    CHECK(d.hours[0].hours[0].begin == 7 * 60);
    CHECK(d.hours[0].hours[0].end == 9 * 60);
    CHECK(d.hours[1].days == std::vector<int>{1, 2, 3, 4, 5});
    CHECK(d.hours[1].hours[0].end == 23 * 60 + 30);
    CHECK(d.hours[2].days == std::vector<int>{6});
    CHECK(d.hours[2].hours[0].begin == 10 * 60);
    CHECK(d.hours[2].hours[0].end == 60);  // past midnight
    CHECK(d.hours[3].days == std::vector<int>{0});
    CHECK(d.hours[3].hours.empty());  // all day
    CHECK(d.overscan == Margins{24, 40, 0, 40});
    CHECK_FALSE(d.cec);
    // One number is every side.
    const LoadResult even = load_playlist(R"({ "version": 1, "display": { "overscan": 32, "hours": "08:00-22:00" },
      "slides": [{ "type": "text", "title": "Welcome", "body": "Tea at the back." }] })",
                                          "/halls/main/playlist.json");
    REQUIRE(even.playlist);
    CHECK(even.playlist->display.overscan == Margins{32, 32, 32, 32});
    REQUIRE(even.playlist->display.hours.size() == 1);
    CHECK(even.playlist->display.hours[0].hours[0].begin == 8 * 60);
}

TEST_CASE("display.control: the control page's address, HTTPS and names, each mistake named") {
    const LoadResult on = load_playlist(R"({ "version": 1,
      "display": { "control": { "listen": "[::]:8443", "tls": false, "names": ["hall-screen.lan"] } },
      "slides": [{ "type": "text", "title": "Welcome", "body": "Tea at the back." }] })",
                                        "/halls/main/playlist.json");
    for (const auto& p : on.problems) FAIL_CHECK(format(p));
    REQUIRE(on.playlist);
    REQUIRE(on.playlist->display.control);
    CHECK(on.playlist->display.control->listen == "[::]:8443");
    CHECK_FALSE(on.playlist->display.control->tls);
    CHECK(on.playlist->display.control->names == std::vector<std::string>{"hall-screen.lan"});
    // An empty object: every network of the display, port 8080, HTTPS.
    const LoadResult plain = load_playlist(R"({ "version": 1, "display": { "control": {} },
      "slides": [{ "type": "text", "title": "Welcome", "body": "Tea at the back." }] })",
                                           "/halls/main/playlist.json");
    REQUIRE(plain.playlist);
    CHECK(plain.playlist->display.control == config::Control{"0.0.0.0:8080", true, {}});

    const LoadResult wrong = load_playlist(R"({ "version": 1,
      "display": { "control": { "listen": "localhost:8080", "tls": "yes", "port": 80 } },
      "slides": [{ "type": "text", "title": "Welcome", "body": "Tea at the back." }] })",
                                           "/halls/main/playlist.json");
    CHECK_FALSE(wrong.playlist);
    std::string all;
    for (const auto& p : wrong.problems) all += format(p) + "\n";
    CHECK(all.find("$.display.control.listen: \"localhost:8080\" is not an address and a port") != std::string::npos);
    CHECK(all.find("$.display.control.tls: expected true or false") != std::string::npos);
    CHECK(all.find("$.display.control.port: unknown key \"port\"") != std::string::npos);
}

TEST_CASE(
    "display.broker: the broker, the campaign, the display, its hall and the keys it trusts, each mistake named") {
    const std::string key = "ed25519:9IXtGDp63SFoPcl7bs8Nc4PZXygjYXxId9vmVi45OB0=";
    const LoadResult on = load_playlist(R"({ "version": 1,
      "display": { "sync": true, "broker": { "url": "mqtts://broker.example.org:8883", "username": "screens",
        "password_file": "/etc/placard/broker-password", "ca_file": "keys/ca.pem", "org": "our-campaign",
        "id": "north-1", "hall": "north", "trust": [")" +
                                            key + R"(", "keys/team.pub"] } },
      "slides": [{ "type": "text", "title": "Welcome", "body": "Tea at the back." }] })",
                                        "/halls/main/playlist.json");
    for (const auto& p : on.problems) FAIL_CHECK(format(p));
    REQUIRE(on.playlist);
    CHECK(on.playlist->display.sync);
    REQUIRE(on.playlist->display.broker);
    const config::Broker& b = *on.playlist->display.broker;
    CHECK(b.url == "mqtts://broker.example.org:8883");
    CHECK(b.username == "screens");
    // Files only the display has are not looked for where the playlist is checked.
    CHECK(b.password_file == "/etc/placard/broker-password");
    CHECK(b.ca_file == "/halls/main/keys/ca.pem");
    CHECK(b.org == "our-campaign");
    CHECK(b.id == "north-1");
    CHECK(b.hall == "north");
    CHECK(b.trust == std::vector<std::string>{key, "/halls/main/keys/team.pub"});

    const LoadResult wrong = load_playlist(R"({ "version": 1,
      "display": { "sync": "yes", "broker": { "url": "https://broker.example.org", "hall": "north/+",
        "trust": ["ed25519:AAAA"], "port": 1883 } },
      "slides": [{ "type": "text", "title": "Welcome", "body": "Tea at the back." }] })",
                                           "/halls/main/playlist.json");
    CHECK_FALSE(wrong.playlist);
    std::string all;
    for (const auto& p : wrong.problems) all += format(p) + "\n";
    INFO(all);
    CHECK(all.find("$.display.broker.url: \"https://broker.example.org\" is not a broker's address") !=
          std::string::npos);
    CHECK(all.find("$.display.broker: has no \"org\"") != std::string::npos);
    CHECK(all.find("$.display.broker.hall: \"north/+\" cannot be part of a topic") != std::string::npos);
    CHECK(all.find("$.display.broker.trust[0]: is not a whole public key") != std::string::npos);
    CHECK(all.find("$.display.broker.port: unknown key \"port\"") != std::string::npos);
    CHECK(all.find("$.display.sync: expected true or false") != std::string::npos);
    // From the web, a relative path has no folder to be in.
    const LoadResult web = load_playlist(R"({ "version": 1,
      "display": { "broker": { "url": "mqtt://10.0.0.2", "org": "c", "trust": ["team.pub"] } },
      "slides": [{ "type": "text", "title": "Welcome", "body": "Tea at the back." }] })",
                                         "https://example.org/playlist.json");
    std::string web_problems;
    for (const auto& p : web.problems) web_problems += format(p) + "\n";
    CHECK(web_problems.find("$.display.broker.trust[0]: \"team.pub\" is a path on the display") != std::string::npos);
}

TEST_CASE("display.strip: the clock, the ticker's source and what it shows, each mistake named") {
    const LoadResult on = load_playlist(R"({ "version": 1,
      "display": { "strip": { "edge": "top", "ticker": "meetings", "count": 4, "speed": "slow" } },
      "sources": { "meetings": { "type": "ical", "url": "https://example.org/meetings.ics" },
                   "news": { "type": "rss", "url": "https://example.org/feed/" } },
      "slides": [{ "type": "text", "title": "Welcome", "body": "Tea at the back." }] })",
                                        "/halls/main/playlist.json");
    for (const auto& p : on.problems) FAIL_CHECK(format(p));
    REQUIRE(on.playlist);
    REQUIRE(on.playlist->display.strip);
    const config::Strip& strip = *on.playlist->display.strip;
    CHECK(strip.top);
    CHECK(strip.clock);
    CHECK(strip.speed == 80);
    REQUIRE(strip.ticker);
    CHECK(strip.ticker->kind->name == "events");  // a calendar's: its events
    CHECK(strip.ticker->source == "meetings");
    CHECK(strip.ticker->count == 4);

    const LoadResult news = load_playlist(R"({ "version": 1, "display": { "strip": { "ticker": "news" } },
      "sources": { "news": { "type": "rss", "url": "https://example.org/feed/" } },
      "slides": [{ "type": "text", "title": "Welcome", "body": "Tea." }] })",
                                          "/halls/main/playlist.json");
    for (const auto& p : news.problems) FAIL_CHECK(format(p));
    REQUIRE(news.playlist);
    CHECK(news.playlist->display.strip->ticker->kind->name == "reports");
    CHECK_FALSE(news.playlist->display.strip->top);
    CHECK(news.playlist->display.strip->speed == 120);

    const LoadResult wrong = load_playlist(R"({ "version": 1,
      "display": { "strip": { "edge": "left", "ticker": "nwes", "clock": "yes", "speed": 3 } },
      "sources": { "news": { "type": "rss", "url": "https://example.org/feed/" },
                   "photos": { "type": "folder", "path": "photos" } },
      "slides": [{ "type": "text", "title": "Welcome", "body": "Tea." }] })",
                                           "/halls/main/playlist.json");
    CHECK_FALSE(wrong.playlist);
    std::string all;
    for (const auto& p : wrong.problems) all += format(p) + "\n";
    INFO(all);
    CHECK(all.find("$.display.strip.ticker: no source named \"nwes\"; did you mean \"news\"?") != std::string::npos);
    CHECK(all.find("$.display.strip.edge:") != std::string::npos);
    CHECK(all.find("$.display.strip.clock: expected true or false") != std::string::npos);
    CHECK(all.find("$.display.strip.speed:") != std::string::npos);

    const LoadResult folder = load_playlist(R"({ "version": 1,
      "display": { "strip": { "ticker": "photos" } },
      "sources": { "photos": { "type": "folder", "path": "photos" } },
      "slides": [{ "type": "text", "title": "Welcome", "body": "Tea." }] })",
                                            "/halls/main/playlist.json");
    std::string folder_problems;
    for (const auto& p : folder.problems) folder_problems += format(p) + "\n";
    CHECK(folder_problems.find("$.display.strip.ticker: source \"photos\" is a folder source") != std::string::npos);

    const LoadResult lone = load_playlist(R"({ "version": 1, "display": { "strip": { "count": 5 } },
      "slides": [{ "type": "text", "title": "Welcome", "body": "Tea." }] })",
                                          "/halls/main/playlist.json");
    std::string lone_problems;
    for (const auto& p : lone.problems) lone_problems += format(p) + "\n";
    CHECK(lone_problems.find("$.display.strip.count: is for the strip's ticker, and the strip has none") !=
          std::string::npos);
}

TEST_CASE("a web slide: its page, the wait for its scripts, how often it is drawn, its login, each mistake named") {
    const LoadResult on = load_playlist(R"({ "version": 1, "slides": [
      { "type": "web", "url": "https://example.org/thermometer", "wait": "5s", "refresh": "2m",
        "headers": "/etc/placard/web-login" },
      { "type": "web", "url": "https://example.org/petition" } ] })",
                                        "/halls/main/playlist.json");
    for (const auto& p : on.problems) FAIL_CHECK(format(p));
    REQUIRE(on.playlist);
    const config::Slide& page = on.playlist->slides[0];
    CHECK(page.kind->name == "web");
    CHECK(page.url == "https://example.org/thermometer");
    CHECK(page.wait == std::chrono::seconds(5));
    CHECK(page.redraw == std::chrono::minutes(2));
    CHECK(page.headers == "/etc/placard/web-login");
    CHECK(page.fit == config::Fit::contain);
    const config::Slide& plain = on.playlist->slides[1];
    CHECK(plain.wait == std::chrono::seconds(2));
    CHECK(plain.redraw == std::chrono::minutes(10));
    CHECK(plain.headers.empty());

    const LoadResult wrong = load_playlist(R"({ "version": 1, "slides": [
      { "type": "web", "wait": "2m", "refresh": "10s" },
      { "type": "web", "url": "file:///etc/passwd" } ] })",
                                           "/halls/main/playlist.json");
    CHECK_FALSE(wrong.playlist);
    std::string all;
    for (const auto& p : wrong.problems) all += format(p) + "\n";
    INFO(all);
    CHECK(all.find("$.slides[0]: a web slide needs \"url\"") != std::string::npos);
    CHECK(all.find("$.slides[0].wait:") != std::string::npos);
    CHECK(all.find("$.slides[0].refresh:") != std::string::npos);
    CHECK(all.find("$.slides[1].url:") != std::string::npos);
}

TEST_CASE("what a playlist leaves out takes the defaults") {
    const LoadResult result = load_playlist_file(config_data("valid/defaults.json"));
    for (const auto& p : result.problems) FAIL_CHECK(format(p));
    REQUIRE(result.playlist);
    const Playlist& playlist = *result.playlist;
    CHECK_FALSE(playlist.display.size);
    CHECK(playlist.display.rotation == 0);
    CHECK(playlist.display.theme == "dark");
    CHECK(playlist.display.timezone.empty());
    CHECK(playlist.display.locale == "en");
    CHECK(playlist.display.overscan == Margins{});
    CHECK(playlist.display.hours.empty());
    CHECK(playlist.display.cec);
    CHECK_FALSE(playlist.display.control);  // no control page unless asked for
    CHECK_FALSE(playlist.display.broker);
    CHECK_FALSE(playlist.display.sync);
    CHECK(playlist.sources.at("news").refresh == 15min);
    CHECK_FALSE(playlist.sources.at("news").max_age);
    const auto& s = playlist.slides;
    REQUIRE(s.size() == 6);
    for (const auto& slide : s) {
        CHECK_FALSE(slide.duration);
        CHECK_FALSE(slide.when);
    }
    CHECK(s[1].count == 3);
    CHECK_FALSE(s[1].qr);
    CHECK(s[2].count == 5);
    CHECK(s[2].within == std::chrono::days(14));
    CHECK(s[3].count == 3);
    CHECK(s[4].count == 0);
    CHECK(s[4].fit == Fit::cover);
    CHECK(s[5].title == "Make a donation");
    CHECK(s[5].body.empty());
}

TEST_CASE("a wordpress source is the site's address, with the categories and tags of the posts to show") {
    const LoadResult result = load_playlist(R"({
  "version": 1,
  "sources": {
    "site": { "type": "wordpress", "url": "https://example.org/blog/" },
    "pickets": { "type": "wordpress", "url": "https://example.org", "categories": ["Pickets & protests", "Campaign news"],
                 "tags": ["strike fund"], "refresh": "30m" }
  },
  "slides": [
    { "type": "reports", "source": "pickets", "count": 2 },
    { "type": "messages", "source": "site" }
  ]
})",
                                            "hall.json");
    for (const auto& p : result.problems) FAIL_CHECK(format(p));
    REQUIRE(result.playlist);
    const Source& site = result.playlist->sources.at("site");
    CHECK(site.type == SourceType::wordpress);
    CHECK(site.url == "https://example.org/blog/");
    CHECK(site.path.empty());
    CHECK(site.categories.empty());
    CHECK(site.tags.empty());
    const Source& pickets = result.playlist->sources.at("pickets");
    CHECK(pickets.type == SourceType::wordpress);
    CHECK(pickets.categories == std::vector<std::string>{"Pickets & protests", "Campaign news"});
    CHECK(pickets.tags == std::vector<std::string>{"strike fund"});
    CHECK(pickets.refresh == 30min);
    CHECK(result.playlist->slides[1].source == "site");
}

TEST_CASE("a problem without a position is file and message only") {
    CHECK(format(Problem{"hall.json", 14, 17, "$.slides[2].duration", "wrong"}) ==
          "hall.json:14:17: $.slides[2].duration: wrong");
    CHECK(format(Problem{"hall.json", 0, 0, "", "cannot read"}) == "hall.json: cannot read");
    const LoadResult missing = load_playlist_file(config_data("no-such-playlist.json"));
    REQUIRE(missing.problems.size() == 1);
    CHECK(format(missing.problems[0]) == config_data("no-such-playlist.json").string() +
                                             ": cannot read the playlist: check that the file exists and may be read");
    const LoadResult folder = load_playlist_file(config_data("files"));
    REQUIRE(folder.problems.size() == 1);
    CHECK(folder.problems[0].message == "this is a folder: name the playlist's .json file");
}

TEST_CASE("names close to a valid one are suggested, others are not") {
    const std::vector<std::string> keys = {"type", "duration", "when", "source", "count"};
    CHECK(nearest_name("tpye", keys) == "type");
    CHECK(nearest_name("Duration", keys) == "duration");
    CHECK(nearest_name("sorce", keys) == "source");
    CHECK_FALSE(nearest_name("colour", keys));
    CHECK_FALSE(nearest_name("x", keys));
}

TEST_CASE("columns count characters, and a byte-order mark takes none") {
    CHECK(position_of("ab\ncé d", 7).line == 2);
    CHECK(position_of("ab\ncé d", 7).column == 4);
    CHECK(position_of("\xEF\xBB\xBF{", 3).column == 1);
    CHECK(position_of("{}", 99).column == 3);
}

TEST_CASE("the shipped playlists load without problems and pass the schema") {
    std::vector<fs::path> files;
    const fs::path config = fs::path(PLACARD_SOURCE_DIR) / "config";
    for (const auto& dir : {config, config / "examples"}) {
        for (const auto& entry : fs::directory_iterator(dir)) {
            if (entry.path().extension() == ".json" && entry.path().filename() != "playlist.schema.json")
                files.push_back(entry.path());
        }
    }
    files.push_back(config_data("valid/full.json"));
    files.push_back(config_data("valid/defaults.json"));
    REQUIRE(files.size() >= 4);
    for (const auto& file : files) {
        CAPTURE(file);
        const LoadResult result = load_playlist_file(file);
        for (const auto& p : result.problems) FAIL_CHECK(format(p));
        CHECK(result.playlist.has_value());
    }
    std::string output;
    const auto accepted = schema_accepts(files, &output);
    CAPTURE(output);
    for (const auto& file : files) {
        CAPTURE(file);
        CHECK(accepted.count(file.string()) == 1);
    }
}

TEST_CASE("the schema rejects the mistakes it can express, and only the loader sees the rest") {
    std::vector<fs::path> files;
    for (const auto& mistake : mistakes()) files.push_back(config_data("mistakes") / mistake.fixture);
    std::string output;
    const auto accepted = schema_accepts(files, &output);
    CAPTURE(output);
    for (const auto& mistake : mistakes()) {
        CAPTURE(mistake.fixture);
        const bool schema_ok = accepted.count((config_data("mistakes") / mistake.fixture).string()) == 1;
        CHECK(schema_ok == !mistake.schema_rejects);
        CHECK_FALSE(load_playlist_file(config_data("mistakes") / mistake.fixture).problems.empty());
    }
}

// Editors show these when the organizer hovers over a key.
static void collect_undescribed(const nlohmann::json& schema, const std::string& where,
                                std::vector<std::string>& missing) {
    if (schema.is_object()) {
        if (schema.contains("properties") && schema["properties"].is_object()) {
            for (const auto& [name, property] : schema["properties"].items()) {
                if (!property.contains("description")) missing.push_back(where + "/properties/" + name);
            }
        }
        for (const auto& [key, value] : schema.items()) {
            // Conditions ("if": { "properties": { "type": { "const": "image" } } }) are not shown.
            if (key != "if" && key != "not") collect_undescribed(value, where + "/" + key, missing);
        }
    } else if (schema.is_array()) {
        for (std::size_t i = 0; i < schema.size(); ++i)
            collect_undescribed(schema[i], where + "/" + std::to_string(i), missing);
    }
}

TEST_CASE("every property in the schema has a description for editors") {
    const auto schema =
        nlohmann::json::parse(test::read_file(fs::path(PLACARD_SOURCE_DIR) / "config/playlist.schema.json"));
    std::vector<std::string> missing;
    collect_undescribed(schema, "#", missing);
    CHECK(joined(missing) == "");
    // Each object with fixed keys allows no others, as the loader does.
    CHECK(schema["additionalProperties"] == false);
    for (const char* name : {"display", "source", "when", "image_slide", "reports_slide", "events_slide",
                             "messages_slide", "text_slide", "donate_slide"}) {
        CAPTURE(name);
        CHECK(schema["$defs"][name]["additionalProperties"] == false);
    }
}

TEST_CASE("the schema check fails on a broken schema and on a file it cannot parse") {
    test::TempDir dir;
    test::write_file(dir / "bad-schema.json", R"({"type": 12})");
    test::write_file(dir / "broken.json", "{ \"version\": 1,");
    const std::string script = std::string(PLACARD_PYTHON) + " " + PLACARD_SOURCE_DIR + "/tests/schema_check.py ";
    std::string output;
    CHECK(test::run_command(script + (dir / "bad-schema.json").string() + " " + (dir / "broken.json").string(),
                            &output) == 2);
    CHECK(test::run_command(
              script + PLACARD_SOURCE_DIR + "/config/playlist.schema.json " + (dir / "broken.json").string(),
              &output) == 1);
    CHECK(output.find("broken.json") != std::string::npos);
}

TEST_CASE("a very long url or time zone is a problem, not a crash") {
    // std::regex recursed once per character and overflowed the stack.
    const std::string url = "https://example.org/" + std::string(20000, 'a');
    CHECK(
        text_problems("{ \"version\": 1, \"sources\": { \"news\": { \"type\": \"rss\", \"url\": \"" + url +
                      "\" } }, \"slides\": [{ \"type\": \"reports\", \"source\": \"news\" }] }") ==
        "hall.json:1:62: $.sources.news.url: this web address is 20020 bytes long; placard takes addresses of at most "
        "2048\n");
    const std::string zone = "Europe/" + std::string(20000, 'a');
    const std::string problems =
        text_problems("{ \"version\": 1, \"display\": { \"timezone\": \"" + zone +
                      "\" }, \"slides\": [{ \"type\": \"text\", \"title\": \"Our aims\", \"body\": \"x\" }] }");
    CHECK(problems.starts_with("hall.json:1:42: $.display.timezone: unknown time zone \"Europe/aaa"));
    CHECK(std::count(problems.begin(), problems.end(), '\n') == 1);
}

TEST_CASE("dates in a playlist are read in its display's zone, wherever the process is") {
    // "display" after "slides" in the text: the zone still applies to every date; the
    // process's own zone (TZ, London in the tests) is neither used nor changed.
    const std::string text = R"({
  "version": 1,
  "slides": [
    { "type": "text", "title": "Screening", "body": "Tonight", "when": { "from": "2026-12-01T18:00", "until": "2026-12-05" } }
  ],
  "display": { "timezone": "America/Caracas" }
})";
    const char* before = std::getenv("TZ");
    const std::string tz_before = before ? before : "";
    const LoadResult result = load_playlist(text, "caracas.json");
    for (const auto& p : result.problems) FAIL_CHECK(format(p));
    REQUIRE(result.playlist);
    const Zone caracas = test::zone("America/Caracas");
    const Playlist& p = *result.playlist;
    CHECK(p.display.zone == caracas);
    CHECK(p.display.zone.name() == "America/Caracas");
    REQUIRE(p.slides[0].when);
    CHECK(format_iso8601_utc(*p.slides[0].when->from) == "2026-12-01T22:00:00Z");   // 18:00 at UTC-4
    CHECK(format_iso8601_utc(*p.slides[0].when->until) == "2026-12-06T04:00:00Z");  // the end of the 5th
    const char* after = std::getenv("TZ");
    CHECK((after ? after : "") == tz_before);
    // Without a timezone, the system's.
    const LoadResult plain = load_playlist(
        R"({ "version": 1, "slides": [{ "type": "text", "title": "Aims", "body": "Pay the wages owed" }] })",
        "plain.json");
    REQUIRE(plain.playlist);
    CHECK(plain.playlist->display.zone == Zone::system());
}
