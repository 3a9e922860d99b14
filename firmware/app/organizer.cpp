// The organizer's side of a broker: placard keygen, placard cue, placard fleet.
#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "app/commands.hpp"
#include "app/environment.hpp"
#include "broker/client.hpp"
#include "broker/fields.hpp"
#include "broker/keys.hpp"
#include "broker/signed_cue.hpp"
#include "broker/topics.hpp"
#include "cues/cue.hpp"
#include "media/image.hpp"
#include "net/http_client.hpp"
#include "util/duration.hpp"
#include "util/hash.hpp"
#include "util/time.hpp"
#include "util/utf8.hpp"

namespace placard::app {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

broker::ClientOptions client_options(const Options& o) {
    broker::ClientOptions c;
    c.url = o.broker;
    c.username = o.username;
    c.password_file = o.password_file;
    c.ca_file = o.ca_file;
    c.first_retry = std::chrono::milliseconds(500);
    c.longest_retry = std::chrono::seconds(2);
    c.tick = std::chrono::milliseconds(100);
    // Each trouble once: the client tries again every second or two.
    c.connection = [said = std::make_shared<std::string>()](bool, const std::string& why) {
        if (why.empty() || why == *said) return;
        *said = why;
        std::fprintf(stderr, "placard: broker: %s\n", why.c_str());
    };
    return c;
}

Result<std::string> topic_for(const Options& o) {
    for (const auto& [flag, value] : {std::pair{"--org", &o.org}, {"--hall", &o.hall}, {"--display", &o.display_id}})
        if (!value->empty() && !broker::valid_topic_part(*value))
            return Error{flag, fmt::format("\"{}\" cannot be part of a topic", *value),
                         "use up to 64 letters, digits, '-' and '_', as in display.broker"};
    if (!o.hall.empty() && !o.display_id.empty())
        return Error{"", "--hall and --display are both given", "give one: a hall's displays, or one display"};
    if (!o.hall.empty()) return broker::topics::hall_cue(o.org, o.hall);
    if (!o.display_id.empty()) return broker::topics::display_cue(o.org, o.display_id);
    return broker::topics::all_cue(o.org);
}

// The picture at `url`, fetched once here: its SHA-256 goes into the signed cue, and a
// mistake (a wrong address, a page that is not a picture) is told now, not by each display.
Result<Json> picture_field(const std::string& url) {
    if (!url.starts_with("http://") && !url.starts_with("https://"))
        return Error{"--picture", fmt::format("\"{}\" is not a web address", url),
                     "put the picture where every display can fetch it (the campaign's web site) and give its "
                     "address"};
    net::HttpClient client;
    net::Request request;
    request.url = url;
    request.max_body_bytes = size_t{16} << 20;  // as a display fetches it
    std::optional<net::Outcome> outcome;
    client.start(std::move(request), [&outcome](net::Outcome o) { outcome = std::move(o); });
    while (!outcome) client.poll(std::chrono::milliseconds(200));
    if (!outcome->response)
        return Error{"--picture", outcome->response.error().to_string(),
                     "every display fetches it from there: give an address that works"};
    const std::string& bytes = outcome->response->body;
    if (auto size = media::probe(bytes); !size)
        return Error{"--picture", fmt::format("{} is not a picture placard shows: {}", url, size.error().what),
                     "give a JPEG, PNG, WebP or GIF"};
    return Json{{"url", url}, {"sha256", sha256_hex(bytes)}};
}

// The cue's fields as the displays will read them, checked here first so that a mistake is
// told to the organizer, not refused by a hundred displays.
Result<Json> cue_fields(const Options& o, SysTime now) {
    const std::string& verb = o.words[0];
    const std::string kinds = "announce \"TEXT\", blank or clear";
    if (verb != "announce" && verb != "blank" && verb != "clear")
        return Error{"", fmt::format("\"{}\" is not a cue a broker carries", verb), "give " + kinds};
    if (o.words.size() > (verb == "announce" ? 2u : verb == "blank" ? 2u : 1u))
        return Error{"", fmt::format("unexpected argument \"{}\"", o.words.back()),
                     "put the words of an announcement in quotes"};
    Json fields = {{"kind", verb}, {"id", cues::new_id()}};
    if (verb == "clear") {
        if (!o.cue_for.empty() || !o.cue_until.empty() || !o.cue_starts.empty() || o.priority || o.banner ||
            !o.picture.empty())
            return Error{"", "a clear takes no --for, --until, --starts, --priority, --banner or --picture",
                         "give --hall or --display to clear the cue of a hall or of one display"};
        return fields;
    }
    if (o.words.size() == 2) fields["text"] = o.words[1];
    if (!o.picture.empty()) {
        if (verb != "announce") return Error{"--picture", "is for an announcement", "leave it out"};
        auto picture = picture_field(o.picture);
        if (!picture) return picture.error();
        fields["picture"] = std::move(*picture);
    }
    if (o.banner) {
        if (verb != "announce") return Error{"--banner", "is for an announcement", "leave it out"};
        fields["style"] = "banner";
    }
    if (o.priority) fields["priority"] = *o.priority;
    if (o.cue_for.empty() == o.cue_until.empty())
        return Error{"", "a cue to many screens needs its end", "give --for 30m or --until 21:30 (one of them)"};
    if (!o.cue_for.empty()) fields["for"] = o.cue_for;
    if (!o.cue_until.empty()) fields["until"] = o.cue_until;
    // Read as the display will: an error names the option.
    auto cue = cues::read_cue(fields, now, Zone::system(), "placard cue");
    if (!cue) {
        Error e = cue.error();
        if (e.where == "cue.for" || e.where == "cue.until" || e.where == "cue.priority")
            e.where = "--" + e.where.substr(4);
        else if (e.where == "cue.text")
            e.where = "TEXT";
        else if (e.where.starts_with("cue.picture"))
            e.where = "--picture";
        return e;
    }
    fields.erase("for");
    fields["until"] = format_iso8601_utc(*cue->until);
    if (!o.cue_starts.empty()) {
        auto starts = parse_iso8601(o.cue_starts, Zone::system());
        if (!starts || *starts >= *cue->until)
            return Error{"--starts", fmt::format("\"{}\" is not a time before the cue's end", o.cue_starts),
                         "give a date and time such as 2026-12-05T19:30"};
        fields["starts"] = format_iso8601_utc(*starts);
    }
    return fields;
}

}  // namespace

