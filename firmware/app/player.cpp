#include "app/player.hpp"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <future>
#include <map>
#include <mutex>
#include <string_view>

#include <SDL.h>
#include <SDL_image.h>
#include <fmt/format.h>

#include "app/frame_log.hpp"
#include "app/status.hpp"
#include "app/strip.hpp"
#include "app/wake.hpp"
#include "config/load.hpp"
#include "cues/board.hpp"
#include "kinds/kinds.hpp"
#include "layout/slide_layout.hpp"
#include "media/encode.hpp"
#include "media/scale.hpp"
#include "plays/play_log.hpp"
#include "render/painter.hpp"
#include "schedule/event_time.hpp"
#include "schedule/schedule.hpp"
#include "util/log.hpp"
#include "util/spread.hpp"
#include "util/time.hpp"
#include "video/clip.hpp"
#include "video/clip_options.hpp"
#include "video/memory.hpp"

namespace placard::app {
namespace {

using steady = std::chrono::steady_clock;
namespace fs = std::filesystem;

// A slide on screen, with what its frame was painted from, so that it is painted again
// only when that changes.
struct Shown {
    schedule::SlideSpec spec;
    bool waiting = false;               // no slide was due: the waiting frame
    SurfacePtr frame;                   // a still's; a clip's frame is its own
    std::unique_ptr<video::Clip> clip;  // a video slide's, playing
    bool clip_over = false;             // its end was seen (or it failed)
    std::string status;
    std::string banner;                      // the cue's banner painted over it
    std::string cue_id;                      // a cue's slide: the cue's id
    std::string live_words;                  // its kind's words that change while it is up
    std::optional<SysTime> words_change_at;  // when they may next change
    std::optional<SysTime> leaves_at;        // before its duration is up (an event that ended)
};

// A clip is skipped for this long after it failed to open or play.
constexpr std::chrono::minutes bad_clip_rest{5};

bool moving(const schedule::SlideSpec& s) {
    return s.kind->playback == config::Playback::moving;
}

// The earliest of the loop's deadlines; none: sleep until woken.
struct Earliest {
    std::optional<steady::time_point> at;
    void consider(std::optional<steady::time_point> t) {
        if (t && (!at || *t < *at)) at = t;
    }
};

std::string plural(unsigned long long n, const char* word) {
    return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

}  // namespace

struct Player::Impl {
    PlayerOptions options;
    std::shared_ptr<const config::Playlist> playlist;
    std::shared_ptr<const config::Playlist> pending;  // valid new playlist, taken at the next slide
    std::unique_ptr<PlaylistSource> source;
    render::Screen& screen;
    render::Fonts& fonts;
    content::Worker& worker;
    const Clock& clock;

    Sleeper sleeper;                        // wake() may come from the worker thread
    std::atomic<bool> clip_woke{false};     // set by mpv's threads before they wake the sleeper
    std::atomic<bool> cue_woke{false};      // set by the desk before it wakes the sleeper
    std::atomic<bool> picture_woke{false};  // set by the control page when it wants a picture
    std::future<void> picture_making;       // the live picture, scaled and encoded
    WakeUps wake_ups;

    content::SnapshotPtr snapshot;
    std::vector<schedule::SlideSpec> slides;
    std::optional<Shown> current;
    bool fading = false;
    steady::time_point fade_start;
    steady::time_point fade_frame_due;  // the fade's next frame
    steady::time_point slide_end;
    // display.sync: when the wall clock ends the slide being put on.
    std::optional<steady::time_point> synced_end;
    bool paused = false;
    bool shown_once = false;  // the first frame is on screen (READY=1 was sent)
    bool screen_off = false;  // outside display.hours: black, the TV on standby
    std::unique_ptr<render::Tv> tv;
    bool tv_opened = false;
    int shots = 0;
    std::string reload_status;  // set while the newest version of the playlist has errors
    // display.hours' next change, worked out for `screen_change_for` at `screen_change_from`
    // (a search of up to eight days, minute by minute: not at every wake-up).
    const config::Playlist* screen_change_for = nullptr;
    SysTime screen_change_from;
    std::optional<SysTime> screen_change;

    // Clips: the one coming on, while its first frame is decoded (what is on screen stays
    // meanwhile); the one pre-rolled for the slide after this; the one fading out, whose
    // sound fades with its picture. A clip that failed rests in bad_clips for a while.
    struct Arriving {
        size_t index = 0;  // in `slides`
        std::unique_ptr<video::Clip> clip;
        steady::time_point give_up;
    };
    std::optional<Arriving> arriving;
    std::unique_ptr<video::Clip> preroll;
    std::string preroll_id;
    // Opening a clip (mpv's core, the file, the decoder) takes tens of milliseconds: the
    // pre-rolled one is opened on a thread of its own, so that the clip playing goes on.
    std::future<Result<std::unique_ptr<video::Clip>>> preroll_opening;
    std::string preroll_opening_id;
    std::string preroll_opening_file;
    std::unique_ptr<video::Clip> leaving;
    bool clips_busy = false;  // what the worker was last told (tell_clips_busy)
    std::map<std::string, steady::time_point> bad_clips;
    std::optional<FrameLog> frame_log;
    std::optional<plays::PlayLog> play_log;
    // The still after a playing clip, painted on a thread of its own (a 1080p slide takes
    // tens of milliseconds, a Pi's hundreds: the clip would stop for them); taken by
    // advance() when that slide comes next. Nothing else paints until it is done.
    std::future<Shown> painting;
    std::string painting_id;
    std::optional<Shown> painted_ahead;
    long shown_index = -1;  // the current slide's index in `slides`, for the frame log

    // Cues: the board in force (main thread), the desk where other threads leave theirs.
    std::shared_ptr<cues::Desk> desk;
    cues::Board board;
    unsigned long long board_seen = 0;  // the board's version last acted on
    fs::path cues_file;                 // empty: the cues are not kept
    // The slide of the turn that was on screen before a cue took it: the turn goes on from it.
    std::string rotation_id;
    int rotation_pos = -1;
    std::string service_line;  // what STATUS= says of the slides, without the cues
    // The board's health, read every 10 s on the watch's thread: the findings of its last
    // reading by key (that thread's), and the screen corner's words for its warnings.
    std::map<std::string, health::Finding> health_found;
    mutable std::mutex health_mutex;
    std::string health_corner;  // under health_mutex
    std::atomic<bool> health_woke{false};
    std::optional<health::Watch> health_watch;
    // display.strip: the band, its words' next change and what they were made from.
    std::unique_ptr<StripView> strip;
    SysTime strip_words_at{};
    unsigned long long strip_generation = 0;
    std::string strip_banner;
    // The ticker's steps while it moves: how far apart, and what each costs to draw and show
    // (logged when run() returns; placard_bench reads it). Made at the first step.
    struct StripSteps {
        Spread apart, cost;
        std::optional<steady::time_point> last;  // the last step, while the ticker moves
    };
    std::unique_ptr<StripSteps> strip_steps;

