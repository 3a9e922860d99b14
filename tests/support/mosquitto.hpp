#pragma once
// A real Mosquitto broker for the tests, on a free port of 127.0.0.1, with its own
// configuration in a temporary folder: plain, or TLS with a certificate authority made by
// the test (openssl) and a password file (mosquitto_passwd). Killed when destroyed; it can be
// killed and started again on the same port, as a broker that crashes and comes back.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <poll.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "support/test_support.hpp"

namespace placard::test {

// A port of 127.0.0.1 that nothing listens on now.
inline int free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof a;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &size) != 0) {
        ::close(fd);
        throw std::runtime_error("no free port");
    }
    ::close(fd);
    return ntohs(a.sin_port);
}

inline bool port_open(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(static_cast<uint16_t>(port));
    const bool open = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    ::close(fd);
    return open;
}

class Mosquitto {
public:
    struct Secure {
        std::string username = "hall-screens";
        std::string password = "solidarity-forever";
    };
    // Plain, anyone may connect.
    Mosquitto() { configure(std::nullopt); }
    // TLS, with a user name and password.
    explicit Mosquitto(Secure secure) : secure_(secure) { configure(secure); }
    ~Mosquitto() { kill(); }
    Mosquitto(const Mosquitto&) = delete;
    Mosquitto& operator=(const Mosquitto&) = delete;

    int port() const { return port_; }
    std::string url() const { return (secure_ ? "mqtts://localhost:" : "mqtt://127.0.0.1:") + std::to_string(port_); }
    const TempDir& dir() const { return dir_; }
    std::filesystem::path ca_file() const { return dir_ / "ca.pem"; }
    std::filesystem::path password_file() const { return dir_ / "password"; }  // the password, for clients
    pid_t pid() const { return pid_; }

