#include "broker/link.hpp"

#include <atomic>
#include <map>
#include <mutex>
#include <set>

#include <fmt/format.h>

#include "broker/fields.hpp"
#include "broker/ledger.hpp"
#include "broker/pictures.hpp"
#include "broker/topics.hpp"
#include "util/duration.hpp"
#include "util/log.hpp"
#include "util/time.hpp"

namespace placard::broker {
namespace {

using Json = nlohmann::json;

// What, changing, sends the status at once: not the temperature or the free memory,
// which move every time they are read, but what is showing, the cues, the sources' states
// and the health's findings.
Json signature(const Json& status) {
    Json s = {{"showing", status.value("showing", Json())},
              {"banner", status.value("banner", Json())},
              {"screen", status.value("screen", Json())},
              {"cues", status.value("cues", Json())}};
    Json sources = Json::array();
    if (status.contains("sources") && status["sources"].is_array())
        for (const Json& one : status["sources"]) sources.push_back({one.value("name", ""), one.value("state", "")});
    s["sources"] = sources;
    if (status.contains("health") && status["health"].is_object()) {
        const Json& h = status["health"];
        Json keys = Json::array();
        if (h.contains("findings") && h["findings"].is_array())
            for (const Json& f : h["findings"]) keys.push_back(f.value("key", ""));
        s["findings"] = keys;
        s["clock_synced"] = h.value("clock_synced", Json());
    }
    return s;
}

}  // namespace

struct Link::Inner {
    LinkOptions options;
    Ledger ledger;
    std::vector<std::string> cue_topics;
    std::string status_topic, ack_topic;
    std::atomic<Client*> client{nullptr};
    Pictures* pictures = nullptr;  // null: pictures are left out
    // Pictures that could not be fetched, tried again (by topic) while their cue is the topic's.
    struct Retry {
        cues::Cue cue;
        std::chrono::steady_clock::time_point at;
        std::chrono::milliseconds delay;
    };
    std::map<std::string, Retry> retries;
    std::mutex fetched_mutex;
    std::vector<Pictures::Done> fetched;  // from the pictures' thread, for the client's

    std::atomic<bool> dirty{true};
    std::atomic<bool> fresh_connection{false};
    // The client's thread only, from here on.
    std::string trouble;     // the connection's last trouble logged
    bool announced = false;  // "connected" logged since the last trouble
    std::chrono::steady_clock::time_point connected_at;
    std::map<std::string, std::string> ahead_of_clock;  // topic -> a cue refused for a clock behind
    std::chrono::steady_clock::time_point last_retry;
    unsigned long long refused = 0;  // cues refused since the start
    int logged_this_hour = 0;
    std::chrono::steady_clock::time_point hour_started;
    Json last_signature;
    std::chrono::steady_clock::time_point last_status{};
    std::set<std::string> acked;

    void save() {
        if (options.ledger_file.empty()) return;
        if (auto saved = ledger.save(options.ledger_file); !saved)
            log::write_once(log::Level::error, "broker", "ledger",
                            saved.error().to_string() + "; a cue replaced or cleared could show again after a restart");
        else
            log::clear_once("ledger");
    }

    void on_message(const std::string& topic, const std::string& payload) {
        if (std::find(cue_topics.begin(), cue_topics.end(), topic) == cue_topics.end()) return;
        if (payload.empty()) return;  // a retained cue removed: lifts nothing, since it is not signed
        judge(topic, payload, false);
    }

