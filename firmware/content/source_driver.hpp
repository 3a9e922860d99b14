#pragma once
// Source drivers: how each type of source is fetched and read, one driver to a type
// (driver_*.cpp) and one row for it in driver_for(). The worker is a scheduler over them:
// it asks a feed's driver to begin once its time has come (net::Polite says when), and the
// driver ends each attempt by calling the host's succeeded() or failed(), now or from
// the callback of its request. Everything here runs on the worker thread.
//
// A new source type: its config::SourceType and its checks in config/sources.cpp and the
// schema, one driver file, and its row in source_driver.cpp.
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "config/playlist.hpp"
#include "content/feed.hpp"
#include "feeds/feed_options.hpp"
#include "feeds/item.hpp"
#include "net/http_client.hpp"
#include "util/clock.hpp"
#include "util/result.hpp"

namespace placard::content {

struct WorkerOptions;

// What a driver may ask of the worker.
class FeedHost {
public:
    using TimePoint = std::chrono::system_clock::time_point;
    using Done = std::function<void(Feed&, net::Outcome)>;

    virtual const WorkerOptions& options() const = 0;
    virtual TimePoint now() const = 0;
    virtual SysTime now_seconds() const = 0;
    // What every parser is told: the kind wanted, the origin, and the display's zone, in
    // which dates without an offset are local.
    virtual feeds::FeedOptions feed_options(ItemKind kind, const std::string& origin) const = 0;
    // A GET within the limits of the options.
    virtual net::Request request_for(const std::string& url) const = 0;
    // Starts the request; `done` runs later on this thread, unless the playlist dropped the
    // feed meanwhile.
    virtual void fetch(const Feed& f, net::Request request, Done done) = 0;
    // Parses `body` for each of the feed's kinds with its driver; all or nothing, so that a
    // garbage body keeps the last good items (and ends the attempt in failed()).
    virtual bool accept(Feed& f, const std::string& body, const std::string& origin) = 0;
    // New items for the feed: saved to the cache, their pictures looked at again.
    virtual void replace_items(Feed& f, ItemsByKind items) = 0;
    // Keeps the body that was accepted in the cache, to be read again at the next start.
    virtual void keep_body(const Feed& f, std::string_view body) = 0;
    // Something the snapshot shows of the feed changed (its error, that it was tried).
    virtual void changed() = 0;
    // The ends of an attempt. max_age: the server's Cache-Control; retry_after: its Retry-After.
    virtual void succeeded(Feed& f, std::optional<std::chrono::seconds> max_age = std::nullopt) = 0;
    virtual void failed(Feed& f, const Error& error, const char* module,
                        std::optional<std::chrono::seconds> retry_after = std::nullopt) = 0;

protected:
    ~FeedHost() = default;
};

// One feed a source is fetched as, before it exists.
struct FeedPlan {
    std::string key;  // the cache's key: two sources with the same key share one feed
    std::string url;
    std::set<ItemKind> kinds;
    std::function<std::unique_ptr<DriverState>()> state;  // the driver's state of a new feed, if it keeps one
};

class SourceDriver {
public:
    SourceDriver() = default;
    SourceDriver(const SourceDriver&) = delete;
    SourceDriver& operator=(const SourceDriver&) = delete;
    virtual ~SourceDriver() = default;

    // The kinds of item the source gives, from those its slides show (`wanted`): by default
    // those, pictures aside, and reports when no slide says.
    virtual std::set<ItemKind> kinds(std::set<ItemKind> wanted) const;
    // The feeds the source is fetched as: by default one, at its URL or path, keyed by
    // both. `most_shown` is the most items a slide shows of a kind.
    virtual std::vector<FeedPlan> plan(const config::Source& source, const std::set<ItemKind>& kinds,
                                       const std::function<int(ItemKind)>& most_shown) const;
    // Fetches or reads the feed, whose time has come.
    virtual void begin(Feed& f, FeedHost& host) const = 0;
    // One body as items of one kind.
    virtual Result<std::vector<Item>> parse(Feed& f, const std::string& body, ItemKind kind, const std::string& origin,
                                            FeedHost& host) const;
    // Whether the body it fetched is kept in the cache.
    virtual bool keeps_body() const { return true; }
    // Whether the cached body is parsed again at every start, its items cached or not (a
    // calendar's occurrences are worked out for a window that moves with the clock).
    virtual bool parses_again_at_start() const { return false; }
};

// The driver of a source type: the table.
const SourceDriver& driver_for(config::SourceType type);
// Each driver's one object, from its own file.
const SourceDriver& feed_driver(config::SourceType type);  // rss, atom, jsonfeed
const SourceDriver& calendar_driver();
const SourceDriver& wordpress_driver();
const SourceDriver& folder_driver();

// The cache's key of a source fetched as one feed: its type and its URL or path.
std::string location_key(const config::Source& source);

// The most bytes a feed's body may have.
inline constexpr std::size_t feed_cap = std::size_t{16} << 20;

// For drivers that fetch bodies: offline, the feed is tried without the network (and an
// error says so when nothing is cached). Returns whether it was.
bool stay_offline(Feed& f, FeedHost& host);
// One body at the feed's URL, asked conditionally, parsed by its driver and kept in the cache.
void fetch_body(Feed& f, FeedHost& host);
// The feed's local file, read again when it changed (looked at every 30 s at most).
void read_local_file(Feed& f, FeedHost& host);
// When a local file or folder is looked at again.
FeedHost::TimePoint next_local_check(const Feed& f, const FeedHost& host);

}  // namespace placard::content
