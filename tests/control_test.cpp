// The control page's server on 127.0.0.1 with a free port, over HTTPS with the certificate it
// made, driven by libcurl as a phone or a script would: every route with and without login,
// the setup code, backoff after wrong passwords, CSRF and Origin, a wrong Host, API tokens,
// bodies too large or wrong. No player: the test reads the desk as the main thread would.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <fstream>
#include <thread>

#include "control/auth.hpp"
#include "control/certificate.hpp"
#include "control/server.hpp"
#include "kinds/kinds.hpp"
#include "plays/play_log.hpp"
#include "support/http.hpp"
#include "support/test_support.hpp"
#include "util/time.hpp"

using namespace placard;
using namespace std::chrono_literals;
using Json = nlohmann::json;

namespace {

using Answer = test::HttpAnswer;

struct Ask {
    Ask(std::string m, std::string p, std::string b = {}, std::vector<std::string> h = {}, std::string f = "127.0.0.1")
        : method(std::move(m)), path(std::move(p)), body(std::move(b)), headers(std::move(h)), from(std::move(f)) {}
    std::string method, path, body;
    std::vector<std::string> headers;
    std::string from;
};

// A display's control server with its state in a folder of its own.
const char* const hall_playlist = R"({ "version": 1,
  "slides": [{ "type": "text", "title": "Film night at eight", "body": "In the main hall.", "duration": "10s" }] }
)";

struct Hall {
    test::TempDir state;
    test::TempDir etc;  // the playlist's folder, as /etc/placard
    std::filesystem::path playlist = etc / "playlist.json";
    control::PlaylistEditor editor{playlist, [f = playlist](std::string_view text) {
                                       std::vector<control::PlaylistProblem> found;
                                       for (const config::Problem& p : kinds::load_playlist(text, f).problems)
                                           found.push_back({p.line, p.column, p.path, p.message});
                                       return found;
                                   }};
    ManualClock clock{std::chrono::system_clock::time_point(from_local(test::london(), 2026, 12, 5, 19, 0, 0))};
    std::shared_ptr<cues::Desk> desk = std::make_shared<cues::Desk>();
    control::Console console{desk, clock};
    std::atomic<int> notices{0};
    control::Auth auth{state.path(), [this] { ++notices; }, control::test_cost()};
    std::unique_ptr<control::Server> server;
    bool tls = true;

    explicit Hall(bool with_tls = true, std::vector<std::string> names = {}) : tls(with_tls) {
        console.set_zone(test::london());
        control::ServerOptions o;
        o.listen = "127.0.0.1:0";
        o.tls = tls;
        o.state = state.path();
        o.names = std::move(names);
        o.plays = state / "plays";
        o.playlist = &editor;
        test::write_file(playlist, hall_playlist);
        auto started = control::Server::start(o, auth, console);
        REQUIRE_MESSAGE(started, (started ? std::string() : started.error().to_string()));
        server = std::move(*started);
    }

    std::string origin() const { return fmt::format("{}://127.0.0.1:{}", tls ? "https" : "http", server->port()); }

    Answer ask(const Ask& a) const {
        test::HttpAsk h;
        h.method = a.method;
        h.url = origin() + a.path;
        h.body = a.body;
        h.headers = a.headers;
        h.from = a.from;
        // The certificate the display made is the only one trusted, for its own name.
        if (tls) h.ca = (state / "tls-cert.pem").string();
        return test::http(h);
    }

    // Sets the first password with the code on the screen; returns the session's cookie and
    // CSRF token.
    std::pair<std::string, std::string> set_up(const std::string& password = "picket line at dawn") {
        const std::string code = auth.setup_code();
        REQUIRE(code.size() == 8);
        const Answer a = ask({"POST", "/api/setup", Json({{"code", code}, {"password", password}}).dump()});
        REQUIRE(a.status == 200);
        return {cookie_of(a), a.json()["csrf"].get<std::string>()};
    }

