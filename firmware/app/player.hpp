#pragma once
// The main loop: shows slides, fades between them, reloads the playlist when it changes,
// and sleeps until the next thing that has to happen (app/wake.hpp). Main thread only.
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "app/playlist_source.hpp"
#include "app/service.hpp"
#include "config/playlist.hpp"
#include "content/worker.hpp"
#include "control/console.hpp"
#include "cues/desk.hpp"
#include "health/health.hpp"
#include "render/fonts.hpp"
#include "render/screen.hpp"
#include "render/tv.hpp"
#include "util/clock.hpp"

namespace placard::app {

// What the screen's status line says while the playlist file has errors.
inline constexpr const char* playlist_problem_status = "The playlist has errors: see `placard check`";

// display.overscan as the screen takes it.
inline layout::Insets overscan_of(const config::Display& d) {
    return {d.overscan.top, d.overscan.right, d.overscan.bottom, d.overscan.left};
}

struct PlayerOptions {
    std::optional<std::chrono::seconds> exit_after;
    std::filesystem::path screenshots;  // empty: none
    std::filesystem::path frame_log;    // empty: none (app/frame_log.hpp)
    // How long before a slide's end the clip of the slide after it is opened and paused on
    // its first frame, so that it comes on with no wait.
    std::chrono::milliseconds preroll{3000};
    // How long a clip that was not pre-rolled may take to show its first frame before it
    // is skipped; what is on screen stays meanwhile.
    std::chrono::milliseconds clip_open_limit{5000};
    std::chrono::milliseconds fade{700};
    std::chrono::milliseconds reload_check{
        2000};                   // a playlist file that inotify cannot watch: how often it is looked at
    Service* service = nullptr;  // not owned: systemd's READY, STATUS and watchdog; may be null
    // Opens the TV's HDMI-CEC the first time the screen's hours end (display.hours); may
    // be empty, or give null: the screen is then only black.
    std::function<std::unique_ptr<render::Tv>()> open_tv;
    // Set when the playlist file had errors at start: the screen says so until it is fixed.
    std::string playlist_problem;
    // Where the cues in force are kept across restarts (cues.json); empty: not kept.
    std::filesystem::path state_dir;
    // Where cues come in from other threads; null: the player makes its own (desk()).
    std::shared_ptr<cues::Desk> desk;
    // The control page's view of the player, kept up to date by it; may be null.
    control::Console* console = nullptr;
    // Words for the screen's quiet corner from outside the player (the control page's setup
    // code); called at each repaint, from the main thread. May be empty.
    std::function<std::string()> notice;
    // Where the board's health is read every 10 s (health/health.hpp) and the cache whose
    // disk is measured; none: not read.
    std::optional<health::Sources> health;
    // The proof of play's folder (plays/play_log.hpp); empty: none.
    std::filesystem::path plays;
    // When the process started: the first frame's delay is logged from it.
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
};

// How often the loop's sleep ended, and why: the benchmark's figure for a still slide.
struct WakeUps {
    unsigned long long fade_frames = 0;   // deadlines while a fade is drawn: one a frame
    unsigned long long strip_frames = 0;  // deadlines of the strip: a step of its ticker, its clock's minute
    unsigned long long deadlines = 0;     // the others: slide ends, countdown minutes, exit_after...
    unsigned long long woken = 0;         // wake(): the worker published
    unsigned long long clips = 0;         // a clip's player has news: a frame, its end
    unsigned long long input = 0;         // keys, window events
    unsigned long long signals = 0;       // SIGTERM, SIGINT, SIGHUP
    unsigned long long playlist = 0;      // the playlist file (or its folder) changed
    unsigned long long clock_set = 0;     // the system clock was set
    unsigned long long cues = 0;          // a cue came from another thread (cues::Desk)
    unsigned long long pictures = 0;      // the control page asked for a picture of the screen
    unsigned long long health = 0;        // the board's health changed what the screen's corner says
    unsigned long long total() const;
};

class Player {
public:
    // `source` gives the new versions of the playlist (app/playlist_source.hpp).
    Player(PlayerOptions options, std::shared_ptr<const config::Playlist> playlist,
           std::unique_ptr<PlaylistSource> source, render::Screen& screen, render::Fonts& fonts,
           content::Worker& worker, const Clock& clock);
    ~Player();
    // Returns the exit status.
    int run();
    // Called from the worker thread: new content is there. Any thread.
    void wake();
    // Cues for this player: post() from any thread; it shows them at its next wake-up.
    cues::Desk& desk();
    // So far: main thread. Logged (info) when run() returns.
    WakeUps wake_ups() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace placard::app
