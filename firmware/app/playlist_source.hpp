#pragma once
// Where the playlist comes from while placard plays: a file on the display, watched for
// changes, or a web address (`placard run https://example.org/hall.json`),
// fetched as politely as the feeds. Either way the last playlist that loaded without
// problems is kept in the cache, so that a typo or a server that is down never blanks
// the screen. Main thread only: poll() never blocks.
#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "config/load.hpp"
#include "util/result.hpp"

namespace placard::content {
class Worker;
}

namespace placard::app {

class PlaylistSource {
public:
    virtual ~PlaylistSource() = default;
    // The path or web address, for messages.
    virtual const std::string& name() const = 0;
    // A new version of the playlist when one has come, valid or not (its problems say
    // why not). A valid one is remembered in the cache as the last good one.
    virtual std::optional<config::LoadResult> poll() = 0;
    // A few words for the screen while no good playlist has come at all, else empty.
    virtual std::string status() const = 0;
    // Reads or fetches it at the next poll(), as `systemctl reload` asks.
    virtual void refresh_now() = 0;
    // When poll() next has something to do; none: only when watch_fd() is readable.
    virtual std::optional<std::chrono::steady_clock::time_point> next_poll() const = 0;
    // Readable when poll() should look (the playlist's folder changed), or -1. poll() reads it.
    virtual int watch_fd() const { return -1; }
};

// A change of the file gives a new version. Its folder is watched with inotify; on a
// network file system (NFS, SMB, FUSE, 9p), where inotify does not see changes made on
// other machines, or when the watch cannot be set up, the file is looked at every `every`.
std::unique_ptr<PlaylistSource> watch_file(const std::filesystem::path& file, const std::filesystem::path& cache,
                                           std::chrono::milliseconds every);

struct WebPlaylistOptions {
    std::chrono::seconds refresh{std::chrono::minutes(5)};
    content::Worker* worker = nullptr;  // not owned, outlives the source; fetches it. Unused offline.
    bool have_good = false;             // a good version is playing already (from the cache)
    bool offline = false;               // never fetch
};

// Fetched on the worker's thread (content::Worker::watch_playlist) at once, then every
// `refresh` (a little more at random), conditionally, with backoff after failures;
// failures are logged once and the playing version stays. poll() takes what the worker
// handed over; the worker's `wake` says when.
std::unique_ptr<PlaylistSource> watch_web(const std::string& url, const std::filesystem::path& cache,
                                          WebPlaylistOptions options);

// The last good playlist from `name` (a path or web address) that the cache holds.
std::optional<config::Playlist> recall_good(const std::filesystem::path& cache, const std::string& name);
void remember_good(const std::filesystem::path& cache, const std::string& name, std::string_view text);

// For `check`, `slides` and `preview`: the playlist at a web address, fetched once
// (at most `timeout`), in its time zone. A failed fetch is one problem naming the address.
config::LoadResult fetch_playlist(const std::string& url, std::chrono::seconds timeout);

}  // namespace placard::app