    Impl(PlayerOptions o, std::shared_ptr<const config::Playlist> p, std::unique_ptr<PlaylistSource> src,
         render::Screen& s, render::Fonts& f, content::Worker& w, const Clock& c)
        : options(std::move(o)),
          playlist(std::move(p)),
          source(std::move(src)),
          screen(s),
          fonts(f),
          worker(w),
          clock(c) {
        reload_status = options.playlist_problem;
        desk = options.desk ? options.desk : std::make_shared<cues::Desk>();
        desk->set_wake([this] {
            cue_woke = true;
            sleeper.wake();
        });
        if (!options.state_dir.empty()) {
            cues_file = options.state_dir / "cues.json";
            if (auto loaded = cues::Board::load(cues_file, clock.now_seconds())) {
                board = std::move(*loaded);
                if (!board.empty())
                    log::notice("cues", "{} in force from before the restart",
                                board.summary(playlist->display.zone).substr(6));
            } else {
                log::error("cues", "{}", loaded.error().to_string());
            }
        }
        board_seen = board.version();
        paused = board.paused();
        desk->publish(board.cues());
        if (!options.frame_log.empty()) {
            if (auto opened = FrameLog::open(options.frame_log))
                frame_log.emplace(std::move(*opened));
            else
                log::error("app", "{}", opened.error().to_string());
        }
        if (!options.plays.empty()) play_log.emplace(options.plays);
        if (options.health) health_watch.emplace(*options.health, [this](const health::Report& r) { on_health(r); });
        if (options.console)
            options.console->set_picture_wake([this] {
                picture_woke = true;
                sleeper.wake();
            });
        follow_strip();
    }

    ~Impl() {
        screen.set_band(std::nullopt, nullptr);  // the band's pixels go with the strip
        health_watch.reset();                    // its thread first: it reads what is below
        if (play_log) play_log->close(clock.now());
        desk->set_wake({});
        if (options.console) options.console->set_picture_wake({});
        if (picture_making.valid()) picture_making.wait();
    }

    // The control page's live picture: a copy of the frame on screen (read back from the
    // GPU for a clip it draws; black while the screen is), scaled to 640 pixels wide and
    // encoded as JPEG on a thread of its own.
    void make_picture() {
        if (!options.console || !options.console->take_picture_wanted()) return;
        if (picture_making.valid() && picture_making.wait_for(std::chrono::seconds(0)) != std::future_status::ready)
            return;  // the one being made will do
        const render::Picture picture = on_screen();
        SurfacePtr copy;
        if (picture.surface) {
            copy.reset(
                SDL_ConvertSurfaceFormat(const_cast<SDL_Surface*>(picture.surface), SDL_PIXELFORMAT_ARGB8888, 0));
        } else if (picture.texture) {
            if (auto read = screen.pixels_of(picture)) copy = std::move(*read);
        } else {
            const layout::Size size = screen.size();
            copy.reset(SDL_CreateRGBSurfaceWithFormat(0, size.width, size.height, 32, SDL_PIXELFORMAT_ARGB8888));
            if (copy) SDL_FillRect(copy.get(), nullptr, SDL_MapRGB(copy->format, 0, 0, 0));
        }
        if (copy && band_shown()) screen.draw_band_over(*copy);
        if (!copy) {
            log::write_once(log::Level::warning, "control", "picture",
                            fmt::format("cannot copy the screen for the control page: {}", SDL_GetError()));
            return;
        }
        picture_making = std::async(std::launch::async, [frame = std::move(copy), console = options.console]() mutable {
            const int w = std::min(frame->w, 640);
            const int h = std::max(1, frame->h * w / std::max(frame->w, 1));
            auto small = media::scale_down(std::move(frame), {w, h});
            if (!small) return;
            if (auto jpeg = media::encode_jpeg(**small, 70)) console->put_picture(std::move(*jpeg));
        });
    }

    // What the screen shows now, whole: a still's frame or a clip's.
    render::Picture on_screen() const {
        if (!current) return {};
        if (current->clip) return picture_of(*current->clip);
        return current->frame ? render::Picture(*current->frame) : render::Picture();
    }

    static render::Picture picture_of(const video::Clip& clip) {
        if (SDL_Texture* t = clip.texture()) return *t;
        return *clip.frame();
    }

    // A frame reached the screen: written in the frame log, if there is one, and in the
    // proof of play when what is on screen is new.
    void presented() {
        if (play_log) {
            plays::Showing s;
            s.screen_on = !screen_off;
            if (!current) {
                s.kind = screen_off ? "off" : "blank";
            } else if (current->waiting) {
                s.kind = "waiting";
            } else {
                s.kind = current->spec.kind->name;
                s.title = current->spec.title;
                s.source = current->spec.source;
                s.id = current->spec.id;
                s.cue = current->cue_id;
            }
            play_log->presented(s, clock.now(), playlist->display.zone);
        }
        if (!frame_log) return;
        std::optional<double> clip_pos;
        if (current && current->clip) clip_pos = current->clip->position();
        const std::string_view kind =
            !current ? "blank" : (current->waiting ? std::string_view("waiting") : current->spec.kind->name);
        frame_log->frame({steady::now(), clock.now(), shown_index, kind, current ? current->cue_id : std::string_view(),
                          clip_pos, screen.brightness()});
    }

    // What mpv's threads call: a note that the wake-up is a clip's, and the wake-up.
    std::function<void()> clip_wake() {
        return [this] {
            clip_woke = true;
            sleeper.wake();
        };
    }

    // Drawn by the GPU where the screen's renderer draws with OpenGL, unless the environment
    // says PLACARD_CLIPS=software (a board whose GL draws clips wrongly; comparing the two).
    video::ClipOptions clip_options(const schedule::SlideSpec& s) const {
        video::ClipOptions o = video::clip_options(s, playlist->display, screen.size());
        static const bool software = [] {
            const char* v = std::getenv("PLACARD_CLIPS");
            return v && std::string_view(v) == "software";
        }();
        if (!software && video::draws_with_gl(screen.renderer()))
            o.gpu = video::GpuScreen{screen.window(), screen.renderer()};
        return o;
    }

    Result<std::unique_ptr<video::Clip>> open_clip(const schedule::SlideSpec& s) {
        return video::Clip::open(clip_options(s), clip_wake());
    }

    void paint_ahead(const schedule::SlideSpec& spec) {
        finish_painting();
        painted_ahead.reset();
        painting_id = spec.id;
        painting =
            std::async(std::launch::async, [spec, ctx = context(), &f = fonts] { return compose_in(spec, ctx, f); });
    }

    void finish_painting() {
        if (painting.valid()) painted_ahead = painting.get();
    }

    // The slide `id` painted ahead, if it was.
    std::optional<Shown> take_painted(const std::string& id) {
        finish_painting();
        std::optional<Shown> taken;
        if (painted_ahead && painting_id == id && painted_ahead->frame) taken = std::move(painted_ahead);
        painted_ahead.reset();
        return taken;
    }

