#include "app/wake.hpp"

#include <dirent.h>
#include <dlfcn.h>
#include <fcntl.h>
#include <linux/input.h>
#include <poll.h>
#include <signal.h>
#include <strings.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <limits>

#include <SDL.h>
#include <SDL_syswm.h>
#include <fmt/format.h>

#include "util/log.hpp"

namespace placard::app {
namespace {

using steady = std::chrono::steady_clock;

// The eventfd of the Sleeper alive now, for the signal handlers.
std::atomic<int> wake_fd{-1};
static_assert(std::atomic<int>::is_always_lock_free, "written from signal handlers");
volatile sig_atomic_t signalled = 0;
volatile sig_atomic_t quit_signal = 0;
struct sigaction previous_term {
}, previous_int{};

void on_quit_signal(int) {
    quit_signal = 1;
    wake_from_signal();
}

// SDL 2 numbers windows from 1 in the order they are made. All the windows of an X11 or
// Wayland process share one display connection, so any window will do.
SDL_Window* any_window() {
    for (Uint32 id = 1; id < 1024; ++id)
        if (SDL_Window* w = SDL_GetWindowFromID(id)) return w;
    return nullptr;
}

// The display connection's socket: readable when the server has sent events.
int display_connection(SDL_Window* window) {
    SDL_SysWMinfo info;
    SDL_VERSION(&info.version);
    if (!window || !SDL_GetWindowWMInfo(window, &info)) return -1;
#if defined(SDL_VIDEO_DRIVER_X11)
    if (info.subsystem == SDL_SYSWM_X11) return ConnectionNumber(info.info.x11.display);
#endif
    if (info.subsystem == SDL_SYSWM_WAYLAND) {
        // libwayland-client is loaded with SDL; looked up so that placard need not link it.
        using GetFd = int (*)(wl_display*);
        auto get_fd = reinterpret_cast<GetFd>(dlsym(RTLD_DEFAULT, "wl_display_get_fd"));
        if (get_fd) return get_fd(info.info.wl.display);
    }
    return -1;
}

// Keyboards, mice, touch screens and remote controls: what SDL's evdev reads. Sensors that
// only report positions or switches are left out, as some report all the time.
bool is_input_device(int fd) {
    unsigned long types = 0;
    if (ioctl(fd, EVIOCGBIT(0, sizeof(types)), &types) < 0) return false;
    return (types & (1ul << EV_KEY)) || (types & (1ul << EV_REL));
}

void read_all(int fd) {
    char buffer[4096];
    while (read(fd, buffer, sizeof(buffer)) > 0) {
    }
}

}  // namespace

void wake_from_signal() noexcept {
    const int saved = errno;
    signalled = 1;
    const int fd = wake_fd.load();
    const std::uint64_t one = 1;
    if (fd >= 0 && write(fd, &one, sizeof(one)) < 0) {
        // Full (2^64 - 1 wakes unread) or closed: the sleep ends anyway.
    }
    errno = saved;
}

Sleeper::Sleeper() {
    event_fd_.reset(eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC));
    if (!event_fd_)
        log::error("app", "cannot make an eventfd ({}): the loop looks every 50 ms instead of sleeping",
                   std::strerror(errno));
    signalled = 0;
    quit_signal = 0;
    wake_fd = event_fd_.get();
    // SDL turns SIGTERM and SIGINT into SDL_QUIT, but at its next event pump, which a
    // sleeping poll would not reach: the handler here also ends the sleep.
    struct sigaction sa {};
    sa.sa_handler = on_quit_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGTERM, &sa, &previous_term);
    sigaction(SIGINT, &sa, &previous_int);

    clock_fd_.reset(timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK | TFD_CLOEXEC));
    arm_clock();
    open_input();
}

Sleeper::~Sleeper() {
    sigaction(SIGTERM, &previous_term, nullptr);
    sigaction(SIGINT, &previous_int, nullptr);
    wake_fd = -1;
}

bool Sleeper::quit_requested() {
    return quit_signal != 0;
}

void Sleeper::wake() noexcept {
    const std::uint64_t one = 1;
    if (event_fd_ && write(event_fd_.get(), &one, sizeof(one)) < 0) {
        // Full: the sleep ends anyway.
    }
}

// Wakes when CLOCK_REALTIME is set (NTP's first step after a boot without a real-time
// clock, `date -s`): the screen's hours and the countdowns are deadlines on the wall clock,
// waited for on the steady clock.
void Sleeper::arm_clock() {
    if (!clock_fd_) return;
    itimerspec far{};
    far.it_value.tv_sec = std::numeric_limits<time_t>::max();
    if (timerfd_settime(clock_fd_.get(), TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, &far, nullptr) != 0) {
        log::debug("app", "cannot watch the system clock for steps ({})", std::strerror(errno));
        clock_fd_.reset();
    }
}

