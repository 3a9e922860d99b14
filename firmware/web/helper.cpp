#include "web/helper.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "util/log.hpp"
#include "util/unique_fd.hpp"

namespace placard::web {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;
using steady = std::chrono::steady_clock;

constexpr std::size_t request_cap = 1u << 20;  // a request is a URL and a few headers
constexpr std::size_t answer_cap = 96u << 20;  // a 4K page's PNG, with room

const char* const restart_hint =
    "sudo systemctl restart placard-web.socket; journalctl -u 'placard-web@*' says what the drawer did";

bool send_all(int fd, const char* data, std::size_t size) {
    while (size > 0) {
        const ssize_t n = send(fd, data, size, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno == ENOTSOCK) {  // a pipe: SIGPIPE is the caller's to hold
            const ssize_t w = write(fd, data, size);
            if (w < 0 && errno == EINTR) continue;
            if (w <= 0) return false;
            data += w;
            size -= static_cast<std::size_t>(w);
            continue;
        }
        if (n <= 0) return false;
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

std::string request_text(const PageRequest& r) {
    Json headers = Json::array();
    for (const auto& [name, value] : r.headers) headers.push_back({name, value});
    return Json{{"url", r.url},
                {"width", r.width},
                {"height", r.height},
                {"wait_ms", r.wait.count()},
                {"timeout_ms", r.timeout.count()},
                {"memory_cap", r.memory_cap},
                {"headers", headers}}
               .dump(-1, ' ', false, Json::error_handler_t::replace) +
           "\n";
}

// The request as the drawer reads it; limits checked, whoever wrote it.
Result<PageRequest> parse_request(const std::string& line) {
    const Json j = Json::parse(line, nullptr, false);
    if (!j.is_object() || !j.contains("url") || !j["url"].is_string())
        return Error{"web-helper", "the request is not a page to draw", ""};
    PageRequest r;
    r.url = j["url"].get<std::string>();
    if (r.url.rfind("http://", 0) != 0 && r.url.rfind("https://", 0) != 0)
        return Error{r.url, "only http and https pages are drawn", ""};
    r.width = std::clamp(j.value("width", 1920), 16, 8192);
    r.height = std::clamp(j.value("height", 1080), 16, 8192);
    r.wait = std::chrono::milliseconds(std::clamp<long long>(j.value("wait_ms", 0LL), 0, 60'000));
    r.timeout = std::chrono::milliseconds(std::clamp<long long>(j.value("timeout_ms", 45'000LL), 1'000, 120'000));
    r.memory_cap = std::clamp<std::uint64_t>(j.value("memory_cap", std::uint64_t{700} << 20), std::uint64_t{100} << 20,
                                             std::uint64_t{4} << 30);
    if (j.contains("headers") && j["headers"].is_array())
        for (const auto& h : j["headers"])
            if (h.is_array() && h.size() == 2 && h[0].is_string() && h[1].is_string())
                r.headers.emplace_back(h[0].get<std::string>(), h[1].get<std::string>());
    return r;
}

}  // namespace

std::optional<fs::path> helper_socket() {
    if (const char* named = std::getenv("PLACARD_WEB_HELPER"); named && *named) return fs::path(named);
    // The package's, for placard's user alone: placard run by hand as another user draws itself.
    std::error_code ec;
    if (fs::is_socket(helper_socket_path, ec) && access(helper_socket_path, W_OK) == 0)
        return fs::path(helper_socket_path);
    return std::nullopt;
}

namespace {

// What the drawer answered: a line of JSON, then the PNG's bytes.
Result<PageShot> read_answer(std::string answer, const std::string& where, const std::string& url) {
    const auto eol = answer.find('\n');
    const Json head = eol == std::string::npos ? Json() : Json::parse(answer.substr(0, eol), nullptr, false);
    if (!head.is_object()) return Error{where, "the drawer ended without an answer", restart_hint};
    try {
        if (!head.value("ok", false))
            return Error{head.value("where", url), head.value("what", std::string("not drawn")),
                         head.value("hint", std::string())};
        PageShot shot;
        answer.erase(0, eol + 1);
        shot.png = std::move(answer);
        if (shot.png.size() != head.value("png", std::size_t{0}))
            return Error{where, "the drawer's picture came cut short", restart_hint};
        shot.status = head.value("status", 0);
        shot.took = std::chrono::milliseconds(head.value("took_ms", 0LL));
        shot.peak_memory = head.value("peak_memory", std::uint64_t{0});
        return shot;
    } catch (const Json::exception& e) {
        return Error{where, fmt::format("the drawer's answer cannot be read ({})", e.what()), restart_hint};
    }
}

// The connection closed by placard (the page given up, placard ended) while the page is drawn:
// `stop` is set. Watches until destroyed.
class Hangup {
public:
    Hangup(int fd, std::atomic<bool>& stop)
        : thread_([this, fd, &stop] {
              while (!done_) {
                  pollfd p{fd, POLLRDHUP, 0};
                  if (poll(&p, 1, 200) > 0 && (p.revents & (POLLRDHUP | POLLHUP | POLLERR | POLLNVAL))) {
                      stop = true;
                      return;
                  }
              }
          }) {}
    ~Hangup() {
        done_ = true;
        thread_.join();
    }
    Hangup(const Hangup&) = delete;
    Hangup& operator=(const Hangup&) = delete;

private:
    std::atomic<bool> done_{false};
    std::thread thread_;
};

Result<PageShot> draw_request(const std::string& line, int in, std::atomic<bool>& stop) {
    auto request = parse_request(line);
    if (!request) return request.error();
    std::error_code ec;
    request->scratch = fs::temp_directory_path(ec);
    const Hangup hangup(in, stop);
    return render_page(*request, &stop);
}

}  // namespace

Result<PageShot> render_through(const fs::path& socket, const PageRequest& request, const std::atomic<bool>* stop) {
    const std::string where = fmt::format("{} (drawn by the page drawer at {})", request.url, socket.string());
    if (stop && stop->load()) return Error{where, "stopped", ""};
    UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (socket.string().size() >= sizeof address.sun_path)
        return Error{where, "the drawer's socket has too long a name", "give a shorter PLACARD_WEB_HELPER"};
    std::strncpy(address.sun_path, socket.c_str(), sizeof address.sun_path - 1);
    if (!fd || connect(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
        const int e = errno;
        return Error{where, fmt::format("the drawer cannot be reached ({})", std::strerror(e)),
                     e == EACCES ? std::string("its socket is for placard's user alone: run placard as that user")
                                 : std::string(restart_hint)};
    }
    const std::string text = request_text(request);
    if (!send_all(fd.get(), text.data(), text.size()))
        return Error{where, "the request cannot be sent: the drawer is gone", restart_hint};

    // The answer: a line of JSON, then the PNG's bytes; the drawer ends the connection.
    const auto deadline = steady::now() + request.timeout + std::chrono::seconds(15);
    std::string answer;
    char buffer[65536];
    while (true) {
        if (stop && stop->load()) return Error{where, "stopped", ""};
        if (steady::now() > deadline) return Error{where, "the drawer did not answer in time", restart_hint};
        pollfd p{fd.get(), POLLIN, 0};
        if (poll(&p, 1, 200) < 0 && errno != EINTR) return Error{where, std::strerror(errno), ""};
        if (!(p.revents & (POLLIN | POLLHUP | POLLERR))) continue;
        const ssize_t n = read(fd.get(), buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0)
            return Error{where, fmt::format("the drawer's answer cannot be read ({})", std::strerror(errno)), ""};
        if (n == 0) break;
        answer.append(buffer, static_cast<std::size_t>(n));
        if (answer.size() > answer_cap) return Error{where, "the drawer's answer is too large", ""};
    }
    return read_answer(std::move(answer), where, request.url);
}

int serve_one(int in, int out) {
    std::string line;
    char c = 0;
    while (line.size() < request_cap) {
        const ssize_t n = read(in, &c, 1);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0 || c == '\n') break;
        line.push_back(c);
    }
    // placard gone before the browser starts (the page given up at once): nothing to draw.
    if (pollfd p{in, POLLRDHUP, 0}; poll(&p, 1, 0) > 0 && (p.revents & (POLLRDHUP | POLLHUP | POLLERR))) return 1;
    std::atomic<bool> stop{false};
    Result<PageShot> shot = Error{"web-helper", "not drawn", ""};
    try {
        shot = draw_request(line, in, stop);
    } catch (const std::exception& e) {  // a request or a browser's answer that cannot be read
        shot = Error{"web-helper", fmt::format("the page cannot be drawn ({})", e.what()), ""};
    }
    if (stop) return 1;  // nobody to answer
    Json head;
    if (shot) {
        head = {{"ok", true},
                {"status", shot->status},
                {"took_ms", shot->took.count()},
                {"peak_memory", shot->peak_memory},
                {"png", shot->png.size()}};
    } else {
        head = {{"ok", false}, {"where", shot.error().where}, {"what", shot.error().what}, {"hint", shot.error().hint}};
        log::warning("web", "{}", shot.error().to_string());
    }
    const std::string text = head.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
    if (!send_all(out, text.data(), text.size())) return 1;
    if (shot && !send_all(out, shot->png.data(), shot->png.size())) return 1;
    return 0;  // answered, the page drawn or not: the drawer did its work
}

}  // namespace placard::web
