#include "app/frame_log.hpp"

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "util/log.hpp"

namespace placard::app {

Result<FrameLog> FrameLog::open(const std::filesystem::path& file) {
    std::FILE* f = std::fopen(file.c_str(), "w");
    if (!f)
        return Error{file.string(), fmt::format("cannot write the frame log ({})", std::strerror(errno)),
                     "give --frame-log a file in a folder that exists and can be written"};
    std::setvbuf(f, nullptr, _IOLBF, 0);
    return FrameLog(f, file);
}

FrameLog::~FrameLog() {
    if (file_) std::fclose(file_);
}

void FrameLog::frame(const Frame& f) {
    if (!file_ || failed_) return;
    const double t = std::chrono::duration<double>(f.at.time_since_epoch()).count();
    const double wall = std::chrono::duration<double>(f.wall.time_since_epoch()).count();
    std::string line =
        fmt::format(R"({{"t": {:.6f}, "wall": {:.3f}, "slide": {}, "kind": "{}")", t, wall, f.slide, f.kind);
    // A cue's id is 64 letters, digits, '-' or '_' at most: nothing to escape.
    if (!f.cue.empty()) line += fmt::format(R"(, "cue": "{}")", f.cue);
    if (f.clip_pos) line += fmt::format(R"(, "clip_pos": {:.3f})", *f.clip_pos);
    line += fmt::format(R"(, "brightness": {:.1f}}})", f.brightness);
    line += '\n';
    if (std::fputs(line.c_str(), file_) < 0) {
        failed_ = true;
        log::error("app", "{}: cannot write the frame log ({}); it stops here", path_.string(), std::strerror(errno));
    }
}

}  // namespace placard::app
