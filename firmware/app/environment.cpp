#include "app/environment.hpp"

#include <cstdlib>
#include <memory>

#include <SDL.h>
#include <SDL_image.h>
#include <SDL_ttf.h>
#include <curl/curl.h>
#include <fmt/format.h>

namespace placard::app {

std::filesystem::path bundled_demo() {
    std::error_code ec;
    for (const std::filesystem::path& dir :
         {std::filesystem::path(PLACARD_SOURCE_DIR), std::filesystem::path(PLACARD_DATA_DIR)}) {
        auto demo = dir / "config" / "demo.json";
        if (std::filesystem::exists(demo, ec)) return demo;
    }
    return std::filesystem::path(PLACARD_DATA_DIR) / "config" / "demo.json";
}

std::filesystem::path default_playlist() {
    std::error_code ec;
    std::filesystem::path system = "/etc/placard/playlist.json";
    if (std::filesystem::exists(system, ec)) return system;
    return bundled_demo();
}

std::filesystem::path cache_dir(const std::string& option) {
    if (!option.empty()) return option;
    if (const char* d = std::getenv("CACHE_DIRECTORY"); d && *d) {
        // systemd may pass several, separated by ':'; the first is ours.
        std::string first(d);
        return first.substr(0, first.find(':'));
    }
    if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) return std::filesystem::path(x) / "placard";
    if (const char* h = std::getenv("HOME"); h && *h) return std::filesystem::path(h) / ".cache" / "placard";
    return "/var/cache/placard";
}

Result<std::unique_ptr<Libraries>> Libraries::init(bool video, bool headless) {
    std::unique_ptr<Libraries> libs(new Libraries);
    if (headless) SDL_SetHint(SDL_HINT_VIDEODRIVER, "offscreen");
    // Quit on SIGINT/SIGTERM through SDL_QUIT, so that the loop unwinds normally.
    if (SDL_Init(video ? SDL_INIT_VIDEO : 0) != 0)
        return Error{"SDL", fmt::format("cannot start SDL ({})", SDL_GetError()),
                     headless ? "" : "on a machine without a display, use --headless"};
    libs->sdl_ = true;
    if (TTF_Init() != 0) return Error{"SDL_ttf", fmt::format("cannot start ({})", TTF_GetError()), ""};
    libs->ttf_ = true;
    IMG_Init(IMG_INIT_JPG | IMG_INIT_PNG | IMG_INIT_WEBP);
    libs->img_ = true;
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) return Error{"libcurl", "cannot start", ""};
    libs->curl_ = true;
    return libs;
}

Libraries::~Libraries() {
    if (curl_) curl_global_cleanup();
    if (img_) IMG_Quit();
    if (ttf_) TTF_Quit();
    if (sdl_) SDL_Quit();
}

}  // namespace placard::app
