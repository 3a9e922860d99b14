#include <doctest/doctest.h>

#include <SDL.h>
#include <SDL_image.h>
#include <nlohmann/json.hpp>

#include <map>
#include <set>
#include <sstream>

#include "app/options.hpp"
#include "support/placard_process.hpp"
#include "support/test_support.hpp"

using namespace placard;
using test::quote;
using test::run_placard;

namespace {

std::string demo() {
    return std::string(PLACARD_SOURCE_DIR) + "/config/demo.json";
}

std::vector<nlohmann::json> json_lines(const std::string& output) {
    std::vector<nlohmann::json> out;
    std::istringstream in(output);
    std::string line;
    while (std::getline(in, line))
        if (!line.empty() && line[0] == '{') out.push_back(nlohmann::json::parse(line));
    return out;
}

}  // namespace

TEST_CASE("--version and --help say what placard is and how to call it") {
    auto v = run_placard("--version");
    CHECK(v.status == 0);
    CHECK(v.output.find("placard 0.") == 0);
    auto h = run_placard("--help");
    CHECK(h.status == 0);
    for (const char* word : {"placard run", "placard check", "placard slides", "placard preview", "--headless",
                             "--exit-after", "--screenshots", "--cache", "--offline", "--json", "--at"})
        CHECK(h.output.find(word) != std::string::npos);
    auto bad = run_placard("dance");
    CHECK(bad.status == 2);
    CHECK(bad.output.find("unknown command \"dance\"") != std::string::npos);
}

TEST_CASE("check accepts the demo and lists every problem of a broken playlist with its place") {
    auto ok = run_placard("check " + quote(demo()));
    CHECK(ok.status == 0);
    CHECK(ok.output.find("OK") != std::string::npos);

    test::TempDir dir;
    auto file = dir / "hall.json";
    test::write_file(
        file,
        "{\n  \"version\": 1,\n  \"slides\": [\n    { \"type\": \"txt\", \"title\": \"Aims\" },\n"
        "    { \"type\": \"text\", \"title\": \"Aims\", \"body\": \"x\", \"duration\": \"ten\" }\n  ]\n}\n");
    auto r = run_placard("check " + quote(file.string()));
    CHECK(r.status == 1);
    CAPTURE(r.output);
    CHECK(r.output.find(file.string() + ":4:") != std::string::npos);
    CHECK(r.output.find("$.slides[0].type") != std::string::npos);
    CHECK(r.output.find("\"text\"") != std::string::npos);  // the suggestion
    CHECK(r.output.find(file.string() + ":5:") != std::string::npos);
    CHECK(r.output.find("$.slides[1].duration") != std::string::npos);

    test::write_file(file, "{ \"version\": 1, \"slides\": [ }");
    auto syntax = run_placard("check " + quote(file.string()));
    CHECK(syntax.status == 1);
    CHECK(syntax.output.find(file.string() + ":1:") != std::string::npos);
}

TEST_CASE("check says in words when the screen is on, as it understood display.hours") {
    test::TempDir dir;
    auto file = dir / "hall.json";
    test::write_file(file, R"({ "version": 1,
      "display": { "hours": ["07:00-09:00", { "days": ["weekend"], "hours": "10:00-01:00" }], "cec": false },
      "slides": [{ "type": "text", "title": "Welcome", "body": "Tea at the back." }] })");
    auto r = run_placard("check " + quote(file.string()));
    CAPTURE(r.output);
    CHECK(r.status == 0);
    CHECK(r.output.find("the screen is on every day 07:00-09:00 and Sun, Sat 10:00-01:00, and off (black) at "
                        "other times") != std::string::npos);
}

TEST_CASE("slides --offline --json lists the demo's slides of every kind") {
    test::TempDir cache;
    auto r = run_placard("slides " + quote(demo()) + " --offline --json --at 2026-12-01T19:00 --cache " +
                         quote(cache.path().string()));
    CAPTURE(r.output);
    REQUIRE(r.status == 0);
    auto lines = json_lines(r.output);
    std::set<std::string> kinds;
    for (const auto& j : lines) {
        kinds.insert(j.at("type").get<std::string>());
        CHECK(j.contains("title"));
        CHECK(j.contains("source"));
        if (j.at("type") == "reports") CHECK_FALSE(j.at("title").get<std::string>().empty());
    }
    for (const char* kind : {"image", "pdf", "reports", "events", "messages", "text", "donate"}) {
        CAPTURE(kind);
        CHECK(kinds.count(kind) == 1);
    }
}

