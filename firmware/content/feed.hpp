#pragma once
// One place content comes from (a URL, a feed file, a folder, or one list of a WordPress
// site), fetched once for every kind of item the playlist wants from it. The worker
// thread's own; its source driver (source_driver.hpp) fetches it.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "config/playlist.hpp"
#include "feeds/item.hpp"
#include "net/polite.hpp"
#include "util/clock.hpp"
#include "util/result.hpp"

namespace placard::content {

using feeds::Item;
using feeds::ItemKind;
using ItemsByKind = std::map<ItemKind, std::vector<Item>>;

// "reports", "events", "messages", "images".
inline std::string plural(ItemKind kind) {
    return std::string(feeds::to_string(kind)) + "s";
}

// What a driver keeps of its own between fetches (WordPress: its site, filters and the
// pages of the fetch under way).
struct DriverState {
    DriverState() = default;
    DriverState(const DriverState&) = delete;
    DriverState& operator=(const DriverState&) = delete;
    virtual ~DriverState() = default;
};

struct Feed {
    std::string key;      // the cache's key: type and URL or path, and what else makes its items
    unsigned serial = 0;  // tells an answer for this feed from one for a feed of the same key dropped since
    config::SourceType type = config::SourceType::rss;
    std::string url;
    std::filesystem::path path;
    std::set<ItemKind> kinds;
    ItemsByKind items;
    std::optional<SysTime> updated;
    std::optional<Error> error;
    bool from_cache = false;
    bool tried = false;
    net::Polite polite;           // when to fetch it, its validators, its backoff and its error logged once
    std::string local_signature;  // a local file's: what was read last
    std::string content_type;     // the cached body's, whose charset it is read in
    std::unique_ptr<DriverState> state;

    bool has_all_kinds() const {
        return std::all_of(kinds.begin(), kinds.end(), [&](ItemKind k) { return items.count(k) > 0; });
    }
    std::string origin() const { return url.empty() ? path.string() : url; }
    size_t item_count() const {
        size_t n = 0;
        for (const auto& [k, v] : items) n += v.size();
        return n;
    }
    std::string kept_words() const {
        size_t n = item_count();
        if (n == 0) return "nothing cached";
        if (kinds.size() == 1) return fmt::format("{} cached {} kept", n, plural(*kinds.begin()));
        return fmt::format("{} cached items kept", n);
    }
    // The driver's state, of the type it made.
    template <typename State>
    State& state_as() {
        return static_cast<State&>(*state);
    }
};

}  // namespace placard::content
