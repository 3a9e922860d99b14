#pragma once
// The pictures of cues from the broker: fetched from their address on a thread of their
// own, checked against the SHA-256 the organizer signed, prepared for the screen and kept
// in the state folder under that hash, so that a cue seen again (after a restart, or
// offline) finds its picture at once. A picture that differs from the one signed is never
// shown: someone who can change a web server cannot change a hall's screen.
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "content/image_preparer.hpp"
#include "cues/cue.hpp"
#include "util/result.hpp"

namespace placard::broker {

class Pictures {
public:
    struct Options {
        std::filesystem::path folder;                      // where they are kept
        std::shared_ptr<content::ImagePreparer> preparer;  // used on this thread alone
        std::chrono::seconds timeout{60};                  // for one picture, fetched whole
        size_t max_bytes = size_t{16} << 20;
    };
    // The fetch of a cue's picture, done: its file, or why not.
    struct Done {
        std::string topic;
        cues::Cue cue;
        Result<std::filesystem::path> file = std::filesystem::path();
        bool post = true;  // false: fetched ahead for a cue that starts later
        // A failure of the network or the server, worth trying again later; not a picture
        // that differs from the one signed, or one that cannot be decoded.
        bool retry = false;
    };
    using Callback = std::function<void(Done)>;

    // `done` runs on the fetcher's thread.
    Pictures(Options options, Callback done);
    ~Pictures();  // stop()s
    // Drops what is queued, cuts a fetch under way short and waits for the thread: no
    // callback runs after it. fetch() does nothing from then on.
    void stop();
    Pictures(const Pictures&) = delete;
    Pictures& operator=(const Pictures&) = delete;

    // The prepared file of this picture, if it is kept already (and marked as used now:
    // pictures unused for longer than any cue lasts are removed).
    std::optional<std::filesystem::path> kept(const cues::Picture& picture) const;
    // Fetches, checks and prepares the cue's picture, then calls back.
    void fetch(std::string topic, cues::Cue cue, bool post);

private:
    std::filesystem::path file_for(const cues::Picture& picture) const;
    Result<std::filesystem::path> get(const cues::Picture& picture, bool& retry);
    void remove_unused() const;
    void run();

    Options options_;
    Callback done_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Done> queue_;
    bool stopping_ = false;
    std::function<void()> cut_short_;  // wakes a fetch under way; under mutex_
    std::thread thread_;
};

}  // namespace placard::broker
