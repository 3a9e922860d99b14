#pragma once
// A web page drawn to a picture by a headless browser (Debian's chromium-headless-shell, or
// chromium) in a process of its own: its own process group at the lowest priority, driven
// over the DevTools protocol on a pair of pipes (--remote-debugging-pipe), killed with all
// its children when it takes too long, grows past its memory cap, or is asked to stop. One
// page at a time, from any one thread; no SDL.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "util/result.hpp"

namespace placard::web {

// The browser to draw with: $PLACARD_BROWSER when it is set, else chromium-headless-shell,
// else chromium. An error that names the package to install when there is none.
Result<std::filesystem::path> find_browser();

// The memory a browser may take on this board: 45 % of its memory, from 300 MB to 700 MB
// (a simple page takes 200 to 350 MB of chromium's processes together).
std::uint64_t memory_cap_here();
// Whether the board has room now for a browser of `cap` (MemAvailable): not while a clip
// takes a 1 GB board's memory, for one.
bool room_for(std::uint64_t cap);
// The board's memory (MemTotal), in bytes; 0 when it cannot be read.
std::uint64_t board_memory();
// Below this a board does not draw a web page while a clip plays or pre-rolls (a Pi 3, a
// 1 GB Pi 4, a Zero 2 W): a browser and a 1080p decoder together would make it swap or kill.
inline constexpr std::uint64_t small_board = 1536ull << 20;

struct PageRequest {
    std::string url;  // http or https
    int width = 1920, height = 1080;
    // After the page's load event: time for its scripts (a count that animates, a map's tiles).
    std::chrono::milliseconds wait{0};
    // The whole of it, the browser's start included.
    std::chrono::milliseconds timeout{std::chrono::seconds(45)};
    // The browser's processes together (their resident memory), past which it is stopped.
    std::uint64_t memory_cap = 700ull << 20;  // memory_cap_here() for the worker's pages
    // Sent with every request to the page's own origin (scheme, host and port): a login.
    std::vector<std::pair<std::string, std::string>> headers;
    std::filesystem::path browser;  // empty: find_browser()
    std::filesystem::path scratch;  // where the browser's profile is made (and removed); empty: the temp folder
};

struct PageShot {
    std::string png;  // the page as the screen shows it: width x height
    int status = 0;   // the page's HTTP status
    std::chrono::milliseconds took{0};
    std::uint64_t peak_memory = 0;  // the browser's processes together, at the most
};

// Draws the page. A page that cannot be fetched (a network error, an HTTP error status), a
// browser that cannot start, that was killed, that took too long or too much memory, and
// `stop` set (from another thread), are errors; the browser is gone when this returns.
Result<PageShot> render_page(const PageRequest& request, const std::atomic<bool>* stop = nullptr);

}  // namespace placard::web
