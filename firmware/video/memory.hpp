#pragma once
// Whether the board has the memory for one more clip: a clip decoded in software at 1080p
// holds about 50 MiB (its decoder's frames, mpv's queue, the frame it draws into), less in
// proportion at smaller sizes. A Pi 3 has 1 GB for everything; the next clip is pre-rolled
// only while twice its share is free (MemAvailable), so that the board never swaps or kills.
#include <cstdint>
#include <filesystem>
#include <optional>

#include "layout/geometry.hpp"

namespace placard::video {

// What a clip drawn into frames of `size` is expected to hold, in bytes.
std::uint64_t clip_bytes(layout::Size size);

// MemAvailable of `meminfo` (/proc/meminfo's format), in bytes; none when it cannot be read.
std::optional<std::uint64_t> memory_available(const std::filesystem::path& meminfo = "/proc/meminfo");

}  // namespace placard::video
