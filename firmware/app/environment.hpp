#pragma once
// Where things are by default: the playlist, the bundled demo, the cache; and the
// library guards (SDL, SDL_ttf, SDL_image, libcurl) that main holds for the program's life.
#include <filesystem>
#include <string>

#include "util/result.hpp"

namespace placard::app {

// Prints "placard: " and the error to stderr; returns 1, the exit status of a command that failed.
int fail(const Error& e);

// /etc/placard/playlist.json when it exists, else the bundled demo.
std::filesystem::path default_playlist();
// The demo playlist: beside the source tree when run from a build, else under
// /usr/share/placard.
std::filesystem::path bundled_demo();
// --cache, else $CACHE_DIRECTORY (systemd's CacheDirectory=), else $XDG_CACHE_HOME/placard,
// else ~/.cache/placard, else /var/cache/placard.
std::filesystem::path cache_dir(const std::string& option);
// Where the cues in force (and the control page's password and keys) are kept: --state,
// else $STATE_DIRECTORY (systemd's StateDirectory=), else /var/lib/placard when it can be
// written, else $XDG_STATE_HOME/placard or ~/.local/state/placard. Made if missing
// (mode 0700); an error says which folders were tried.
Result<std::filesystem::path> state_dir(const std::string& option);

// Initialises SDL (video only when `video`), SDL_ttf, SDL_image and libcurl; undone in
// reverse order when destroyed.
class Libraries {
public:
    static Result<std::unique_ptr<Libraries>> init(bool video, bool headless);
    ~Libraries();
    Libraries(const Libraries&) = delete;
    Libraries& operator=(const Libraries&) = delete;

private:
    Libraries() = default;
    bool sdl_ = false, ttf_ = false, img_ = false, curl_ = false;
};

}  // namespace placard::app
