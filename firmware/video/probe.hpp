#pragma once
// What a clip is, read by libavformat without playing it (about 20 ms): for `placard check`,
// which names what will not play, or not smoothly, on the board before anybody is in the hall.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "util/result.hpp"

namespace placard::video {

struct ClipFacts {
    std::string codec;  // libavcodec's name: "h264", "hevc", "vp9"...
    int width = 0, height = 0;
    double fps = 0;                 // 0: not known
    std::optional<double> seconds;  // its length
    bool sound = false;
};

// Fails when the file cannot be read, is no video, or has a picture this system cannot decode.
Result<ClipFacts> probe_clip(const std::filesystem::path& file);

// The boards placard runs on, for what they decode smoothly.
enum class Board { pi3, pi4, pi5, other };
// This machine's, from the device tree's model; `other` off a Pi.
Board this_board();
std::string board_name(Board board);

// Why `clip` will not play smoothly on `board` and what to do, or nothing.
std::optional<std::string> too_much_for(const ClipFacts& clip, Board board);

// libav* print nothing of their own (a command's output is its report).
void quiet_libav();

}  // namespace placard::video
