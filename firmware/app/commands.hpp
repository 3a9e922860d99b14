#pragma once
// The four commands. Each returns the process's exit status.
#include "app/options.hpp"

namespace placard::app {

int command_run(const Options& options);
int command_check(const Options& options);
int command_slides(const Options& options);
int command_preview(const Options& options);

// Dispatches on argv; what main() calls.
int main(int argc, char** argv);

}  // namespace placard::app