TEST_CASE("slides names each picture by where it came from as well as by its prepared copy") {
    test::TempDir cache;
    const std::string args = " --offline --at 2026-12-01T19:00 --cache " + quote(cache.path().string());
    auto r = run_placard("slides " + quote(demo()) + args + " --json");
    CAPTURE(r.output);
    REQUIRE(r.status == 0);
    const auto assets = std::filesystem::canonical(std::string(PLACARD_SOURCE_DIR) + "/assets/demo");
    std::map<std::string, std::string> origin_of;  // slide id -> image_url, under assets/demo
    for (const auto& j : json_lines(r.output)) {
        const std::string image = j.at("image");
        if (image.empty()) {
            CHECK_FALSE(j.contains("image_url"));
            continue;
        }
        REQUIRE(j.contains("image_url"));
        const std::string origin = j.at("image_url");
        // The prepared copy is in the cache; the origin is the organizer's own file (and a
        // PDF's page, as a reader's address names it).
        CHECK(image.rfind(cache.path().string(), 0) == 0);
        const std::string page = origin.find("#page=") == std::string::npos ? "" : origin.substr(origin.find('#'));
        const std::string url = origin.substr(0, origin.size() - page.size());
        CHECK(std::filesystem::path(url).is_absolute());
        CHECK(std::filesystem::exists(url));
        origin_of[j.at("id")] = std::filesystem::canonical(url).lexically_relative(assets).string() + page;
        if (j.at("title") == "Forty people picket the Costa Alta embassy") origin_of["picket"] = origin_of[j.at("id")];
    }
    // A file slide, a report's enclosure (relative to its feed) and a folder's first poster.
    CHECK(origin_of["0"] == "photos/founding.jpg");
    CHECK(origin_of["picket"] == "photos/picket.jpg");
    CHECK(origin_of["4:1-screening.png"] == "posters/1-screening.png");
    CHECK(origin_of["5:page-1"] == "conference-leaflet.pdf#page=1");

    auto text = run_placard("slides " + quote(demo()) + args);
    CAPTURE(text.output);
    REQUIRE(text.status == 0);
    CHECK(text.output.find("    image    " + (assets / "photos/picket.jpg").string()) != std::string::npos);
    CHECK(text.output.find("    prepared " + cache.path().string()) != std::string::npos);
}

TEST_CASE("the demo's recurring meetings keep its calendar current years after its dated events") {
    test::TempDir cache;
    auto r = run_placard("slides " + quote(demo()) + " --offline --json --at 2030-03-01T12:00 --cache " +
                         quote(cache.path().string()));
    CAPTURE(r.output);
    REQUIRE(r.status == 0);
    std::vector<std::pair<std::string, std::string>> events;
    for (const auto& j : json_lines(r.output))
        if (j.at("type") == "events") events.emplace_back(j.at("title"), j.at("starts"));
    // Europe/London is on GMT in early March: the local times are UTC.
    CHECK(events == std::vector<std::pair<std::string, std::string>>{
                        {"Campaign stall at the Saturday market", "2030-03-02T10:00:00Z"},
                        {"Open Gates organising meeting", "2030-03-06T19:00:00Z"},
                    });
}

TEST_CASE("preview renders every slide and a contact sheet, headless, at the size asked") {
    test::TempDir out, cache;
    auto r = run_placard("preview " + quote(demo()) + " --offline --size 1280x720 --at 2026-12-01T19:00 --out " +
                         quote(out.path().string()) + " --cache " + quote(cache.path().string()));
    CAPTURE(r.output);
    REQUIRE(r.status == 0);
    REQUIRE(SDL_Init(0) == 0);
    size_t slides = 0;
    for (const auto& entry : std::filesystem::directory_iterator(out.path())) {
        SDL_Surface* s = IMG_Load(entry.path().c_str());
        REQUIRE(s);
        if (entry.path().filename() != "contact-sheet.png") {
            ++slides;
            CHECK(s->w == 1280);
            CHECK(s->h == 720);
        }
        SDL_FreeSurface(s);
    }
    CHECK(slides >= 8);
    CHECK(std::filesystem::exists(out / "contact-sheet.png"));
    CHECK(std::filesystem::exists(out / "01-image.png"));
    SDL_Quit();
}

TEST_CASE("a panel turned on its side plays portrait slides, and preview shows them upright") {
    test::TempDir work;
    const auto playlist = work / "hall.json";
    test::write_file(playlist, R"({
  "version": 1,
  "display": { "size": "1280x720", "rotation": 90 },
  "slides": [
    { "type": "text", "title": "Our aims", "bullets": ["Stop the arms sales", "Justice for the victims"], "duration": "2s" }
  ]
})");
    // The headless panel is 1280x720; what the audience sees, and the screenshots, are 720x1280.
    auto run =
        run_placard("run " + quote(playlist.string()) + " --headless --renderer software --exit-after 1s --cache " +
                    quote((work / "cache").string()) + " --screenshots " + quote((work / "shots").string()));
    CAPTURE(run.output);
    REQUIRE(run.status == 0);
    CHECK(run.output.find("720x1280 turned 90 degrees") != std::string::npos);
    auto preview = run_placard("preview " + quote(playlist.string()) + " --offline --out " +
                               quote((work / "out").string()) + " --cache " + quote((work / "cache").string()));
    CAPTURE(preview.output);
    REQUIRE(preview.status == 0);
    REQUIRE(SDL_Init(0) == 0);
    for (const auto& file : {work / "shots" / "0001-text.png", work / "out" / "01-text.png"}) {
        CAPTURE(file);
        SDL_Surface* s = IMG_Load(file.c_str());
        REQUIRE(s);
        CHECK(s->w == 720);
        CHECK(s->h == 1280);
        SDL_FreeSurface(s);
    }
    SDL_Quit();
}

