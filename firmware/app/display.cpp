#include "app/display.hpp"

#include <signal.h>
#include <time.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <filesystem>

#include <SDL.h>
#include <fmt/format.h>

#include "app/service.hpp"
#include "util/log.hpp"

namespace placard::app {
namespace {

volatile sig_atomic_t stop_signal = 0;

void on_stop_signal(int) {
    stop_signal = 1;
}

bool contains(std::string_view text, std::string_view word) {
    return std::search(text.begin(), text.end(), word.begin(), word.end(), [](char a, char b) {
               return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
           }) != text.end();
}

bool have_drm_card() {
    std::error_code ec;
    for (auto it = std::filesystem::directory_iterator("/dev/dri", ec);
         !ec && it != std::filesystem::directory_iterator(); it.increment(ec))
        if (it->path().filename().string().rfind("card", 0) == 0) return true;
    return false;
}

// The driver SDL was asked for, when it was (SDL_VIDEODRIVER or the hint).
std::string asked_driver() {
    if (const char* current = SDL_GetCurrentVideoDriver()) return current;
    if (const char* hint = SDL_GetHint(SDL_HINT_VIDEODRIVER); hint && *hint) return hint;
    return {};
}

// While placard waits for a display, SIGTERM and SIGINT end the wait. The handler stays
// from the first failed attempt to the return, attempts included: a stop that came between
// two sleeps (while the status was being sent) would otherwise meet the default action.
class StopSignals {
public:
    StopSignals() = default;
    StopSignals(const StopSignals&) = delete;
    StopSignals& operator=(const StopSignals&) = delete;
    ~StopSignals() {
        if (!installed_) return;
        sigaction(SIGTERM, &old_term_, nullptr);
        sigaction(SIGINT, &old_int_, nullptr);
    }
    void install() {
        if (installed_) return;
        struct sigaction sa {};
        sa.sa_handler = on_stop_signal;
        sigemptyset(&sa.sa_mask);
        stop_signal = 0;
        sigaction(SIGTERM, &sa, &old_term_);
        sigaction(SIGINT, &sa, &old_int_);
        installed_ = true;
    }

private:
    bool installed_ = false;
    struct sigaction old_term_ {};
    struct sigaction old_int_ {};
};

// Sleeps `wait` in steps of a second, pinging the watchdog, until SIGTERM or SIGINT.
// Returns false when one came (also before the sleep began).
bool sleep_unless_stopped(std::chrono::seconds wait, Service& service) {
    const auto end = std::chrono::steady_clock::now() + wait;
    while (!stop_signal && std::chrono::steady_clock::now() < end) {
        service.watchdog();
        timespec step{1, 0};
        nanosleep(&step, nullptr);  // a signal ends it early
    }
    return !stop_signal;
}

}  // namespace

std::string display_advice(std::string_view error, std::string_view driver, bool have_drm_device) {
    if (contains(error, "not available") && !driver.empty())
        return fmt::format(
            "SDL_VIDEODRIVER={} names a video driver this SDL does not have: unset it, or choose "
            "x11, wayland or kmsdrm",
            driver);
    if (contains(error, "EGL") || contains(error, "GBM") || contains(error, "OpenGL") || contains(error, "GLES"))
        return "SDL draws on a screen without a desktop through EGL and Mesa: sudo apt install libegl1 "
               "libegl-mesa0 libgles2 libgbm1 libgl1-mesa-dri";
    if (!have_drm_device)
        return "the kernel has no display device (/dev/dri/card*): on a Raspberry Pi, put "
               "dtoverlay=vc4-kms-v3d in /boot/firmware/config.txt and reboot; elsewhere, load the graphics "
               "card's driver";
    return "another program may hold the screen (a desktop: sudo systemctl set-default multi-user.target, then "
           "reboot), or no screen is connected";
}

Result<std::unique_ptr<render::Screen>> open_screen(const render::ScreenOptions& options, Service& service) {
    // Only a service on a real screen waits: a terminal, a test or a window wants the error.
    const bool patient = service.notifying() && !options.headless && !options.window;
    std::chrono::seconds wait{5};
    std::string said;
    StopSignals stop_signals;
    for (int attempt = 1;; ++attempt) {
        Error error;
        if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
            error = Error{"display", fmt::format("cannot start SDL's video ({})", SDL_GetError()), ""};
        } else {
            auto screen = render::Screen::open(options);
            if (screen) {
                if (attempt > 1) log::notice("display", "the screen opened at attempt {}", attempt);
                return screen;
            }
            error = screen.error();
            SDL_QuitSubSystem(SDL_INIT_VIDEO);  // the next attempt looks for devices again
        }
        const std::string advice = display_advice(error.what, asked_driver(), have_drm_card());
        if (error.hint.empty() || patient) error.hint = advice;
        if (!patient) return error;
        stop_signals.install();
        if (stop_signal) return std::unique_ptr<render::Screen>();
        if (error.to_string() != said) {
            said = error.to_string();
            log::error("display", "{}; {}; placard tries again by itself", error.what, error.hint);
        }
        service.status(fmt::format("no display: {}; {}; trying again in {} s", error.what, advice, wait.count()));
        // Waiting for a display is not a failed start: systemd gives the wait and a margin.
        service.extend_start(wait + std::chrono::seconds(30));
        if (!sleep_unless_stopped(wait, service)) return std::unique_ptr<render::Screen>();
        wait = std::min(wait * 2, std::chrono::seconds(60));
    }
}

}  // namespace placard::app
