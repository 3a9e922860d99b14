// A clip: a trailer before the film, footage from the picket line. It plays in placard's
// own process (firmware/video/clip.hpp) into the slide's frame, crossfades in and out like
// a still, and lasts as long as the clip unless the slide has a duration; "start" and
// "end" play a part of it, "loop" plays it again until the duration is up.

#include <cstdint>

#include <fmt/format.h>

#include "config/load.hpp"
#include "config/slide_reader.hpp"
#include "feeds/item.hpp"
#include "kinds/kinds.hpp"
#include "layout/builder.hpp"
#include "schedule/schedule.hpp"

namespace placard::kinds {
namespace {

using config::Json;
using config::member_path;

// A point in the clip: seconds (12.5) or a duration ("1m30s").
std::optional<double> read_offset(config::Checker& checker, const Json& value, const std::string& path) {
    if (value.is_number()) {
        const double s = value.get<double>();
        if (s >= 0 && s <= 24 * 3600) return s;
        checker.at_value(path, fmt::format("{} is not a point in a clip: write seconds from 0, such as 12.5, or "
                                           "a duration such as \"1m30s\"",
                                           value.dump()));
        return std::nullopt;
    }
    auto d = checker.read_duration(value, path, std::chrono::seconds(0), std::chrono::hours(24), "\"1m30s\"");
    if (!d) return std::nullopt;
    return static_cast<double>(d->count());
}

void read_clip_file(config::Checker& checker, const Json& value, const std::string& path, config::Slide& slide) {
    // A web address: the worker downloads the clip into the cache; its slide comes on
    // once the clip is whole there.
    if (value.is_string() && config::is_web_address(value.get<std::string>())) {
        if (auto url = checker.read_url(value, path)) slide.file = *url;
        return;
    }
    if (value.is_string() && !config::is_clip_name(value.get<std::string>())) {
        checker.at_value(path, fmt::format("{} is not a clip placard plays: use a video file (.mp4, .mkv, .webm, "
                                           ".mov, .m4v, .ogv, .avi, .ts, .mpg)",
                                           value.dump()));
        return;
    }
    if (auto p = checker.read_path(value, path, config::PathKind::file)) slide.file = *p;
}

void read_video(config::SlideReader& reader, const Json& value, const std::string& path, config::Slide& slide) {
    config::Checker& checker = reader.checker();
    slide.count = 0;  // all the folder's clips
    const Json* file = config::Checker::member(value, "file");
    const Json* source = config::Checker::member(value, "source");
    if (file && source)
        checker.at_key(member_path(path, "source"), "a video slide takes \"file\" or \"source\", not both: remove one");
    else if (file)
        read_clip_file(checker, *file, member_path(path, "file"), slide);
    else if (source)
        reader.read_source(*source, member_path(path, "source"), "video", config::SourceType::folder, slide);
    else
        checker.at_value(path,
                         "a video slide needs \"file\" (a clip next to the playlist, such as \"trailer.mp4\") or "
                         "\"source\" (the name of a folder source)");
    if (const Json* v = config::Checker::member(value, "count")) {
        if (!source)
            checker.at_key(member_path(path, "count"),
                           "\"count\" goes with \"source\": a video slide with a \"file\" plays that one clip");
        else if (auto n = checker.read_int(*v, member_path(path, "count"), 1, 1000))
            slide.count = *n;
    }
    if (const Json* v = config::Checker::member(value, "fit")) {
        if (auto fit = checker.read_choice(*v, member_path(path, "fit"), "fit", {"cover", "contain"}))
            slide.fit = *fit == "contain" ? config::Fit::contain : config::Fit::cover;
    }
    if (const Json* v = config::Checker::member(value, "volume"))
        slide.clip.volume = checker.read_int(*v, member_path(path, "volume"), 0, 100);
    if (const Json* v = config::Checker::member(value, "start"))
        slide.clip.start = read_offset(checker, *v, member_path(path, "start"));
    if (const Json* v = config::Checker::member(value, "end")) {
        slide.clip.end = read_offset(checker, *v, member_path(path, "end"));
        if (slide.clip.start && slide.clip.end && *slide.clip.end <= *slide.clip.start)
            checker.at_value(member_path(path, "end"),
                             fmt::format("\"end\" ({} s) is not after \"start\" ({} s): the clip would play nothing",
                                         *slide.clip.end, *slide.clip.start));
    }
    if (const Json* v = config::Checker::member(value, "loop")) {
        slide.clip.loop = checker.read_bool(*v, member_path(path, "loop")).value_or(false);
        if (slide.clip.loop && !config::Checker::member(value, "duration"))
            checker.at_key(member_path(path, "loop"),
                           "a clip that loops needs a \"duration\" (such as \"2m\"): it would play forever");
    }
}

schedule::SlideSpec clip_spec(const config::Slide& slide, int index, const feeds::Item* item, std::string file) {
    schedule::SlideSpec spec = schedule::make_spec(slide, index, item);
    spec.video = std::move(file);
    spec.clip = slide.clip;
    spec.until_clip_ends = !slide.duration;
    return spec;
}

// One clip, or the first `count` of a folder's in the order of their names.
void build_video(const schedule::BuildInput& input, const config::Slide& slide, int index,
                 std::vector<schedule::SlideSpec>& out) {
    if (slide.source.empty()) {
        if (!config::is_web_address(slide.file.string())) {
            out.push_back(clip_spec(slide, index, nullptr, slide.file.string()));
            return;
        }
        // Left out until the worker has downloaded it.
        if (auto it = input.snapshot.clips.find(slide.file.string()); it != input.snapshot.clips.end())
            out.push_back(clip_spec(slide, index, nullptr, it->second));
        return;
    }
    size_t room = slide.count > 0 ? static_cast<size_t>(slide.count) : SIZE_MAX;
    for (const feeds::Item* item : schedule::fresh_items(input.playlist, input.snapshot, slide, input.now)) {
        if (room-- == 0) break;
        out.push_back(clip_spec(slide, index, item, item->video));
    }
}

// Black: the clip is drawn over all of it, its bands (with "contain") black as in a cinema.
layout::Frame layout_video(const schedule::SlideSpec&, layout::Builder& b, const layout::SlideContext&) {
    layout::Frame frame = b.take();
    frame.background = layout::Color{0, 0, 0, 255};
    frame.ops.clear();
    return frame;
}

}  // namespace

const config::SlideKind video{
    .name = "video",
    .keys = {"file", "source", "count", "fit", "volume", "start", "end", "loop"},
    .items = feeds::ItemKind::clip,
    .read = read_video,
    .build = build_video,
    .layout = layout_video,
    .fills_screen = true,
    .playback = config::Playback::moving,
};

}  // namespace placard::kinds