    // One log line; the clip rests a while, and the rotation goes on without it.
    void clip_failed(const std::string& file, const Error& e) {
        log::write_once(log::Level::error, "video", "clip:" + file,
                        fmt::format("{}; the clip is skipped for {} minutes", e.to_string(), bad_clip_rest.count()));
        bad_clips[file] = steady::now();
    }

    bool resting(const schedule::SlideSpec& s) const {
        if (!moving(s)) return false;
        auto it = bad_clips.find(s.video);
        return it != bad_clips.end() && steady::now() - it->second < bad_clip_rest;
    }

    std::string status_line() const {
        std::string s = snapshot ? waiting_status(*playlist, *snapshot) : std::string();
        const std::string notice = options.notice ? options.notice() : std::string();
        std::string corner;
        {
            std::lock_guard lock(health_mutex);
            corner = health_corner;
        }
        for (const std::string& more : {reload_status, source->status(), corner, notice})
            if (!more.empty()) s = s.empty() ? more : more + " \u00b7 " + s;
        return s;
    }

    layout::SlideContext context() const {
        layout::SlideContext c;
        c.screen = screen.size();
        c.theme = layout::theme_named(playlist->display.theme);
        c.locale = playlist->display.locale;
        c.zone = playlist->display.zone;
        c.now = clock.now_seconds();
        c.status = status_line();
        c.banner = slide_banner();
        if (strip) {
            c.strip = strip->rect().h;
            c.strip_top = strip->top();
        }
        return c;
    }

    Shown compose(const schedule::SlideSpec* spec) {
        finish_painting();  // the fonts are one thread's at a time
        return compose_in(spec ? std::optional<schedule::SlideSpec>(*spec) : std::nullopt, context(), fonts);
    }

    // Lays out and paints a slide (none: the waiting frame). Touches nothing of the
    // player's: it may run on the painting thread.
    static Shown compose_in(const std::optional<schedule::SlideSpec>& spec, const layout::SlideContext& ctx,
                            render::Fonts& fonts) {
        Shown shown;
        shown.status = ctx.status;
        shown.banner = ctx.banner;
        layout::Frame frame;
        if (spec) {
            shown.spec = *spec;
            const config::SlideKind& kind = *spec->kind;
            if (kind.live_words) shown.live_words = kind.live_words(*spec, ctx.now, ctx.locale, ctx.zone);
            if (kind.words_change_at) shown.words_change_at = kind.words_change_at(*spec, ctx.now, ctx.zone);
            if (kind.leaves_at) shown.leaves_at = kind.leaves_at(*spec, ctx.zone);
            frame = layout::layout_slide(*spec, ctx, fonts);
        } else {
            shown.waiting = true;
            frame = layout::layout_waiting(ctx, fonts);
        }
        auto painted = render::paint(frame, fonts);
        if (painted) {
            shown.frame = std::move(*painted);
        } else {
            log::write_once(log::Level::error, "render", "paint", painted.error().to_string());
        }
        return shown;
    }

    void screenshot() {
        const render::Picture picture = on_screen();
        if (options.screenshots.empty() || !picture) return;
        SurfacePtr read;  // a frame the GPU holds, read back
        if (!picture.surface) {
            auto pixels = screen.pixels_of(picture);
            if (!pixels) {
                log::write_once(log::Level::warning, "render", "screenshots", pixels.error().to_string());
                return;
            }
            read = std::move(*pixels);
        }
        if (band_shown()) {  // what the panel shows: the strip over the frame
            if (!read)
                read.reset(
                    SDL_ConvertSurfaceFormat(const_cast<SDL_Surface*>(picture.surface), SDL_PIXELFORMAT_ARGB8888, 0));
            if (read) screen.draw_band_over(*read);
        }
        const SDL_Surface* frame = read ? read.get() : picture.surface;
        std::error_code ec;
        fs::create_directories(options.screenshots, ec);
        auto name = fmt::format("{:04}-{}.png", ++shots,
                                current->waiting ? std::string_view("waiting") : current->spec.kind->name);
        auto file = options.screenshots / name;
        if (IMG_SavePNG(const_cast<SDL_Surface*>(frame), file.c_str()) != 0)
            log::write_once(log::Level::warning, "render", "screenshots",
                            fmt::format("{}: cannot write a screenshot ({})", file.string(), IMG_GetError()));
    }

    // A valid new playlist takes over (at the next slide, or at once while the screen is off).
    void take_pending() {
        if (!pending) return;
        if (pending->display.control != playlist->display.control)
            log::notice("control",
                        "display.control changed: the control page follows it at the next start "
                        "(systemctl restart placard)");
        if (pending->display.broker != playlist->display.broker)
            log::notice("broker",
                        "display.broker changed: the link to the broker follows it at the next start "
                        "(systemctl restart placard)");
        playlist = std::move(pending);
        pending.reset();
        worker.set_playlist(playlist);
        screen.set_rotation(playlist->display.rotation);
        screen.set_margins(overscan_of(playlist->display));
        follow_strip();
        log::notice("config", "{}: the new playlist plays from now on", playlist->file.string());
    }

    void first_frame_shown() {
        if (shown_once) return;
        shown_once = true;
        log::info("app", "first frame after {} ms",
                  std::chrono::duration_cast<std::chrono::milliseconds>(steady::now() - options.started).count());
        if (options.service) options.service->ready();
    }

    // Shows a frame whole. Until one is known to be on screen, each is checked against what
    // the renderer drew: READY=1 is never sent for a screen that stays black.
    void show_whole(const render::Picture& frame) {
        const bool drawn = screen.show(frame, !shown_once);
        presented();
        if (drawn) {
            first_frame_shown();
            return;
        }
        const std::string what = fmt::format(
            "the {} renderer draws nothing like the slide: the screen may be black. Choose another with "
            "SDL_RENDER_DRIVER=opengles2 (or software) in the environment (systemctl edit placard)",
            screen.renderer_name());
        log::write_once(log::Level::error, "render", "draws-nothing", what);
        if (options.service) options.service->status(what);
    }

