#pragma once
// The worker thread: fetches every source (libcurl), parses it, fetches and prepares the
// pictures, keeps it all in the store, and publishes Snapshots. The render thread only
// calls snapshot() and set_playlist(); the worker's only call upward is `wake`.
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>

#include "config/playlist.hpp"
#include "content/image_preparer.hpp"
#include "content/snapshot.hpp"
#include "util/clock.hpp"

namespace placard::content {

struct WorkerOptions {
    std::filesystem::path cache_dir;
    const Clock* clock = nullptr;          // not owned; outlives the worker
    ImagePreparer* images = nullptr;       // not owned; may be null: pictures are then left out
    std::function<void()> wake;            // called on the worker thread after each publish
    bool offline = false;                  // never touch the network: the cache and local files only
    // The upright screen in pixels: which of a WordPress post's picture sizes to take.
    int screen_width = 1920;
    int screen_height = 1080;
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

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace placard::content
