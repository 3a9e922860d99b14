#pragma once
// The main thread's sleep: one poll(2) until a deadline, a wake() from another thread, a
// signal, a step of the system clock, or input on the window's display connection or the
// input devices, on every SDL video driver, with no fixed-rate poll. Main thread only,
// except wake() and wake_from_signal().
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "util/unique_fd.hpp"

namespace placard::app {

// Why a sleep ended.
enum class Woken {
    deadline,   // the deadline passed
    wake,       // wake(): the worker published, or a test
    signal,     // SIGTERM, SIGINT (quit_requested()) or SIGHUP (Service::reload_requested())
    input,      // the display connection or an input device is readable; SDL has events
    watched,    // the extra descriptor given to sleep_until() is readable
    clock_set,  // the system clock was set: deadlines on the wall clock must be worked out again
};

// Async-signal-safe: ends the sleep in progress, or the next one, with Woken::signal.
// For signal handlers other than the Sleeper's own (SIGHUP's, in Service).
void wake_from_signal() noexcept;

class Sleeper {
public:
    // After SDL's video is up and the window open: the display connection is found through
    // the window. Takes SIGTERM and SIGINT over from SDL until destroyed.
    Sleeper();
    ~Sleeper();
    Sleeper(const Sleeper&) = delete;
    Sleeper& operator=(const Sleeper&) = delete;

    // Any thread.
    void wake() noexcept;
    // Returns at `deadline` (never, without one) or sooner when woken. `watched`, when not
    // -1, wakes it while readable: its owner must read it (a playlist folder's inotify).
    Woken sleep_until(std::optional<std::chrono::steady_clock::time_point> deadline, int watched = -1);
    // SIGTERM or SIGINT came since this Sleeper was made.
    static bool quit_requested();

private:
    struct Device {
        UniqueFd fd;
        std::string path;
    };
    void open_input();
    void rescan_devices();
    void drain_devices();
    void arm_clock();

    UniqueFd event_fd_;            // wake() and the signal handlers write it
    UniqueFd clock_fd_;            // a timerfd that a step of CLOCK_REALTIME cancels
    int display_fd_ = -1;          // X11 or Wayland connection: not owned, SDL reads it
    UniqueFd devices_watch_;       // inotify on /dev/input (KMSDRM and other console drivers)
    std::vector<Device> devices_;  // opened only to learn readiness; SDL's evdev reads its own
};

}  // namespace placard::app