    // `again`: a cue refused before for a clock behind, judged once more in silence.
    void judge(const std::string& topic, const std::string& payload, bool again) {
        const SysTime now = options.clock->now_seconds();
        Decision d = ledger.judge(topic, payload, options.trusted, now);
        using V = Decision::Verdict;
        if (d.clock_ahead)
            ahead_of_clock[topic] = payload;
        else
            ahead_of_clock.erase(topic);
        if (d.verdict == V::same) return;
        if (d.verdict == V::refuse) {
            if (!again) refuse(topic, d.why);
            return;
        }
        if (!d.lift.empty()) options.desk->lift(d.lift);
        if (d.verdict == V::take) {
            log::notice("broker", "{}: {} from {}", topic, cues::describe(*d.cue, Zone()), d.cue->from);
            deliver(topic, std::move(*d.cue));
        } else if (d.verdict == V::wait) {
            log::notice("broker", "{}: {} from {}, to start at {}", topic, cues::describe(*d.cue, Zone()), d.cue->from,
                        format_iso8601_utc(*ledger.next_start()));
            // Its picture is fetched now, so that it is ready when the cue starts.
            if (d.cue->picture && pictures && !pictures->kept(*d.cue->picture)) pictures->fetch(topic, *d.cue, false);
        } else {
            log::notice("broker", "{}: cleared", topic);
        }
        save();
        dirty = true;
    }

    // To the screen: at once, or once its picture is fetched and checked. Meanwhile the
    // ledger holds it, so that a restart before then delivers it again.
    void deliver(const std::string& topic, cues::Cue cue) {
        if (cue.picture) {
            if (!pictures) {
                Error why{cue.picture->url, "is not fetched: this display has no state folder to keep it in", ""};
                return without_picture(topic, std::move(cue), why, true);
            }
            if (auto file = pictures->kept(*cue.picture)) {
                cue.picture->file = file->string();
            } else {
                ledger.hold(topic, cue);
                save();
                pictures->fetch(topic, std::move(cue), true);
                return;
            }
        }
        options.desk->post(std::move(cue));
    }

    // A picture that cannot be shown (yet): the cue's words are, if it has any.
    void without_picture(const std::string& topic, cues::Cue cue, const Error& why, bool say) {
        const bool words = cue.text.find_first_not_of(" \n") != std::string::npos || cue.countdown;
        if (say)
            log::warning("broker", "{}: the picture of cue {}: {}; {}", topic, cue.id, why.to_string(),
                         words ? "the cue is shown with its words only" : "the cue has no words, so nothing is shown");
        if (!words) return;
        cue.picture.reset();
        options.desk->post(std::move(cue));
    }

    // Called on the pictures' thread.
    void picture_done(Pictures::Done done) {
        {
            std::lock_guard lock(fetched_mutex);
            fetched.push_back(std::move(done));
        }
        if (Client* c = client.load()) c->poke();
    }

    void take_fetched() {
        std::vector<Pictures::Done> list;
        {
            std::lock_guard lock(fetched_mutex);
            list.swap(fetched);
        }
        for (Pictures::Done& d : list) {
            if (!d.post) {
                if (!d.file)
                    log::warning("broker", "{}: the picture of cue {}: {}; it is tried again when the cue starts",
                                 d.topic, d.cue.id, d.file.error().to_string());
                continue;
            }
            // Replaced or cleared while its picture came: not shown.
            if (ledger.topic_of(d.cue.id) != d.topic) {
                retries.erase(d.topic);
                continue;
            }
            auto retry = retries.find(d.topic);
            const bool again = retry != retries.end() && retry->second.cue.id == d.cue.id;
            const std::string id = d.cue.id;
            if (d.file) {
                if (again) log::notice("broker", "{}: the picture of cue {} came", d.topic, id);
                d.cue.picture->file = d.file->string();
                options.desk->post(std::move(d.cue));
                finish(d.topic, id);
            } else if (d.retry && (!d.cue.until || *d.cue.until > options.clock->now_seconds())) {
                // A server down or a network gone: the words now, the picture when it comes.
                const std::chrono::milliseconds longest = std::chrono::minutes(30);
                const auto delay = again ? std::min(retry->second.delay * 2, longest) : options.picture_retry;
                without_picture(d.topic, d.cue, d.file.error(), !again);
                if (!again)
                    log::notice("broker", "{}: the picture of cue {} is tried again until it comes, first in {}",
                                d.topic, id, format_duration(std::chrono::duration_cast<std::chrono::seconds>(delay)));
                retries[d.topic] = Retry{std::move(d.cue), std::chrono::steady_clock::now() + delay, delay};
            } else {
                without_picture(d.topic, std::move(d.cue), d.file.error(), true);
                finish(d.topic, id);
            }
            dirty = true;
        }
        // The pictures to try again, while their cue is the topic's.
        const auto now = std::chrono::steady_clock::now();
        for (auto it = retries.begin(); it != retries.end();) {
            if (ledger.topic_of(it->second.cue.id) != it->first) {
                it = retries.erase(it);
            } else {
                if (it->second.at <= now && pictures) {
                    it->second.at = std::chrono::steady_clock::time_point::max();  // until it is done
                    pictures->fetch(it->first, it->second.cue, true);
                }
                ++it;
            }
        }
    }

