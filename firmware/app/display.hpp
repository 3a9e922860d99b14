#pragma once
// Opening the screen for `placard run`. Under systemd, a display that cannot be opened (no
// DRM device yet, Mesa's EGL missing, a desktop holding the screen) is said once, in the
// journal and in STATUS=, with what to do, and tried again after 5 s, then 10, 20, 40 and
// every 60 s, the start timeout extended each time: a restart every few seconds would only
// fill the journal. From a terminal, or with --headless or --window, it fails at once.
#include <memory>
#include <string>
#include <string_view>

#include "render/screen.hpp"
#include "util/result.hpp"

namespace placard::app {

class Service;

// What to do about SDL's `error` on video driver `driver`, given whether the kernel has a
// display device (/dev/dri/card*).
std::string display_advice(std::string_view error, std::string_view driver, bool have_drm_device);

// Starts SDL's video (Libraries::init leaves it to this) and opens the screen.
Result<std::unique_ptr<render::Screen>> open_screen(const render::ScreenOptions& options, Service& service);

}  // namespace placard::app
