// Cues as scripts and the control page write them, and the board of those in force: which
// takes the screen, which banner runs, when they expire, and the file that keeps them
// across a restart.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "cues/board.hpp"
#include "cues/desk.hpp"
#include "support/test_support.hpp"
#include "util/time.hpp"

using namespace placard;
using namespace std::chrono_literals;

namespace {

const std::string SHA = "\"" + std::string(64, 'a') + "\"";

// Saturday 5 December 2026, 19:00 in London.
SysTime evening() {
    return from_local(test::london(), 2026, 12, 5, 19, 0, 0);
}

cues::Cue read(const std::string& text, SysTime now = evening()) {
    auto cue = cues::parse_cue(text, now, test::london(), "test");
    INFO(text);
    REQUIRE_MESSAGE(cue, (cue ? std::string() : cue.error().to_string()));
    return *cue;
}

Error refused(const std::string& text) {
    auto cue = cues::parse_cue(text, evening(), test::london(), "test");
    INFO(text);
    REQUIRE_FALSE(cue);
    return cue.error();
}

}  // namespace

TEST_CASE("a cue is read as scripts write it: kind, words, for or until, style and priority") {
    const cues::Cue film = read(R"({"kind": "announce", "text": "The film starts in 5 minutes", "for": "5m"})");
    CHECK(film.kind == cues::Kind::announce);
    CHECK(film.text == "The film starts in 5 minutes");
    CHECK(film.style == cues::Style::slide);
    CHECK(film.priority == 0);
    CHECK(film.until == evening() + 5min);
    CHECK(film.id.size() == 12);
    CHECK(film.from == "test");
    CHECK(read(R"({"kind": "announce", "text": "x"})").id != film.id);

    // A time of day is the next one on the display's clock: 21:30 tonight, 18:00 tomorrow.
    const cues::Cue banner =
        read(R"({"kind": "announce", "text": "Collection at the door", "until": "21:30", "style": "banner",
                 "priority": 10})");
    CHECK(banner.style == cues::Style::banner);
    CHECK(banner.priority == 10);
    CHECK(banner.until == from_local(test::london(), 2026, 12, 5, 21, 30, 0));
    CHECK(read(R"({"kind": "blank", "until": "18:00"})").until == from_local(test::london(), 2026, 12, 6, 18, 0, 0));
    CHECK(read(R"({"kind": "blank", "until": "2026-12-05T20:45"})").until ==
          from_local(test::london(), 2026, 12, 5, 20, 45, 0));
    CHECK_FALSE(read(R"({"kind": "blank"})").until);  // until lifted

    const cues::Cue film_break = read(R"({"kind": "blank", "for": "1h30m", "intermission": "15m"})");
    CHECK(film_break.intermission == 15min);
    CHECK(read(R"({"kind": "skip"})").kind == cues::Kind::skip);
    CHECK(read(R"({"kind": "announce", "text": "a", "id": "march-rerouted"})").id == "march-rerouted");
    // Control characters are nobody's words; lines are kept.
    CHECK(read("{\"kind\": \"announce\", \"text\": \"Doors\\u0007 open\\nnow\"}").text == "Doors open\nnow");
}

TEST_CASE("an announcement may carry a picture by its address and SHA-256, with words or alone") {
    const cues::Cue poster = read(R"({"kind": "announce", "for": "1h",
        "picture": {"url": "https://campaign.example.org/poster.png", "sha256": "AB)" +
                                  std::string(62, 'c') + R"("}})");
    REQUIRE(poster.picture);
    CHECK(poster.picture->url == "https://campaign.example.org/poster.png");
    CHECK(poster.picture->sha256 == "ab" + std::string(62, 'c'));  // in lower case
    CHECK(poster.picture->file.empty());
    CHECK(poster.text.empty());
    CHECK(cues::describe(poster, test::london()).find("with the picture https://campaign.example.org/poster.png") !=
          std::string::npos);
    // Kept with the file the display prepared, and read back with it.
    cues::Cue kept = poster;
    kept.picture->file = "/var/lib/placard/cue-pictures/x-1920x1080";
    auto back = cues::from_json(cues::to_json(kept));
    REQUIRE(back);
    CHECK(back->picture == kept.picture);
    // What scripts send cannot name a file: only the display sets it.
    CHECK(cues::to_json(poster)["picture"].size() == 2);
}

