#include "web/browser.hpp"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "util/log.hpp"

namespace placard::web {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;
using steady = std::chrono::steady_clock;

// A DevTools message is at most this long: a screenshot of a 4K page as base64 is ~30 MB.
constexpr std::size_t message_cap = 64u << 20;

// Without a sandbox the browser runs as this process's user, in its process group only.
// Root has no sandbox (chromium refuses it); a service whose namespaces are restricted
// (systemd's RestrictNamespaces) cannot start one: learnt once, then kept.
std::atomic<bool> sandbox_fails{false};

// The memory of the process group's processes together: their proportional set sizes
// (a page shared by two counts half in each), as the kernel gives them in smaps_rollup.
std::uint64_t group_memory(pid_t group) {
    std::uint64_t total = 0;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator("/proc", ec)) {
        const std::string name = entry.path().filename().string();
        if (name.empty() || name[0] < '0' || name[0] > '9') continue;
        std::ifstream in(entry.path() / "stat");
        std::string stat;
        if (!std::getline(in, stat)) continue;
        // After the command's closing parenthesis: state, parent, group.
        const auto close = stat.rfind(')');
        if (close == std::string::npos || close + 2 > stat.size()) continue;
        std::istringstream fields(stat.substr(close + 2));
        std::string state;
        long parent = 0, pgrp = 0;
        fields >> state >> parent >> pgrp;
        if (pgrp != group) continue;
        std::ifstream rollup(entry.path() / "smaps_rollup");
        for (std::string line; std::getline(rollup, line);)
            if (line.rfind("Pss:", 0) == 0) {
                total += std::strtoull(line.c_str() + 4, nullptr, 10) << 10;
                break;
            }
    }
    return total;
}

// "https://example.org" of "HTTPS://Example.org:443/appeal?x#y": scheme and host in small
// letters, a default port left out, as the browser writes the addresses it asks for.
std::string origin_of(const std::string& url) {
    const auto scheme = url.find("://");
    if (scheme == std::string::npos) return url;
    std::string origin = url.substr(0, url.find_first_of("/?#", scheme + 3));
    for (char& c : origin) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const auto& [prefix, port] : {std::pair<std::string, std::string>{"http://", ":80"}, {"https://", ":443"}})
        if (origin.rfind(prefix, 0) == 0 && origin.size() > port.size() &&
            origin.compare(origin.size() - port.size(), port.size(), port) == 0)
            origin.resize(origin.size() - port.size());
    return origin;
}