    // Puts the next (or, with direction -1, the previous) due slide on screen; a clip
    // comes on once its first frame is there (at once when it was pre-rolled).
    void advance(int direction) {
        take_pending();
        arriving.reset();
        snapshot = worker.snapshot();
        if (const cues::Cue* cue = board.on_screen()) {
            show_cue(*cue);
            return;
        }
        slides = schedule::build(*playlist, *snapshot, clock.now_seconds());
        std::erase_if(slides, [&](const schedule::SlideSpec& s) { return resting(s); });
        std::optional<size_t> index;
        // After a cue's slide, the turn goes on from the slide it covered.
        const bool after_cue = current && !current->cue_id.empty();
        std::string current_id = current && !current->waiting ? current->spec.id : std::string();
        int current_pos = current && !current->waiting ? current->spec.playlist_index : -1;
        if (after_cue) {
            current_id = rotation_id;
            current_pos = rotation_pos;
        }
        synced_end.reset();
        if (playlist->display.sync && direction >= 0 && !slides.empty()) {
            // The wall clock's slide; looked up a little ahead, so that a wake-up a few
            // milliseconds early does not show the leaving slide again.
            constexpr std::chrono::milliseconds ahead{50};
            if (auto slot = schedule::slot_at(slides, clock.now() + ahead)) {
                index = slot->index;
                synced_end = steady::now() + slot->left + ahead;
            }
        }
        if (!synced_end && (direction >= 0 || slides.empty())) {
            index = schedule::next_index(slides, current_id, current_pos);
        } else if (!synced_end) {
            size_t at = 0;
            for (size_t i = 0; i < slides.size(); ++i)
                if (slides[i].id == current_id) at = i;
            index = (at + slides.size() - 1) % slides.size();
        }
        if (index && moving(slides[*index])) {
            const schedule::SlideSpec& spec = slides[*index];
            std::unique_ptr<video::Clip> clip;
            take_painted({});  // a still painted ahead for a turn that changed
            take_opened_preroll(true);
            if (preroll && preroll_id == spec.id) clip = std::move(preroll);
            preroll.reset();
            if (!clip) {
                auto opened = open_clip(spec);
                if (!opened) {
                    clip_failed(spec.video, opened.error());
                    advance(direction);  // it rests now: the one after it
                    return;
                }
                clip = std::move(*opened);
            }
            arriving = Arriving{*index, std::move(clip), steady::now() + options.clip_open_limit};
            arrive(steady::now());
            return;
        }
        // The screen keeps what it shows: the frame we painted it from can go before the
        // next is painted, so that two frames are never held at once (8 MB each at 1080p).
        std::optional<layout::Size> on_screen_size;
        if (const render::Picture f = on_screen()) on_screen_size = f.size();
        if (current) current->frame.reset();
        std::optional<Shown> ahead = index ? take_painted(slides[*index].id) : std::nullopt;
        Shown next = ahead ? std::move(*ahead) : compose(index ? &slides[*index] : nullptr);
        if (!next.frame) return;  // painting failed: keep what is on screen
        put_on(std::move(next), index, on_screen_size);
    }

    // The slide of a cue that takes the screen: an announcement, or black for a film.
    schedule::SlideSpec cue_spec(const cues::Cue& cue) const {
        schedule::SlideSpec spec;
        spec.kind = cue.kind == cues::Kind::blank ? &kinds::blanked : &kinds::announce;
        spec.id = "cue:" + cue.id;
        spec.playlist_index = -1;
        spec.title = cue.text;
        if (cue.picture && !cue.picture->file.empty()) {
            spec.image = cue.picture->file;
            spec.image_url = cue.picture->url;
        }
        if (cue.countdown) spec.starts = cue.until;
        spec.duration = std::chrono::hours(24);  // until the cue is lifted or expires
        return spec;
    }

    // Puts the cue's slide up, with a fade, unless it is up already.
    void show_cue(const cues::Cue& cue) {
        if (current && current->cue_id == cue.id && current->spec.title == cue.text &&
            current->spec.image == cue_spec(cue).image) {
            slide_end = steady::now() + cue_spec(cue).duration;
            return;
        }
        if (current && current->cue_id.empty() && !current->waiting) {
            rotation_id = current->spec.id;
            rotation_pos = current->spec.playlist_index;
        }
        const schedule::SlideSpec spec = cue_spec(cue);
        std::optional<layout::Size> on_screen_size;
        if (const render::Picture f = on_screen()) on_screen_size = f.size();
        if (current) current->frame.reset();
        take_painted({});
        Shown next = compose(&spec);
        if (!next.frame) return;
        next.cue_id = cue.id;
        put_on(std::move(next), std::nullopt, on_screen_size);
    }

    // The arriving clip: on screen once its first frame is decoded; skipped when it fails
    // or takes too long.
    void arrive(steady::time_point now) {
        if (!arriving) return;
        video::Clip& clip = *arriving->clip;
        clip.pump(now);
        if (clip.state() == video::ClipState::loading && now < arriving->give_up) return;
        if (clip.state() != video::ClipState::ready) {
            const Error e = clip.state() == video::ClipState::failed
                                ? clip.error()
                                : Error{clip.options().file.string(),
                                        fmt::format("took longer than {} s to show its first frame",
                                                    options.clip_open_limit.count() / 1000),
                                        "make it smaller (1920x1080 at most), or in H.264"};
            clip_failed(clip.options().file.string(), e);
            arriving.reset();
            advance(+1);
            return;
        }
        Shown next;
        const size_t index = arriving->index;
        next.spec = slides[index];
        next.clip = std::move(arriving->clip);
        arriving.reset();
        std::optional<layout::Size> on_screen_size;
        if (const render::Picture f = on_screen()) on_screen_size = f.size();
        put_on(std::move(next), index, on_screen_size);
    }

    // `next` comes on: with a fade from what is on screen (of `on_screen_size`), or cut in.
    void put_on(Shown next, std::optional<size_t> index, std::optional<layout::Size> on_screen_size) {
        auto duration = index ? slides[*index].duration : std::chrono::seconds(5);
        if (!next.cue_id.empty()) duration = next.spec.duration;
        if (next.cue_id.empty()) {
            service_line = service_status(*playlist, *snapshot, index ? &slides[*index] : nullptr, index.value_or(0),
                                          slides.size(), clock.now_seconds());
            if (!reload_status.empty()) service_line = reload_status + "; " + service_line;
        }
        tell_service();
        // A clip leaving fades its sound out while the next comes in.
        leaving.reset();
        if (current && current->clip) leaving = std::move(current->clip);
        current = std::move(next);
        shown_index = index ? static_cast<long>(*index) : -1;
        publish_status();
        const render::Picture frame = on_screen();
        if (current->clip) current->clip->play();
        place_band();
        // A frame of another size (the screen was turned) cannot be blended: it cuts in.
        const bool can_fade = shown_once && on_screen_size && *on_screen_size == frame.size();
        if (can_fade) {
            screen.begin_fade(frame);
            fading = true;
            fade_start = steady::now();
            fade_frame_due = fade_start;
            slide_end = fade_start + options.fade + duration;
        } else {
            leaving.reset();
            if (current->clip) current->clip->set_sound(1);
            show_whole(frame);
            screenshot();
            slide_end = steady::now() + duration;
        }
        // Until its end is seen, a clip that lasts as long as itself has no end.
        if (current->clip && current->spec.until_clip_ends) slide_end += std::chrono::hours(24);
        // In step with other halls: the clock's boundary ends it, clip or still.
        if (synced_end && current->cue_id.empty()) slide_end = *synced_end;
        synced_end.reset();
    }

    // The sounds of the clips crossing, as the fade goes: out in its first half, in in its
    // second, so that the audio device is let go before it is taken again.
    void fade_sounds(double t) {
        if (leaving) leaving->set_sound(std::max(0.0, 1 - 2 * t));
        if (current && current->clip) current->clip->set_sound(std::max(0.0, 2 * t - 1));
        if (t >= 1) leaving.reset();
    }

