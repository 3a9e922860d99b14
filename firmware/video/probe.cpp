#include "video/probe.hpp"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/log.h>
}

#include <fstream>
#include <memory>

#include <fmt/format.h>

#include "video/libraries.hpp"

namespace placard::video {
namespace {

struct InputDeleter {
    void operator()(AVFormatContext* c) const noexcept { avformat_close_input(&c); }
};

std::string av_text(int error) {
    char text[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(error, text, sizeof text);
    return text;
}

}  // namespace

Result<ClipFacts> probe_clip(const std::filesystem::path& file) {
    if (auto loaded = load_libraries(); !loaded) return loaded.error();
    const std::string name = file.string();
    const std::string remake = "make it again, or convert it: ffmpeg -i IN -c:v libx264 -c:a aac OUT.mp4";
    AVFormatContext* raw = nullptr;
    if (int e = avformat_open_input(&raw, name.c_str(), nullptr, nullptr); e < 0)
        return Error{name, fmt::format("is not a clip placard can read ({})", av_text(e)), remake};
    std::unique_ptr<AVFormatContext, InputDeleter> input(raw);
    if (int e = avformat_find_stream_info(input.get(), nullptr); e < 0)
        return Error{name, fmt::format("cannot be read to its streams ({})", av_text(e)), remake};
    const AVCodec* decoder = nullptr;
    const int video = av_find_best_stream(input.get(), AVMEDIA_TYPE_VIDEO, -1, -1, &decoder, 0);
    if (video == AVERROR_STREAM_NOT_FOUND)
        return Error{name, "has no picture", "a video slide shows a video file (.mp4, .mkv, .webm)"};
    const AVStream* stream = input->streams[video < 0 ? 0 : video];
    ClipFacts facts;
    facts.codec = avcodec_get_name(stream->codecpar->codec_id);
    if (video < 0 || !decoder)
        return Error{name, fmt::format("is {} video, which this system cannot decode", facts.codec), remake};
    facts.width = stream->codecpar->width;
    facts.height = stream->codecpar->height;
    if (stream->avg_frame_rate.den > 0) facts.fps = av_q2d(stream->avg_frame_rate);
    if (input->duration > 0) facts.seconds = static_cast<double>(input->duration) / AV_TIME_BASE;
    facts.sound = av_find_best_stream(input.get(), AVMEDIA_TYPE_AUDIO, -1, -1, nullptr, 0) >= 0;
    return facts;
}

Board this_board() {
    std::ifstream in("/proc/device-tree/model");
    std::string model;
    std::getline(in, model, '\0');
    if (model.starts_with("Raspberry Pi 5")) return Board::pi5;
    if (model.starts_with("Raspberry Pi 4") || model.starts_with("Raspberry Pi Compute Module 4")) return Board::pi4;
    if (model.starts_with("Raspberry Pi 3") || model.starts_with("Raspberry Pi Zero 2")) return Board::pi3;
    return Board::other;
}

std::string board_name(Board board) {
    switch (board) {
        case Board::pi3:
            return "a Pi 3";
        case Board::pi4:
            return "a Pi 4";
        case Board::pi5:
            return "a Pi 5";
        case Board::other:
            break;
    }
    return "this machine";
}

// What each board decodes in hardware (H.264 on a Pi 3 and 4, HEVC on a Pi 4 and 5) plays
// up to the screen's 1920x1080 at 60 frames (HEVC to 3840x2160); what it decodes on its
// cores plays smoothly up to 1280x720 at 30 on a Pi 3 and 4, 1920x1080 on a Pi 5.
std::optional<std::string> too_much_for(const ClipFacts& clip, Board board) {
    if (board == Board::other) return std::nullopt;
    const long pixels = static_cast<long>(clip.width) * clip.height;
    const long full_hd = 1920L * 1080L;
    const bool h264 = clip.codec == "h264";
    const bool hevc = clip.codec == "hevc";
    const bool hardware = (h264 && board != Board::pi5) || (hevc && board != Board::pi3);
    const std::string size = fmt::format("{}x{}", clip.width, clip.height);
    const std::string smaller = "ffmpeg -i IN -vf scale=-2:1080 -c:v libx264 -crf 20 -c:a aac OUT.mp4";
    if (hardware) {
        const long limit = hevc ? 3840L * 2160L : full_hd;
        if (pixels > limit)
            return fmt::format("{} {} is more than {} decodes smoothly (at most {}): make it smaller, such as {}",
                               clip.codec, size, board_name(board), hevc ? "3840x2160" : "1920x1080", smaller);
        return std::nullopt;
    }
    const long limit = board == Board::pi5 ? full_hd : 1280L * 720L;
    const double fps_limit = board == Board::pi5 ? 60 : 30;
    if (pixels > limit || clip.fps > fps_limit + 0.5)
        return fmt::format(
            "{} {} at {:.0f} frames a second is decoded on the CPU of {}, which plays it smoothly only "
            "up to {} at {:.0f}: convert it to H.264 at 1920x1080 ({})",
            clip.codec, size, clip.fps, board_name(board), board == Board::pi5 ? "1920x1080" : "1280x720", fps_limit,
            smaller);
    return std::nullopt;
}

void quiet_libav() {
    if (load_libraries()) av_log_set_level(AV_LOG_QUIET);
}

}  // namespace placard::video
