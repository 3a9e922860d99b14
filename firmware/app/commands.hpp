#pragma once
// The commands. Each returns the process's exit status.
#include "app/options.hpp"

namespace placard::app {

int command_run(const Options& options);
int command_check(const Options& options);
int command_slides(const Options& options);
int command_preview(const Options& options);
// The organizer's side of a broker (app/organizer.cpp).
int command_keygen(const Options& options);
int command_cue(const Options& options);
int command_fleet(const Options& options);

// Dispatches on argv; what main() calls.
int main(int argc, char** argv);

}  // namespace placard::app
