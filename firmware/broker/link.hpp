#pragma once
// A display's link to its campaign's broker: it subscribes to the cue topics of the
// campaign, its hall and itself, takes the cues that are signed by a trusted key, in time,
// and not replayed (broker/ledger.hpp), and hands them to the player's desk; it publishes
// the display's status, retained, at each change and every minute, with a last will that
// says "offline"; and an acknowledgement when a cue from the broker is on screen. All of it
// on the client's thread: the player never waits for the network.
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "broker/client.hpp"
#include "broker/keys.hpp"
#include "content/image_preparer.hpp"
#include "cues/desk.hpp"
#include "util/clock.hpp"
#include "util/result.hpp"

namespace placard::broker {

struct LinkOptions {
    std::string url;
    std::string username;
    std::filesystem::path password_file;
    std::filesystem::path ca_file;
    std::string org, id, hall;  // hall may be empty
    std::vector<PublicKey> trusted;
    std::filesystem::path ledger_file;  // empty: replays are caught only until a restart
    std::string version;                // placard's, in the status
    const Clock* clock = nullptr;
    std::shared_ptr<cues::Desk> desk;
    // The display's state for its status, read on the link's thread: {"showing": {..., "cue"},
    // "banner": id, "screen": {...}, "sources": [...], "health": {...}}.
    std::function<nlohmann::json()> state;
    std::chrono::seconds status_every{60};
    // How often a cue refused for a clock behind is judged again.
    std::chrono::milliseconds clock_retry{30000};
    // Where the pictures of cues are kept, and what prepares them for the screen (used on
    // a thread of its own). Without them a cue's picture is left out, and a cue that is a
    // picture alone is not shown.
    std::filesystem::path picture_folder;
    std::shared_ptr<content::ImagePreparer> preparer;
    // A picture that could not be fetched (a server down) is tried again after this, then
    // after twice as long each time, up to half an hour.
    std::chrono::milliseconds picture_retry{std::chrono::minutes(1)};
    ClientOptions client;  // its timing, for tests; the rest is filled from the above
};

class Pictures;

class Link {
public:
    static Result<std::unique_ptr<Link>> start(LinkOptions options);
    ~Link();
    // The display's state changed: the status goes out at once, not at the next tick.
    void state_changed();
    bool connected() const;

    struct Inner;

private:
    Link() = default;
    std::unique_ptr<Inner> inner_;
    std::unique_ptr<Pictures> pictures_;
    std::unique_ptr<Client> client_;
};

}  // namespace placard::broker