    // Sets the first password and makes an API token; returns its Authorization header.
    std::string script() {
        set_up();
        auto token = control::add_api_token(state.path(), "the test");
        REQUIRE(token);
        return "Authorization: Bearer " + *token;
    }

    static std::string cookie_of(const Answer& a) {
        const std::string set = a.header("Set-Cookie");
        return set.substr(0, set.find(';'));
    }

    // A change with the session's cookie, its token and this page's Origin, as the page sends it.
    Answer change(const std::string& method, const std::string& path, const std::string& body,
                  const std::pair<std::string, std::string>& session) const {
        return ask({method,
                    path,
                    body,
                    {"Cookie: " + session.first, "X-CSRF-Token: " + session.second, "Origin: " + origin()}});
    }
};

const std::string announce = R"({"kind": "announce", "text": "The film starts in 5 minutes", "for": "5m"})";

}  // namespace

TEST_CASE("control: nothing is told or done without a login, and the screen's setup code sets the first password") {
    Hall hall;
    CHECK_FALSE(hall.auth.has_password());
    // Not a structured binding: clang 14's INFO (a lambda) cannot capture one.
    const std::vector<std::pair<std::string, std::string>> routes = {
        {"GET", "/api/status"},  {"GET", "/api/cues"},    {"POST", "/api/cues"},     {"DELETE", "/api/cues/abc"},
        {"GET", "/api/session"}, {"POST", "/api/logout"}, {"GET", "/api/nothing"},   {"GET", "/api/screen.jpg"},
        {"GET", "/api/health"},  {"GET", "/api/plays"},   {"GET", "/api/plays.csv"}, {"GET", "/api/playlist"},
        {"PUT", "/api/playlist"}};
    for (const auto& route : routes) {
        const Answer a = hall.ask({route.first, route.second, route.first == "POST" ? announce : ""});
        INFO(route.first << " " << route.second);
        CHECK(a.status == 401);
        CHECK(a.json()["setup_needed"] == true);
    }
    CHECK(hall.desk->take().empty());

    // The page itself is public: it asks for the code, and takes nothing from outside.
    const Answer page = hall.ask({"GET", "/"});
    CHECK(page.status == 200);
    CHECK(page.header("Content-Type") == "text/html; charset=utf-8");
    CHECK(page.body.find("code that the screen shows") != std::string::npos);
    CHECK(page.body.find("src=\"http") == std::string::npos);
    CHECK(page.header("X-Frame-Options") == "DENY");

    // A wrong code, a short password: refused, and no password is set.
    CHECK(hall.ask({"POST", "/api/setup", R"({"code": "00000000", "password": "picket line at dawn"})"}).status == 401);
    const Answer short_one =
        hall.ask({"POST", "/api/setup", Json({{"code", hall.auth.setup_code()}, {"password", "short"}}).dump()});
    CHECK(short_one.status == 400);
    CHECK(short_one.json()["error"].get<std::string>().find("shorter than 8") != std::string::npos);
    CHECK_FALSE(hall.auth.has_password());

    const auto session = hall.set_up();
    CHECK(hall.auth.has_password());
    CHECK(hall.auth.setup_code().empty());  // the screen stops showing it
    CHECK(hall.notices > 0);
    const std::string password = test::read_file(hall.state / "password");
    CHECK(password.rfind("$argon2id$", 0) == 0);
    CHECK(password.find("picket") == std::string::npos);
    CHECK(hall.ask({"POST", "/api/setup", R"({"code": "12345678", "password": "another password"})"}).status == 401);

    // Logged in: the status, the cues, and one given.
    const Answer status = hall.ask({"GET", "/api/status", "", {"Cookie: " + session.first}});
    CHECK(status.status == 200);
    CHECK(status.json()["cues"].is_array());
    const Answer given = hall.change("POST", "/api/cues", announce, session);
    CHECK(given.status == 201);
    CHECK(given.json()["text"] == "The film starts in 5 minutes");
    CHECK(given.json()["from"] == "page 127.0.0.1");
    CHECK(given.header("Location") == "/api/cues/" + given.json()["id"].get<std::string>());
    const auto orders = hall.desk->take();
    REQUIRE(orders.size() == 1);
    REQUIRE(orders[0].give);
    CHECK(orders[0].give->until == hall.clock.now_seconds() + 5min);

    // Logged out: the cookie is worth nothing.
    CHECK(hall.change("POST", "/api/logout", "", session).status == 204);
    CHECK(hall.ask({"GET", "/api/status", "", {"Cookie: " + session.first}}).status == 401);
}

