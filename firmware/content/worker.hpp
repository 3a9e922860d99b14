#pragma once
// The worker thread: fetches every source (libcurl), parses it, fetches and prepares the
// pictures, keeps it all in the store, and publishes Snapshots; it also fetches the remote
// playlist, when there is one, and hands each new version over. The render thread only
// calls the public members; the worker's only call upward is `wake`.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/load.hpp"
#include "config/playlist.hpp"
#include "content/image_preparer.hpp"
#include "content/snapshot.hpp"
#include "util/clock.hpp"

namespace placard::content {

inline constexpr std::uintmax_t default_cache_budget = 512'000'000;  // 512 MB

struct WorkerOptions {
    std::filesystem::path cache_dir;
    const Clock* clock = nullptr;     // not owned; outlives the worker
    ImagePreparer* images = nullptr;  // not owned; may be null: pictures are then left out
    // Called on the worker thread after each publish and each handover of the remote playlist.
    std::function<void()> wake;
    bool offline = false;  // never touch the network: the cache and local files only
    // The most the cache may hold; least recently used files go first, never what the
    // playlist shows now.
    std::uintmax_t cache_budget = default_cache_budget;
    std::vector<std::filesystem::path> cache_keep;  // files of others' to keep (the remote playlist)
    // Limits of every request (feeds and pictures). Tests shorten them, so that a server
    // that never answers costs them a second.
    std::chrono::milliseconds request_timeout{std::chrono::seconds(60)};
    std::chrono::seconds low_speed_time{20};  // a transfer slower than 10 bytes a second this long is cut
    // The upright screen in pixels: which of a WordPress post's picture sizes to take.
    int screen_width = 1920;
    int screen_height = 1080;
    // The board's memory in bytes, which decides whether web pages wait for clips
    // (web::small_board); 0: the board's own (MemTotal). Tests set it.
    std::uint64_t board_memory = 0;
};

// The most a playlist on the web may weigh: a playlist is a few kilobytes; this is
// generous and still stops a runaway answer.
inline constexpr std::size_t playlist_cap = std::size_t{4} << 20;

// The remote playlist to fetch (`placard run https://…`).
struct PlaylistWatch {
    std::string url;
    std::chrono::seconds refresh{std::chrono::minutes(5)};
    bool have_good = false;    // a good version plays already (from the cache): the words of a failure
    config::SlideKinds kinds;  // the slide types it is read with (kinds::all())
};

// What came of fetching the remote playlist since the main thread last looked.
struct PlaylistNews {
    std::optional<config::LoadResult> loaded;  // the latest new version, valid or not
    std::string text;                          // its text, for the cache of the last good one
    std::optional<Error> error;                // why the last fetch failed; none once one succeeds
};

class Worker {
public:
    explicit Worker(WorkerOptions options);
    ~Worker();  // stops and joins
    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;

    // Before the thread starts, reads what the cache holds for this playlist and
    // publishes it, so the first frame needs no network. Then starts the thread.
    void start(std::shared_ptr<const config::Playlist> playlist);
    // Hot reload: the worker fetches what the new playlist names, keeping what it has.
    void set_playlist(std::shared_ptr<const config::Playlist> playlist);
    // The latest snapshot; never null after start(). Thread-safe.
    SnapshotPtr snapshot() const;
    // Blocks until every source has been tried once since start() (or the timeout).
    // For `placard slides` and `preview`, and tests.
    bool wait_first_pass(std::chrono::milliseconds timeout);
    void stop();

    // Fetches the playlist at `watch.url` on the worker thread, as politely as the sources
    // (net/polite.hpp): at once, then every refresh, conditionally, backing off after
    // failures, each failure logged once. Each new version and each change of its error are
    // kept for take_playlist() and announced with `wake`. Any thread, before or after start().
    void watch_playlist(PlaylistWatch watch);
    // Fetches it again at once unless a fetch is under way (`systemctl reload`); the same
    // text again is then a new version too. Any thread.
    void refresh_playlist();
    // What came since the last call, if anything. Any thread (the main thread's).
    std::optional<PlaylistNews> take_playlist();
    // Fetches (or reads) the source `name` again at once unless it is under way: a poster
    // was just put in its folder. Any thread.
    void refresh_source(const std::string& name);
    // Whether a clip plays or pre-rolls on the screen. On a small board (web::small_board)
    // no web page is drawn meanwhile, and one being drawn is put off until the clip ends.
    // Any thread (the player's).
    void set_clips_busy(bool busy);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace placard::content
