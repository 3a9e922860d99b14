#pragma once
// `placard run --frame-log FILE`: one JSON line for each frame that reached the screen,
// {"t": seconds on the monotonic clock, "wall": Unix time on the display's clock, "slide": its
// index in the rotation, "kind": its type, "cue": the id of the cue on screen (cues only),
// "clip_pos": seconds into the clip (clips only), "brightness": mean luma 0-255}, so
// that a test, or an organizer chasing a glitch, sees every frame the audience saw. Main
// thread only.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string_view>

#include "util/result.hpp"

namespace placard::app {

class FrameLog {
public:
    static Result<FrameLog> open(const std::filesystem::path& file);
    FrameLog(FrameLog&& other) noexcept : file_(std::exchange(other.file_, nullptr)), path_(std::move(other.path_)) {}
    FrameLog& operator=(FrameLog&&) = delete;
    ~FrameLog();

    struct Frame {
        std::chrono::steady_clock::time_point at;
        std::chrono::system_clock::time_point wall;  // the display's clock (display.sync follows it)
        long slide = -1;
        std::string_view kind;
        std::string_view cue;  // the id of the cue on screen, if one is
        std::optional<double> clip_pos;
        double brightness = 0;
    };
    // Written at once (a line buffer), so that a crash loses nothing that was shown.
    void frame(const Frame& f);

private:
    FrameLog(std::FILE* file, std::filesystem::path path) : file_(file), path_(std::move(path)) {}
    std::FILE* file_;
    std::filesystem::path path_;
    bool failed_ = false;
};

}  // namespace placard::app
