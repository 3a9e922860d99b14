// Cues through a broker: organizers' keys, the signed envelope, what a display takes and
// refuses (broker/ledger), and the client and the display's link against a real Mosquitto
// started by the test, plain and over TLS with a password.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <condition_variable>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "broker/client.hpp"
#include "broker/keys.hpp"
#include "broker/ledger.hpp"
#include "broker/link.hpp"
#include "broker/signed_cue.hpp"
#include "broker/topics.hpp"
#include "cues/desk.hpp"
#include "store/atomic_file.hpp"
#include "support/mosquitto.hpp"
#include "support/test_support.hpp"
#include "util/hash.hpp"
#include "util/time.hpp"

using namespace placard;
using namespace std::chrono_literals;
using Json = nlohmann::json;

namespace {

const std::string all_topic = broker::topics::all_cue("campaign");
const std::string hall_topic = broker::topics::hall_cue("campaign", "north");

// Saturday 5 December 2026, 18:00 UTC.
SysTime evening() {
    return from_local(Zone(), 2026, 12, 5, 18, 0, 0);
}

broker::SecretKey organizer() {
    REQUIRE(broker::start_sodium());
    return broker::generate_key();
}

// A cue as placard cue makes it: issued at `issued`, ending `lasts` later.
Json announce(const std::string& text, SysTime issued, std::chrono::seconds lasts = 30min, int millis = 0) {
    return {{"id", cues::new_id()},
            {"kind", "announce"},
            {"text", text},
            {"issued", broker::format_millis(broker::Millis(issued) + std::chrono::milliseconds(millis))},
            {"until", format_iso8601_utc(issued + lasts)}};
}

Json clear(SysTime issued) {
    return {{"id", cues::new_id()}, {"kind", "clear"}, {"issued", broker::format_millis(broker::Millis(issued))}};
}

// What a desk was given, gathered from the link's thread.
struct Orders {
    std::shared_ptr<cues::Desk> desk = std::make_shared<cues::Desk>();
    std::mutex mutex;
    std::vector<cues::Order> got;
    void gather() {
        std::lock_guard lock(mutex);
        for (auto& o : desk->take()) got.push_back(std::move(o));
    }
    size_t given() {
        gather();
        std::lock_guard lock(mutex);
        return static_cast<size_t>(
            std::count_if(got.begin(), got.end(), [](const cues::Order& o) { return o.give.has_value(); }));
    }
    std::vector<std::string> lifted() {
        gather();
        std::lock_guard lock(mutex);
        std::vector<std::string> ids;
        for (const auto& o : got)
            if (!o.give) ids.push_back(o.lift);
        return ids;
    }
    std::optional<cues::Cue> last_given() {
        gather();
        std::lock_guard lock(mutex);
        for (auto it = got.rbegin(); it != got.rend(); ++it)
            if (it->give) return *it->give;
        return std::nullopt;
    }
};

// A client that publishes and gathers messages, as an organizer's tool would.
struct Watcher {
    std::mutex mutex;
    std::map<std::string, std::vector<std::string>> messages;
    std::unique_ptr<broker::Client> client;