TEST_CASE("a cue that is wrong is refused with the key and what to write") {
    struct Case {
        const char* text;
        const char* where;
        const char* what;
    };
    const Case cases[] = {
        {R"([1, 2])", "cue", "should be a JSON object"},
        {R"({"text": "x"})", "cue.kind", "is missing"},
        {R"({"kind": "anounce", "text": "x"})", "cue.kind", "\"anounce\" is not a kind of cue"},
        {R"({"kind": "announce"})", "cue.text", "is missing"},
        {R"({"kind": "announce", "text": "  "})", "cue.text", "is missing"},
        {R"({"kind": "announce", "text": "x", "for": "soon"})", "cue.for", ""},
        {R"({"kind": "announce", "text": "x", "for": "30d"})", "cue.for", "\"30d\" is out of range"},
        {R"({"kind": "announce", "text": "x", "until": "25:00"})", "cue.until", "\"25:00\" is not a time"},
        {R"({"kind": "announce", "text": "x", "until": "2026-12-05T18:00"})", "cue.until", "has passed"},
        {R"({"kind": "announce", "text": "x", "for": "5m", "until": "21:00"})", "cue.until", "are both given"},
        {R"({"kind": "announce", "text": "x", "style": "ticker"})", "cue.style", "should be"},
        {R"({"kind": "announce", "text": "x", "priority": 1000})", "cue.priority", "whole number"},
        {R"({"kind": "announce", "text": "x", "priority": 1.5})", "cue.priority", "whole number"},
        {R"({"kind": "announce", "text": "x", "colour": "red"})", "cue.colour", "is not a key of a cue"},
        {R"({"kind": "skip", "text": "x"})", "cue.text", "is not for a skip cue"},
        {R"({"kind": "blank", "style": "banner"})", "cue.style", "is not for a blank cue"},
        {R"({"kind": "blank", "intermission": "15m"})", "cue.intermission", "needs the blank's end"},
        {R"({"kind": "announce", "text": "x", "countdown": true})", "cue.countdown", "needs an end"},
        {R"({"kind": "announce", "text": "x", "id": "../etc"})", "cue.id", "letters, digits"},
        {R"({"kind": "announce", "picture": "https://example.org/p.png"})", "cue.picture", "should be an object"},
        {R"({"kind": "announce", "picture": {"url": "file:///etc/passwd", "sha256": SHA}})", "cue.picture.url",
         "is not a web address"},
        {R"({"kind": "announce", "picture": {"url": "https://example.org/p.png", "sha256": "abc"}})",
         "cue.picture.sha256", "64 hex digits"},
        {R"({"kind": "announce", "picture": {"url": "https://example.org/p.png"}})", "cue.picture.sha256",
         "64 hex digits"},
        {R"({"kind": "announce", "picture": {"url": "https://e.org/p.png", "sha256": SHA, "file": "/etc/passwd"}})",
         "cue.picture.file", "is not a key of a picture"},
        {R"({"kind": "announce", "text": "x", "style": "banner", "picture": {"url": "https://e.org/p", "sha256": SHA}})",
         "cue.picture", "is not for a banner"},
        {R"({"kind": "blank", "picture": {"url": "https://e.org/p", "sha256": SHA}})", "cue.picture",
         "is not for a blank cue"},
    };
    for (const Case& c : cases) {
        std::string text = c.text;
        if (const size_t at = text.find("SHA"); at != std::string::npos) text.replace(at, 3, SHA);
        const Error e = refused(text);
        CHECK(e.where == c.where);
        CHECK(e.what.find(c.what) != std::string::npos);
    }
    const Error long_text = refused(R"({"kind": "announce", "text": ")" + std::string(301, 'a') + "\"}");
    CHECK(long_text.hint.find("300 characters") != std::string::npos);
    CHECK(cues::parse_cue("{not json", evening(), test::london(), "t").error().what == "is not JSON");
}