TEST_CASE("control: a change needs the session's CSRF token and this page's Origin") {
    Hall hall;
    const auto session = hall.set_up();
    const std::string cookie = "Cookie: " + session.first, token = "X-CSRF-Token: " + session.second;
    const std::string own = "Origin: " + hall.origin();
    struct Case {
        std::vector<std::string> headers;
        long status;
    };
    const Case cases[] = {
        {{cookie}, 403},                                                // neither
        {{cookie, own}, 403},                                           // no token
        {{cookie, own, "X-CSRF-Token: " + session.second + "x"}, 403},  // a wrong token
        {{cookie, token}, 403},                                         // no Origin, no Referer
        {{cookie, token, "Origin: https://evil.example"}, 403},         // another site
        {{cookie, token, "Origin: http://127.0.0.1:" + std::to_string(hall.server->port())}, 403},  // http
        {{cookie, token, "Referer: " + hall.origin() + "/"}, 201},  // a browser that sends no Origin
        {{cookie, token, own}, 201},
    };
    for (const Case& c : cases) {
        const Answer a = hall.ask({"POST", "/api/cues", announce, c.headers});
        INFO(a.body);
        CHECK(a.status == c.status);
    }
    CHECK(hall.desk->take().size() == 2);
    // An edit of the playlist likewise.
    const std::string edited = std::string(hall_playlist) + " ";
    const std::string version = "If-Match: " + control::PlaylistEditor::etag_of(hall_playlist);
    CHECK(hall.ask({"PUT", "/api/playlist", edited, {cookie, own, version}}).status == 403);
    CHECK(hall.ask({"PUT", "/api/playlist", edited, {cookie, token, "Origin: https://evil.example", version}}).status ==
          403);
    CHECK(test::read_file(hall.playlist) == hall_playlist);
    CHECK(hall.ask({"PUT", "/api/playlist", edited, {cookie, token, own, version}}).status == 200);
    CHECK(test::read_file(hall.playlist) == edited);
    // A login from another site's page is refused too (login CSRF).
    CHECK(hall.ask({"POST", "/api/login", R"({"password": "picket line at dawn"})", {"Origin: https://evil.example"}})
              .status == 403);
}

TEST_CASE("control: a request for a name that is not the display's is refused (DNS rebinding)") {
    Hall hall(true, {"hall-screen.lan"});
    const auto session = hall.set_up();
    const std::string cookie = "Cookie: " + session.first;
    const std::string port = std::to_string(hall.server->port());
    CHECK(hall.ask({"GET", "/api/status", "", {cookie, "Host: evil.example:" + port}}).status == 421);
    CHECK(hall.ask({"GET", "/", "", {"Host: attacker.example"}}).status == 421);
    CHECK(hall.ask({"GET", "/api/status", "", {cookie, "Host: localhost:" + port}}).status == 200);
    CHECK(hall.ask({"GET", "/api/status", "", {cookie, "Host: HALL-SCREEN.lan:" + port}}).status == 200);
    CHECK(control::host_of("[::1]:8080") == "::1");
    CHECK(control::host_of("Placard.local.:8080") == "placard.local");
}

