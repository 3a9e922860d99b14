#pragma once
// Runs the placard binary from tests, as a user would, and reads what it printed.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
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

// Starts `placard ARGS` in a child process; `setup` runs in the child first (its environment,
// where its output goes).
template <class Setup>
inline pid_t spawn_placard(const std::vector<std::string>& args, Setup setup) {
    pid_t child = fork();
    if (child != 0) return child;
    setup();
    auto words = test::placard_argv();
    words.insert(words.end(), args.begin(), args.end());
    std::vector<char*> argv;
    argv.reserve(words.size() + 1);
    for (auto& word : words) argv.push_back(word.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
}

// Sends the child's output to `file`, in the child.
inline void output_to(const std::filesystem::path& file) {
    FILE* log = std::fopen(file.c_str(), "w");
    if (!log) _exit(126);
    dup2(fileno(log), STDOUT_FILENO);
    dup2(fileno(log), STDERR_FILENO);
}

}  // namespace placard::test