TEST_CASE("the board: the highest priority takes the screen, the newest among equals, and one banner runs") {
    cues::Board board;
    CHECK_FALSE(board.on_screen());
    board.add(read(R"({"kind": "announce", "text": "Doors open", "id": "doors"})"));
    board.add(read(R"({"kind": "announce", "text": "Strike fund", "style": "banner", "id": "fund"})"));
    REQUIRE(board.on_screen());
    CHECK(board.on_screen()->id == "doors");
    REQUIRE(board.banner());
    CHECK(board.banner()->id == "fund");

    // A blank given later, of the same priority, takes the screen; an urgent message of a
    // higher priority takes it over the blank.
    board.add(read(R"({"kind": "blank", "id": "film"})", evening() + 1min));
    CHECK(board.on_screen()->id == "film");
    board.add(read(R"({"kind": "announce", "text": "March re-routed", "priority": 50, "id": "route"})", evening()));
    CHECK(board.on_screen()->id == "route");
    CHECK(board.remove("route"));
    CHECK_FALSE(board.remove("route"));
    CHECK(board.on_screen()->id == "film");

    // The same id again replaces the cue.
    board.add(read(R"({"kind": "announce", "text": "Doors open at 19:30", "id": "doors"})", evening() + 2min));
    CHECK(board.cues().size() == 3);
    CHECK(board.on_screen()->id == "doors");
    CHECK(board.on_screen()->text == "Doors open at 19:30");

    CHECK_FALSE(board.paused());
    board.add(read(R"({"kind": "pause"})"));
    CHECK(board.paused());
    CHECK(board.remove_kind(cues::Kind::pause) == 1);
    CHECK_FALSE(board.paused());

    const auto before = board.version();
    board.clear();
    CHECK(board.empty());
    CHECK(board.version() > before);
}

TEST_CASE("cues expire on their own, and a blank with an intermission ends in a countdown to the film's next part") {
    cues::Board board;
    board.add(read(R"({"kind": "blank", "until": "20:30", "intermission": "15m", "id": "film"})"));
    board.add(read(R"({"kind": "announce", "text": "Doors open", "for": "10m", "style": "banner", "id": "doors"})"));
    CHECK(board.next_expiry() == evening() + 10min);
    CHECK_FALSE(board.expire(evening() + 9min));
    CHECK(board.expire(evening() + 10min));
    CHECK_FALSE(board.banner());

    const SysTime film_ends = from_local(test::london(), 2026, 12, 5, 20, 30, 0);
    CHECK(board.next_expiry() == film_ends);
    CHECK(board.expire(film_ends));
    const cues::Cue* pause = board.on_screen();
    REQUIRE(pause);
    CHECK(pause->kind == cues::Kind::announce);
    CHECK(pause->countdown);
    CHECK(pause->until == film_ends + 15min);
    CHECK(cues::describe(*pause, test::london()) == "announce \"\" until 20:45");

    CHECK(board.expire(film_ends + 15min));
    CHECK(board.empty());
    CHECK_FALSE(board.next_expiry());

    // A display that was off through the whole intermission does not show it late.
    cues::Board late;
    late.add(read(R"({"kind": "blank", "until": "20:30", "intermission": "15m"})"));
    CHECK(late.expire(film_ends + 20min));
    CHECK(late.empty());
}