// The browser, its pipes and its profile; killed with its children when this goes.
class Session {
public:
    Session(const PageRequest& r, const std::atomic<bool>* stop) : request_(r), stop_(stop) {}
    ~Session() { finish(); }
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    Result<void> start(const fs::path& browser, bool sandbox) {
        std::error_code ec;
        const fs::path base = request_.scratch.empty() ? fs::temp_directory_path(ec) : request_.scratch;
        fs::create_directories(base, ec);
        std::string dir = (base / "placard-browser-XXXXXX").string();
        if (!mkdtemp(dir.data()))
            return Error{base.string(), fmt::format("cannot make the browser's profile ({})", std::strerror(errno)),
                         "free some space on the disk"};
        profile_ = dir;
        int to_browser[2] = {-1, -1}, from_browser[2] = {-1, -1};
        auto close_all = [&] {
            for (int fd : {to_browser[0], to_browser[1], from_browser[0], from_browser[1]})
                if (fd >= 0) close(fd);
        };
        if (pipe2(to_browser, O_CLOEXEC) != 0 || pipe2(from_browser, O_CLOEXEC) != 0) {
            const int error = errno;
            close_all();
            return Error{request_.url, fmt::format("cannot start the browser ({})", std::strerror(error)), ""};
        }
        std::vector<std::string> args = {browser.string(),
                                         "--headless",
                                         "--remote-debugging-pipe",
                                         "--user-data-dir=" + profile_.string(),
                                         "--no-first-run",
                                         "--no-default-browser-check",
                                         "--disable-extensions",
                                         "--disable-background-networking",
                                         "--disable-component-update",
                                         "--disable-sync",
                                         "--disable-gpu",
                                         "--hide-scrollbars",
                                         "--mute-audio",
                                         fmt::format("--window-size={},{}", request_.width, request_.height),
                                         "about:blank"};
        if (!sandbox) args.insert(args.begin() + 1, "--no-sandbox");
        // Made before fork(): the child of a process with threads may only make system calls.
        std::vector<char*> argv;
        argv.reserve(args.size() + 1);
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        pid_ = fork();
        if (pid_ < 0) {
            const int error = errno;
            close_all();
            return Error{request_.url, fmt::format("cannot start the browser ({})", std::strerror(error)), ""};
        }
        if (pid_ == 0) {
            // The child: a process group of its own (killed whole), the lowest priority, gone
            // with placard, its pipes as fds 3 and 4, and nothing else of placard's open.
            setpgid(0, 0);
            prctl(PR_SET_PDEATHSIG, SIGKILL);
            setpriority(PRIO_PROCESS, 0, 19);
            // Out of memory, the kernel takes the browser, not placard.
            if (const int oom = open("/proc/self/oom_score_adj", O_WRONLY); oom >= 0) {
                (void)!write(oom, "1000", 4);
                close(oom);
            }
            const int in = dup(to_browser[0]), out = dup(from_browser[1]);
            dup2(in, 3);
            dup2(out, 4);
            const int null = open("/dev/null", O_RDWR);
            dup2(null, 0);
            dup2(null, 1);
            dup2(null, 2);
            for (int fd = 5; fd < 1024; ++fd) close(fd);
            execv(argv[0], argv.data());
            _exit(127);
        }
        setpgid(pid_, pid_);  // also here, so that the group exists before either goes on
        group_ = pid_;
        close(to_browser[0]);
        close(from_browser[1]);
        write_ = to_browser[1];
        read_ = from_browser[0];
        started_ = steady::now();
        deadline_ = started_ + request_.timeout;
        return {};
    }

    // Sends a command and reads until its answer; the events read meanwhile are noted.
    Result<Json> call(const std::string& method, Json params = Json::object(), const std::string& session = {}) {
        const int id = ++last_id_;
        if (!send(id, method, std::move(params), session)) return gone();
        while (true) {
            auto next = read_message();
            if (!next) return next.error();
            if (next->contains("id") && (*next)["id"] == id) {
                if (next->contains("error"))
                    return Error{request_.url,
                                 fmt::format("the browser refused {}: {}", method,
                                             (*next)["error"].value("message", std::string("no reason given"))),
                                 ""};
                return (*next)["result"];
            }
        }
    }

    // Reads until `done` holds, or until `until` (not an error), or an error.
    Result<void> read_until(steady::time_point until, const std::function<bool()>& done) {
        while (!done() && steady::now() < until) {
            auto next = read_message(until);
            if (!next) return next.error();
        }
        return {};
    }

    void note(const Json& event) {
        const std::string method = event.value("method", std::string());
        const Json& params = event.contains("params") ? event["params"] : Json::object();
        if (method == "Network.responseReceived" && params.value("type", std::string()) == "Document")
            statuses_[params.value("loaderId", std::string())] = params["response"].value("status", 0);
        else if (method == "Page.loadEventFired")
            loaded_ = true;
        else if (method == "Fetch.requestPaused")
            continue_request(params);
    }

    bool loaded() const { return loaded_; }
    std::optional<int> status_of(const std::string& loader) const {
        auto it = statuses_.find(loader);
        return it == statuses_.end() ? std::nullopt : std::optional<int>(it->second);
    }
    std::uint64_t peak_memory() const { return peak_memory_; }
    std::chrono::milliseconds took() const {
        return std::chrono::duration_cast<std::chrono::milliseconds>(steady::now() - started_);
    }
    bool answered() const { return answered_; }
    bool ended() const { return ended_; }
    // The page's session, whose paused requests (Fetch) get the login's headers.
    void add_headers_in(const std::string& session) { session_of_fetch_ = session; }

