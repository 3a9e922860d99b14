#pragma once
// One small logger: a line per event to stderr, tagged by module; when stderr is the
// journal (a systemd service), prefixed with the "<N>" priority that journald reads, so
// that `journalctl -p warning -u placard` shows the warnings and errors. Thread-safe.
// Nothing here is meant per frame.
#include <functional>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace placard::log {

// syslog priorities, as journald reads them from a "<N>" prefix
enum class Level { error = 3, warning = 4, notice = 5, info = 6, debug = 7 };

// Writes "module: level: message" ("<N>" first for the journal). Lines above the threshold are dropped.
void write(Level level, std::string_view module, std::string_view message);

// The same (key, message) is written once; again only after the message for that key
// changes. For errors that repeat on every retry: "the same error from the same source
// is logged once until it changes". Returns whether it was written.
bool write_once(Level level, std::string_view module, std::string_view key, std::string_view message);
// Forget a key, so that its next message is written (e.g. once the source recovered).
void clear_once(std::string_view key);

void set_threshold(Level level);
// Tests: receive every written line (without the "<N>" prefix) instead of stderr.
// Pass an empty function to go back to stderr.
void set_sink(std::function<void(Level, const std::string&)> sink);

// Whether `fd` is the stream that systemd's $JOURNAL_STREAM ("DEVICE:INODE") names.
bool stream_is_journal(const char* journal_stream, int fd);

template <class... Args>
void error(std::string_view module, fmt::format_string<Args...> f, Args&&... args) {
    write(Level::error, module, fmt::format(f, std::forward<Args>(args)...));
}
template <class... Args>
void warning(std::string_view module, fmt::format_string<Args...> f, Args&&... args) {
    write(Level::warning, module, fmt::format(f, std::forward<Args>(args)...));
}
template <class... Args>
void notice(std::string_view module, fmt::format_string<Args...> f, Args&&... args) {
    write(Level::notice, module, fmt::format(f, std::forward<Args>(args)...));
}
template <class... Args>
void info(std::string_view module, fmt::format_string<Args...> f, Args&&... args) {
    write(Level::info, module, fmt::format(f, std::forward<Args>(args)...));
}
template <class... Args>
void debug(std::string_view module, fmt::format_string<Args...> f, Args&&... args) {
    write(Level::debug, module, fmt::format(f, std::forward<Args>(args)...));
}

}  // namespace placard::log