    // The clip of the slide after this one, opened and paused on its first frame in time.
    // Returns when to look again.
    std::optional<steady::time_point> preroll_next(steady::time_point now) {
        if (preroll || preroll_opening.valid() || arriving || !current || current->waiting ||
            !current->cue_id.empty() || slides.empty() || painting.valid() || painted_ahead)
            return std::nullopt;
        steady::time_point ends = slide_end;
        if (current->clip && current->spec.until_clip_ends) {
            const video::Clip& c = *current->clip;
            const auto last = c.options().end ? c.options().end : c.length();
            if (!last) return std::nullopt;  // woken again by the clip's frames
            ends = now + std::chrono::duration_cast<steady::duration>(
                             std::chrono::duration<double>(std::max(0.0, *last - c.position())));
        }
        if (ends - now > options.preroll) return ends - options.preroll;
        const auto i = schedule::next_index(slides, current->spec.id, current->spec.playlist_index);
        if (i && !moving(slides[*i]) && current->clip && !painting.valid() && !painted_ahead) {
            paint_ahead(slides[*i]);
            return std::nullopt;
        }
        if (!i || !moving(slides[*i]) || resting(slides[*i])) return std::nullopt;
        const std::uint64_t needs = video::clip_bytes(screen.size());
        if (const auto free = video::memory_available(); free && *free < 2 * needs) {
            log::write_once(log::Level::notice, "video", "preroll-memory",
                            fmt::format("only {} MiB of memory is free: the next clip is not opened ahead, it comes "
                                        "on once its first frame is decoded (what is on screen stays meanwhile)",
                                        *free >> 20));
            return std::nullopt;
        }
        log::clear_once("preroll-memory");
        preroll_opening_id = slides[*i].id;
        preroll_opening_file = slides[*i].video;
        preroll_opening = std::async(std::launch::async, [this, o = clip_options(slides[*i])] {
            auto opened = video::Clip::open(o, clip_wake());
            clip_woke = true;
            sleeper.wake();
            return opened;
        });
        return std::nullopt;
    }

    // Tells the worker whether a clip plays, leaves or pre-rolls: a small board then draws no
    // web page (content::Worker::set_clips_busy).
    void tell_clips_busy() {
        const bool busy = preroll || preroll_opening.valid() || leaving || arriving || (current && current->clip);
        if (busy == clips_busy) return;
        clips_busy = busy;
        worker.set_clips_busy(busy);
    }

    // The pre-rolled clip, once its opening is done.
    void take_opened_preroll(bool wait) {
        if (!preroll_opening.valid()) return;
        if (!wait && preroll_opening.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return;
        auto opened = preroll_opening.get();
        if (!opened) {
            clip_failed(preroll_opening_file, opened.error());
            return;
        }
        preroll = std::move(*opened);
        preroll_id = preroll_opening_id;
    }

    // Clips' news: the playing clip's next frame on screen (or into the fade), its end,
    // the arriving clip's first frame. Returns the earliest time a clip needs the loop.
    std::optional<steady::time_point> pump_clips(steady::time_point now) {
        Earliest next;
        take_opened_preroll(false);
        if (leaving) {
            leaving->pump(now);
            next.consider(leaving->next_frame_at());
        }
        if (preroll) {
            preroll->pump(now);
            if (preroll->state() == video::ClipState::failed) {
                clip_failed(preroll->options().file.string(), preroll->error());
                preroll.reset();
            } else {
                next.consider(preroll->next_frame_at());
            }
        }
        if (current && current->clip) {
            video::Clip& clip = *current->clip;
            if (clip.pump(now)) {
                if (fading)
                    screen.fade_target_changed();
                else
                    show_whole(picture_of(clip));
            }
            if (!current->clip_over &&
                (clip.state() == video::ClipState::ended || clip.state() == video::ClipState::failed)) {
                current->clip_over = true;
                if (clip.state() == video::ClipState::failed) clip_failed(clip.options().file.string(), clip.error());
                // Its last frame stays; the next slide fades in over it.
                if (current->spec.until_clip_ends || clip.state() == video::ClipState::failed)
                    slide_end = std::min(slide_end, std::max(now, fading ? fade_start + options.fade : now));
            }
            next.consider(clip.next_frame_at());
        }
        if (arriving) {
            arrive(now);
            if (arriving) {
                next.consider(arriving->clip->next_frame_at());
                next.consider(arriving->give_up);
            }
        }
        return next.at;
    }

    // Paints the current slide again when its words have changed (a countdown, the time,
    // the status).
    void refresh_if_changed() {
        if (!current || fading || current->clip) return;  // a clip is never painted over
        SysTime now = clock.now_seconds();
        // An event leaves the screen at the minute it ends, not at the end of its slide.
        if (!current->waiting && current->leaves_at && now >= *current->leaves_at) {
            advance(+1);
            return;
        }
        bool changed = status_line() != current->status || slide_banner() != current->banner;
        if (!current->waiting && current->words_change_at && now >= *current->words_change_at) {
            const config::SlideKind& kind = *current->spec.kind;
            const auto& d = playlist->display;
            changed = changed || kind.live_words(current->spec, now, d.locale, d.zone) != current->live_words;
            current->words_change_at = kind.words_change_at(current->spec, now, d.zone);
        }
        if (!changed) return;
        Shown again = compose(current->waiting ? nullptr : &current->spec);
        if (!again.frame) return;
        again.cue_id = current->cue_id;
        current = std::move(again);
        show_whole(*current->frame);
    }

    void check_reload() {
        auto loaded = source->poll();
        if (!loaded) return;
        const std::string& name = source->name();
        if (!loaded->playlist) {
            log::error("config", "{}: the changed playlist has {} problem{}; the previous one keeps playing", name,
                       loaded->problems.size(), loaded->problems.size() == 1 ? "" : "s");
            for (const auto& p : loaded->problems) log::error("config", "{}", config::format(p));
            reload_status = playlist_problem_status;
            return;
        }
        reload_status.clear();
        pending = std::make_shared<const config::Playlist>(std::move(*loaded->playlist));
        log::notice("config", "{}: changed; it takes over at the next slide", name);
        // Nothing was playing: no need to wait for the waiting frame to end.
        if (current && current->waiting) slide_end = steady::now();
    }

    render::Tv* the_tv() {
        if (!tv_opened && options.open_tv) tv = options.open_tv();
        tv_opened = true;
        return tv.get();
    }

    std::string local_minute(std::optional<SysTime> t) const {
        if (!t) return "next week at the earliest";
        const LocalTime l = to_local(*t, playlist->display.zone);
        return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}", l.year, l.month, l.day, l.hour, l.minute);
    }

    // Wakes the TV or puts it on standby over HDMI-CEC, unless display.cec is false.
    void switch_tv(bool on) {
        if (!playlist->display.cec) return;
        render::Tv* t = the_tv();
        if (!t) return;
        if (auto done = on ? t->wake() : t->standby(); !done)
            log::warning("app", "{}", done.error().to_string());
        else
            log::info("app", "the TV is {} ({})", on ? "woken" : "on standby", t->name());
    }