TEST_CASE("control: wrong passwords back off per address, and a right one then waits its turn") {
    Hall hall(false);  // plain HTTP: quick requests, so that the backoff's seconds are not spent on handshakes
    REQUIRE(control::write_password(hall.state.path(), "picket line at dawn", control::test_cost()));
    CHECK(hall.auth.setup_code().empty());
    const std::string wrong = R"({"password": "wrong password"})", right = R"({"password": "picket line at dawn"})";
    for (int i = 0; i < control::Auth::free_failures + 1; ++i)
        CHECK(hall.ask({"POST", "/api/login", wrong}).status == 401);
    // Backing off: refused at once, the right password too, with how long to wait.
    const Answer refused = hall.ask({"POST", "/api/login", right});
    CHECK(refused.status == 429);
    CHECK(refused.header("Retry-After") == "1");
    // Another phone in the hall is not held up.
    CHECK(hall.ask({"POST", "/api/login", right, {}, "127.0.0.2"}).status == 200);
    std::this_thread::sleep_for(1100ms);
    CHECK(hall.ask({"POST", "/api/login", wrong}).status == 401);  // and now 2 s
    CHECK(hall.ask({"POST", "/api/login", right}).status == 429);
    std::this_thread::sleep_for(2100ms);
    CHECK(hall.ask({"POST", "/api/login", right}).status == 200);
    // Forgiven after a success.
    CHECK(hall.ask({"POST", "/api/login", wrong}).status == 401);
    CHECK(hall.ask({"POST", "/api/login", right}).status == 200);
}

TEST_CASE("control: API tokens for scripts, with no CSRF token, revocable") {
    Hall hall;
    hall.set_up();
    auto token = control::add_api_token(hall.state.path(), "the test");
    REQUIRE(token);
    CHECK(token->rfind("placard_", 0) == 0);
    CHECK(test::read_file(hall.state / "tokens.json").find(*token) == std::string::npos);  // only its hash
    const std::string bearer = "Authorization: Bearer " + *token;
    const Answer given = hall.ask({"POST", "/api/cues", R"({"kind": "blank", "for": "2h"})", {bearer}});
    CHECK(given.status == 201);
    CHECK(given.json()["from"] == "api");
    CHECK(hall.ask({"POST", "/api/cues", R"({"kind": "skip"})", {bearer}}).status == 202);
    // A picture by its address is the broker's: here a poster is uploaded. Nothing is posted.
    const Answer picture = hall.ask({"POST",
                                     "/api/cues",
                                     R"({"kind": "announce", "for": "1h", "picture": {"url": "https://e.org/p.png",
                                         "sha256": ")" +
                                         std::string(64, '0') + R"("}})",
                                     {bearer}});
    CHECK(picture.status == 400);
    CHECK(picture.body.find("/api/posters") != std::string::npos);
    CHECK(hall.ask({"GET", "/api/cues", "", {bearer + "x"}}).status == 401);
    CHECK(hall.ask({"GET", "/api/cues", "", {"Authorization: Bearer "}}).status == 401);

    // Lifting a cue in force: the main thread publishes the board; the server reads it.
    const auto orders = hall.desk->take();
    REQUIRE(orders.size() == 2);
    hall.desk->publish({*orders[0].give});
    const std::string id = orders[0].give->id;
    CHECK(hall.ask({"GET", "/api/cues/" + id, "", {bearer}}).json()["kind"] == "blank");
    CHECK(hall.ask({"DELETE", "/api/cues/" + id, "", {bearer}}).status == 204);
    CHECK(hall.ask({"DELETE", "/api/cues/nothing", "", {bearer}}).status == 404);
    const auto lifted = hall.desk->take();
    REQUIRE(lifted.size() == 1);
    CHECK(lifted[0].lift == id);

    // Revoked (placard token --revoke ID): refused by the running server at once.
    const auto tokens = control::list_api_tokens(hall.state.path());
    REQUIRE(tokens.size() == 1);
    CHECK(tokens[0].name == "the test");
    REQUIRE(control::revoke_api_token(hall.state.path(), tokens[0].id));
    CHECK(hall.ask({"GET", "/api/cues", "", {bearer}}).status == 401);
    CHECK_FALSE(control::revoke_api_token(hall.state.path(), tokens[0].id));
}