TEST_CASE("calendars, Atom and JSON feeds play through the same slides as RSS") {
    // The WordPress site's Atom feed, Hugo's JSON Feed and a calendar with a weekly
    // meeting, as files beside the playlist: every path through the worker, no network.
    test::TempDir work;
    const std::string data = std::string(PLACARD_TEST_DATA);
    std::filesystem::copy_file(data + "/ical/campaign.ics", work / "meetings.ics");
    std::filesystem::copy_file(data + "/wordpress/atom.xml", work / "news.atom");
    std::filesystem::copy_file(data + "/jsonfeed/reports.json", work / "reports.json");
    test::write_file(work / "hall.json", R"({
  "version": 1,
  "display": { "timezone": "Europe/London" },
  "sources": {
    "meetings": { "type": "ical", "path": "meetings.ics" },
    "news": { "type": "atom", "path": "news.atom" },
    "hugo": { "type": "jsonfeed", "path": "reports.json" }
  },
  "slides": [
    { "type": "events", "source": "meetings", "within": "8d" },
    { "type": "reports", "source": "news", "count": 2 },
    { "type": "reports", "source": "hugo", "count": 1 }
  ]
})");
    // A Wednesday in winter time: the weekly 19:00 meeting is at 19:00Z now (18:00Z in
    // October, before the clocks went back), and shows as 19:00 either way.
    auto r = run_placard("slides " + quote((work / "hall.json").string()) +
                         " --offline --json --at 2026-11-18T12:00:00Z --cache " + quote((work / "cache").string()));
    CAPTURE(r.output);
    REQUIRE(r.status == 0);
    auto lines = json_lines(r.output);
    std::map<std::string, int> per_source;
    std::set<std::string> weekly;
    for (const auto& j : lines) {
        per_source[j.at("source").get<std::string>()]++;
        if (j.at("type") == "events" && j.at("title") == "Weekly organising meeting") {
            weekly.insert(j.at("starts").get<std::string>());
            CHECK(j.at("when").get<std::string>().find(", 19:00") != std::string::npos);
        }
    }
    // Within 8 days of the 18th: that evening's meeting and the next week's.
    CHECK(weekly == std::set<std::string>{"2026-11-18T19:00:00Z", "2026-11-25T19:00:00Z"});
    CHECK(per_source["news"] == 2);
    CHECK(per_source["hugo"] == 1);
    CHECK(per_source["meetings"] >= 1);
}

TEST_CASE("--cache-size takes bytes as disks are sold, and a bad one says how to write it") {
    CHECK(app::parse_byte_size("512MB") == 512'000'000u);
    CHECK(app::parse_byte_size("512M") == 512'000'000u);
    CHECK(app::parse_byte_size("2g") == 2'000'000'000u);
    CHECK(app::parse_byte_size("1.5GB") == 1'500'000'000u);
    CHECK(app::parse_byte_size("800kB") == 800'000u);
    CHECK(app::parse_byte_size("4096") == 4096u);
    for (const char* bad : {"", "MB", "-1G", "12 apples", "5X", "1e30"}) {
        CAPTURE(bad);
        CHECK_FALSE(app::parse_byte_size(bad));
    }
    auto r = run_placard("slides " + quote(demo()) + " --offline --cache-size lots");
    CHECK(r.status != 0);
    CHECK(r.output.find("--cache-size: \"lots\" is not a size in bytes") != std::string::npos);
    CHECK(r.output.find("write it like 512MB or 2GB") != std::string::npos);
}

TEST_CASE("placard token: made with a name, listed without the secret, revoked by its id") {
    test::TempDir state;
    const std::string at = " --state " + quote(state.path().string());
    auto made = run_placard("token --name 'the branch secretary'" + at);
    REQUIRE(made.status == 0);
    const size_t begins = made.output.find("placard_");
    REQUIRE(begins != std::string::npos);
    const std::string token = made.output.substr(begins, made.output.find('\n', begins) - begins);
    auto listed = run_placard("token --list" + at);
    CHECK(listed.status == 0);
    CHECK(listed.output.find("the branch secretary") != std::string::npos);
    CHECK(listed.output.find(token) == std::string::npos);
    const std::string id = listed.output.substr(0, listed.output.find(' '));
    CHECK(id.size() == 8);
    auto wrong = run_placard("token --revoke nothing" + at);
    CHECK(wrong.status != 0);
    CHECK(wrong.output.find("no token has the id \"nothing\"") != std::string::npos);
    CHECK(wrong.output.find("placard token --list") != std::string::npos);
    auto revoked = run_placard("token --revoke " + id + at);
    CHECK(revoked.status == 0);
    CHECK(revoked.output.find("revoked") != std::string::npos);
    CHECK(run_placard("token --list" + at).output.find("the branch secretary") == std::string::npos);
    CHECK(run_placard("check " + quote(demo()) + " --list")
              .output.find("--name, --list and --revoke are `placard token`'s") != std::string::npos);
}