    // display.hours: puts the screen and the TV off and on at the times the playlist gives.
    // Returns whether the screen is off.
    bool follow_screen_hours() {
        const SysTime now = clock.now_seconds();
        const bool on = schedule::screen_on(playlist->display, now);
        if (on != screen_off) return screen_off;  // no change
        const auto until = schedule::screen_changes_at(playlist->display, now);
        if (!on) {
            screen_off = true;
            fading = false;
            current.reset();  // its frame and clip too: nothing is held while the screen is black
            arriving.reset();
            take_opened_preroll(true);
            preroll.reset();
            leaving.reset();
            screen.blank();
            shown_index = -1;
            presented();
            log::notice("app", "outside display.hours: the screen is off until {}", local_minute(until));
            switch_tv(false);
            first_frame_shown();  // a black screen is what should be on it now
            if (options.service) options.service->status(off_status(*playlist, *worker.snapshot(), until, now));
            return true;
        }
        screen_off = false;
        log::notice("app", "display.hours: the screen is on until {}", local_minute(until));
        switch_tv(true);
        advance(+1);
        return false;
    }

    // Returns false when asked to quit.
    bool handle_events() {
        SDL_Event e;
        while (SDL_PollEvent(&e)) {
            if (e.type == SDL_QUIT) return false;
            if (e.type == SDL_KEYDOWN) {
                const SDL_Keycode key = e.key.keysym.sym;
                if (key == SDLK_ESCAPE || key == SDLK_q) return false;
                if (screen_off) continue;  // the slides wait for the screen's hours
                // The keys give the cues the control page gives.
                switch (key) {
                    case SDLK_RIGHT:
                        apply(key_cue(cues::Kind::skip));
                        break;
                    case SDLK_LEFT:
                        apply(key_cue(cues::Kind::back));
                        break;
                    case SDLK_SPACE:
                        apply(key_cue(board.paused() ? cues::Kind::resume : cues::Kind::pause));
                        break;
                    case SDLK_b:
                        // Black for a film, and back: the keyboard's own blank, or every blank.
                        if (board.remove_kind(cues::Kind::blank) == 0) apply(key_cue(cues::Kind::blank));
                        break;
                    default:
                        break;
                }
            }
            if (e.type == SDL_WINDOWEVENT && e.window.event == SDL_WINDOWEVENT_EXPOSED) {
                if (screen_off)
                    screen.blank();
                else if (on_screen() && !fading)
                    show_whole(on_screen());
            }
        }
        return true;
    }

    static cues::Cue key_cue(cues::Kind kind) {
        cues::Cue c;
        c.id = cues::new_id();
        c.kind = kind;
        c.from = "keyboard";
        return c;
    }

    // A reading of the board's health, on the watch's thread: each finding is logged when it
    // appears and when it goes, the control page gets the reading, and when the warnings for
    // the screen's corner change the loop is woken to paint them.
    void on_health(const health::Report& report) {
        std::map<std::string, health::Finding> found;
        std::string corner;
        for (const health::Finding& f : report.findings) {
            if (!health_found.count(f.key)) {
                if (f.severity == health::Severity::warning)
                    log::warning("health", "{}", health::describe(f));
                else
                    log::notice("health", "{}", health::describe(f));
            }
            if (f.severity == health::Severity::warning && corner.find(f.brief) == std::string::npos)
                corner += (corner.empty() ? "" : " \u00b7 ") + f.brief;
            found.emplace(f.key, f);
        }
        for (const auto& [key, f] : health_found)
            if (!found.count(key)) log::notice("health", "{}: fine again", key);
        health_found = std::move(found);
        if (!corner.empty()) corner = "\u26a0 " + corner;
        if (options.console) options.console->set_health(health::to_json(report));
        bool changed = false;
        {
            std::lock_guard lock(health_mutex);
            changed = corner != health_corner;
            health_corner = std::move(corner);
        }
        if (changed) {
            health_woke = true;
            sleeper.wake();
        }
    }

    // The banner of the cues in force, in words; empty without one.
    std::string banner_text() const {
        const cues::Cue* b = board.banner();
        return b ? b->text : std::string();
    }

    // The banner painted into the slide: none while the strip is there to carry it.
    std::string slide_banner() const { return strip ? std::string() : banner_text(); }

    // ---- display.strip ----

    // The strip as the playlist and the screen's size have it now: made, kept, or gone.
    void follow_strip() {
        const layout::Size size = screen.size();
        if (strip && !strip->fits(playlist->display, size)) strip.reset();
        if (!strip && playlist->display.strip) strip = StripView::make(playlist->display, size);
        if (strip) {
            update_strip_words(clock.now_seconds());
            strip->draw(steady::now());
        }
        place_band();
    }

    void update_strip_words(SysTime now) {
        strip->update(*playlist, snapshot.get(), now, banner_text());
        strip_words_at = strip->words_change_at(now);
        strip_generation = snapshot ? snapshot->generation : 0;
        strip_banner = banner_text();
    }

    // Whether the band is over what the screen shows: not over black for a film.
    bool band_shown() const {
        return strip && strip->pixels() && !screen_off &&
               !(current && !current->waiting && current->spec.kind == &kinds::blanked);
    }

    // Tells the screen where the band is, for the frame about to be shown.
    void place_band() {
        if (band_shown())
            screen.set_band(strip->rect(), strip->pixels());
        else
            screen.set_band(std::nullopt, nullptr);
    }

    // The strip's words brought up to date and its next frame drawn, when due. Returns when
    // it next needs the loop (a step of the ticker, the minute's turn).
    std::optional<steady::time_point> tick_strip(steady::time_point now) {
        // Off, or black for a film: nothing moves, nothing is drawn (and the pause is no step).
        if (!strip || screen_off || !band_shown()) {
            if (strip_steps) strip_steps->last.reset();
            return std::nullopt;
        }
        const SysTime wall = clock.now_seconds();
        const bool news = snapshot && snapshot->generation != strip_generation;
        // The minute's turn, or the clock set back past it.
        const bool minute = wall >= strip_words_at || wall < strip_words_at - std::chrono::minutes(1);
        if (minute || news || banner_text() != strip_banner) update_strip_words(wall);
        const bool drawn = strip->draw(now) && band_shown();
        if (drawn) screen.redraw_band();
        const auto step = strip->next_frame(now);
        note_strip_step(now, drawn, step.has_value());
        Earliest next;
        next.consider(step);
        next.consider(steady_at(strip_words_at));
        return next.at;
    }

    void note_strip_step(steady::time_point began, bool drawn, bool moving) {
        if (!strip_steps) {
            if (!drawn || !moving) return;
            strip_steps = std::make_unique<StripSteps>();
        }
        if (drawn) {
            strip_steps->cost.add(steady::now() - began);
            if (strip_steps->last) strip_steps->apart.add(began - *strip_steps->last);
        }
        if (drawn || !moving) strip_steps->last = moving ? std::optional(began) : std::nullopt;
    }