    Watcher(const broker::ClientOptions& base, std::vector<std::string> subscriptions) {
        broker::ClientOptions o = base;
        o.subscriptions = std::move(subscriptions);
        o.first_retry = 100ms;
        o.longest_retry = 500ms;
        o.message = [this](const std::string& topic, const std::string& payload) {
            std::lock_guard lock(mutex);
            messages[topic].push_back(payload);
        };
        auto started = broker::Client::start(o);
        REQUIRE_MESSAGE(started, (started ? "" : started.error().to_string()));
        client = std::move(*started);
        REQUIRE(test::eventually([&] { return client->connected(); }));
    }
    std::vector<std::string> on(const std::string& topic) {
        std::lock_guard lock(mutex);
        return messages[topic];
    }
    void publish_cue(const std::string& topic, const Json& cue, const broker::SecretKey& key) {
        client->publish({topic, broker::seal(cue, topic, key), true, std::nullopt});
        auto sent = client->flush(5s);
        REQUIRE_MESSAGE(sent, (sent ? "" : sent.error().to_string()));
    }
};

broker::LinkOptions link_options(const test::Mosquitto& mosquitto, const Clock& clock, Orders& orders,
                                 const broker::SecretKey& key) {
    broker::LinkOptions o;
    o.url = mosquitto.url();
    o.org = "campaign";
    o.id = "hall-a";
    o.hall = "north";
    o.trusted = {key.public_key()};
    o.version = "test";
    o.clock = &clock;
    o.desk = orders.desk;
    o.state = [] { return Json{{"showing", {{"kind", "text"}, {"title", "Our aims"}}}}; };
    o.client.first_retry = 100ms;
    o.client.longest_retry = 500ms;
    o.client.tick = 50ms;
    o.clock_retry = 100ms;
    return o;
}

// Keeps the bytes as they came: the pipeline around it (fetch, hash, keep, hand over) is
// what this test is about; media_test and app_broker_test prepare real pictures.
class KeepingPreparer final : public content::ImagePreparer {
public:
    Result<content::PreparedImage> prepare(std::string_view bytes, const std::string&,
                                           const std::string& out_file) override {
        if (auto r = store::write_atomic(out_file, bytes); !r) return r.error();
        return content::PreparedImage{out_file, 640, 360};
    }
    std::string variant() const override { return "640x360"; }
};

}  // namespace

