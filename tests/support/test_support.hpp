#pragma once
// Helpers shared by the tests: temporary folders, files, a captured log, and the HTTP
// test server (tests/server/test_server.py) on 127.0.0.1.
#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "util/log.hpp"
#include "util/time.hpp"

namespace placard::test {

// A zone of the system's database; the test fails when it is missing.
Zone zone(const char* name);
// Europe/London, where most tests are set: GMT in winter, BST in summer.
const Zone& london();

// A fresh folder under the system's temp dir, removed with everything in it.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::filesystem::path& p) const { return path_ / p; }

private:
    std::filesystem::path path_;
};

std::string read_file(const std::filesystem::path& p);
void write_file(const std::filesystem::path& p, const std::string& bytes);
// tests/data/<relative>
std::filesystem::path data_path(const std::filesystem::path& relative);

// Collects log lines while alive (and keeps them off stderr).
class CapturedLog {
public:
    CapturedLog();
    ~CapturedLog();
    std::vector<std::string> lines() const;
    bool contains(const std::string& fragment) const;
    size_t count(const std::string& fragment) const;

private:
    struct Impl;
    Impl* impl_;
};

// Starts tests/server/test_server.py serving `root` on a free port of 127.0.0.1 and
// stops it when destroyed. See the script for its fault-injecting paths.
class TestServer {
public:
    explicit TestServer(const std::filesystem::path& root);
    ~TestServer();
    TestServer(const TestServer&) = delete;
    TestServer& operator=(const TestServer&) = delete;
    int port() const { return port_; }
    std::string url(const std::string& path) const;  // "http://127.0.0.1:PORT/<path>"
    // A GET of one of its paths (its control paths, such as /_stats): the body. Throws
    // when it does not answer with 2xx.
    std::string get(const std::string& path) const;
    // How often it was asked for `path`, and how many of those asks were conditional.
    struct Stats {
        int count = 0;
        int conditional = 0;
        bool operator==(const Stats&) const = default;
    };
    Stats stats(const std::string& path) const;
    // How many requests for `path` the server answered from a Range (206, or 416).
    int ranges(const std::string& path) const;
    void stop();  // ends the server now
    // Starts it again on the same port, after stop(): its URLs work again, with fresh
    // stats and switches.
    void restart();

private:
    void launch(int port);

    std::filesystem::path root_;
    int pid_ = -1;
    int port_ = 0;
};

// Whether `ready()` comes true within `limit`, asking every 20 ms: for what another thread
// or process does in its own time.
template <class Ready>
bool eventually(Ready ready, std::chrono::milliseconds limit = std::chrono::seconds(10)) {
    const auto end = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < end) {
        if (ready()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return ready();
}

// Runs a command through /bin/sh, returns its exit status; output goes to `output`.
int run_command(const std::string& command, std::string* output = nullptr);

}  // namespace placard::test