TEST_CASE("the cues in force survive a restart: the state file is written whole and read back") {
    test::TempDir dir;
    const auto file = dir / "cues.json";
    {
        auto none = cues::Board::load(file, evening());
        REQUIRE(none);  // no file yet: no cues
        CHECK(none->empty());
    }
    cues::Board board;
    board.add(read(R"({"kind": "announce", "text": "Solidarity with the strikers", "until": "22:00",
                       "style": "banner", "priority": 5, "id": "strike"})"));
    board.add(read(R"({"kind": "blank", "for": "90m", "intermission": "10m", "id": "film"})"));
    board.add(read(R"({"kind": "announce", "text": "Short", "for": "1m", "id": "short"})"));
    board.add(read(R"({"kind": "pause"})"));
    REQUIRE(board.save(file));

    // Read at once: every cue as it was, words and all.
    auto same = cues::Board::load(file, evening());
    REQUIRE(same);
    REQUIRE(same->cues().size() == 4);
    CHECK(same->cues()[0].text == "Solidarity with the strikers");
    CHECK(same->cues()[2].text == "Short");

    // Read two minutes later: the short one has gone.
    auto back = cues::Board::load(file, evening() + 2min);
    REQUIRE(back);
    REQUIRE(back->cues().size() == 3);
    const cues::Cue& strike = back->cues()[0];
    CHECK(strike.id == "strike");
    CHECK(strike.text == "Solidarity with the strikers");
    CHECK(strike.style == cues::Style::banner);
    CHECK(strike.priority == 5);
    CHECK(strike.until == from_local(test::london(), 2026, 12, 5, 22, 0, 0));
    CHECK(strike.made == evening());
    CHECK(strike.from == "test");
    const cues::Cue& film = back->cues()[1];
    CHECK(film.kind == cues::Kind::blank);
    CHECK(film.until == evening() + 90min);
    CHECK(film.intermission == 10min);
    CHECK(back->paused());

    // Read at the film's end: the intermission it became is kept, and comes back as it was.
    auto at_break = cues::Board::load(file, evening() + 91min);
    REQUIRE(at_break);
    REQUIRE(at_break->save(file));
    auto again = cues::Board::load(file, evening() + 92min);
    REQUIRE(again);
    REQUIRE(again->on_screen());
    CHECK(again->on_screen()->countdown);
    CHECK(again->on_screen()->until == evening() + 100min);

    // A file that is not ours: an error naming it, and no cues.
    test::write_file(file, "{\"cues\": 3}");
    auto broken = cues::Board::load(file, evening());
    REQUIRE_FALSE(broken);
    CHECK(broken.error().where == file.string());
    CHECK(broken.error().hint.find("remove it") != std::string::npos);
}

TEST_CASE("the desk hands cues from other threads to the main thread, in order, and wakes it") {
    cues::Desk desk;
    std::atomic<int> woken{0};
    desk.set_wake([&] { ++woken; });
    std::vector<std::thread> senders;
    senders.reserve(4);
    for (int t = 0; t < 4; ++t)
        senders.emplace_back([&, t] {
            for (int i = 0; i < 50; ++i) {
                cues::Cue c;
                c.kind = cues::Kind::skip;
                c.id = std::to_string(t) + "-" + std::to_string(i);
                desk.post(c);
            }
        });
    desk.lift("gone");
    for (auto& s : senders) s.join();
    const auto orders = desk.take();
    CHECK(orders.size() == 201);
    CHECK(woken == 201);
    CHECK(desk.take().empty());
    // Each sender's cues in the order it sent them.
    for (int t = 0; t < 4; ++t) {
        int last = -1;
        for (const auto& o : orders) {
            if (!o.give || o.give->id.rfind(std::to_string(t) + "-", 0) != 0) continue;
            const int i = std::stoi(o.give->id.substr(2));
            CHECK(i == last + 1);
            last = i;
        }
        CHECK(last == 49);
    }
    desk.publish({read(R"({"kind": "blank"})")});
    CHECK(desk.cues().size() == 1);
}