TEST_CASE("broker: a key is made, written with mode 0600, read back, and never written over") {
    test::TempDir dir;
    const broker::SecretKey key = organizer();
    REQUIRE(broker::write_secret_key(dir / "o.key", key));
    struct stat st {};
    REQUIRE(::stat((dir / "o.key").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    auto back = broker::read_secret_key(dir / "o.key");
    REQUIRE(back);
    CHECK(back->public_key() == key.public_key());
    // The same words sign the same way: the key read back is the key.
    CHECK(broker::sign("words", *back) == broker::sign("words", key));

    auto again = broker::write_secret_key(dir / "o.key", broker::generate_key());
    REQUIRE_FALSE(again);
    CHECK(again.error().what == "is already there");
    CHECK(broker::read_secret_key(dir / "o.key")->public_key() == key.public_key());

    test::write_file(dir / "not-a-key", "hello\n");
    auto bad = broker::read_secret_key(dir / "not-a-key");
    REQUIRE_FALSE(bad);
    CHECK(bad.error().what == "is not a placard secret key");
}

TEST_CASE("broker: a public key is read from its line or from a file of them, and a bad one is named") {
    test::TempDir dir;
    const broker::PublicKey a = organizer().public_key(), b = broker::generate_key().public_key();
    const std::string text = a.text();
    CHECK(text.rfind("ed25519:", 0) == 0);
    CHECK(text.size() == 8 + 44);
    CHECK(*broker::parse_public_key(text) == a);
    CHECK_FALSE(broker::parse_public_key("ed25519:AAAA"));
    CHECK_FALSE(broker::parse_public_key(text.substr(0, text.size() - 2) + "!="));
    CHECK_FALSE(broker::parse_public_key("ssh-ed25519 " + text.substr(8)));

    test::write_file(dir / "team.pub", "# Ana, the press officer\n" + a.text() + "\n\n# Ben\n" + b.text() + "\n");
    auto keys = broker::read_trusted((dir / "team.pub").string());
    REQUIRE(keys);
    CHECK(*keys == std::vector{a, b});
    CHECK(*broker::read_trusted(text) == std::vector{a});
    auto missing = broker::read_trusted((dir / "nobody.pub").string());
    REQUIRE_FALSE(missing);
    CHECK(missing.error().where == (dir / "nobody.pub").string());

    // /etc/placard/keys: every .pub file, in name order; other files are not keys.
    std::filesystem::create_directories(dir / "keys");
    test::write_file(dir / "keys" / "2-ben.pub", b.text() + "\n");
    test::write_file(dir / "keys" / "1-ana.pub", a.text() + "\n");
    test::write_file(dir / "keys" / "README", "not a key\n");
    CHECK(*broker::read_trusted_folder(dir / "keys") == std::vector{a, b});
    CHECK(broker::read_trusted_folder(dir / "none")->empty());
}

TEST_CASE("broker: a sealed cue opens for its topic and trusted key only, and any change to it is caught") {
    const broker::SecretKey key = organizer();
    const std::vector<broker::PublicKey> trusted{key.public_key()};
    const Json cue = announce("The march is re-routed: meet at the station", evening());
    const std::string payload = broker::seal(cue, all_topic, key);

    auto opened = broker::open(payload, all_topic, trusted);
    REQUIRE_MESSAGE(opened, (opened ? "" : opened.error().to_string()));
    CHECK(opened->cue == cue);
    CHECK(opened->key == key.public_key());
    CHECK(opened->issued == broker::Millis(evening()));

    // Moved to another topic by the broker: the hall's cue cannot be made everybody's.
    auto moved = broker::open(payload, hall_topic, trusted);
    REQUIRE_FALSE(moved);
    CHECK(moved.error().what.find("does not match") != std::string::npos);

    // A word changed on the way.
    Json message = Json::parse(payload);
    std::string text = message["cue"];
    text.replace(text.find("station"), 7, "embassy");
    message["cue"] = text;
    auto changed = broker::open(message.dump(), all_topic, trusted);
    REQUIRE_FALSE(changed);
    CHECK(changed.error().what.find("does not match") != std::string::npos);

    // Signed by a key the display does not trust; the error gives the key to add.
    const broker::SecretKey stranger = broker::generate_key();
    auto untrusted = broker::open(broker::seal(cue, all_topic, stranger), all_topic, trusted);
    REQUIRE_FALSE(untrusted);
    CHECK(untrusted.error().what.find("does not trust") != std::string::npos);
    CHECK(untrusted.error().hint.find(stranger.public_key().text()) != std::string::npos);

    // With no signature, or no envelope at all.
    Json unsigned_message = Json::parse(payload);
    unsigned_message.erase("signature");
    CHECK(broker::open(unsigned_message.dump(), all_topic, trusted).error().what == "is not signed");
    CHECK(broker::open(cue.dump(), all_topic, trusted).error().what == "is not a placard cue");
    CHECK(broker::open("\x01\x02garbage", all_topic, trusted).error().what == "is not a placard cue");
    // Fields of the wrong type, from anyone who may publish: refused, never thrown.
    for (const char* odd : {R"({"cue": "x", "key": "k", "signature": "s", "placard": "1"})",
                            R"({"cue": 5, "key": [], "signature": {}, "placard": 1})", "[1, 2, 3]", "\"cue\""}) {
        CAPTURE(odd);
        CHECK_FALSE(broker::open(odd, all_topic, trusted));
    }
}

TEST_CASE("broker: the ledger takes a cue, lets its redelivery pass, and refuses replays, old and expired cues") {
    const broker::SecretKey key = organizer();
    const std::vector<broker::PublicKey> trusted{key.public_key()};
    broker::Ledger ledger;
    using V = broker::Decision::Verdict;
    const SysTime now = evening();

    const Json first = announce("Doors open at seven", now - 1min);
    const std::string first_payload = broker::seal(first, all_topic, key);
    auto d = ledger.judge(all_topic, first_payload, trusted, now);
    REQUIRE(d.verdict == V::take);
    CHECK(d.cue->text == "Doors open at seven");
    CHECK(d.cue->id == first["id"]);
    CHECK(d.cue->until == now + 29min);
    CHECK(d.cue->from.find("broker ed25519:") == 0);
    CHECK(d.lift.empty());

    // The broker gives the retained cue again at each reconnection: nothing to do.
    CHECK(ledger.judge(all_topic, first_payload, trusted, now + 5min).verdict == V::same);

    // A newer cue replaces it (the topic holds one), and lifts the first.
    const Json second = announce("Doors open at half past seven", now, 30min, 250);
    d = ledger.judge(all_topic, broker::seal(second, all_topic, key), trusted, now);
    REQUIRE(d.verdict == V::take);
    CHECK(d.lift == first["id"]);

    // The first again, published by someone who kept it: a replay.
    d = ledger.judge(all_topic, first_payload, trusted, now + 1min);
    CHECK(d.verdict == V::refuse);
    CHECK(d.why.find("replay") != std::string::npos);

    // Cleared; then the second, replayed, is refused too.
    d = ledger.judge(all_topic, broker::seal(clear(now + 2min), all_topic, key), trusted, now + 2min);
    CHECK(d.verdict == V::lift);
    CHECK(d.lift == second["id"]);
    CHECK(ledger.judge(all_topic, broker::seal(second, all_topic, key), trusted, now + 3min).verdict == V::refuse);

    // Expired before it arrived.
    d = ledger.judge(hall_topic, broker::seal(announce("Too late", now - 2h, 1h), hall_topic, key), trusted, now);
    CHECK(d.verdict == V::refuse);
    CHECK(d.why.find("expired") != std::string::npos);

    // From a clock far ahead: it would block every later cue of the topic.
    d = ledger.judge(hall_topic, broker::seal(announce("From tomorrow", now + 1h), hall_topic, key), trusted, now);
    CHECK(d.verdict == V::refuse);
    CHECK(d.why.find("ahead of this display's clock") != std::string::npos);

    // A cue of a kind that has no place on many screens at once.
    Json skip = {{"id", "x1"}, {"kind", "skip"}, {"issued", broker::format_millis(broker::Millis(now))}};
    CHECK(ledger.judge(hall_topic, broker::seal(skip, hall_topic, key), trusted, now).verdict == V::refuse);
    // One with no end.
    Json endless = announce("Forever", now);
    endless.erase("until");
    d = ledger.judge(hall_topic, broker::seal(endless, hall_topic, key), trusted, now);
    CHECK(d.verdict == V::refuse);
    CHECK(d.why.find("no end") != std::string::npos);
}

TEST_CASE("broker: a cue that starts later waits, and the ledger keeps topics, waits and replays across a restart") {
    test::TempDir dir;
    const broker::SecretKey key = organizer();
    const std::vector<broker::PublicKey> trusted{key.public_key()};
    using V = broker::Decision::Verdict;
    const SysTime now = evening();
    Json later = announce("The film starts now", now, 2h);
    later["starts"] = format_iso8601_utc(now + 30min);
    const std::string later_payload = broker::seal(later, hall_topic, key);
    const Json old = announce("Doors open", now - 5min);
    const std::string old_payload = broker::seal(old, all_topic, key);
    {
        broker::Ledger ledger;
        CHECK(ledger.judge(all_topic, old_payload, trusted, now - 4min).verdict == V::take);
        CHECK(ledger.judge(all_topic, broker::seal(announce("Newer", now - 1min), all_topic, key), trusted, now)
                  .verdict == V::take);
        CHECK(ledger.judge(hall_topic, later_payload, trusted, now).verdict == V::wait);
        CHECK(ledger.next_start() == now + 30min);
        CHECK(ledger.due(now + 29min).empty());
        REQUIRE(ledger.save(dir / "broker.json"));
    }
    auto ledger = broker::Ledger::load(dir / "broker.json");
    REQUIRE_MESSAGE(ledger, (ledger ? "" : ledger.error().to_string()));
    CHECK(ledger->judge(all_topic, old_payload, trusted, now).verdict == V::refuse);
    CHECK(ledger->judge(hall_topic, later_payload, trusted, now).verdict == V::same);
    auto due = ledger->due(now + 30min);
    REQUIRE(due.size() == 1);
    CHECK(due[0].text == "The film starts now");
    CHECK(due[0].id == later["id"]);
    CHECK(ledger->due(now + 31min).empty());
    CHECK(ledger->topic_of(later["id"]) == hall_topic);

    test::write_file(dir / "bad.json", "{\"version\": 9}");
    CHECK_FALSE(broker::Ledger::load(dir / "bad.json"));
    CHECK(broker::Ledger::load(dir / "missing.json"));
}

TEST_CASE("broker: a cue held for its picture is kept across a restart and given again, until released") {
    test::TempDir dir;
    const broker::SecretKey key = organizer();
    const std::vector<broker::PublicKey> trusted{key.public_key()};
    const SysTime now = evening();
    const Json poster = announce("The poster", now);
    broker::Ledger ledger;
    auto taken = ledger.judge(all_topic, broker::seal(poster, all_topic, key), trusted, now);
    REQUIRE(taken.verdict == broker::Decision::Verdict::take);
    ledger.hold(all_topic, *taken.cue);
    CHECK(ledger.due(now + 1h).empty());  // held: not due while placard runs
    REQUIRE(ledger.save(dir / "broker.json"));
    auto after = broker::Ledger::load(dir / "broker.json");
    REQUIRE(after);
    auto due = after->due(now);
    REQUIRE(due.size() == 1);
    CHECK(due[0].id == poster["id"]);
    CHECK(after->due(now).empty());
    // Released once its picture is settled: a restart then gives nothing again.
    after->hold(all_topic, due[0]);
    after->release(due[0].id);
    REQUIRE(after->save(dir / "broker.json"));
    CHECK(broker::Ledger::load(dir / "broker.json")->due(now).empty());
    // A newer cue on the topic lifts the held one (its words may be on screen meanwhile).
    after->hold(all_topic, due[0]);
    auto newer = after->judge(all_topic, broker::seal(announce("Newer", now, 30min, 5), all_topic, key), trusted, now);
    CHECK(newer.lift == poster["id"]);
}

TEST_CASE("broker: a display's link takes a signed cue from a real Mosquitto, refuses the rest, and reports status") {
    test::Mosquitto mosquitto;
    test::TempDir state;
    const broker::SecretKey key = organizer();
    ManualClock clock(std::chrono::system_clock::now());
    Orders orders;
    test::CapturedLog log;
    auto options = link_options(mosquitto, clock, orders, key);
    options.ledger_file = state / "broker.json";
    auto link = broker::Link::start(options);
    REQUIRE_MESSAGE(link, (link ? "" : link.error().to_string()));
    REQUIRE(test::eventually([&] { return (*link)->connected(); }));

    broker::ClientOptions base;
    base.url = mosquitto.url();
    const std::string status_topic = broker::topics::status("campaign", "hall-a");
    Watcher watcher(base, {status_topic, broker::topics::every_ack("campaign")});
    // Its status, retained: there for anyone who subscribes.
    REQUIRE(test::eventually([&] { return !watcher.on(status_topic).empty(); }));
    Json status = Json::parse(watcher.on(status_topic).back());
    CHECK(status["online"] == true);
    CHECK(status["display"] == "hall-a");
    CHECK(status["hall"] == "north");
    CHECK(status["showing"]["title"] == "Our aims");

    const SysTime now = clock.now_seconds();
    const Json cue = announce("Meet at the station at six", now);
    watcher.publish_cue(hall_topic, cue, key);
    REQUIRE(test::eventually([&] { return orders.given() == 1; }));
    CHECK(orders.last_given()->text == "Meet at the station at six");

    // Unsigned, wrongly signed, expired: refused with a line each, and nothing given.
    const broker::SecretKey stranger = broker::generate_key();
    watcher.publish_cue(all_topic, announce("Not from us", now), stranger);
    Json tampered = Json::parse(broker::seal(announce("Tampered", now, 30min, 5), all_topic, key));
    tampered["cue"] = tampered["cue"].get<std::string>() + " ";
    watcher.client->publish({all_topic, tampered.dump(), true, std::nullopt});
    // (Each sent before the next: a client sends only the latest retained message of a topic.)
    REQUIRE(watcher.client->flush(5s));
    Json unsigned_cue = {{"placard", 1}, {"cue", announce("Unsigned", now).dump()}};
    watcher.client->publish(
        {broker::topics::display_cue("campaign", "hall-a"), unsigned_cue.dump(), true, std::nullopt});
    REQUIRE(watcher.client->flush(5s));
    watcher.publish_cue(broker::topics::display_cue("campaign", "hall-a"), announce("Old news", now - 3h, 1h), key);
    REQUIRE(test::eventually([&] { return log.count("a cue refused") >= 4; }));
    CHECK(log.contains("does not trust"));
    CHECK(log.contains("does not match"));
    CHECK(log.contains("is not signed"));
    CHECK(log.contains("expired"));
    // Replayed: the same cue again, after a newer one on the topic.
    watcher.publish_cue(hall_topic, announce("Newer", now, 30min, 500), key);
    REQUIRE(test::eventually([&] { return orders.given() == 2; }));
    watcher.publish_cue(hall_topic, cue, key);
    REQUIRE(test::eventually([&] { return log.count("a cue refused") >= 5; }));
    CHECK(log.contains("is a replay"));
    CHECK(orders.given() == 2);
    CHECK(orders.lifted() == std::vector<std::string>{cue["id"]});

    // Issued ahead of this display's clock (a Pi that booted with yesterday's time): refused,
    // then taken once the clock is set, without the broker sending it again.
    const std::string mine = broker::topics::display_cue("campaign", "hall-a");
    watcher.publish_cue(mine, announce("From a clock that is right", now + 3h), key);
    REQUIRE(test::eventually([&] { return log.contains("ahead of this display's clock"); }));
    CHECK(orders.given() == 2);
    clock.set(clock.now() + 3h);
    REQUIRE(test::eventually([&] { return orders.given() == 3; }));
    CHECK(orders.last_given()->text == "From a clock that is right");

    // Whoever may publish cannot fill the journal: past a screenful an hour, refusals are counted.
    for (int i = 0; i < 30; ++i) watcher.client->publish({mine, "not a cue " + std::to_string(i), false, std::nullopt});
    REQUIRE(watcher.client->flush(5s));
    REQUIRE(test::eventually([&] { return log.contains("counted, not logged"); }));
    CHECK(log.count("a cue refused") <= 21);

    // Stopped, the display says so: the broker publishes its last will.
    link->reset();
    REQUIRE(test::eventually([&] {
        const auto seen = watcher.on(status_topic);
        return !seen.empty() && Json::parse(seen.back())["online"] == false;
    }));
    // The count goes out with the next status (at a change, or within the minute).
    status = Json::parse(watcher.on(status_topic)[watcher.on(status_topic).size() - 2]);
    CHECK(status["refused"].is_number_integer());
}

TEST_CASE(
    "broker: over TLS with a password, a bad password and an unknown authority are named, and a restarted broker is "
    "rejoined") {
    test::Mosquitto mosquitto(test::Mosquitto::Secure{});
    const broker::SecretKey key = organizer();
    ManualClock clock(std::chrono::system_clock::now());
    test::CapturedLog log;

    SUBCASE("through a network slow to make the TCP connection: TLS waits for it") {
        test::SlowHandshake relay(mosquitto.port(), 500ms);
        Orders orders;
        auto options = link_options(mosquitto, clock, orders, key);
        options.url = "mqtts://127.0.0.1:" + std::to_string(relay.port());
        options.username = "hall-screens";
        options.password_file = mosquitto.password_file();
        options.ca_file = mosquitto.ca_file();
        const auto started = std::chrono::steady_clock::now();
        auto link = broker::Link::start(options);
        REQUIRE_MESSAGE(link, (link ? "" : link.error().to_string()));
        REQUIRE(test::eventually([&] { return (*link)->connected(); }, 15s));
        // Its first SYN was dropped: the connection was made at the kernel's second try, a
        // second later, and TLS went on over it at the first attempt.
        CHECK(std::chrono::steady_clock::now() - started >= 900ms);
        CHECK(log.count("connected to " + options.url) == 1);
        CHECK_FALSE(log.contains("tries again"));

        broker::ClientOptions base;
        base.url = mosquitto.url();
        base.username = "hall-screens";
        base.password_file = mosquitto.password_file();
        base.ca_file = mosquitto.ca_file();
        Watcher watcher(base, {});
        watcher.publish_cue(all_topic, announce("Through a slow network", clock.now_seconds()), key);
        REQUIRE(test::eventually([&] { return orders.given() == 1; }));
    }
    SUBCASE("the right password and authority") {
        Orders orders;
        auto options = link_options(mosquitto, clock, orders, key);
        options.username = "hall-screens";
        options.password_file = mosquitto.password_file();
        options.ca_file = mosquitto.ca_file();
        auto link = broker::Link::start(options);
        REQUIRE_MESSAGE(link, (link ? "" : link.error().to_string()));
        REQUIRE(test::eventually([&] { return (*link)->connected(); }));

        broker::ClientOptions base;
        base.url = mosquitto.url();
        base.username = "hall-screens";
        base.password_file = mosquitto.password_file();
        base.ca_file = mosquitto.ca_file();
        Watcher watcher(base, {});
        watcher.publish_cue(all_topic, announce("Retained through a crash", clock.now_seconds()), key);
        REQUIRE(test::eventually([&] { return orders.given() == 1; }));

        // The broker crashes: the link says so once, tries again with backoff, and rejoins
        // when it is back; the retained cue is given again and passes as the same.
        mosquitto.stop();
        REQUIRE(test::eventually([&] { return !(*link)->connected(); }));
        REQUIRE(test::eventually([&] { return log.contains("connection lost"); }));
        std::this_thread::sleep_for(700ms);
        mosquitto.start();
        REQUIRE(test::eventually([&] { return (*link)->connected(); }, 15s));
        std::this_thread::sleep_for(300ms);
        CHECK(orders.given() == 1);
        CHECK(log.count("connected to " + mosquitto.url()) == 2);
    }
    SUBCASE("a wrong password") {
        Orders orders;
        test::TempDir dir;
        test::write_file(dir / "password", "not-the-password\n");
        auto options = link_options(mosquitto, clock, orders, key);
        options.username = "hall-screens";
        options.password_file = dir / "password";
        options.ca_file = mosquitto.ca_file();
        auto link = broker::Link::start(options);
        REQUIRE(link);
        REQUIRE(test::eventually([&] { return log.contains("refused the connection"); }));
        CHECK(log.contains("check display.broker.username and password_file"));
        CHECK_FALSE((*link)->connected());
    }
    SUBCASE("an authority the display does not know") {
        Orders orders;
        auto options = link_options(mosquitto, clock, orders, key);
        options.username = "hall-screens";
        options.password_file = mosquitto.password_file();  // the system's authorities: the test's is not one
        auto link = broker::Link::start(options);
        REQUIRE(link);
        REQUIRE(test::eventually([&] { return log.contains("TLS"); }));
        CHECK(log.contains("certificate verify failed"));
        CHECK_FALSE((*link)->connected());
    }
    SUBCASE("a password file that is missing stops the link at once, naming the file") {
        Orders orders;
        auto options = link_options(mosquitto, clock, orders, key);
        options.username = "hall-screens";
        options.password_file = "/nonexistent/broker-password";
        auto link = broker::Link::start(options);
        REQUIRE_FALSE(link);
        CHECK(link.error().where == "/nonexistent/broker-password");
    }
}

TEST_CASE(
    "broker: a cue's picture is fetched, checked against its signed SHA-256 and kept, and another picture is never "
    "shown") {
    test::Mosquitto mosquitto;
    test::TempDir state, site;
    const std::string poster = "the poster's bytes, as a server sends them";
    test::write_file(site / "poster.png", poster);
    test::write_file(site / "swapped.png", "another picture put in its place");
    test::TestServer server(site.path());
    const broker::SecretKey key = organizer();
    ManualClock clock(std::chrono::system_clock::now());
    Orders orders;
    test::CapturedLog log;
    auto options = link_options(mosquitto, clock, orders, key);
    options.ledger_file = state / "broker.json";
    options.picture_folder = state / "cue-pictures";
    options.preparer = std::make_shared<KeepingPreparer>();
    options.picture_retry = 300ms;
    auto link = broker::Link::start(options);
    REQUIRE_MESSAGE(link, (link ? "" : link.error().to_string()));
    REQUIRE(test::eventually([&] { return (*link)->connected(); }));
    broker::ClientOptions base;
    base.url = mosquitto.url();
    Watcher watcher(base, {});
    const SysTime now = clock.now_seconds();
    const std::string mine = broker::topics::display_cue("campaign", "hall-a");
    auto with_picture = [&](const std::string& text, const std::string& path, const std::string& bytes, int millis) {
        Json cue = announce(text, now, 30min, millis);
        if (text.empty()) cue.erase("text");
        cue["picture"] = {{"url", server.url(path)}, {"sha256", sha256_hex(bytes)}};
        return cue;
    };

    SUBCASE("the right picture: on screen with its words, and kept for the next cue that shows it") {
        watcher.publish_cue(hall_topic, with_picture("The march goes by the river", "poster.png", poster, 0), key);
        REQUIRE(test::eventually([&] { return orders.given() == 1; }));
        const cues::Cue got = *orders.last_given();
        REQUIRE(got.picture);
        CHECK(got.text == "The march goes by the river");
        CHECK(got.picture->url == server.url("poster.png"));
        CHECK(test::read_file(got.picture->file) == poster);
        CHECK(std::filesystem::path(got.picture->file).parent_path() == state / "cue-pictures");
        // A picture alone, the same one, to this display: from what is kept, not fetched again.
        watcher.publish_cue(mine, with_picture("", "poster.png", poster, 1), key);
        REQUIRE(test::eventually([&] { return orders.given() == 2; }));
        CHECK(orders.last_given()->picture->file == got.picture->file);
        CHECK(orders.last_given()->text.empty());
        CHECK(server.stats("/poster.png").count == 1);
    }
    SUBCASE("a picture swapped on the server: the words alone, or nothing when there are none, and a line each") {
        // Signed for poster.png's bytes; the server now has others at that address.
        watcher.publish_cue(hall_topic, with_picture("Doors at seven", "swapped.png", poster, 0), key);
        REQUIRE(test::eventually([&] { return orders.given() == 1; }));
        CHECK(orders.last_given()->text == "Doors at seven");
        CHECK_FALSE(orders.last_given()->picture);
        CHECK(log.contains("is not the picture the cue was signed with"));
        CHECK(log.contains("shown with its words only"));
        watcher.publish_cue(mine, with_picture("", "swapped.png", poster, 1), key);
        REQUIRE(test::eventually([&] { return log.contains("has no words, so nothing is shown"); }));
        CHECK(orders.given() == 1);
        // Nothing of it is kept.
        const bool none_kept =
            !std::filesystem::exists(state / "cue-pictures") || std::filesystem::is_empty(state / "cue-pictures");
        CHECK(none_kept);
    }
    SUBCASE("a picture that cannot be fetched: the words alone") {
        watcher.publish_cue(hall_topic, with_picture("Bring a coat", "missing.png", poster, 0), key);
        REQUIRE(test::eventually([&] { return orders.given() == 1; }));
        CHECK_FALSE(orders.last_given()->picture);
        CHECK(log.contains("missing.png"));
    }
    SUBCASE("a server that is down: the words now, the picture when the server is back") {
        server.stop();
        watcher.publish_cue(hall_topic, with_picture("Meet at the gates", "poster.png", poster, 0), key);
        REQUIRE(test::eventually([&] { return orders.given() == 1; }));
        CHECK_FALSE(orders.last_given()->picture);
        CHECK(log.contains("tried again until it comes"));
        server.restart();
        REQUIRE(test::eventually([&] { return orders.given() == 2; }, 15s));
        const cues::Cue got = *orders.last_given();
        REQUIRE(got.picture);
        CHECK(got.text == "Meet at the gates");
        CHECK(test::read_file(got.picture->file) == poster);
        CHECK(log.contains("came"));
    }
    SUBCASE("a restart while the picture comes: the cue is delivered again, not passed over as the same") {
        watcher.publish_cue(hall_topic, with_picture("After the power cut", "poster.png?delay=2", poster, 0), key);
        REQUIRE(test::eventually([&] { return log.contains("After the power cut"); }));
        link->reset();  // placard stops before the picture has come
        CHECK(orders.given() == 0);
        auto again = broker::Link::start(options);
        REQUIRE_MESSAGE(again, (again ? "" : again.error().to_string()));
        // The broker gives the retained cue again, which the ledger knows; the ledger gives
        // it back as held for its picture.
        REQUIRE(test::eventually([&] { return orders.given() == 1; }, 15s));
        REQUIRE(orders.last_given()->picture);
        CHECK(orders.last_given()->text == "After the power cut");
    }
    SUBCASE("a cue cleared while its picture comes is not shown") {
        watcher.publish_cue(hall_topic, with_picture("Too late", "poster.png?delay=3", poster, 0), key);
        watcher.publish_cue(hall_topic, clear(now + 1s), key);
        REQUIRE(test::eventually([&] { return log.contains(hall_topic + ": cleared"); }));
        std::this_thread::sleep_for(4s);
        CHECK(orders.given() == 0);
    }
}