    // Closes the browser, politely first, and takes every process of its group.
    void finish() {
        if (write_ >= 0) close(write_);
        if (read_ >= 0) close(read_);
        write_ = read_ = -1;
        // The whole group: the browser's renderers and helpers too, even once the browser is gone.
        if (group_ > 0) kill(-group_, SIGKILL);
        group_ = -1;
        if (pid_ > 0) {
            int status = 0;
            while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
            }
            pid_ = -1;
        }
        if (!profile_.empty()) {
            std::error_code ec;
            fs::remove_all(profile_, ec);
            profile_.clear();
        }
    }

private:
    // The login's headers, added to the page's own origin's requests only.
    void continue_request(const Json& params) {
        Json headers = Json::array();
        const Json& request = params["request"];
        if (request.contains("headers"))
            for (const auto& [name, value] : request["headers"].items())
                headers.push_back({{"name", name}, {"value", value}});
        if (origin_of(request.value("url", std::string())) == origin_of(request_.url))
            for (const auto& [name, value] : request_.headers) headers.push_back({{"name", name}, {"value", value}});
        send(++last_id_, "Fetch.continueRequest",
             {{"requestId", params.value("requestId", std::string())}, {"headers", headers}}, session_of_fetch_);
    }

    // Writes one message, whole; false when the browser has gone.
    bool send(int id, const std::string& method, Json params, const std::string& session) {
        Json message = {{"id", id}, {"method", method}, {"params", std::move(params)}};
        if (!session.empty()) message["sessionId"] = session;
        std::string text = message.dump();
        text.push_back('\0');
        // A browser gone mid-write is an error here, not a SIGPIPE that ends placard: the
        // signal is held for this thread while it writes, and taken if it came.
        sigset_t pipe_signal, before;
        sigemptyset(&pipe_signal);
        sigaddset(&pipe_signal, SIGPIPE);
        pthread_sigmask(SIG_BLOCK, &pipe_signal, &before);
        bool whole = true;
        for (std::size_t sent = 0; sent < text.size();) {
            const ssize_t n = write(write_, text.data() + sent, text.size() - sent);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) {
                whole = false;
                break;
            }
            sent += static_cast<std::size_t>(n);
        }
        if (!whole) {
            const timespec none{};
            sigtimedwait(&pipe_signal, nullptr, &none);
        }
        pthread_sigmask(SIG_SETMASK, &before, nullptr);
        return whole;
    }

    Error gone() {
        ended_ = true;
        int status = 0;
        std::string how = "closed its pipe";
        // Its pipe closes as it ends: a second at most for the end itself, to say how.
        for (int i = 0; i < 100 && pid_ > 0; ++i) {
            if (waitpid(pid_, &status, WNOHANG) == pid_) {
                pid_ = -1;
                how = WIFSIGNALED(status) ? fmt::format("was killed (signal {})", WTERMSIG(status))
                                          : fmt::format("ended (exit status {})", WEXITSTATUS(status));
                break;
            }
            usleep(10'000);
        }
        return Error{request_.url, fmt::format("the browser {} while drawing it", how), ""};
    }

    // The next message (events are noted, answers returned), within the deadline, the memory
    // cap and the stop flag.
    Result<Json> read_message(std::optional<steady::time_point> until = std::nullopt) {
        while (true) {
            if (const auto end = buffer_.find('\0', scanned_); end != std::string::npos) {
                scanned_ = 0;
                Json message =
                    Json::parse(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(end), nullptr, false);
                buffer_.erase(0, end + 1);
                answered_ = true;
                if (message.is_discarded() || !message.is_object()) continue;
                if (!message.contains("id")) {
                    note(message);
                    if (until) return message;
                    continue;
                }
                return message;
            }
            const auto now = steady::now();
            if (now >= deadline_)
                return Error{request_.url,
                             fmt::format("the browser took longer than {} s to draw it",
                                         std::chrono::duration_cast<std::chrono::seconds>(request_.timeout).count()),
                             "a page that keeps loading (a stream, a video) cannot be shown; give a lighter page"};
            if (until && now >= *until) return Json::object();
            if (stop_ && stop_->load()) return Error{request_.url, "stopped", ""};
            if (now >= next_memory_check_) {
                next_memory_check_ = now + std::chrono::milliseconds(200);
                const std::uint64_t used = group_memory(group_);
                peak_memory_ = std::max(peak_memory_, used);
                if (used > request_.memory_cap)
                    return Error{request_.url,
                                 fmt::format("the browser took {} MB drawing it, more than its cap of {} MB",
                                             used >> 20, request_.memory_cap >> 20),
                                 "show a lighter page, or its picture instead"};
            }
            const auto wait_to = std::min({deadline_, next_memory_check_, until.value_or(deadline_)});
            const int ms =
                static_cast<int>(std::chrono::ceil<std::chrono::milliseconds>(wait_to - steady::now()).count());
            pollfd p{read_, POLLIN, 0};
            const int ready = poll(&p, 1, std::clamp(ms, 0, 200));
            if (ready < 0 && errno != EINTR) return gone();
            if (ready <= 0) continue;
            char chunk[65536];
            const ssize_t n = read(read_, chunk, sizeof chunk);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) return gone();
            scanned_ = buffer_.size();  // no message ends before what comes now
            buffer_.append(chunk, static_cast<std::size_t>(n));
            if (buffer_.size() > message_cap)
                return Error{request_.url, "the browser sent a message too large to read", ""};
        }
    }

    const PageRequest& request_;
    const std::atomic<bool>* stop_;
    pid_t pid_ = -1;
    int write_ = -1, read_ = -1;
    fs::path profile_;
    std::string buffer_;
    int last_id_ = 0;
    steady::time_point started_, deadline_, next_memory_check_{};
    std::map<std::string, int> statuses_;  // the documents' HTTP status, by loader
    bool loaded_ = false;
    bool answered_ = false;
    std::uint64_t peak_memory_ = 0;
    std::string session_of_fetch_;
    std::size_t scanned_ = 0;  // where in buffer_ to look for the next message's end
    pid_t group_ = -1;         // the browser's process group
    bool ended_ = false;       // the browser went before it was done with
};

