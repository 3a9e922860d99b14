#include "util/log.hpp"

#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>

#include <sys/stat.h>
#include <unistd.h>

namespace placard::log {
namespace {

struct State {
    std::mutex mutex;
    // journald reads the "<N>" prefix as the line's priority; a terminal would show it.
    bool prefix = stream_is_journal(std::getenv("JOURNAL_STREAM"), STDERR_FILENO);
    Level threshold = Level::info;
    std::function<void(Level, const std::string&)> sink;
    std::map<std::string, std::string, std::less<>> once;  // key -> last message written
};

State& state() {
    static State s;
    return s;
}

const char* level_name(Level level) {
    switch (level) {
        case Level::error:
            return "error";
        case Level::warning:
            return "warning";
        case Level::notice:
            return "notice";
        case Level::info:
            return "info";
        case Level::debug:
            return "debug";
    }
    return "info";
}

// Caller holds the mutex.
void write_locked(State& s, Level level, std::string_view module, std::string_view message) {
    if (static_cast<int>(level) > static_cast<int>(s.threshold)) return;
    std::string line = fmt::format("{}: {}: {}", module, level_name(level), message);
    if (s.sink) {
        s.sink(level, line);
        return;
    }
    if (s.prefix)
        std::fprintf(stderr, "<%d>%s\n", static_cast<int>(level), line.c_str());
    else
        std::fprintf(stderr, "%s\n", line.c_str());
    std::fflush(stderr);
}

}  // namespace

bool stream_is_journal(const char* journal_stream, int fd) {
    // systemd sets JOURNAL_STREAM to "DEVICE:INODE" of the stream it connects to the
    // journal; a child whose stderr was redirected elsewhere must not take it as its own.
    if (!journal_stream) return false;
    unsigned long long device = 0, inode = 0;
    if (std::sscanf(journal_stream, "%llu:%llu", &device, &inode) != 2) return false;
    struct stat st {};
    if (fstat(fd, &st) != 0) return false;
    return static_cast<unsigned long long>(st.st_dev) == device && static_cast<unsigned long long>(st.st_ino) == inode;
}

void write(Level level, std::string_view module, std::string_view message) {
    State& s = state();
    std::lock_guard lock(s.mutex);
    write_locked(s, level, module, message);
}

bool write_once(Level level, std::string_view module, std::string_view key, std::string_view message) {
    State& s = state();
    std::lock_guard lock(s.mutex);
    auto it = s.once.find(key);
    if (it != s.once.end() && it->second == message) return false;
    s.once.insert_or_assign(std::string(key), std::string(message));
    write_locked(s, level, module, message);
    return true;
}

void clear_once(std::string_view key) {
    State& s = state();
    std::lock_guard lock(s.mutex);
    if (auto it = s.once.find(key); it != s.once.end()) s.once.erase(it);
}

void set_threshold(Level level) {
    State& s = state();
    std::lock_guard lock(s.mutex);
    s.threshold = level;
}

void set_sink(std::function<void(Level, const std::string&)> sink) {
    State& s = state();
    std::lock_guard lock(s.mutex);
    s.sink = std::move(sink);
}

}  // namespace placard::log
