#pragma once
// Runs the placard binary from tests, as a user would, and reads what it printed.
#include <string>
#include <string_view>
#include <vector>

#include "support/test_support.hpp"

namespace placard::test {

struct Ran {
    int status = -1;
    std::string output;  // stdout and stderr together
};

inline std::string quote(const std::string& s) {
    return "'" + s + "'";
}

// What starts the binary: its path, after the emulator in a cross build (PLACARD_EMULATOR,
// CMAKE_CROSSCOMPILING_EMULATOR with '|' between its words).
inline std::vector<std::string> placard_argv() {
    std::vector<std::string> argv;
    std::string_view emulator = PLACARD_EMULATOR;
    while (!emulator.empty()) {
        const auto bar = emulator.find('|');
        argv.emplace_back(emulator.substr(0, bar));
        if (bar == std::string_view::npos) break;
        emulator.remove_prefix(bar + 1);
    }
    argv.emplace_back(PLACARD_BINARY);
    return argv;
}

// The same, quoted for /bin/sh.
inline std::string placard_command() {
    std::string command;
    for (const auto& word : placard_argv()) command += (command.empty() ? "" : " ") + quote(word);
    return command;
}

// `arguments` is appended to the command that starts the binary; run through /bin/sh.
inline Ran run_placard(const std::string& arguments) {
    Ran r;
    r.status = run_command(placard_command() + " " + arguments, &r.output);
    return r;
}

}  // namespace placard::test