int command_keygen(const Options& o) {
    if (auto started = broker::start_sodium(); !started) return fail(started.error());
    const fs::path dir = o.out;
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return fail(Error{dir.string(), fmt::format("cannot be made ({})", ec.message()), "give another folder"});
    const broker::SecretKey key = broker::generate_key();
    const fs::path secret = dir / "placard-organizer.key", pub = dir / "placard-organizer.pub";
    if (auto written = broker::write_secret_key(secret, key); !written) return fail(written.error());
    const std::string name = o.name.empty() ? "a placard organizer" : o.name;
    if (auto written = broker::write_public_key(pub, key.public_key(), name); !written) return fail(written.error());
    std::printf("%s\n", key.public_key().text().c_str());
    std::fflush(stdout);
    std::fprintf(stderr,
                 "The secret key is in %s: keep it, and do not share it. Displays trust the public key above\n"
                 "when it is in their playlist's display.broker.trust, or in /etc/placard/keys/ as %s.\n",
                 secret.c_str(), pub.filename().c_str());
    return 0;
}

int command_cue(const Options& o) {
    if (auto started = broker::start_sodium(); !started) return fail(started.error());
    if (o.key.empty()) return fail(Error{"", "`placard cue` needs --key FILE", "the secret key placard keygen wrote"});
    auto key = broker::read_secret_key(o.key);
    if (!key) return fail(key.error());
    auto topic = topic_for(o);
    if (!topic) return fail(topic.error());
    const auto now = std::chrono::system_clock::now();
    auto fields = cue_fields(o, std::chrono::floor<std::chrono::seconds>(now));
    if (!fields) return fail(fields.error());
    (*fields)["issued"] = broker::format_millis(std::chrono::floor<std::chrono::milliseconds>(now));
    const std::string id = (*fields)["id"];
    // The broker forgets the cue when it expires (MQTT 5); a clear is kept as long as any cue can last.
    std::chrono::seconds expiry = std::chrono::duration_cast<std::chrono::seconds>(cues::longest_cue);
    if (fields->contains("until"))
        expiry = *parse_iso8601((*fields)["until"].get<std::string>(), Zone()) -
                 std::chrono::floor<std::chrono::seconds>(now) + std::chrono::seconds(1);

    const std::chrono::seconds wait = o.wait.value_or(std::chrono::seconds(5));
    std::mutex mutex;
    std::condition_variable acked_cv;
    std::map<std::string, std::string> acked;  // display -> when
    broker::ClientOptions c = client_options(o);
    const bool want_acks = (*fields)["kind"] != "clear" && wait.count() > 0;
    if (want_acks) {
        c.subscriptions = {broker::topics::every_ack(o.org)};
        c.message = [&](const std::string&, const std::string& payload) {
            const Json ack = Json::parse(payload, nullptr, false);
            if (broker::text_at(ack, "cue") != id) return;
            std::lock_guard lock(mutex);
            acked[broker::text_at(ack, "display", "?")] = broker::text_at(ack, "shown");
            acked_cv.notify_all();
        };
    }
    auto client = broker::Client::start(std::move(c));
    if (!client) return fail(client.error());
    (*client)->publish({*topic, broker::seal(*fields, *topic, *key), true, expiry});
    if (auto sent = (*client)->flush(std::chrono::seconds(15)); !sent) return fail(sent.error());
    std::fprintf(stderr, "Sent %s %s to %s.\n", (*fields)["kind"].get<std::string>().c_str(), id.c_str(),
                 topic->c_str());
    if (!want_acks) return 0;
    std::unique_lock lock(mutex);
    acked_cv.wait_for(lock, wait, [&] { return o.display_id.empty() ? false : acked.count(o.display_id) > 0; });
    for (const auto& [display, shown] : acked) std::printf("%s\t%s\n", display.c_str(), shown.c_str());
    std::fprintf(stderr, "%zu display%s put it on screen within %s.\n", acked.size(), acked.size() == 1 ? "" : "s",
                 format_duration(wait).c_str());
    return 0;
}