    // A cue's picture is settled (shown, or never will be): the ledger holds it no longer.
    void finish(const std::string& topic, const std::string& id) {
        ledger.release(id);
        if (auto it = retries.find(topic); it != retries.end() && it->second.cue.id == id) retries.erase(it);
        save();
    }

    // One line each, but no more than a screenful an hour: anyone who may publish on an
    // open broker could otherwise fill the journal (and wear the SD card).
    void refuse(const std::string& topic, const std::string& why) {
        ++refused;
        const auto now = std::chrono::steady_clock::now();
        if (now - hour_started > std::chrono::hours(1)) {
            hour_started = now;
            logged_this_hour = 0;
        }
        constexpr int most_an_hour = 20;
        if (logged_this_hour < most_an_hour)
            log::warning("broker", "{}: a cue refused: it {}", topic, why);
        else if (logged_this_hour == most_an_hour)
            log::warning("broker", "more cues refused this hour are counted, not logged (\"refused\" in the status)");
        ++logged_this_hour;
    }

    Json status(bool online) const {
        Json s = options.state ? options.state() : Json::object();
        if (!s.is_object()) s = Json::object();
        s["display"] = options.id;
        if (!options.hall.empty()) s["hall"] = options.hall;
        s["online"] = online;
        s["version"] = options.version;
        Json list = Json::array();
        for (const cues::Cue& c : options.desk->cues()) list.push_back(cues::to_json(c));
        s["cues"] = list;
        s["refused"] = refused;
        return s;
    }

