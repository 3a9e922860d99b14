#pragma once
// Clips made in the test by Debian's ffmpeg: a test pattern (testsrc2, its frame counter
// moving) with a tone, H.264 or VP9, with or without sound; a file cut short; a song with
// no picture. Small (the tests draw them small) and short.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "support/test_support.hpp"

namespace placard::test {

// `dir`/`name` made by ffmpeg from `inputs_and_codec` (its words before the output file).
inline std::filesystem::path ffmpeg_clip(const std::filesystem::path& dir, const std::string& name,
                                         const std::string& inputs_and_codec) {
    const auto file = dir / name;
    std::string out;
    const int status =
        run_command("ffmpeg -nostdin -loglevel error -y " + inputs_and_codec + " '" + file.string() + "'", &out);
    INFO(out);
    REQUIRE(status == 0);
    return file;
}

// A test pattern `seconds` long at 25 frames a second, `w`x`h`, H.264 with a 440 Hz tone.
inline std::filesystem::path h264_clip(const std::filesystem::path& dir, const std::string& name, double seconds,
                                       int w = 320, int h = 180, const std::string& pattern = "testsrc2") {
    const std::string d = std::to_string(seconds);
    return ffmpeg_clip(dir, name,
                       "-f lavfi -i " + pattern + "=size=" + std::to_string(w) + "x" + std::to_string(h) +
                           ":rate=25:duration=" + d + " -f lavfi -i sine=frequency=440:duration=" + d +
                           " -c:v libx264 -preset ultrafast -pix_fmt yuv420p -c:a aac -shortest");
}

// The same pattern in VP9, with no sound track.
inline std::filesystem::path vp9_clip(const std::filesystem::path& dir, const std::string& name, double seconds) {
    return ffmpeg_clip(dir, name,
                       "-f lavfi -i testsrc2=size=320x180:rate=25:duration=" + std::to_string(seconds) +
                           " -c:v libvpx-vp9 -deadline realtime -cpu-used 8 -an");
}

// A sound and nothing else.
inline std::filesystem::path song(const std::filesystem::path& dir, const std::string& name) {
    return ffmpeg_clip(dir, name, "-f lavfi -i sine=frequency=440:duration=1 -c:a aac");
}

}  // namespace placard::test
