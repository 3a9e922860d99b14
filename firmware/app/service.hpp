#pragma once
// Talking to systemd when it runs placard as a service (Type=notify): READY=1 once the
// first frame is on screen, STATUS= with what is showing and which sources fail,
// watchdog pings from the main loop (so that a frozen renderer is restarted), and
// SIGHUP (`systemctl reload placard`) to read the playlist again. Outside systemd
// ($NOTIFY_SOCKET unset) every call does nothing. Main thread only, except the signal.
#include <chrono>
#include <optional>
#include <string>

namespace placard::app {

class Service {
public:
    Service();
    // Installs the SIGHUP handler, which also ends the main loop's sleep (app/wake.hpp).
    static void handle_reload_signal();
    // Whether SIGHUP came since the last call.
    static bool reload_requested();

    // READY=1: once at the first frame, and again after each reloading().
    void ready();
    // Sent when it differs from the last one sent.
    void status(const std::string& text);
    // A ping at most every half watchdog interval; cheap to call every loop.
    void watchdog();
    void reloading();
    void stopping();
    // EXTEND_TIMEOUT_USEC: more time to start, while waiting for a display.
    void extend_start(std::chrono::microseconds more);

    // Whether systemd listens ($NOTIFY_SOCKET): placard runs as its service.
    bool notifying() const { return notify_; }

    bool watchdog_enabled() const { return watchdog_interval_.count() > 0; }
    // When watchdog() next has a ping to send: a deadline for the loop's sleep.
    std::optional<std::chrono::steady_clock::time_point> next_watchdog() const {
        if (!watchdog_enabled()) return std::nullopt;
        return next_ping_;
    }

private:
    bool notify_ = false;
    bool ready_ = false;
    bool reloading_ = false;
    std::string status_;
    std::chrono::microseconds watchdog_interval_{0};
    std::chrono::steady_clock::time_point next_ping_{};
};

}  // namespace placard::app
