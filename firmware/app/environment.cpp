#include "app/environment.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <vector>

#include <SDL.h>
#include <SDL_image.h>
#include <SDL_ttf.h>
#include <curl/curl.h>
#include <fmt/format.h>

namespace placard::app {

int fail(const Error& e) {
    std::fprintf(stderr, "placard: %s\n", e.to_string().c_str());
    return 1;
}

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

namespace {

// Made if missing, private to the user, and writable: else the reason.
std::optional<std::string> usable_folder(const std::filesystem::path& dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return ec.message();
    std::filesystem::permissions(dir, std::filesystem::perms::owner_all, std::filesystem::perm_options::replace, ec);
    if (::access(dir.c_str(), W_OK | X_OK) != 0) return std::string(std::strerror(errno));
    return std::nullopt;
}

}  // namespace

Result<std::filesystem::path> state_dir(const std::string& option) {
    std::vector<std::filesystem::path> tried;
    if (!option.empty()) {
        tried.push_back(option);
    } else if (const char* d = std::getenv("STATE_DIRECTORY"); d && *d) {
        std::string first(d);
        tried.push_back(first.substr(0, first.find(':')));
    } else {
        tried.emplace_back("/var/lib/placard");
        if (const char* x = std::getenv("XDG_STATE_HOME"); x && *x)
            tried.push_back(std::filesystem::path(x) / "placard");
        else if (const char* h = std::getenv("HOME"); h && *h)
            tried.push_back(std::filesystem::path(h) / ".local" / "state" / "placard");
    }
    std::string why;
    for (const auto& dir : tried) {
        auto problem = usable_folder(dir);
        if (!problem) return dir;
        why += fmt::format("{}{}: {}", why.empty() ? "" : "; ", dir.string(), *problem);
    }
    return Error{"state folder", why, "give one that this user may write with --state DIR"};
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