    void on_tick() {
        const SysTime now = options.clock->now_seconds();
        take_fetched();
        bool changed = false;
        for (cues::Cue& cue : ledger.due(now)) {
            log::notice("broker", "{} starts", cues::describe(cue, Zone()));
            const std::string topic = ledger.topic_of(cue.id);
            deliver(topic, std::move(cue));
            changed = true;
        }
        if (changed) save();
        Client* c = client.load();
        if (!c || !c->connected()) return;
        const auto steady_now = std::chrono::steady_clock::now();
        // A connection that has held a minute: its troubles are over.
        if (!trouble.empty() && steady_now - connected_at > std::chrono::minutes(1)) trouble.clear();
        // Cues refused for a clock behind, again and again until the clock is set.
        if (!ahead_of_clock.empty() && steady_now - last_retry > options.clock_retry) {
            last_retry = steady_now;
            for (const auto& [topic, payload] : std::map(ahead_of_clock)) judge(topic, payload, true);
        }
        // Every minute, and at once after connecting: a broker that restarted may have lost it.
        const bool due_status = fresh_connection.exchange(false) || steady_now - last_status >= options.status_every;
        if (!dirty.exchange(false) && !due_status) return;
        Json s = status(true);
        // Acknowledgements: a cue from the broker has reached the screen.
        const Json showing = s.value("showing", Json());
        for (const std::string& id : {text_at(showing, "cue"), text_at(s, "banner")}) {
            if (id.empty() || acked.count(id) || ledger.topic_of(id).empty()) continue;
            acked.insert(id);
            c->publish({ack_topic,
                        Json{{"cue", id},
                             {"display", options.id},
                             {"shown", format_iso8601_utc(now)},
                             {"topic", ledger.topic_of(id)}}
                            .dump(),
                        false, std::chrono::hours(1)});
        }
        Json sig = signature(s);
        if (sig == last_signature && !due_status) return;
        last_signature = std::move(sig);
        last_status = steady_now;
        s["time"] = format_iso8601_utc(now);
        c->publish({status_topic, s.dump(), true, std::nullopt});
    }
};

Result<std::unique_ptr<Link>> Link::start(LinkOptions options) {
    if (auto started = start_sodium(); !started) return started.error();
    std::unique_ptr<Link> link(new Link());
    link->inner_ = std::make_unique<Inner>();
    Inner& in = *link->inner_;
    if (!options.ledger_file.empty()) {
        auto ledger = Ledger::load(options.ledger_file);
        if (ledger)
            in.ledger = std::move(*ledger);
        else
            log::error("broker", "{}", ledger.error().to_string());
    }
    in.cue_topics = {topics::all_cue(options.org), topics::display_cue(options.org, options.id)};
    if (!options.hall.empty()) in.cue_topics.push_back(topics::hall_cue(options.org, options.hall));
    in.status_topic = topics::status(options.org, options.id);
    in.ack_topic = topics::ack(options.org, options.id);
    if (options.trusted.empty())
        log::warning("broker",
                     "no organizer's key is trusted: every cue will be refused; add the keys placard keygen "
                     "printed to display.broker.trust");

    ClientOptions c = options.client;
    c.url = options.url;
    c.username = options.username;
    c.password_file = options.password_file;
    c.ca_file = options.ca_file;
    c.client_id = fmt::format("placard-{}-{}", options.org, options.id);
    c.subscriptions = in.cue_topics;
    const Json offline = {
        {"display", options.id}, {"hall", options.hall}, {"online", false}, {"version", options.version}};
    c.will = Message{in.status_topic, offline.dump(), true, std::nullopt};
    c.message = [&in](const std::string& topic, const std::string& payload) { in.on_message(topic, payload); };
    c.on_tick = [&in] { in.on_tick(); };
    // A connection's trouble is logged once, and again only when it changes: the client
    // tries again and again, and the journal should not fill with the same line.
    c.connection = [&in, url = options.url](bool up, const std::string& why) {
        if (up && why.empty()) {
            // Said once, and again after a trouble was: a broker that drops the display at once,
            // again and again, does not fill the journal.
            if (!in.announced) log::notice("broker", "connected to {} as {}", url, in.options.id);
            in.announced = true;
            in.connected_at = std::chrono::steady_clock::now();
            in.fresh_connection = true;
        } else if (why != in.trouble) {
            in.trouble = why;
            in.announced = false;
            log::warning("broker", "{}: {}; cues already on screen stay, and placard tries again", url, why);
        }
    };
    if (options.preparer && !options.picture_folder.empty()) {
        Pictures::Options p;
        p.folder = options.picture_folder;
        p.preparer = std::move(options.preparer);
        link->pictures_ =
            std::make_unique<Pictures>(std::move(p), [&in](Pictures::Done d) { in.picture_done(std::move(d)); });
        in.pictures = link->pictures_.get();
    }
    in.options = std::move(options);
    auto client = Client::start(std::move(c));
    if (!client) return client.error();
    link->client_ = std::move(*client);
    in.client = link->client_.get();
    link->client_->poke();
    return link;
}

Link::~Link() {
    // The pictures' thread stops first (it hands its fetches to the client's thread), and
    // goes after the client's, which may still ask it whether a picture is kept.
    if (pictures_) pictures_->stop();
    client_.reset();
    pictures_.reset();
}

void Link::state_changed() {
    inner_->dirty = true;
    if (client_) client_->poke();
}

bool Link::connected() const {
    return client_ && client_->connected();
}

}  // namespace placard::broker
