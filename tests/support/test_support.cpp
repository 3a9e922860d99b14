#include "support/test_support.hpp"

#include <doctest/doctest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <random>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "net/http_client.hpp"

namespace placard::test {

Zone zone(const char* name) {
    auto z = Zone::named(name);
    REQUIRE_MESSAGE(z, "the zone database lacks ", name, " (package tzdata)");
    return *z;
}

const Zone& london() {
    static const Zone z = zone("Europe/London");
    return z;
}

TempDir::TempDir() {
    std::random_device rd;
    std::mt19937_64 rng(rd());
    for (int i = 0; i < 100; ++i) {
        auto candidate = std::filesystem::temp_directory_path() / ("placard-test-" + std::to_string(rng()));
        std::error_code ec;
        if (std::filesystem::create_directory(candidate, ec)) {
            path_ = candidate;
            return;
        }
    }
    throw std::runtime_error("cannot create a temporary directory");
}

TempDir::~TempDir() {
    std::error_code ec;
    // A test may have made parts read-only: give write access back first.
    for (auto it = std::filesystem::recursive_directory_iterator(path_, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
        std::filesystem::permissions(it->path(), std::filesystem::perms::owner_all, std::filesystem::perm_options::add,
                                     ec);
    }
    std::filesystem::permissions(path_, std::filesystem::perms::owner_all, std::filesystem::perm_options::add, ec);
    std::filesystem::remove_all(path_, ec);
}

std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + p.string());
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

void write_file(const std::filesystem::path& p, const std::string& bytes) {
    if (p.has_parent_path()) std::filesystem::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error("cannot write " + p.string());
    out << bytes;
}

std::filesystem::path data_path(const std::filesystem::path& relative) {
    return std::filesystem::path(PLACARD_TEST_DATA) / relative;
}

struct CapturedLog::Impl {
    mutable std::mutex mutex;
    std::vector<std::string> lines;
};

CapturedLog::CapturedLog() : impl_(new Impl) {
    log::set_sink([impl = impl_](log::Level, const std::string& line) {
        std::lock_guard lock(impl->mutex);
        impl->lines.push_back(line);
    });
}

CapturedLog::~CapturedLog() {
    log::set_sink({});
    delete impl_;
}

std::vector<std::string> CapturedLog::lines() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->lines;
}

bool CapturedLog::contains(const std::string& fragment) const {
    return count(fragment) > 0;
}

size_t CapturedLog::count(const std::string& fragment) const {
    std::lock_guard lock(impl_->mutex);
    return static_cast<size_t>(std::count_if(impl_->lines.begin(), impl_->lines.end(), [&](const std::string& l) {
        return l.find(fragment) != std::string::npos;
    }));
}

TestServer::TestServer(const std::filesystem::path& root) : root_(root) {
    launch(0);
}

void TestServer::restart() {
    stop();
    launch(port_);
}

void TestServer::launch(int port) {
    std::string port_arg = std::to_string(port);
    int pipefd[2];
    if (pipe(pipefd) != 0) throw std::runtime_error("pipe failed");
    pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        dup2(pipefd[1], STDOUT_FILENO);
        close(pipefd[0]);
        close(pipefd[1]);
        execl(PLACARD_PYTHON, PLACARD_PYTHON, PLACARD_TEST_SERVER, "--root", root_.c_str(), "--port", port_arg.c_str(),
              static_cast<char*>(nullptr));
        _exit(127);
    }
    close(pipefd[1]);
    pid_ = pid;
    // The server prints "PORT <n>" once it listens.
    std::string line;
    char c = 0;
    while (read(pipefd[0], &c, 1) == 1 && c != '\n') line += c;
    close(pipefd[0]);
    if (line.rfind("PORT ", 0) != 0) {
        stop();
        throw std::runtime_error("test server did not start: " + line);
    }
    port_ = std::atoi(line.c_str() + 5);
}

TestServer::~TestServer() {
    stop();
}

void TestServer::stop() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
}

std::string TestServer::get(const std::string& path) const {
    net::HttpClient client;
    std::optional<net::Outcome> out;
    net::Request r;
    r.url = url(path);
    client.start(r, [&](net::Outcome o) { out.emplace(std::move(o)); });
    for (int i = 0; i < 100 && !out; ++i) client.poll(std::chrono::milliseconds(100));
    if (!out) throw std::runtime_error("the test server did not answer " + path);
    if (!out->response) throw std::runtime_error("the test server failed " + path + ": " + out->response.error().what);
    return out->response->body;
}

TestServer::Stats TestServer::stats(const std::string& path) const {
    auto j = nlohmann::json::parse(get("/_stats"));
    if (!j.contains(path)) return {};
    return {j[path]["count"].get<int>(), j[path]["conditional"].get<int>()};
}

int TestServer::ranges(const std::string& path) const {
    auto j = nlohmann::json::parse(get("/_stats"));
    return j.contains(path) ? j[path].value("ranges", 0) : 0;
}

std::string TestServer::url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + "/" + (path.rfind('/', 0) == 0 ? path.substr(1) : path);
}

int run_command(const std::string& command, std::string* output) {
    FILE* pipe = popen((command + " 2>&1").c_str(), "r");
    if (!pipe) return -1;
    std::array<char, 4096> buffer{};
    std::string out;
    size_t n = 0;
    while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) out.append(buffer.data(), n);
    int status = pclose(pipe);
    if (output) *output = out;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace placard::test