    // "app: the strip's ticker: 2392 steps; between steps 16.8 ms (p50), ...; each drawn and shown in ..."
    void log_strip_steps() const {
        if (!strip_steps || strip_steps->cost.count() == 0) return;
        log::info("app", "the strip's ticker: {}; between steps {}; each drawn and shown in {}",
                  plural(strip_steps->cost.count(), "step"), strip_steps->apart.to_string(),
                  strip_steps->cost.to_string());
    }

    // The control page's status: what is on screen, and the screen's state.
    void publish_status() {
        if (!options.console) return;
        nlohmann::json showing = nlohmann::json::object();
        if (current) {
            showing["kind"] = current->waiting ? std::string("waiting") : std::string(current->spec.kind->name);
            if (!current->waiting) showing["title"] = current->spec.title;
            if (shown_index >= 0) {
                showing["slide"] = shown_index + 1;
                showing["of"] = slides.size();
            }
            if (!current->cue_id.empty()) showing["cue"] = current->cue_id;
        }
        const cues::Cue* banner = board.banner();
        options.console->set_zone(playlist->display.zone);
        std::map<std::string, std::filesystem::path> folders;
        nlohmann::json folder_names = nlohmann::json::array();
        for (const auto& [name, named] : playlist->sources)
            if (named.type == config::SourceType::folder) {
                folders.emplace(name, named.path);
                folder_names.push_back(name);
            }
        options.console->set_folders(std::move(folders));
        options.console->set_status({{"showing", showing},
                                     {"banner", banner ? banner->id : std::string()},
                                     {"screen", {{"on", !screen_off}, {"paused", paused}}},
                                     {"status", service_line},
                                     {"playlist", playlist->file.string()},
                                     {"sources", sources_status()},
                                     {"folders", folder_names}});
    }

    // The sources as the worker last published them: their state, when they were last
    // fetched and their last error.
    nlohmann::json sources_status() const {
        nlohmann::json list = nlohmann::json::array();
        if (!snapshot) return list;
        for (const auto& [name, state] : snapshot->sources) {
            nlohmann::json one = {{"name", name}, {"items", state.items.size()}};
            if (state.fetching && state.items.empty())
                one["state"] = "fetching";
            else if (state.error)
                one["state"] = state.items.empty() ? "failing" : "failing: the last good items show";
            else if (state.from_cache)
                one["state"] = "from the cache";
            else
                one["state"] = "fine";
            if (state.error) one["error"] = state.error->to_string();
            if (state.updated) {
                one["updated"] = format_iso8601_utc(*state.updated);
                one["updated_epoch"] = state.updated->time_since_epoch().count();
            }
            list.push_back(std::move(one));
        }
        return list;
    }

    // STATUS=: the cues in force, then what is showing.
    void tell_service() {
        publish_status();
        if (!options.service) return;
        const std::string cues_line = board.summary(playlist->display.zone);
        options.service->status(cues_line.empty() ? service_line : cues_line + "; " + service_line);
    }

    // A cue, from any sender: done now (skip, back, reload...) or put on the board.
    void apply(cues::Cue cue) {
        const std::string what = cues::describe(cue, playlist->display.zone);
        log::notice("cues", "{} (from {}, id {})", cues::lasting(cue.kind) ? what : std::string(cues::name(cue.kind)),
                    cue.from.empty() ? "?" : cue.from, cue.id);
        const cues::Cue* held = board.on_screen();
        switch (cue.kind) {
            case cues::Kind::skip:
            case cues::Kind::back:
                if (held) {
                    log::info("cues", "the screen shows a cue ({}): lift it to turn the slides", held->id);
                    break;
                }
                fading = false;
                advance(cue.kind == cues::Kind::skip ? +1 : -1);
                break;
            case cues::Kind::resume:
                board.remove_kind(cues::Kind::pause);
                break;
            case cues::Kind::reload:
                source->refresh_now();
                check_reload();
                if (current && !current->cue_id.empty()) break;
                slide_end = steady::now();  // the new playlist, if any, at once
                break;
            case cues::Kind::clear:
                board.clear();
                break;
            case cues::Kind::announce:
            case cues::Kind::blank:
            case cues::Kind::pause:
                board.add(std::move(cue));
                break;
        }
    }

    // The cues from other threads, and the cues that expired: the board acted on.
    void take_cues() {
        for (cues::Order& order : desk->take()) {
            if (order.give) {
                apply(std::move(*order.give));
            } else if (board.remove(order.lift)) {
                log::notice("cues", "cue {} lifted", order.lift);
            }
        }
        if (board.expire(clock.now_seconds())) log::info("cues", "a cue has expired");
        if (board.version() == board_seen) return;
        board_seen = board.version();
        board_changed();
    }

    // The board changed: kept, shown to the other threads, and on screen.
    void board_changed() {
        if (!cues_file.empty()) {
            if (auto saved = board.save(cues_file); !saved)
                log::write_once(log::Level::error, "cues", "save",
                                saved.error().to_string() + "; the cues will not survive a restart");
            else
                log::clear_once("save");
        }
        desk->publish(board.cues());
        tell_service();
        const bool now_paused = board.paused();
        if (now_paused != paused) {
            paused = now_paused;
            log::info("app", "{}", paused ? "paused" : "playing");
            if (current && current->clip) current->clip->hold(paused);
            // Playing again: a still stays 3 s more; a clip that lasts as long as itself
            // goes on to its end.
            if (!paused && !(current && current->clip && current->spec.until_clip_ends && !current->clip_over))
                slide_end = steady::now() + std::chrono::seconds(3);
        }
        if (screen_off) return;  // shown when the screen's hours begin
        const cues::Cue* top = board.on_screen();
        const bool held = current && !current->cue_id.empty();
        if (top || held) {
            // A cue takes the screen, another replaces it, or the turn comes back.
            if (!(top && held && current->cue_id == top->id && current->spec.title == top->text)) {
                fading = false;
                advance(+1);
            }
        }
    }

    // When the clock will show `t`, on the steady clock that the sleep waits on. At most a
    // day ahead, against overflow; a step of the system clock wakes the sleep (Woken::clock_set).
    steady::time_point steady_at(SysTime t) const {
        using namespace std::chrono_literals;
        const auto left = std::clamp<std::chrono::system_clock::duration>(t - clock.now(), 0s, 24h);
        return steady::now() + std::chrono::ceil<steady::duration>(left);
    }

    // When the screen's hours next turn the screen on or off; none without display.hours.
    std::optional<steady::time_point> screen_change_deadline() {
        if (playlist->display.hours.empty()) return std::nullopt;
        const SysTime now = clock.now_seconds();
        // A change found stays right while the clock moves forward up to it.
        const bool stale = screen_change_for != playlist.get() || now < screen_change_from ||
                           now >= screen_change.value_or(screen_change_from + std::chrono::days(7));
        if (stale) {
            screen_change = schedule::screen_changes_at(playlist->display, now);
            screen_change_for = playlist.get();
            screen_change_from = now;
        }
        return steady_at(screen_change.value_or(screen_change_from + std::chrono::days(7)));
    }