TEST_CASE("control: bad requests get the reason: a wrong cue, not JSON, too large, a wrong method, no such route") {
    Hall hall;
    const std::string bearer = hall.script();
    const Answer wrong =
        hall.ask({"POST", "/api/cues", R"({"kind": "announce", "text": "x", "for": "soon"})", {bearer}});
    CHECK(wrong.status == 400);
    CHECK(wrong.json()["where"] == "cue.for");
    CHECK(hall.ask({"POST", "/api/cues", "{not json", {bearer}}).json()["what"] == "is not JSON");
    const Answer large = hall.ask({"POST", "/api/cues", std::string(100'000, ' '), {bearer}});
    CHECK(large.status == 413);
    const Answer put = hall.ask({"PUT", "/api/cues", "", {bearer}});
    CHECK(put.status == 405);
    CHECK(put.header("Allow") == "GET, POST");
    CHECK(hall.ask({"GET", "/api/nothing", "", {bearer}}).status == 404);
    CHECK(hall.desk->take().empty());
}

TEST_CASE(
    "control: the certificate is made once, kept, and known by its fingerprint, and plain HTTP is there when asked") {
    test::TempDir state;
    auto made = control::load_or_make_certificate(state.path(), "hall");
    REQUIRE(made);
    CHECK(made->fingerprint.size() == 32 * 3 - 1);
    auto again = control::load_or_make_certificate(state.path(), "hall");
    REQUIRE(again);
    CHECK(again->fingerprint == made->fingerprint);
    CHECK((std::filesystem::status(state / "tls-key.pem").permissions() & std::filesystem::perms::group_read) ==
          std::filesystem::perms::none);

    // Without TLS the session's cookie is not marked Secure (a browser would not send it back).
    Hall plain(false);
    const std::string code = plain.auth.setup_code();
    const Answer a =
        plain.ask({"POST", "/api/setup", Json({{"code", code}, {"password", "picket line at dawn"}}).dump()});
    CHECK(a.status == 200);
    CHECK(a.header("Set-Cookie").find("HttpOnly; SameSite=Strict") != std::string::npos);
    CHECK(a.header("Set-Cookie").find("Secure") == std::string::npos);
    Hall secure;
    CHECK(secure
              .ask({"POST", "/api/setup",
                    Json({{"code", secure.auth.setup_code()}, {"password", "picket line at dawn"}}).dump()})
              .header("Set-Cookie")
              .find("; Secure") != std::string::npos);
}

TEST_CASE("control: ten wrong setup codes and the screen shows a new one") {
    Hall hall;
    const std::string first = hall.auth.setup_code();
    // From ten addresses, so that the backoff of one does not stop the count.
    for (int i = 0; i < 10; ++i)
        CHECK(hall.ask({"POST",
                        "/api/setup",
                        R"({"code": "x", "password": "picket line at dawn"})",
                        {},
                        "127.0.0." + std::to_string(10 + i)})
                  .status == 401);
    CHECK(hall.auth.setup_code() != first);
    CHECK(hall.notices == 1);
}

TEST_CASE("control: the play log of a day, as JSON and as CSV, and a day that is not one refused") {
    Hall hall;
    const std::string bearer = hall.script();
    {
        plays::PlayLog log(hall.state / "plays");
        plays::Showing s;
        s.kind = "event";
        s.title = "Screening, then a talk with the director";
        s.id = "2:ev";
        log.presented(s, hall.clock.now() - 30s, test::london());
        log.close(hall.clock.now() - 18s);
    }
    const Answer today = hall.ask({"GET", "/api/plays", "", {bearer}});
    CHECK(today.status == 200);
    CHECK(today.json()["day"] == "2026-12-05");
    CHECK(today.json()["days"] == Json::array({"2026-12-05"}));
    REQUIRE(today.json()["showings"].size() == 1);
    CHECK(today.json()["showings"][0]["seconds"] == 12.0);
    const Answer csv = hall.ask({"GET", "/api/plays.csv?day=2026-12-05", "", {bearer}});
    CHECK(csv.status == 200);
    CHECK(csv.header("Content-Type") == "text/csv; charset=utf-8");
    CHECK(csv.header("Content-Disposition").find("placard-plays-2026-12-05.csv") != std::string::npos);
    CHECK(csv.body.find("\"Screening, then a talk with the director\"") != std::string::npos);
    CHECK(hall.ask({"GET", "/api/plays?day=2026-12-04", "", {bearer}}).json()["showings"].empty());
    const Answer bad = hall.ask({"GET", "/api/plays?day=..%2F..%2Fpassword", "", {bearer}});
    CHECK(bad.status == 400);
    CHECK(bad.json()["where"] == "day");
}

TEST_CASE("control: health and the sources' ages in the status, from now rather than from when they were put") {
    Hall hall;
    const std::string bearer = hall.script();
    hall.console.set_health({{"findings", Json::array({{{"key", "undervoltage-now"}, {"severity", "warning"}}})}});
    const long long fetched = hall.clock.now_seconds().time_since_epoch().count() - 300;
    hall.console.set_status(
        {{"sources", Json::array({{{"name", "news"}, {"state", "fine"}, {"updated_epoch", fetched}}})}});
    hall.clock.advance(20s);
    const Json status = hall.ask({"GET", "/api/status", "", {bearer}}).json();
    CHECK(status["health"]["findings"][0]["key"] == "undervoltage-now");
    CHECK(status["sources"][0]["age_seconds"] == 320);
    CHECK(hall.ask({"GET", "/api/health", "", {bearer}}).json()["findings"].size() == 1);
}

TEST_CASE("control: the live picture is asked of the player, served as JPEG, and made at most once a second") {
    Hall hall;
    const std::string bearer = hall.script();
    // No player: after a short wait, the page hears that there is no picture yet.
    const Answer none = hall.ask({"GET", "/api/screen.jpg", "", {bearer}});
    CHECK(none.status == 503);

    // A player that makes a picture when woken, on a thread of its own as the real one does.
    std::atomic<bool> woken{false}, stop{false};
    std::atomic<int> made{0};
    hall.console.set_picture_wake([&] { woken = true; });
    std::thread player([&] {
        while (!stop) {
            if (woken.exchange(false) && hall.console.take_picture_wanted())
                hall.console.put_picture("\xff\xd8 picture " + std::to_string(++made));
            std::this_thread::sleep_for(5ms);
        }
    });
    const Answer first = hall.ask({"GET", "/api/screen.jpg", "", {bearer}});
    const auto asked_again = std::chrono::steady_clock::now();
    const Answer again = hall.ask({"GET", "/api/screen.jpg", "", {bearer}});
    // Under an emulator (the Pi's cross build) a TLS handshake may take most of a second.
    const bool within_the_second = std::chrono::steady_clock::now() - asked_again < 800ms;
    stop = true;
    player.join();
    hall.console.set_picture_wake({});
    CHECK(first.status == 200);
    CHECK(first.header("Content-Type") == "image/jpeg");
    CHECK(first.body == "\xff\xd8 picture 1");
    if (within_the_second) {
        CHECK(again.body == first.body);  // within the second: the same picture, not a new one
        CHECK(made == 1);
    }
}

TEST_CASE("control: the playlist is read with its version, and saved only when valid and still that version") {
    Hall hall;
    const std::string bearer = hall.script();
    const Answer got = hall.ask({"GET", "/api/playlist", "", {bearer}});
    CHECK(got.status == 200);
    CHECK(got.body == hall_playlist);
    const std::string etag = got.header("ETag");
    CHECK(etag == control::PlaylistEditor::etag_of(hall_playlist));

    const std::string longer = R"({ "version": 1,
  "slides": [{ "type": "text", "title": "Film night at eight", "body": "In the main hall.", "duration": "20s" }] }
)";
    // Without saying which version was edited: refused.
    const Answer unsaid = hall.ask({"PUT", "/api/playlist", longer, {bearer}});
    CHECK(unsaid.status == 428);
    CHECK(test::read_file(hall.playlist) == hall_playlist);

    // An error: the checker's problem with its line, nothing written, the one before kept.
    const std::string broken = R"({ "version": 1,
  "slides": [{ "type": "text", "title": "Film night at eight", "body": "In the main hall.",
               "duration": "soon" }] }
)";
    const Answer refused = hall.ask({"PUT", "/api/playlist", broken, {bearer, "If-Match: " + etag}});
    CHECK(refused.status == 422);
    INFO(refused.body);
    REQUIRE(refused.json()["problems"].size() >= 1);
    CHECK(refused.json()["problems"][0]["line"] == 3);
    CHECK(refused.json()["problems"][0]["path"] == "$.slides[0].duration");
    CHECK(refused.json()["error"].get<std::string>().find("nothing was saved") != std::string::npos);
    const Answer garbage =
        hall.ask({"PUT", "/api/playlist", "{ \"version\": 1,\n  \"slides\": [", {bearer, "If-Match: " + etag}});
    CHECK(garbage.status == 422);
    CHECK(garbage.json()["problems"][0]["line"] == 2);
    CHECK(test::read_file(hall.playlist) == hall_playlist);
    CHECK_FALSE(std::filesystem::exists(hall.editor.previous()));

    // Valid and of that version: saved, the one before kept beside it.
    const Answer saved = hall.ask({"PUT", "/api/playlist", longer, {bearer, "If-Match: " + etag}});
    CHECK(saved.status == 200);
    CHECK(saved.json()["saved"] == true);
    CHECK(saved.header("ETag") == control::PlaylistEditor::etag_of(longer));
    CHECK(test::read_file(hall.playlist) == longer);
    CHECK(test::read_file(hall.editor.previous()) == hall_playlist);
    // Saved again from the old version: somebody saved meanwhile.
    const Answer stale = hall.ask({"PUT", "/api/playlist", hall_playlist, {bearer, "If-Match: " + etag}});
    CHECK(stale.status == 412);
    CHECK(stale.header("ETag") == saved.header("ETag"));
    CHECK(test::read_file(hall.playlist) == longer);
    // Too large to be a playlist.
    CHECK(hall.ask({"PUT", "/api/playlist", std::string(2 << 20, ' '), {bearer, "If-Match: *"}}).status == 413);
}

