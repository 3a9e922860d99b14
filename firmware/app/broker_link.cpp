#include "app/broker_link.hpp"

#include <unistd.h>

#include <climits>

#include "broker/keys.hpp"
#include "broker/topics.hpp"
#include "util/log.hpp"
#include "util/version.hpp"

namespace placard::app {

std::string default_display_id() {
    char name[HOST_NAME_MAX + 1] = {};
    if (gethostname(name, sizeof name - 1) != 0) return "display";
    std::string id(name);
    id = id.substr(0, id.find('.'));
    for (char& c : id)
        if (!broker::valid_topic_part(std::string_view(&c, 1))) c = '-';
    if (id.size() > 64) id.resize(64);
    return id.empty() ? "display" : id;
}

std::unique_ptr<broker::Link> start_broker_link(const config::Broker& broker, control::Console& console,
                                                const std::filesystem::path& state_dir,
                                                std::shared_ptr<content::ImagePreparer> preparer) {
    broker::LinkOptions o;
    o.url = broker.url;
    o.username = broker.username;
    o.password_file = broker.password_file;
    o.ca_file = broker.ca_file;
    o.org = broker.org;
    o.id = broker.id.empty() ? default_display_id() : broker.id;
    if (broker.id.empty())
        log::notice("broker",
                    "display.broker.id is not given: this display is \"{}\", its host name. Each display of a "
                    "campaign needs a name of its own (sudo hostnamectl set-hostname NAME, or \"id\"): two with one "
                    "name push each other off the broker",
                    o.id);
    o.hall = broker.hall;
    for (size_t i = 0; i < broker.trust.size(); ++i) {
        auto keys = broker::read_trusted(broker.trust[i]);
        if (keys)
            o.trusted.insert(o.trusted.end(), keys->begin(), keys->end());
        else
            log::error("broker", "display.broker.trust[{}]: {}; cues signed by that key are refused", i,
                       keys.error().to_string());
    }
    if (auto keys = broker::read_trusted_folder(trusted_keys_folder))
        o.trusted.insert(o.trusted.end(), keys->begin(), keys->end());
    else
        log::error("broker", "{}", keys.error().to_string());
    if (!state_dir.empty()) {
        o.ledger_file = state_dir / "broker.json";
        o.picture_folder = state_dir / "cue-pictures";
        o.preparer = std::move(preparer);
    }
    o.version = version;
    o.clock = &console.clock();
    o.desk = console.shared_desk();
    o.state = [&console] {
        nlohmann::json s = console.status();
        s["health"] = console.health();
        return s;
    };
    auto link = broker::Link::start(std::move(o));
    if (!link) {
        log::error("broker", "{}; the slides play on without the broker", link.error().to_string());
        return nullptr;
    }
    broker::Link* l = link->get();
    console.set_listener([l] { l->state_changed(); });
    return std::move(*link);
}

}  // namespace placard::app