int command_fleet(const Options& o) {
    if (!broker::valid_topic_part(o.org))
        return fail(Error{"--org", fmt::format("\"{}\" cannot be part of a topic", o.org),
                          "use up to 64 letters, digits, '-' and '_', as in display.broker"});
    std::mutex mutex;
    std::map<std::string, Json> displays;
    auto last = std::chrono::steady_clock::now();
    broker::ClientOptions c = client_options(o);
    c.subscriptions = {broker::topics::every_status(o.org)};
    c.message = [&](const std::string&, const std::string& payload) {
        Json status = Json::parse(payload, nullptr, false);
        if (!status.is_object() || !status.contains("display")) return;
        const std::string display = status["display"].is_string() ? status["display"].get<std::string>() : "?";
        std::lock_guard lock(mutex);
        displays[display] = std::move(status);
        last = std::chrono::steady_clock::now();
    };
    std::atomic<bool> up{false};
    c.connection = [&up, print = c.connection](bool connected, const std::string& why) {
        if (connected && why.empty()) up = true;
        print(connected, why);
    };
    auto client = broker::Client::start(std::move(c));
    if (!client) return fail(client.error());
    // The retained statuses come at once after subscribing; a second with none new ends the list.
    const auto started = std::chrono::steady_clock::now();
    const auto limit = o.wait.value_or(std::chrono::seconds(10));
    while (std::chrono::steady_clock::now() - started < limit) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        std::lock_guard lock(mutex);
        if (up && std::chrono::steady_clock::now() - std::max(last, started) > std::chrono::milliseconds(1500)) break;
    }
    if (!up) return fail(Error{o.broker, "could not be reached", "check the address, the network and the broker"});
    std::lock_guard lock(mutex);
    if (o.json) {
        Json list = Json::array();
        for (auto& [id, status] : displays) list.push_back(status);
        std::printf("%s\n", list.dump(2).c_str());
        return 0;
    }
    std::printf("%-20s %-14s %-8s %-32s %s\n", "DISPLAY", "HALL", "STATE", "SHOWING", "HEALTH");
    for (const auto& [id, s] : displays) {
        std::string showing;
        if (s.contains("showing") && s["showing"].is_object()) {
            const Json& sh = s["showing"];
            showing = broker::text_at(sh, "kind");
            if (sh.contains("title") && sh["title"].is_string()) showing += ": " + sh["title"].get<std::string>();
        }
        showing = cut_at_word(showing, 30);
        std::string health;
        if (s.contains("health") && s["health"].contains("findings"))
            for (const Json& f : s["health"]["findings"])
                health += (health.empty() ? "" : "; ") + broker::text_at(f, "brief", broker::text_at(f, "key"));
        std::string state = broker::flag_at(s, "online", false) ? "online" : "offline";
        std::printf("%-20s %-14s %-8s %-32s %s\n", id.c_str(), broker::text_at(s, "hall").c_str(), state.c_str(),
                    showing.c_str(), health.empty() ? "fine" : health.c_str());
    }
    if (displays.empty())
        std::fprintf(stderr, "No display of %s has reported to %s.\n", o.org.c_str(), o.broker.c_str());
    return 0;
}

}  // namespace placard::app