Result<PageShot> draw(Session& s, const PageRequest& r) {
    auto target = s.call("Target.createTarget", {{"url", "about:blank"}});
    if (!target) return target.error();
    auto attached = s.call("Target.attachToTarget", {{"targetId", (*target)["targetId"]}, {"flatten", true}});
    if (!attached) return attached.error();
    const std::string session = (*attached).value("sessionId", std::string());
    const Json metrics = {{"width", r.width}, {"height", r.height}, {"deviceScaleFactor", 1}, {"mobile", false}};
    for (const auto& [method, params] : {std::pair<std::string, Json>{"Emulation.setDeviceMetricsOverride", metrics},
                                         {"Page.enable", Json::object()},
                                         {"Network.enable", Json::object()}})
        if (auto done = s.call(method, params, session); !done) return done.error();
    if (!r.headers.empty()) {
        s.add_headers_in(session);
        const Json patterns = Json::array({{{"urlPattern", origin_of(r.url) + "/*"}}});
        if (auto done = s.call("Fetch.enable", {{"patterns", patterns}}, session); !done) return done.error();
    }
    auto navigated = s.call("Page.navigate", {{"url", r.url}}, session);
    if (!navigated) return navigated.error();
    if (const std::string error = navigated->value("errorText", std::string()); !error.empty())
        return Error{r.url, fmt::format("cannot be fetched ({})", error),
                     "check the address, and that the display reaches the site"};
    // Its load event, then the time its scripts are given.
    if (auto loaded = s.read_until(steady::time_point::max(), [&] { return s.loaded(); }); !loaded)
        return loaded.error();
    const std::string loader = navigated->value("loaderId", std::string());
    const int status = s.status_of(loader).value_or(0);
    if (status >= 400)
        return Error{r.url, fmt::format("answered HTTP {}", status),
                     status == 401 || status == 403 ? "the page needs a login: give its headers in a file (README)"
                                                    : "check the address"};
    if (r.wait.count() > 0)
        if (auto waited = s.read_until(steady::now() + r.wait, [] { return false; }); !waited) return waited.error();
    auto shot = s.call("Page.captureScreenshot", {{"format", "png"}, {"fromSurface", true}}, session);
    if (!shot) return shot.error();
    const std::string data = shot->value("data", std::string());
    std::string png(data.size(), '\0');
    std::size_t length = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(png.data()), png.size(), data.c_str(), data.size(), nullptr,
                          &length, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0 ||
        length == 0)
        return Error{r.url, "the browser's picture of it cannot be read", ""};
    png.resize(length);
    PageShot out;
    out.png = std::move(png);
    out.status = status;
    out.took = s.took();
    out.peak_memory = s.peak_memory();
    return out;
}

}  // namespace