void Sleeper::open_input() {
    const char* driver = SDL_GetCurrentVideoDriver();
    if (!driver) return;
    if (!strcasecmp(driver, "x11") || !strcasecmp(driver, "wayland")) {
        display_fd_ = display_connection(any_window());
        if (display_fd_ < 0)
            log::warning("app", "no {} display connection to wait on: input is read at the next deadline", driver);
        return;
    }
    // No input at all.
    if (!strcasecmp(driver, "offscreen") || !strcasecmp(driver, "dummy")) return;
    // KMSDRM and the other console drivers: SDL reads /dev/input/event* itself (evdev).
    // Each open of an event device has its own queue, so ours tells when SDL's has
    // something without taking it away; inotify tells when a keyboard is plugged in.
    devices_watch_.reset(inotify_init1(IN_NONBLOCK | IN_CLOEXEC));
    if (devices_watch_ && inotify_add_watch(devices_watch_.get(), "/dev/input", IN_CREATE | IN_DELETE | IN_ATTRIB) < 0)
        devices_watch_.reset();
    rescan_devices();
    log::debug("app", "waiting for input on {} device{}", devices_.size(), devices_.size() == 1 ? "" : "s");
}

void Sleeper::rescan_devices() {
    std::vector<std::string> present;
    if (DIR* dir = opendir("/dev/input")) {
        while (dirent* e = readdir(dir))
            if (std::strncmp(e->d_name, "event", 5) == 0) present.push_back(std::string("/dev/input/") + e->d_name);
        closedir(dir);
    }
    std::erase_if(devices_,
                  [&](const Device& d) { return std::find(present.begin(), present.end(), d.path) == present.end(); });
    for (const std::string& path : present) {
        if (std::any_of(devices_.begin(), devices_.end(), [&](const Device& d) { return d.path == path; })) continue;
        // Not readable for this user: SDL cannot read it either.
        UniqueFd fd(open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
        if (!fd || !is_input_device(fd.get())) continue;
        read_all(fd.get());  // what came before is SDL's business
        devices_.push_back({std::move(fd), path});
    }
}

Woken Sleeper::sleep_until(std::optional<steady::time_point> deadline, int watched) {
    // What SDL read from the display socket while a frame was presented (Xlib reads it in
    // XSync) no longer makes the socket readable: take it first.
    SDL_PumpEvents();
    if (SDL_HasEvents(SDL_FIRSTEVENT, SDL_LASTEVENT)) return Woken::input;

    std::vector<pollfd> fds;
    auto add = [&](int fd) {
        if (fd >= 0) fds.push_back({fd, POLLIN, 0});
    };
    add(event_fd_.get());
    add(watched);
    add(clock_fd_.get());
    add(display_fd_);
    add(devices_watch_.get());
    for (const Device& d : devices_) add(d.fd.get());

    // Nothing could end the sleep early: poll, as the loop did before.
    if (!event_fd_) {
        const auto soon = steady::now() + std::chrono::milliseconds(50);
        deadline = deadline ? std::min(*deadline, soon) : soon;
    }
    int ready;
    do {
        timespec timeout{};
        timespec* wait = nullptr;
        if (deadline) {
            const auto left = std::max(steady::duration::zero(), *deadline - steady::now());
            const auto whole = std::chrono::duration_cast<std::chrono::seconds>(left);
            timeout.tv_sec = static_cast<time_t>(whole.count());
            timeout.tv_nsec =
                static_cast<long>(std::chrono::duration_cast<std::chrono::nanoseconds>(left - whole).count());
            wait = &timeout;
        }
        // A signal handled on this thread interrupts the poll: ours have written the
        // eventfd, which the next poll finds; others are no reason to wake.
        ready = ppoll(fds.data(), fds.size(), wait, nullptr);
    } while (ready < 0 && errno == EINTR);
    if (ready == 0) return Woken::deadline;
    if (ready < 0) {
        log::write_once(log::Level::error, "app", "poll", fmt::format("cannot wait ({})", std::strerror(errno)));
        return Woken::deadline;
    }

    auto readable = [&](int fd) {
        if (fd < 0) return short{0};
        for (const pollfd& p : fds)
            if (p.fd == fd) return p.revents;
        return short{0};
    };
    std::optional<Woken> why;
    auto because = [&](Woken w) {
        if (!why) why = w;
    };
    if (readable(event_fd_.get())) {
        read_all(event_fd_.get());
        const bool by_signal = signalled != 0;
        signalled = 0;
        because(by_signal ? Woken::signal : Woken::wake);
    }
    if (readable(watched)) because(Woken::watched);
    if (short r = readable(display_fd_)) {
        if (r & (POLLERR | POLLHUP | POLLNVAL)) {
            log::warning("app", "the display connection was closed");
            display_fd_ = -1;
        }
        because(Woken::input);
    }
    if (readable(devices_watch_.get())) {
        read_all(devices_watch_.get());
        rescan_devices();
        because(Woken::input);
    }
    // An unplugged device stays readable (ENODEV) until closed.
    std::erase_if(devices_, [&](const Device& d) {
        const short r = readable(d.fd.get());
        if (!r) return false;
        because(Woken::input);
        read_all(d.fd.get());
        return (r & (POLLERR | POLLHUP | POLLNVAL)) != 0;
    });
    if (readable(clock_fd_.get())) {
        read_all(clock_fd_.get());  // ECANCELED: the clock was set; the timer must be armed again
        arm_clock();
        because(Woken::clock_set);
    }
    return why.value_or(Woken::input);
}

}  // namespace placard::app
