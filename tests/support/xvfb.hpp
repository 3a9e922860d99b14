#pragma once
// An X server of the test's own (Xvfb) for as long as this lives, so that a real window
// needs no display of the machine's. -displayfd: Xvfb writes its display number there once
// it accepts connections, so nothing waits on a clock. Header-only: the benchmark uses it too.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>

#include "util/unique_fd.hpp"

namespace placard::test {

class Xvfb {
public:
    // `screen` as Xvfb's -screen takes it: WIDTHxHEIGHTxDEPTH.
    explicit Xvfb(const char* screen = "1920x1080x24") {
        if (access("/usr/bin/Xvfb", X_OK) != 0) return;
        int fds[2];
        if (pipe2(fds, O_CLOEXEC) != 0) return;
        UniqueFd from_server(fds[0]), to_parent(fds[1]);
        pid_ = fork();
        if (pid_ == 0) {
            // The write end must outlive exec: a copy without close-on-exec.
            const int keep = dup(to_parent.get());
            const std::string fd = std::to_string(keep);
            const int null = open("/dev/null", O_WRONLY);
            dup2(null, STDERR_FILENO);
            execl("/usr/bin/Xvfb", "Xvfb", "-displayfd", fd.c_str(), "-screen", "0", screen, "-nolisten", "tcp",
                  static_cast<char*>(nullptr));
            _exit(127);
        }
        to_parent.reset();
        if (pid_ < 0) return;
        std::string number;
        char c = 0;
        while (read(from_server.get(), &c, 1) == 1 && c != '\n') number += c;
        if (!number.empty()) display_ = ":" + number;
    }
    ~Xvfb() {
        if (pid_ <= 0) return;
        kill(pid_, SIGTERM);
        waitpid(pid_, nullptr, 0);
    }
    Xvfb(const Xvfb&) = delete;
    Xvfb& operator=(const Xvfb&) = delete;

    // ":N", or empty when there is no Xvfb (apt-get install xvfb) or it did not start.
    const std::string& display() const { return display_; }

private:
    pid_t pid_ = -1;
    std::string display_;
};

}  // namespace placard::test