namespace {

// A field of /proc/meminfo, in bytes; none when it cannot be read.
std::optional<std::uint64_t> meminfo(const std::string& field) {
    std::ifstream in("/proc/meminfo");
    for (std::string line; std::getline(in, line);)
        if (line.rfind(field + ":", 0) == 0) return std::strtoull(line.c_str() + field.size() + 1, nullptr, 10) << 10;
    return std::nullopt;
}

}  // namespace

std::uint64_t memory_cap_here() {
    const std::uint64_t total = meminfo("MemTotal").value_or(2ull << 30);
    return std::clamp<std::uint64_t>(total / 100 * 45, 300ull << 20, 700ull << 20);
}

std::uint64_t board_memory() {
    return meminfo("MemTotal").value_or(0);
}

bool room_for(std::uint64_t cap) {
    const auto available = meminfo("MemAvailable");
    return !available || *available > cap;
}

Result<fs::path> find_browser() {
    // Another browser of the same family, or none (for tests): PLACARD_BROWSER names it.
    if (const char* named = std::getenv("PLACARD_BROWSER"); named && *named) {
        if (access(named, X_OK) == 0) return fs::path(named);
        return Error{"web slides", fmt::format("PLACARD_BROWSER names {}, which is not a program here", named),
                     "install Debian's chromium-headless-shell (sudo apt-get install chromium-headless-shell), and "
                     "unset PLACARD_BROWSER"};
    }
    for (const char* candidate : {"/usr/lib/chromium/chromium-headless-shell", "/usr/lib/chromium/chromium"})
        if (access(candidate, X_OK) == 0) return fs::path(candidate);
    return Error{"web slides", "no browser to draw web pages with",
                 "install Debian's chromium-headless-shell (sudo apt-get install chromium-headless-shell)"};
}

Result<PageShot> render_page(const PageRequest& request, const std::atomic<bool>* stop) {
    fs::path browser = request.browser;
    if (browser.empty()) {
        auto found = find_browser();
        if (!found) return found.error();
        browser = *found;
    }
    if (sodium_init() < 0) return Error{request.url, "libsodium cannot start", ""};
    const bool try_sandbox = geteuid() != 0 && !sandbox_fails.load();
    for (const bool sandbox : {try_sandbox, false}) {
        Session session(request, stop);
        if (auto started = session.start(browser, sandbox); !started) return started.error();
        auto drawn = draw(session, request);
        // A sandboxed browser that never answered could not start its sandbox: once without.
        if (!drawn && sandbox && session.ended() && !session.answered() && !(stop && stop->load())) {
            sandbox_fails = true;
            log::notice("web",
                        "{} cannot start its sandbox here; it runs without it, in a process group of its "
                        "own at the lowest priority",
                        browser.string());
            continue;
        }
        return drawn;
    }
    return Error{request.url, "the browser cannot start", ""};
}

}  // namespace placard::web
