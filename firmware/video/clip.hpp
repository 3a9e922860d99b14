#pragma once
// One clip, played by libmpv in this process into a frame the screen shows like any other:
// with OpenGL into a texture of the screen's renderer (gl_target.hpp) where the renderer
// draws with OpenGL or GLES, else by mpv's software render API into a picture in memory,
// scaled and converted by mpv on the CPU. A clip is
// opened paused, its first frame decoded and held (pre-roll), and started when its slide
// comes on; at its end its last frame stays. mpv's own threads only wake the main thread
// (the `wake` given to open()); everything else here is the main thread's.
#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "layout/geometry.hpp"
#include "media/sdl_ptr.hpp"
#include "util/result.hpp"
#include "video/gl_target.hpp"

struct mpv_handle;
struct mpv_render_context;

namespace placard::video {

using steady = std::chrono::steady_clock;

struct ClipOptions {
    std::filesystem::path file;
    layout::Size size;  // of the frame it is drawn into: the slide's
    bool cover = true;  // false: the whole picture, with bands (contain)
    int volume = 100;   // 0 to 100; 0 plays no sound at all
    std::string audio;  // mpv's audio device ("alsa/hdmi:CARD=vc4hdmi0"); "none": no sound; "": the default
    std::optional<double> start, end;  // seconds into the file: the part to play
    bool loop = false;                 // again from its start at its end, until stopped
    // The screen's renderer, when it draws with OpenGL: the clip is drawn there by the GPU.
    std::optional<GpuScreen> gpu;
};

enum class ClipState {
    loading,  // opened; its first frame not yet decoded
    ready,    // paused on its first frame, which frame() holds
    playing,
    ended,   // its last frame held
    failed,  // error() says why
};

class Clip {
public:
    // Starts loading (paused) and returns at once; `wake` is called from mpv's threads
    // whenever pump() has something to do. Fails only when mpv itself cannot start. Any
    // thread may open a clip; with options.gpu, the file is loaded by the first pump(), on
    // the renderer's thread, once mpv has the GL context it draws with.
    static Result<std::unique_ptr<Clip>> open(const ClipOptions& options, std::function<void()> wake);
    ~Clip();
    Clip(const Clip&) = delete;
    Clip& operator=(const Clip&) = delete;

    // Handles what mpv said and draws the next frame into frame() once it is due. Returns
    // whether frame() changed. Call it when woken and at next_frame_at().
    bool pump(steady::time_point now);
    // When the frame mpv has ready is due on screen; none: wait to be woken.
    std::optional<steady::time_point> next_frame_at() const { return due_; }

    ClipState state() const { return state_; }
    const Error& error() const { return error_; }
    void play();
    // Pauses a playing clip on the frame it shows, or goes on (the organizer's pause key).
    void hold(bool held);
    // The clip's sound, as a share of its volume (0 to 1): for fading it with its picture.
    // At 0 the clip lets go of the audio device, which another clip may need.
    void set_sound(double share);

    // The picture (options().size): in memory (XRGB8888), black until the first frame is
    // drawn; or, drawn by the GPU, a texture of the screen's renderer (undefined until
    // then). One of the two is null.
    const SDL_Surface* frame() const { return frame_.get(); }
    SDL_Texture* texture() const { return gl_ ? gl_->texture() : nullptr; }
    // Seconds into the file of the frame in frame(), and its length (once known).
    double position() const { return position_; }
    std::optional<double> length() const { return length_; }
    const ClipOptions& options() const { return options_; }
    // The decoder mpv chose ("none" for software, "v4l2m2m-copy", "drm"...), once playing.
    const std::string& decoder() const { return decoder_; }

private:
    Clip() = default;
    void handle_events();
    void fail(std::string what, std::string hint);
    void render();
    void render_software();
    void render_gl();
    void log_decoder();
    Result<void> load();
    static void notify(void* self);
    // The render context, and the file loaded once mpv can draw it (main thread).
    Result<void> attach();
    Result<void> attach_software();
    Result<void> attach_gl();

    ClipOptions options_;
    std::function<void()> wake_;
    mpv_handle* mpv_ = nullptr;  // owned: handed to a thread that ends it, in ~Clip
    mpv_render_context* render_ = nullptr;
    std::unique_ptr<GlTarget> gl_;   // drawn by the GPU: its texture and context
    std::atomic<bool> news_{false};  // set by mpv's threads
    std::unique_ptr<unsigned char, void (*)(void*)> pixels_{nullptr, nullptr};
    SurfacePtr frame_;  // over pixels_
    ClipState state_ = ClipState::loading;
    Error error_;
    bool frame_waiting_ = false;  // mpv has a frame for us, due at due_
    std::optional<steady::time_point> due_;
    bool first_drawn_ = false;
    bool eof_ = false;
    double position_ = 0;
    std::optional<double> length_;
    double sound_ = -1;  // the share last set; -1: none yet (the sound is off while loading)
    std::string decoder_;
    std::string mpv_said_;  // mpv's first error about the file
};

}  // namespace placard::video
