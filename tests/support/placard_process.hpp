#pragma once
// Runs the placard binary from tests, as a user would, and reads what it printed.
#include <string>

#include "support/test_support.hpp"

namespace placard::test {

struct Ran {
    int status = -1;
    std::string output;  // stdout and stderr together
};

// `arguments` is appended to the binary's path; run through /bin/sh.
inline Ran run_placard(const std::string& arguments) {
    Ran r;
    r.status = run_command(std::string("'") + PLACARD_BINARY + "' " + arguments, &r.output);
    return r;
}

inline std::string quote(const std::string& s) { return "'" + s + "'"; }

}  // namespace placard::test
