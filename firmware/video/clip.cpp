#include "video/clip.hpp"

#include <mpv/client.h>
#include <mpv/render.h>
#include <mpv/render_gl.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string_view>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "util/log.hpp"
#include "video/libraries.hpp"

namespace placard::video {
namespace {

// mpv's software API wants lines and the picture aligned to 64 bytes for its fast paths.
constexpr size_t alignment = 64;

size_t aligned(size_t n) {
    return (n + alignment - 1) / alignment * alignment;
}

// Ending an mpv core waits for its threads (the decoder, the sound output): tens of
// milliseconds that the main thread, with the next clip playing, cannot spare. A thread
// of its own ends each one; the last are waited for at exit.
class Reaper {
public:
    ~Reaper() {
        std::vector<std::thread> left;
        {
            std::lock_guard lock(mutex_);
            left.swap(threads_);
        }
        for (auto& t : left) t.join();
    }
    void end(mpv_handle* mpv) {
        std::lock_guard lock(mutex_);
        threads_.emplace_back([mpv] { mpv_terminate_destroy(mpv); });
        // The list stays short: the oldest ended long ago (a clip lasts seconds at least).
        while (threads_.size() > 4) {
            threads_.front().join();
            threads_.erase(threads_.begin());
        }
    }

private:
    std::mutex mutex_;
    std::vector<std::thread> threads_;
};

Reaper& reaper() {
    static Reaper r;
    return r;
}

// Properties observed, by the userdata mpv hands back with their changes.
enum Observed : uint64_t { eof_reached = 1, duration = 2 };

void set_option(mpv_handle* mpv, const char* name, const std::string& value) {
    if (int e = mpv_set_option_string(mpv, name, value.c_str()); e < 0)
        log::warning("video", "mpv does not take {}={} ({})", name, value, mpv_error_string(e));
}

std::string seconds_option(double s) {
    return fmt::format("{:.3f}", s);
}

}  // namespace

Result<std::unique_ptr<Clip>> Clip::open(const ClipOptions& options, std::function<void()> wake) {
    if (auto loaded = load_libraries(); !loaded) return loaded.error();
    std::unique_ptr<Clip> clip(new Clip());
    clip->options_ = options;
    clip->wake_ = std::move(wake);
    mpv_handle* mpv = mpv_create();
    if (!mpv) return Error{options.file.string(), "cannot start libmpv", "check that libmpv2 is installed"};
    clip->mpv_ = mpv;
    // Nothing of mpv's own: no config files, no terminal, no keys, no on-screen display,
    // no subtitles; frames for our render context only.
    set_option(mpv, "config", "no");
    set_option(mpv, "terminal", "no");
    set_option(mpv, "input-default-bindings", "no");
    set_option(mpv, "osd-level", "0");
    set_option(mpv, "sid", "no");
    set_option(mpv, "sub-auto", "no");
    set_option(mpv, "audio-display", "no");
    set_option(mpv, "ytdl", "no");
    set_option(mpv, "load-scripts", "no");
    set_option(mpv, "vo", "libmpv");
    set_option(mpv, "hwdec", "auto-safe");
    // Paused on its first frame until play(); its last frame held at its end.
    set_option(mpv, "pause", "yes");
    set_option(mpv, "keep-open", "yes");
    // A board with 1 GB: what the demuxer reads ahead is capped (a local file needs little).
    set_option(mpv, "demuxer-max-bytes", "16MiB");
    set_option(mpv, "demuxer-max-back-bytes", "0");
    set_option(mpv, "panscan", options.cover ? "1.0" : "0.0");
    if (options.start) set_option(mpv, "start", seconds_option(*options.start));
    if (options.end) set_option(mpv, "end", seconds_option(*options.end));
    if (options.loop) set_option(mpv, "loop-file", "inf");
    // The sound stays off until the clip is on screen: a pre-rolled clip must not hold
    // the audio device that the clip playing now has (HDMI through ALSA is exclusive).
    set_option(mpv, "aid", "no");
    if (options.audio == "none" || options.volume == 0)
        set_option(mpv, "ao", "null");
    else if (!options.audio.empty())
        set_option(mpv, "audio-device", options.audio);
    set_option(mpv, "volume", std::to_string(options.volume));
    if (int e = mpv_initialize(mpv); e < 0)
        return Error{options.file.string(), fmt::format("cannot start libmpv ({})", mpv_error_string(e)), ""};
    mpv_request_log_messages(mpv, "error");

    // Runs on mpv's threads: it only notes and wakes.
    mpv_set_wakeup_callback(mpv, notify, clip.get());
    mpv_observe_property(mpv, eof_reached, "eof-reached", MPV_FORMAT_FLAG);
    mpv_observe_property(mpv, duration, "duration", MPV_FORMAT_DOUBLE);
    // mpv's video output needs the render context before the file comes to it. A GL one is
    // made on the renderer's thread, by the first pump().
    if (!options.gpu) {
        if (auto attached = clip->attach_software(); !attached) return attached.error();
        if (auto loaded = clip->load(); !loaded) return loaded.error();
    }
    return clip;
}

void Clip::notify(void* self) {
    auto* c = static_cast<Clip*>(self);
    c->news_ = true;
    c->wake_();
}

Result<void> Clip::attach() {
    if (auto drawn = attach_gl(); !drawn) {
        gl_.reset();
        log::write_once(log::Level::warning, "video", "gl-failed",
                        fmt::format("clips are drawn by the CPU, not the GPU: {}", drawn.error().to_string()));
        if (auto attached = attach_software(); !attached) return attached;
    } else {
        log::write_once(log::Level::info, "video", "gl", "clips are drawn by the GPU, with OpenGL");
    }
    return load();
}

Result<void> Clip::attach_gl() {
    auto target = GlTarget::make(*options_.gpu, options_.size);
    if (!target) return target.error();
    gl_ = std::move(*target);
    auto proc = [](void*, const char* name) { return SDL_GL_GetProcAddress(name); };
    mpv_opengl_init_params init{proc, nullptr};
    mpv_render_param params[] = {
        {MPV_RENDER_PARAM_API_TYPE, const_cast<char*>(MPV_RENDER_API_TYPE_OPENGL)},
        {MPV_RENDER_PARAM_OPENGL_INIT_PARAMS, &init},
        {MPV_RENDER_PARAM_INVALID, nullptr},
    };
    gl_->begin();
    const int e = mpv_render_context_create(&render_, mpv_, params);
    gl_->done();
    if (e < 0) {
        render_ = nullptr;
        return Error{"video", fmt::format("mpv cannot draw with this OpenGL ({})", mpv_error_string(e)), ""};
    }
    return {};
}

Result<void> Clip::attach_software() {
    const layout::Size size = options_.size;
    const size_t pitch = aligned(static_cast<size_t>(size.width) * 4);
    pixels_ = {static_cast<unsigned char*>(std::aligned_alloc(alignment, aligned(pitch * size.height))), std::free};
    if (!pixels_) return Error{options_.file.string(), "no memory for the clip's frame", ""};
    std::memset(pixels_.get(), 0, pitch * size.height);
    frame_.reset(SDL_CreateRGBSurfaceWithFormatFrom(pixels_.get(), size.width, size.height, 32, static_cast<int>(pitch),
                                                    SDL_PIXELFORMAT_RGB888));
    if (!frame_) return Error{options_.file.string(), fmt::format("cannot make a frame ({})", SDL_GetError()), ""};
    mpv_render_param params[] = {
        {MPV_RENDER_PARAM_API_TYPE, const_cast<char*>(MPV_RENDER_API_TYPE_SW)},
        {MPV_RENDER_PARAM_INVALID, nullptr},
    };
    if (int e = mpv_render_context_create(&render_, mpv_, params); e < 0) {
        render_ = nullptr;
        return Error{options_.file.string(), fmt::format("cannot render clips ({})", mpv_error_string(e)), ""};
    }
    return {};
}

Result<void> Clip::load() {
    mpv_render_context_set_update_callback(render_, notify, this);
    const std::string file = options_.file.string();
    const char* command[] = {"loadfile", file.c_str(), nullptr};
    if (int e = mpv_command(mpv_, command); e < 0)
        return Error{file, fmt::format("cannot open the clip ({})", mpv_error_string(e)), ""};
    return {};
}

Clip::~Clip() {
    if (render_) {
        // Frees what the render thread holds; mpv's VO waits for it. A GL one frees its
        // GL objects in the context they were made in.
        mpv_render_context_set_update_callback(render_, nullptr, nullptr);
        if (gl_) gl_->begin();
        mpv_render_context_free(render_);
        if (gl_) gl_->done();
        GlTarget::keep(std::move(gl_));  // for the next clip
    }
    gl_.reset();
    if (mpv_) {
        mpv_set_wakeup_callback(mpv_, nullptr, nullptr);
        reaper().end(mpv_);
    }
}

void Clip::fail(std::string what, std::string hint) {
    if (state_ == ClipState::failed) return;
    state_ = ClipState::failed;
    error_ = Error{options_.file.string(), std::move(what), std::move(hint)};
    due_.reset();
}

void Clip::handle_events() {
    // mpv hands out its queued events before the log messages written before them, so a
    // clip that could not be opened is told only once the queue is empty and mpv's reason
    // (the first error line) has come in.
    std::optional<int> end_error;
    while (true) {
        mpv_event* e = mpv_wait_event(mpv_, 0);
        if (e->event_id == MPV_EVENT_NONE) break;
        switch (e->event_id) {
            case MPV_EVENT_LOG_MESSAGE: {
                // mpv's errors are kept for the one line that says why a clip failed; the
                // decoders it tries and drops (CUDA, VA-API on a PC) are not the reason.
                const auto* m = static_cast<const mpv_event_log_message*>(e->data);
                std::string text = m->text;
                while (!text.empty() && text.back() == '\n') text.pop_back();
                const bool hardware =
                    text.find("AVHWDeviceContext") != std::string::npos || text.find("hwdec") != std::string::npos ||
                    std::string_view(m->prefix).starts_with("vaapi") || std::string_view(m->prefix).starts_with("vd");
                if (!hardware && mpv_said_.empty()) mpv_said_ = text;
                log::debug("video", "{}: mpv: {}: {}", options_.file.string(), m->prefix, text);
                break;
            }
            case MPV_EVENT_FILE_LOADED: {
                // A file with no picture (a song, a podcast) is no clip.
                int64_t vid = 0;
                if (mpv_get_property(mpv_, "current-tracks/video/id", MPV_FORMAT_INT64, &vid) < 0)
                    fail("has no picture", "a video slide shows a video file (.mp4, .mkv, .webm)");
                break;
            }
            case MPV_EVENT_END_FILE: {
                const auto* end = static_cast<const mpv_event_end_file*>(e->data);
                if (end->reason == MPV_END_FILE_REASON_ERROR && end->error == MPV_ERROR_NOTHING_TO_PLAY)
                    fail("has no picture", "a video slide shows a video file (.mp4, .mkv, .webm)");
                else if (end->reason == MPV_END_FILE_REASON_ERROR)
                    end_error = end->error;
                else if (!first_drawn_)
                    fail("ended before its first frame", "check the file, and its \"start\" and \"end\"");
                else
                    eof_ = true;
                break;
            }
            case MPV_EVENT_PROPERTY_CHANGE: {
                const auto* p = static_cast<const mpv_event_property*>(e->data);
                if (e->reply_userdata == eof_reached && p->format == MPV_FORMAT_FLAG)
                    eof_ = *static_cast<const int*>(p->data) != 0;
                if (e->reply_userdata == duration && p->format == MPV_FORMAT_DOUBLE)
                    length_ = *static_cast<const double*>(p->data);
                break;
            }
            default:
                break;
        }
    }
    if (end_error)
        fail(fmt::format("cannot be played ({})", mpv_said_.empty() ? mpv_error_string(*end_error) : mpv_said_),
             "check that it is a video file that plays on a PC, or make it again");
}

void Clip::render() {
    if (gl_) {
        render_gl();
    } else {
        render_software();
    }
    if (state_ == ClipState::failed) return;
    mpv_render_context_report_swap(render_);
    double pos = 0;
    if (mpv_get_property(mpv_, "time-pos", MPV_FORMAT_DOUBLE, &pos) >= 0) position_ = pos;
    if (!first_drawn_) {
        first_drawn_ = true;
        log_decoder();
    }
}

void Clip::render_software() {
    const size_t pitch = static_cast<size_t>(frame_->pitch);
    int size[2] = {frame_->w, frame_->h};
    char format[] = "bgr0";  // XRGB8888 in a little-endian word: what SDL's RGB888 is
    int block = 0;           // the main loop waits for the frame's time, not mpv
    mpv_render_param params[] = {
        {MPV_RENDER_PARAM_SW_SIZE, size},
        {MPV_RENDER_PARAM_SW_FORMAT, format},
        {MPV_RENDER_PARAM_SW_STRIDE, const_cast<size_t*>(&pitch)},
        {MPV_RENDER_PARAM_SW_POINTER, frame_->pixels},
        {MPV_RENDER_PARAM_BLOCK_FOR_TARGET_TIME, &block},
        {MPV_RENDER_PARAM_INVALID, nullptr},
    };
    if (int e = mpv_render_context_render(render_, params); e < 0)
        fail(fmt::format("cannot be drawn ({})", mpv_error_string(e)), "");
}

void Clip::render_gl() {
    mpv_opengl_fbo fbo{static_cast<int>(gl_->framebuffer()), options_.size.width, options_.size.height, 0};
    int flip = 0;   // a texture's first line is the picture's top, as SDL draws it
    int block = 0;  // the main loop waits for the frame's time, not mpv
    mpv_render_param params[] = {
        {MPV_RENDER_PARAM_OPENGL_FBO, &fbo},
        {MPV_RENDER_PARAM_FLIP_Y, &flip},
        {MPV_RENDER_PARAM_BLOCK_FOR_TARGET_TIME, &block},
        {MPV_RENDER_PARAM_INVALID, nullptr},
    };
    gl_->begin();
    const int e = mpv_render_context_render(render_, params);
    gl_->done();
    if (e < 0) fail(fmt::format("cannot be drawn by the GPU ({})", mpv_error_string(e)), "");
}

// Said once for each codec: whether the board's decoder took it, or the CPU.
void Clip::log_decoder() {
    if (char* hw = mpv_get_property_string(mpv_, "hwdec-current")) {
        decoder_ = hw;
        mpv_free(hw);
    }
    std::string codec;
    if (char* c = mpv_get_property_string(mpv_, "video-codec")) {
        codec = c;
        mpv_free(c);
    }
    const bool software = decoder_.empty() || decoder_ == "no";
    log::write_once(log::Level::info, "video", "decoder:" + codec,
                    fmt::format("{} clips are decoded {}", codec.empty() ? "these" : codec,
                                software ? std::string("in software (mpv found no hardware decoder for them)")
                                         : "by the hardware (" + decoder_ + ")"));
}

bool Clip::pump(steady::time_point now) {
    if (state_ == ClipState::failed) return false;
    if (!render_) {
        if (auto attached = attach(); !attached) {
            fail(attached.error().what, attached.error().hint);
            return false;
        }
    }
    if (news_.exchange(false)) {
        handle_events();
        if (state_ == ClipState::failed) return false;
        if (mpv_render_context_update(render_) & MPV_RENDER_UPDATE_FRAME) {
            frame_waiting_ = true;
            mpv_render_frame_info info{};
            mpv_render_param get{MPV_RENDER_PARAM_NEXT_FRAME_INFO, &info};
            const bool timed = mpv_render_context_get_info(render_, get) >= 0 &&
                               (info.flags & MPV_RENDER_FRAME_INFO_PRESENT) && info.target_time > 0;
            due_ = now;
            if (timed) {
                const int64_t ahead = info.target_time - mpv_get_time_us(mpv_);
                if (ahead > 0) due_ = now + std::chrono::microseconds(ahead);
            }
        }
    }
    bool drawn = false;
    if (frame_waiting_ && due_ && now >= *due_) {
        frame_waiting_ = false;
        due_.reset();
        render();
        if (state_ == ClipState::failed) return false;
        drawn = true;
    }
    if (first_drawn_ && state_ == ClipState::loading) state_ = ClipState::ready;
    if (eof_ && first_drawn_ && state_ == ClipState::playing && !frame_waiting_) state_ = ClipState::ended;
    return drawn;
}

void Clip::play() {
    if (state_ != ClipState::ready) return;
    state_ = ClipState::playing;
    int no = 0;
    mpv_set_property(mpv_, "pause", MPV_FORMAT_FLAG, &no);
    if (eof_ && !frame_waiting_) state_ = ClipState::ended;  // a clip of one frame
}

void Clip::hold(bool held) {
    if (state_ != ClipState::playing) return;
    int flag = held ? 1 : 0;
    mpv_set_property_async(mpv_, 0, "pause", MPV_FORMAT_FLAG, &flag);
}

void Clip::set_sound(double share) {
    if (options_.volume == 0 || options_.audio == "none") return;
    // In sixteenths: each change is a message to mpv's core and a reply that wakes the loop.
    share = std::round((share < 0 ? 0 : (share > 1 ? 1 : share)) * 16) / 16;
    if (share == sound_) return;
    if (share == 0) {
        mpv_set_property_string(mpv_, "aid", "no");
    } else {
        if (sound_ <= 0) mpv_set_property_string(mpv_, "aid", "auto");
        double volume = options_.volume * share;
        mpv_set_property_async(mpv_, 0, "volume", MPV_FORMAT_DOUBLE, &volume);
    }
    sound_ = share;
}

}  // namespace placard::video