TEST_CASE("control: two edits racing from the same version: one is saved, the other is told to load again") {
    Hall hall;
    const std::string bearer = hall.script();
    const std::string etag = "If-Match: " + control::PlaylistEditor::etag_of(hall_playlist);
    auto edit = [&](const std::string& title) {
        return std::string(R"({ "version": 1, "slides": [{ "type": "text", "title": ")") + title +
               R"(", "body": "Tea at the back.", "duration": "10s" }] })";
    };
    for (int round = 0; round < 3; ++round) {
        test::write_file(hall.playlist, hall_playlist);
        long first = 0, second = 0;
        std::thread a([&] {
            first = hall.ask({"PUT", "/api/playlist", edit("From the door"), {bearer, etag}}).status;
        });
        std::thread b([&] {
            second = hall.ask({"PUT", "/api/playlist", edit("From the stage"), {bearer, etag}}).status;
        });
        a.join();
        b.join();
        CHECK(std::min(first, second) == 200);
        CHECK(std::max(first, second) == 412);
        const std::string now = test::read_file(hall.playlist);
        CHECK(now == edit(first == 200 ? "From the door" : "From the stage"));
    }
}

TEST_CASE("control: a playlist that cannot be written: the reason, and the one before plays on") {
    Hall hall;
    const std::string bearer = hall.script();
    // A folder where the version before would be kept: no rename replaces it, even as root.
    std::filesystem::create_directories(hall.editor.previous() / "in the way");
    const std::string etag = "If-Match: " + control::PlaylistEditor::etag_of(hall_playlist);
    const Answer a = hall.ask({"PUT", "/api/playlist", std::string(hall_playlist) + "\n", {bearer, etag}});
    CHECK(a.status == 500);
    CHECK(a.json()["where"] == hall.editor.previous().string());
    CHECK(a.json()["hint"].get<std::string>().find("the playlist playing is the one before") != std::string::npos);
    CHECK(test::read_file(hall.playlist) == hall_playlist);
}
