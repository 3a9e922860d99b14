// The table of slide kinds: the schema agrees with it, and the clock, the kind added as one
// file and one row, goes through the loader, the schedule and the player's repaint.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "config/load.hpp"
#include "kinds/kinds.hpp"
#include "schedule/schedule.hpp"
#include "support/test_support.hpp"
#include "util/time.hpp"

using namespace placard;
using Json = nlohmann::json;

namespace {

Json schema() {
    std::ifstream in(std::string(PLACARD_SOURCE_DIR) + "/config/playlist.schema.json");
    return Json::parse(in);
}

std::set<std::string> keys_of(const Json& object) {
    std::set<std::string> keys;
    for (const auto& [key, value] : object.items()) keys.insert(key);
    return keys;
}

std::string problems(const config::LoadResult& r) {
    std::string out;
    for (const auto& p : r.problems) out += config::format(p) + "\n";
    return out;
}

}  // namespace

TEST_CASE("the schema's slide types are the table's kinds, each with the keys its row reads") {
    const Json s = schema();
    const Json& types = s.at("$defs").at("slide").at("properties").at("type").at("enum");
    std::vector<std::string> in_schema = types.get<std::vector<std::string>>();
    std::vector<std::string> in_table;
    for (const config::SlideKind* kind : kinds::all()) in_table.emplace_back(kind->name);
    CHECK(in_schema == in_table);

    const Json& branches = s.at("$defs").at("slide").at("allOf");
    for (const config::SlideKind* kind : kinds::all()) {
        const std::string name(kind->name);
        CAPTURE(name);
        CHECK(kinds::find(name) == kind);
        const std::string def = name + "_slide";
        REQUIRE(s.at("$defs").contains(def));
        std::set<std::string> expected = {"type", "duration", "when"};
        expected.insert(kind->keys.begin(), kind->keys.end());
        CHECK(keys_of(s.at("$defs").at(def).at("properties")) == expected);
        CHECK(s.at("$defs").at(def).at("properties").at("type").at("const") == name);
        const bool branch = std::any_of(branches.begin(), branches.end(), [&](const Json& b) {
            return b.at("if").at("properties").at("type").at("const") == name &&
                   b.at("then").at("$ref") == "#/$defs/" + def;
        });
        CHECK(branch);
        // Every row can be read, built and laid out.
        CHECK(static_cast<bool>(kind->read));
        CHECK(static_cast<bool>(kind->build));
        CHECK(static_cast<bool>(kind->layout));
        CHECK(static_cast<bool>(kind->live_words) == static_cast<bool>(kind->words_change_at));
    }
    CHECK(kinds::find("report") == nullptr);
}

TEST_CASE("a clock slide loads with its line, and a key of another kind is named as such") {
    auto good = kinds::load_playlist(R"({ "version": 1, "slides": [
        { "type": "clock", "title": "Doors open at 19:00", "duration": "15s" } ] })",
                                     "hall.json");
    CAPTURE(problems(good));
    REQUIRE(good.playlist);
    const config::Slide& slide = good.playlist->slides.at(0);
    CHECK(slide.kind == &kinds::clock);
    CHECK(slide.title == "Doors open at 19:00");
    CHECK(slide.duration == std::chrono::seconds(15));

    auto bad =
        kinds::load_playlist(R"({ "version": 1, "slides": [ { "type": "clock", "source": "news" } ] })", "hall.json");
    CHECK_FALSE(bad.playlist);
    CHECK(problems(bad).find(
              "\"source\" does not belong on a clock slide: it is for image, reports, events, messages and "
              "video slides") != std::string::npos);

    auto typo = kinds::load_playlist(R"({ "version": 1, "slides": [ { "type": "clok" } ] })", "hall.json");
    CHECK(problems(typo).find("did you mean \"clock\"?") != std::string::npos);
}

TEST_CASE("the clock is one slide whose words change at each turn of the minute and at no other time") {
    auto loaded = kinds::load_playlist(R"({ "version": 1, "slides": [ { "type": "clock" } ] })", "hall.json");
    REQUIRE(loaded.playlist);
    const content::Snapshot empty;
    const SysTime at = SysTime(std::chrono::seconds(1'796'488'935));  // 16:42:15 UTC
    auto slides = schedule::build(*loaded.playlist, empty, at);
    REQUIRE(slides.size() == 1);
    const schedule::SlideSpec& clock = slides[0];
    CHECK(clock.kind == &kinds::clock);
    CHECK(clock.duration >= std::chrono::seconds(8));

    const Zone kathmandu = Zone::named("Asia/Kathmandu").value();  // UTC+5:45
    const auto turn = clock.kind->words_change_at(clock, at, kathmandu);
    REQUIRE(turn);
    CHECK(*turn == SysTime(std::chrono::seconds(1'796'488'980)));  // 16:43:00 UTC
    const std::string before = clock.kind->live_words(clock, at, "en", kathmandu);
    CHECK(before == "22:27");
    CHECK(clock.kind->live_words(clock, *turn - std::chrono::seconds(1), "en", kathmandu) == before);
    CHECK(clock.kind->live_words(clock, *turn, "en", kathmandu) == "22:28");
    CHECK_FALSE(static_cast<bool>(clock.kind->leaves_at));
}
