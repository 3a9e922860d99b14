#include "app/service.hpp"

#include <signal.h>
#include <systemd/sd-daemon.h>

#include <cstdlib>

#include <fmt/format.h>

#include "app/wake.hpp"
#include "util/log.hpp"

namespace placard::app {
namespace {

volatile sig_atomic_t reload_signal = 0;

void on_sighup(int) {
    reload_signal = 1;
    wake_from_signal();
}

}  // namespace

Service::Service() {
    const char* socket = std::getenv("NOTIFY_SOCKET");
    notify_ = socket && *socket;
    uint64_t usec = 0;
    // 0 unpid: WATCHDOG_PID must name this process; the environment is left for children.
    if (notify_ && sd_watchdog_enabled(0, &usec) > 0) watchdog_interval_ = std::chrono::microseconds(usec);
}

void Service::handle_reload_signal() {
    struct sigaction sa {};
    sa.sa_handler = on_sighup;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGHUP, &sa, nullptr);
}

bool Service::reload_requested() {
    if (!reload_signal) return false;
    reload_signal = 0;
    return true;
}

void Service::ready() {
    if (ready_ && !reloading_) return;
    ready_ = true;
    reloading_ = false;
    if (!notify_) return;
    if (sd_notify(0, "READY=1") < 0) log::warning("app", "cannot tell systemd that placard is ready");
}

void Service::status(const std::string& text) {
    if (!notify_ || text == status_) return;
    status_ = text;
    std::string message = "STATUS=" + text;
    // STATUS ends at a newline.
    for (char& c : message)
        if (c == '\n') c = ' ';
    sd_notify(0, message.c_str());
}

void Service::watchdog() {
    if (!watchdog_enabled()) return;
    auto now = std::chrono::steady_clock::now();
    if (now < next_ping_) return;
    next_ping_ = now + watchdog_interval_ / 2;
    sd_notify(0, "WATCHDOG=1");
}

void Service::reloading() {
    reloading_ = true;
    if (!notify_) return;
    // systemd 253 wants MONOTONIC_USEC with RELOADING=1 for Type=notify-reload; 252 ignores it.
    sd_notify(0, "RELOADING=1");
}

void Service::extend_start(std::chrono::microseconds more) {
    if (notify_) sd_notify(0, fmt::format("EXTEND_TIMEOUT_USEC={}", more.count()).c_str());
}

void Service::stopping() {
    if (notify_) sd_notify(0, "STOPPING=1");
}

}  // namespace placard::app
