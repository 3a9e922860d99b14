#include "video/still.hpp"

#include <condition_variable>
#include <mutex>

#include <fmt/format.h>

#include "video/probe.hpp"

namespace placard::video {

Result<SurfacePtr> still_of(ClipOptions options, double share) {
    auto facts = probe_clip(options.file);
    if (!facts) return facts.error();
    const double from = options.start.value_or(0);
    const double to = options.end ? *options.end : facts->seconds.value_or(from);
    options.start = from + share * std::max(0.0, to - from);
    options.audio = "none";
    options.loop = false;

    std::mutex mutex;
    std::condition_variable woken;
    bool news = false;
    auto opened = Clip::open(options, [&] {
        std::lock_guard lock(mutex);
        news = true;
        woken.notify_one();
    });
    if (!opened) return opened.error();
    Clip& clip = **opened;
    const auto limit = steady::now() + std::chrono::seconds(10);
    while (clip.state() == ClipState::loading && steady::now() < limit) {
        std::unique_lock lock(mutex);
        woken.wait_until(lock, clip.next_frame_at().value_or(limit), [&] { return news; });
        news = false;
        lock.unlock();
        clip.pump(steady::now());
    }
    if (clip.state() == ClipState::failed) return clip.error();
    if (clip.state() == ClipState::loading)
        return Error{options.file.string(), "took longer than 10 s to show a frame", ""};
    SurfacePtr still(SDL_ConvertSurfaceFormat(const_cast<SDL_Surface*>(clip.frame()), SDL_PIXELFORMAT_ARGB8888, 0));
    if (!still) return Error{options.file.string(), fmt::format("cannot copy its frame ({})", SDL_GetError()), ""};
    return still;
}

}  // namespace placard::video