    void start() {
        pid_ = fork();
        if (pid_ < 0) throw std::runtime_error("fork failed");
        if (pid_ == 0) {
            const std::string log = (dir_ / "mosquitto.log").string();
            FILE* out = std::fopen(log.c_str(), "a");
            if (out) {
                dup2(fileno(out), STDOUT_FILENO);
                dup2(fileno(out), STDERR_FILENO);
            }
            const std::string conf = (dir_ / "mosquitto.conf").string();
            execlp("mosquitto", "mosquitto", "-c", conf.c_str(), static_cast<char*>(nullptr));
            _exit(127);
        }
        for (int i = 0; i < 200; ++i) {
            if (port_open(port_)) return;
            int status = 0;
            if (waitpid(pid_, &status, WNOHANG) == pid_) {
                pid_ = -1;
                throw std::runtime_error("mosquitto did not start: " + read_file(dir_ / "mosquitto.log"));
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(25));
        }
        throw std::runtime_error("mosquitto did not listen in 5 s");
    }
    // As a crash: no goodbye to the clients. Retained messages kept on disk come back with start().
    void kill() {
        if (pid_ <= 0) return;
        ::kill(pid_, SIGKILL);
        waitpid(pid_, nullptr, 0);
        pid_ = -1;
    }
    // Mosquitto saves retained messages when it stops cleanly (SIGTERM), or on its autosave.
    void stop() {
        if (pid_ <= 0) return;
        ::kill(pid_, SIGTERM);
        waitpid(pid_, nullptr, 0);
        pid_ = -1;
    }

private:
    void configure(std::optional<Secure> secure) {
        port_ = free_port();
        std::string conf = "listener " + std::to_string(port_) + " 127.0.0.1\n";
        conf += "persistence true\npersistence_location " + dir_.path().string() + "/\nautosave_interval 1\n";
        conf += "log_dest stderr\nlog_type error\nlog_type warning\nlog_type notice\n";
        // Run by root (CI), mosquitto would become the user "mosquitto", who cannot read the test's folder.
        if (geteuid() == 0) conf += "user root\n";
        if (!secure) {
            conf += "allow_anonymous true\n";
        } else {
            const std::string d = dir_.path().string();
            write_file(dir_ / "san.ext", "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
            const std::string ec = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
            const std::string script =
                "cd '" + d + "' && openssl req -x509 " + ec +
                " -keyout ca.key -out ca.pem -days 2 -subj /CN=placard-test-authority 2>&1 && openssl req " + ec +
                " -keyout server.key -out server.csr -subj /CN=localhost 2>&1 && openssl x509 -req -in server.csr "
                "-CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 2 -extfile san.ext 2>&1 && "
                "mosquitto_passwd -c -b passwords '" +
                secure->username + "' '" + secure->password + "' 2>&1";
            std::string output;
            if (run_command(script, &output) != 0)
                throw std::runtime_error("cannot make the broker's files: " + output);
            write_file(dir_ / "password", secure->password + "\n");
            conf += "allow_anonymous false\npassword_file " + d + "/passwords\n";
            conf += "certfile " + d + "/server.pem\nkeyfile " + d + "/server.key\n";
        }
        write_file(dir_ / "mosquitto.conf", conf);
        start();
    }

    TempDir dir_;
    std::optional<Secure> secure_;
    int port_ = 0;
    pid_t pid_ = -1;
};

// A TCP relay on 127.0.0.1 to a port, as a slow network is between a display and its
// broker: for its first `hold` its listening socket is full, so the kernel drops the SYN of
// a connection made meanwhile and the client's kernel sends it again a second later. The
// client's connect() is still under way when it would start TLS.
class SlowHandshake {
public:
    SlowHandshake(int upstream, std::chrono::milliseconds hold) : upstream_(upstream) {
        listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a = loopback(0);
        socklen_t size = sizeof a;
        if (::bind(listener_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(listener_, 0) != 0 ||
            ::getsockname(listener_, reinterpret_cast<sockaddr*>(&a), &size) != 0)
            throw std::runtime_error("the relay cannot listen");
        port_ = ntohs(a.sin_port);
        // One connection that nobody accepts fills a backlog of 0.
        filler_ = ::socket(AF_INET, SOCK_STREAM, 0);
        if (::connect(filler_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0)
            throw std::runtime_error("the relay cannot fill its backlog");
        thread_ = std::thread([this, hold] { run(hold); });
    }
    ~SlowHandshake() {
        stop_ = true;
        thread_.join();
        std::lock_guard lock(mutex_);
        for (int fd : open_) ::shutdown(fd, SHUT_RDWR);
        for (std::thread& t : pumps_) t.join();
        for (int fd : open_) ::close(fd);
        ::close(listener_);
    }
    SlowHandshake(const SlowHandshake&) = delete;
    SlowHandshake& operator=(const SlowHandshake&) = delete;
    int port() const { return port_; }

private:
    static sockaddr_in loopback(int port) {
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        a.sin_port = htons(static_cast<uint16_t>(port));
        return a;
    }
    void run(std::chrono::milliseconds hold) {
        const auto until = std::chrono::steady_clock::now() + hold;
        while (!stop_ && std::chrono::steady_clock::now() < until)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        ::close(::accept(listener_, nullptr, nullptr));  // the filler's: room for the others
        ::close(filler_);
        while (!stop_) {
            pollfd p{listener_, POLLIN, 0};
            if (::poll(&p, 1, 50) <= 0) continue;
            const int client = ::accept(listener_, nullptr, nullptr);
            if (client < 0) continue;
            const int server = ::socket(AF_INET, SOCK_STREAM, 0);
            const sockaddr_in up = loopback(upstream_);
            if (::connect(server, reinterpret_cast<const sockaddr*>(&up), sizeof up) != 0) {
                ::close(client);
                ::close(server);
                continue;
            }
            std::lock_guard lock(mutex_);
            open_.insert(open_.end(), {client, server});
            pumps_.emplace_back([client, server] { pump(client, server); });
            pumps_.emplace_back([client, server] { pump(server, client); });
        }
    }
    static void pump(int from, int to) {
        char buffer[16384];
        for (;;) {
            const ssize_t n = ::read(from, buffer, sizeof buffer);
            if (n <= 0 || ::write(to, buffer, static_cast<size_t>(n)) != n) break;
        }
        ::shutdown(to, SHUT_WR);
    }

    int upstream_;
    int listener_ = -1, filler_ = -1, port_ = 0;
    std::atomic<bool> stop_{false};
    std::thread thread_;
    std::mutex mutex_;
    std::vector<int> open_;
    std::vector<std::thread> pumps_;
};

}  // namespace placard::test
