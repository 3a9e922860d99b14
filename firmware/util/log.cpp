#include "util/log.hpp"

#include <cstdio>
#include <map>
#include <mutex>

namespace placard::log {
namespace {

struct State {
    std::mutex mutex;
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
        case Level::error: return "error";
        case Level::warning: return "warning";
        case Level::notice: return "notice";
        case Level::info: return "info";
        case Level::debug: return "debug";
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
    std::fprintf(stderr, "<%d>%s\n", static_cast<int>(level), line.c_str());
    std::fflush(stderr);
}

}  // namespace

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
