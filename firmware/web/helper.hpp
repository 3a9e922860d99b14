#pragma once
// The page drawer of the package: placard-web.socket, on which systemd starts one
// `placard web-helper` for each page (placard-web@.service), as a throwaway user of its own
// with a memory cap, at idle priority, where the browser's own sandbox may start. placard
// sends it the page to draw over the socket and reads the picture back, so that a page never
// runs as placard's user, beside its cache, keys and passwords. Without that socket (a
// development machine, the tests) placard draws pages itself (render_page). No SDL.
#include <atomic>
#include <filesystem>
#include <optional>

#include "util/result.hpp"
#include "web/browser.hpp"

namespace placard::web {

// Where the package's drawer listens.
inline constexpr const char* helper_socket_path = "/run/placard-web.sock";

// The drawer's socket to use: $PLACARD_WEB_HELPER when it is set, else helper_socket_path
// when it is there; none: draw pages in this process.
std::optional<std::filesystem::path> helper_socket();

// Draws the page through the drawer at `socket`. The drawer's errors come back as they are;
// a drawer that cannot be reached, ends without an answer or takes longer than the page's
// timeout is an error that says so. `stop` (from another thread) closes the connection, at
// which the drawer stops its browser.
Result<PageShot> render_through(const std::filesystem::path& socket, const PageRequest& request,
                                const std::atomic<bool>* stop = nullptr);

// The drawer's side, `placard web-helper`: reads one page's request from `in` (systemd hands
// it the connection as standard input and output), draws it, writes the answer to `out`, and
// returns the exit status. The connection closed meanwhile stops the browser.
int serve_one(int in, int out);

}  // namespace placard::web