    // Sleeps until `deadline` (none: until woken): new content, input, a signal, a change of
    // the playlist file (not while a fade is drawn: its frames come first) or of the clock.
    void sleep_until(std::optional<steady::time_point> deadline, bool drawing_fade,
                     std::optional<steady::time_point> strip_frame = std::nullopt) {
        switch (sleeper.sleep_until(deadline, drawing_fade ? -1 : source->watch_fd())) {
            case Woken::deadline:
                if (drawing_fade)
                    ++wake_ups.fade_frames;
                else if (strip_frame && deadline == strip_frame)
                    ++wake_ups.strip_frames;
                else
                    ++wake_ups.deadlines;
                break;
            case Woken::wake:
                if (picture_woke.load())
                    ++wake_ups.pictures;
                else if (health_woke.exchange(false))
                    ++wake_ups.health;
                else if (cue_woke.exchange(false))
                    ++wake_ups.cues;
                else
                    ++(clip_woke.exchange(false) ? wake_ups.clips : wake_ups.woken);
                break;
            case Woken::signal:
                ++wake_ups.signals;
                break;
            case Woken::input:
                ++wake_ups.input;
                break;
            case Woken::watched:
                ++wake_ups.playlist;
                break;
            case Woken::clock_set:
                ++wake_ups.clock_set;
                break;
        }
    }

    // "app: 259 wake-ups in 60 s: 252 for frames of fades, 7 at deadlines"
    void log_wake_ups(steady::duration ran) const {
        std::string why;
        auto add = [&](unsigned long long n, const char* what) {
            if (n) why += fmt::format("{}{} {}", why.empty() ? ": " : ", ", n, what);
        };
        add(wake_ups.fade_frames, "for frames of fades");
        add(wake_ups.strip_frames, "for the strip");
        add(wake_ups.deadlines, "at deadlines");
        add(wake_ups.woken, "by the worker");
        add(wake_ups.cues, "by cues");
        add(wake_ups.clips, "by clips");
        add(wake_ups.input, "by input");
        add(wake_ups.signals, "by signals");
        add(wake_ups.playlist, "by the playlist file");
        add(wake_ups.clock_set, "by a step of the clock");
        add(wake_ups.pictures, "for the control page's picture");
        add(wake_ups.health, "by a change of the board's health");
        log::info("app", "{} in {:.0f} s{}", plural(wake_ups.total(), "wake-up"),
                  std::chrono::duration<double>(ran).count(), why);
    }

    int run() {
        const auto started = steady::now();
        const auto frame_time = std::chrono::microseconds(16'667);
        std::optional<steady::time_point> exit_at;
        if (options.exit_after) exit_at = started + *options.exit_after;
        if (!follow_screen_hours()) advance(+1);
        unsigned long long seen_generation = snapshot ? snapshot->generation : 0;
        while (true) {
            if (!handle_events() || Sleeper::quit_requested()) break;
            take_cues();
            if (picture_woke.exchange(false)) make_picture();
            if (options.service) options.service->watchdog();
            if (Service::reload_requested()) {
                log::notice("config", "{}: reading the playlist again, as asked (SIGHUP)", source->name());
                if (options.service) options.service->reloading();
                source->refresh_now();
                check_reload();
                if (options.service) options.service->ready();
            }
            auto now = steady::now();
            if (exit_at && now >= *exit_at) break;
            // Every part's next deadline; nothing else wakes the loop but wake(), input,
            // signals, the playlist's folder and steps of the clock.
            Earliest deadline;
            deadline.consider(exit_at);
            if (const auto expiry = board.next_expiry()) deadline.consider(steady_at(*expiry));
            if (options.service) deadline.consider(options.service->next_watchdog());
            if (follow_screen_hours()) {
                // Off: the playlist is still followed (its hours may change), the content
                // still fetched, so that the screen wakes to what is new.
                check_reload();
                take_pending();
                deadline.consider(source->next_poll());
                deadline.consider(screen_change_deadline());
                tell_clips_busy();
                tick_strip(now);  // off: nothing moves
                sleep_until(deadline.at, false);
                continue;
            }
            deadline.consider(pump_clips(now));
            if (fading) {
                double t = std::chrono::duration<double>(now - fade_start) / options.fade;
                // The next frame on the fade's own beat: a late wake-up or a slow frame does
                // not push the later frames back (nor add one to the fade), and a wake-up
                // between beats (a clip's news) draws nothing.
                const auto beat = fade_start + (now - fade_start) / frame_time * frame_time + frame_time;
                if (now >= fade_frame_due || t >= 1.0) {
                    if (screen.draw_fade(t)) {
                        presented();
                        fade_sounds(std::min(t, 1.0));
                    }
                    fade_frame_due = beat;  // a step too small to draw waits for the next beat
                }
                if (t >= 1.0) {
                    fading = false;
                    fade_sounds(1.0);
                    screenshot();
                } else {
                    deadline.consider(std::max(fade_frame_due, now));
                }
            }
            if (!fading) {
                check_reload();
                auto latest = worker.snapshot();
                if (latest && latest->generation != seen_generation) {
                    seen_generation = latest->generation;
                    snapshot = latest;
                    publish_status();
                    // Content arrived while the waiting frame was up: show it now.
                    if (current && current->waiting &&
                        !schedule::build(*playlist, *snapshot, clock.now_seconds()).empty())
                        slide_end = now;
                }
                if (!paused && now >= slide_end && !arriving) {
                    advance(+1);
                    continue;
                }
                refresh_if_changed();
                if (fading) continue;  // an event ended: its fade starts now
                if (!paused && !arriving) deadline.consider(slide_end);
                deadline.consider(preroll_next(now));
                deadline.consider(source->next_poll());
                deadline.consider(screen_change_deadline());
                if (current && current->words_change_at) deadline.consider(steady_at(*current->words_change_at));
                if (current && current->leaves_at) deadline.consider(steady_at(*current->leaves_at));
            }
            tell_clips_busy();
            const auto strip_frame = tick_strip(steady::now());
            deadline.consider(strip_frame);
            sleep_until(deadline.at, fading, strip_frame);
        }
        log_wake_ups(steady::now() - started);
        log_strip_steps();
        return 0;
    }
};

Player::Player(PlayerOptions options, std::shared_ptr<const config::Playlist> playlist,
               std::unique_ptr<PlaylistSource> source, render::Screen& screen, render::Fonts& fonts,
               content::Worker& worker, const Clock& clock)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(playlist), std::move(source), screen, fonts, worker,
                                   clock)) {}

Player::~Player() {
    impl_.reset();  // its clips, and with them their GL targets, first
    video::GlTarget::free_kept();
}

int Player::run() {
    return impl_->run();
}

void Player::wake() {
    impl_->sleeper.wake();
}

cues::Desk& Player::desk() {
    return *impl_->desk;
}

WakeUps Player::wake_ups() const {
    return impl_->wake_ups;
}

unsigned long long WakeUps::total() const {
    return fade_frames + strip_frames + deadlines + woken + clips + input + signals + playlist + clock_set + cues +
           pictures + health;
}

}  // namespace placard::app
