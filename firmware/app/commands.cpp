#include "app/commands.hpp"

#include <termios.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include <SDL.h>
#include <SDL_image.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "app/broker_link.hpp"
#include "app/display.hpp"
#include "app/environment.hpp"
#include "app/player.hpp"
#include "app/playlist_source.hpp"
#include "app/slide_json.hpp"
#include "app/status.hpp"
#include "app/strip.hpp"
#include "config/load.hpp"
#include "config/located_json.hpp"
#include "config/text_position.hpp"
#include "content/worker.hpp"
#include "control/auth.hpp"
#include "control/playlist_editor.hpp"
#include "control/server.hpp"
#include "kinds/kinds.hpp"
#include "layout/slide_layout.hpp"
#include "media/image.hpp"
#include "render/compose.hpp"
#include "render/fonts.hpp"
#include "render/painter.hpp"
#include "render/screen.hpp"
#include "schedule/schedule.hpp"
#include "store/atomic_file.hpp"
#include "util/log.hpp"
#include "util/time.hpp"
#include "util/version.hpp"
#include "video/clip_options.hpp"
#include "video/probe.hpp"
#include "video/still.hpp"
#include "web/browser.hpp"
#include "web/helper.hpp"

namespace placard::app {
namespace {

namespace fs = std::filesystem;
std::chrono::steady_clock::time_point process_started = std::chrono::steady_clock::now();
using PlaylistPtr = std::shared_ptr<const config::Playlist>;

// A file, or a playlist on the web fetched once.
config::LoadResult load_any(const std::string& name) {
    if (config::is_web_address(name)) return fetch_playlist(name, std::chrono::seconds(30));
    return kinds::load_playlist_file(name);
}

void print_problems(const config::LoadResult& loaded) {
    for (const auto& p : loaded.problems) std::fprintf(stderr, "%s\n", config::format(p).c_str());
}

// Loads the playlist for `run`: the file if it is valid; else the last good one from
// the cache; else an empty one that shows the waiting frame until the file is fixed.
// A playlist on the web starts from the last good one at once, fetched afterwards.
// `broken` is set when the file has problems, for the screen to say so.
Result<PlaylistPtr> playlist_for_run(const std::string& name, const fs::path& cache, bool& broken) {
    config::Playlist empty;
    if (config::is_web_address(name)) {
        if (auto good = recall_good(cache, name)) return std::make_shared<const config::Playlist>(std::move(*good));
        empty.file = name;
        return std::make_shared<const config::Playlist>(std::move(empty));
    }
    const fs::path file = name;
    std::error_code ec;
    if (!fs::exists(file, ec))
        return Error{file.string(), "no such playlist",
                     "give the path of a playlist, or run `placard run` for the demo"};
    auto loaded = kinds::load_playlist_file(file);
    const std::string absolute = fs::absolute(file).string();
    if (loaded.playlist) {
        std::ifstream in(file, std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        remember_good(cache, absolute, text.str());
        return std::make_shared<const config::Playlist>(std::move(*loaded.playlist));
    }
    log::error("config", "{}: {} problem{}; fix them (see `placard check {}`)", file.string(), loaded.problems.size(),
               loaded.problems.size() == 1 ? "" : "s", file.string());
    for (const auto& p : loaded.problems) log::error("config", "{}", config::format(p));
    broken = true;
    if (auto good = recall_good(cache, absolute)) {
        log::warning("config", "{}: playing the last good version of the playlist until the file is fixed",
                     file.string());
        return std::make_shared<const config::Playlist>(std::move(*good));
    }
    empty.file = fs::absolute(file);
    return std::make_shared<const config::Playlist>(std::move(empty));
}

std::optional<layout::Size> display_size(const config::Playlist& p) {
    if (!p.display.size) return std::nullopt;
    return layout::Size{p.display.size->first, p.display.size->second};
}

// display.hours for people: "every day 07:00-23:30", "Sun, Sat 10:00-18:00 and Mon 09:00-12:00".
std::string describe_hours(const std::vector<config::When>& spans) {
    std::string out;
    for (const auto& span : spans) {
        std::string part;
        if (span.days.empty()) part = "every day";
        for (size_t i = 0; i < span.days.size(); ++i)
            part += (i ? ", " : "") + schedule::weekday_name(span.days[i], "en").substr(0, 3);
        if (span.hours.empty()) part += " all day";
        for (size_t i = 0; i < span.hours.size(); ++i) {
            const auto& h = span.hours[i];
            part += fmt::format("{}{:02}:{:02}-{:02}:{:02}", i ? ", " : " ", h.begin / 60, h.begin % 60, h.end / 60,
                                h.end % 60);
        }
        out += (out.empty() ? "" : " and ") + part;
    }
    return out;
}

// Loads a playlist for the commands that only read it; prints its problems.
std::optional<config::Playlist> load_or_print(const std::string& file) {
    auto loaded = load_any(file);
    if (!loaded.playlist) print_problems(loaded);
    return loaded.playlist;
}

// What `slides` and `preview` show: one pass of a worker over the sources, then the
// slides due at --at (or now).
struct OnePass {
    SysTime now;
    layout::Size size;
    content::SnapshotPtr snapshot;
    std::vector<schedule::SlideSpec> slides;
};

OnePass fetch_once(const Options& o, const config::Playlist& playlist) {
    OnePass pass;
    pass.now = at_time(o, playlist.display.zone).value_or(SystemClock().now_seconds());
    // Frames are upright, within the overscan margins: a panel turned on its side gives
    // portrait slides.
    const layout::Size panel = display_size(playlist).value_or(layout::Size{1920, 1080});
    const layout::Insets m = overscan_of(playlist.display);
    pass.size = o.size ? *o.size
                       : render::upright_size({std::max(160, panel.width - m.left - m.right),
                                               std::max(160, panel.height - m.top - m.bottom)},
                                              playlist.display.rotation);
    ManualClock clock(std::chrono::system_clock::time_point(pass.now));
    media::SdlImagePreparer preparer(pass.size.width, pass.size.height);
    content::WorkerOptions wo;
    wo.cache_dir = cache_dir(o.cache);
    wo.clock = &clock;
    wo.images = &preparer;
    wo.offline = o.offline;
    wo.cache_budget = o.cache_size.value_or(content::default_cache_budget);
    wo.screen_width = pass.size.width;
    wo.screen_height = pass.size.height;
    content::Worker worker(wo);
    worker.start(std::make_shared<const config::Playlist>(playlist));
    if (!worker.wait_first_pass(std::chrono::seconds(90)))
        log::warning("content", "some sources did not answer within 90 s; showing what there is");
    pass.snapshot = worker.snapshot();
    worker.stop();
    pass.slides = schedule::build(playlist, *pass.snapshot, pass.now);
    return pass;
}

}  // namespace

namespace {

// Each clip read without playing it: one that will not play is a problem; one that
// plays, but not smoothly on this board (on a PC: on a Pi 4), a warning. At the line and
// column of its "file", when the playlist is a file here.
struct ClipNote {
    config::Problem problem;
    bool warning = false;
};

std::vector<ClipNote> check_clips(const config::Playlist& playlist, const std::string& name) {
    video::quiet_libav();
    const video::Board here = video::this_board();
    const video::Board board = here == video::Board::other ? video::Board::pi4 : here;
    std::string text;
    std::optional<config::LocatedJson> located;
    if (!config::is_web_address(name)) {
        std::ifstream in(playlist.file, std::ios::binary);
        text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        if (auto parsed = config::parse_located_json(text); std::holds_alternative<config::LocatedJson>(parsed))
            located = std::move(std::get<config::LocatedJson>(parsed));
    }
    std::vector<ClipNote> notes;
    // A note at the value of `path` in the playlist's text.
    auto at = [&](const std::string& path) {
        ClipNote note;
        note.problem.file = name;
        note.problem.path = path;
        if (located) {
            if (auto it = located->where.find(path);
                it != located->where.end() && it->second.value != config::no_offset) {
                const auto position = config::position_of(text, it->second.value);
                note.problem.line = position.line;
                note.problem.column = position.column;
            }
        }
        return note;
    };
    auto check = [&](const std::string& path, const fs::path& file) {
        ClipNote note = at(path);
        auto facts = video::probe_clip(file);
        if (!facts) {
            note.problem.message = facts.error().to_string();
        } else if (auto heavy = video::too_much_for(*facts, board)) {
            note.problem.message = fmt::format("warning: {}: {}", file.filename().string(), *heavy);
            note.warning = true;
        } else {
            return;
        }
        notes.push_back(std::move(note));
    };
    // A web slide needs a browser on the display (placard recommends it, not requires it).
    if (auto browser = web::find_browser(); !browser)
        for (const config::Slide& slide : playlist.slides)
            if (slide.kind == &kinds::web) {
                ClipNote note = at(slide.path + ".url");
                note.problem.message =
                    fmt::format("warning: this web slide is not shown here: {}", browser.error().to_string());
                note.warning = true;
                notes.push_back(std::move(note));
            }
    for (const config::Slide& slide : playlist.slides) {
        if (slide.kind != &kinds::video) continue;
        // A clip at a web address is read when placard run has downloaded it.
        if (!slide.file.empty() && !config::is_web_address(slide.file.string()))
            check(slide.path + ".file", slide.file);
        // A folder's clips, as the folder source lists them now.
        auto source = playlist.sources.find(slide.source);
        if (slide.source.empty() || source == playlist.sources.end() || source->second.path.empty()) continue;
        std::error_code ec;
        std::vector<fs::path> clips;
        for (auto it = fs::directory_iterator(source->second.path, ec); !ec && it != fs::directory_iterator();
             it.increment(ec))
            if (config::is_clip_name(it->path().filename().string())) clips.push_back(it->path());
        std::sort(clips.begin(), clips.end());
        for (const auto& clip : clips) check(slide.path + ".source", clip);
    }
    return notes;
}

}  // namespace

int command_check(const Options& o) {
    auto loaded = load_any(o.playlist);
    if (!loaded.playlist) {
        print_problems(loaded);
        std::fprintf(stderr, "%s: %zu problem%s\n", o.playlist.c_str(), loaded.problems.size(),
                     loaded.problems.size() == 1 ? "" : "s");
        return 1;
    }
    const auto clips = check_clips(*loaded.playlist, o.playlist);
    size_t problems = 0;
    for (const auto& note : clips) {
        std::fprintf(stderr, "%s\n", config::format(note.problem).c_str());
        problems += note.warning ? 0 : 1;
    }
    if (problems) {
        std::fprintf(stderr, "%s: %zu problem%s\n", o.playlist.c_str(), problems, problems == 1 ? "" : "s");
        return 1;
    }
    std::printf("%s: OK, %zu source%s, %zu slide%s\n", o.playlist.c_str(), loaded.playlist->sources.size(),
                loaded.playlist->sources.size() == 1 ? "" : "s", loaded.playlist->slides.size(),
                loaded.playlist->slides.size() == 1 ? "" : "s");
    if (!loaded.playlist->display.hours.empty())
        std::printf("the screen is on %s, and off (black%s) at other times\n",
                    describe_hours(loaded.playlist->display.hours).c_str(),
                    loaded.playlist->display.cec ? ", the TV on standby" : "");
    return 0;
}

int command_slides(const Options& o) {
    auto playlist = load_or_print(o.playlist);
    if (!playlist) return 1;
    auto libs = Libraries::init(false, true);
    if (!libs) return fail(libs.error());
    auto [now, size, snapshot, slides] = fetch_once(o, *playlist);
    const std::string& locale = playlist->display.locale;
    const Zone& zone = playlist->display.zone;
    if (o.json) {
        for (const auto& s : slides) std::printf("%s\n", slide_to_json(s, locale, zone, now).dump().c_str());
    } else {
        for (size_t i = 0; i < slides.size(); ++i)
            std::printf("%s", slide_to_text(i + 1, slides[i], locale, zone, now).c_str());
        std::string status = waiting_status(*playlist, *snapshot);
        if (!status.empty()) std::printf("\n%s\n", status.c_str());
        if (slides.empty()) std::printf("no slides are due at %s\n", format_iso8601_utc(now).c_str());
    }
    return 0;
}

int command_preview(const Options& o) {
    auto playlist = load_or_print(o.playlist);
    if (!playlist) return 1;
    auto libs = Libraries::init(false, true);
    if (!libs) return fail(libs.error());
    auto fonts = render::Fonts::open();
    if (!fonts) return fail(fonts.error());
    auto [now, size, snapshot, slides] = fetch_once(o, *playlist);

    std::error_code ec;
    fs::create_directories(o.out, ec);
    if (ec) return fail(Error{o.out, fmt::format("cannot create the folder ({})", ec.message()), ""});
    layout::SlideContext ctx;
    ctx.screen = size;
    ctx.theme = layout::theme_named(playlist->display.theme);
    ctx.locale = playlist->display.locale;
    ctx.zone = playlist->display.zone;
    ctx.now = now;
    ctx.status = waiting_status(*playlist, *snapshot);
    // display.strip, as the screen shows it over every slide: its ticker at its start.
    auto strip = StripView::make(playlist->display, size);
    if (strip) {
        ctx.strip = strip->rect().h;
        ctx.strip_top = strip->top();
        strip->update(*playlist, snapshot.get(), now, {});
        strip->draw(std::chrono::steady_clock::now());
    }

    std::vector<std::pair<std::string, SurfacePtr>> pictures;
    auto save = [&](const std::string& name, SurfacePtr surface) -> bool {
        if (strip && strip->pixels()) {
            SDL_Rect at{strip->rect().x, strip->rect().y, strip->rect().w, strip->rect().h};
            SDL_BlitSurface(const_cast<SDL_Surface*>(strip->pixels()), nullptr, surface.get(), &at);
        }
        auto file = fs::path(o.out) / name;
        if (IMG_SavePNG(surface.get(), file.c_str()) != 0) {
            fail(Error{file.string(), fmt::format("cannot write ({})", IMG_GetError()), ""});
            return false;
        }
        std::printf("%s\n", file.c_str());
        pictures.emplace_back(name, std::move(surface));
        return true;
    };
    if (slides.empty()) {
        auto painted = render::paint(layout::layout_waiting(ctx, **fonts), **fonts);
        if (!painted || !save("01-waiting.png", std::move(*painted))) return 1;
    }
    for (size_t i = 0; i < slides.size(); ++i) {
        if (slides[i].kind->playback == config::Playback::moving) {
            // A clip: its frame at a tenth of the part that plays.
            auto still = video::still_of(video::clip_options(slides[i], playlist->display, size));
            if (still) {
                if (!save(fmt::format("{:02}-{}.png", i + 1, slides[i].kind->name), std::move(*still))) return 1;
                continue;
            }
            std::fprintf(stderr, "%s\n", still.error().to_string().c_str());
        }
        auto painted = render::paint(layout::layout_slide(slides[i], ctx, **fonts), **fonts);
        if (!painted) return fail(painted.error());
        if (!save(fmt::format("{:02}-{}.png", i + 1, slides[i].kind->name), std::move(*painted))) return 1;
    }

    // The contact sheet: every slide small, four to a row, with its file name under it.
    const int columns = std::min<int>(4, static_cast<int>(pictures.size()));
    const int rows = (static_cast<int>(pictures.size()) + columns - 1) / columns;
    const int thumb_w = 480, thumb_h = thumb_w * size.height / size.width, gap = 24, label_h = 36;
    auto sheet = render::make_surface(gap + columns * (thumb_w + gap), gap + rows * (thumb_h + label_h + gap));
    if (!sheet) return fail(sheet.error());
    SDL_FillRect(sheet->get(), nullptr, SDL_MapRGB((*sheet)->format, 40, 40, 40));
    for (size_t i = 0; i < pictures.size(); ++i) {
        int col = static_cast<int>(i) % columns, row = static_cast<int>(i) / columns;
        SDL_Rect to{gap + col * (thumb_w + gap), gap + row * (thumb_h + label_h + gap), thumb_w, thumb_h};
        SDL_SoftStretchLinear(pictures[i].second.get(), nullptr, sheet->get(), &to);
        layout::TextStyle style;
        style.max_px = 22;
        style.min_px = 12;
        style.max_lines = 1;
        style.color = {230, 230, 230, 255};
        auto block = layout::fit_text(**fonts, pictures[i].first, {0, 0, thumb_w, label_h}, style);
        layout::Frame f{{thumb_w, label_h}, {40, 40, 40, 255}, {layout::TextOp{block}}};
        if (auto painted = render::paint(f, **fonts)) {
            SDL_Rect at{to.x, to.y + thumb_h + 6, thumb_w, label_h};
            SDL_BlitSurface(painted->get(), nullptr, sheet->get(), &at);
        }
    }
    auto sheet_file = fs::path(o.out) / "contact-sheet.png";
    if (IMG_SavePNG(sheet->get(), sheet_file.c_str()) != 0)
        return fail(Error{sheet_file.string(), fmt::format("cannot write ({})", IMG_GetError()), ""});
    std::printf("%s\n", sheet_file.c_str());
    return 0;
}

int command_run(const Options& o) {
    const std::string name = o.playlist.empty() ? default_playlist().string() : o.playlist;
    fs::path cache = cache_dir(o.cache);
    bool broken = false;
    auto playlist = playlist_for_run(name, cache, broken);
    if (!playlist) return fail(playlist.error());

    // SDL's video is started by open_screen, which may wait for a display.
    auto libs = Libraries::init(false, o.headless);
    if (!libs) return fail(libs.error());
    Service service;
    render::ScreenOptions so;
    so.headless = o.headless;
    so.window = o.window;
    so.size = display_size(**playlist);
    so.renderer = o.renderer;
    so.rotation = (*playlist)->display.rotation;
    so.margins = overscan_of((*playlist)->display);
    auto screen = open_screen(so, service);
    if (!screen) return fail(screen.error());
    if (!*screen) return 0;  // stopped while waiting for a display
    auto fonts = render::Fonts::open();
    if (!fonts) return fail(fonts.error());

    std::unique_ptr<Clock> clock;
    if (auto at = at_time(o, (*playlist)->display.zone))
        clock = std::make_unique<OffsetClock>(std::chrono::system_clock::time_point(*at));
    else
        clock = std::make_unique<SystemClock>();

    media::SdlImagePreparer preparer((*screen)->size().width, (*screen)->size().height);
    std::atomic<Player*> player_ptr{nullptr};
    content::WorkerOptions wo;
    wo.cache_dir = cache;
    wo.clock = clock.get();
    wo.images = &preparer;
    wo.offline = o.offline;
    wo.cache_budget = o.cache_size.value_or(content::default_cache_budget);
    wo.screen_width = (*screen)->size().width;
    wo.screen_height = (*screen)->size().height;
    wo.wake = [&player_ptr] {
        if (Player* p = player_ptr.load()) p->wake();
    };
    content::Worker worker(wo);
    worker.start(*playlist);

    Service::handle_reload_signal();
    PlayerOptions po;
    po.service = &service;
    po.exit_after = o.exit_after;
    po.screenshots = o.screenshots;
    po.frame_log = o.frame_log;
    po.started = process_started;
    if (auto state = state_dir(o.state))
        po.state_dir = *state;
    else
        log::warning("cues", "{}; cues (announcements, a blank) will not survive a restart", state.error().to_string());
    if (broken) po.playlist_problem = app::playlist_problem_status;
    health::Sources health;
    health.root = health::root_from_environment();
    health.cache = cache;
    po.health = health;
    po.plays = cache / "plays";
    // Only a real screen has a TV behind it to switch: never from tests or a window.
    if (!o.headless && !o.window) po.open_tv = [] { return render::open_cec_tv(); };
    // The control page, when the playlist asks for it: a failure to start it is logged, and
    // the slides play on.
    auto desk = std::make_shared<cues::Desk>();
    control::Console console(desk, *clock);
    std::unique_ptr<control::Auth> auth;
    std::unique_ptr<control::PlaylistEditor> editor;
    std::unique_ptr<control::Server> server;
    if (const auto& control = (*playlist)->display.control) {
        if (po.state_dir.empty()) {
            log::error("control", "the control page needs a state folder for its password: give --state DIR");
        } else {
            auth = std::make_unique<control::Auth>(po.state_dir, [&player_ptr] {
                if (Player* p = player_ptr.load()) p->wake();
            });
            control::ServerOptions serve;
            serve.listen = control->listen;
            serve.tls = control->tls;
            serve.state = po.state_dir;
            serve.names = control->names;
            serve.plays = cache / "plays";
            if (!config::is_web_address(name)) {
                editor =
                    std::make_unique<control::PlaylistEditor>(name, [file = fs::path(name)](std::string_view text) {
                        std::vector<control::PlaylistProblem> found;
                        for (const config::Problem& p : kinds::load_playlist(text, file).problems)
                            found.push_back({p.line, p.column, p.path, p.message});
                        return found;
                    });
                serve.playlist = editor.get();
            }
            // Posters judged as the worker will take them: the header first, then decoded
            // as for this screen.
            serve.probe = [](std::string_view bytes) -> Result<control::PictureSize> {
                auto d = media::probe(bytes);
                if (!d) return d.error();
                return control::PictureSize{d->width, d->height};
            };
            serve.decode = [size = (*screen)->size()](std::string_view bytes) -> Result<void> {
                auto decoded = media::decode(bytes, {size.width, size.height});
                if (!decoded) return decoded.error();
                return {};
            };
            serve.poster_saved = [&worker](const std::string& source) { worker.refresh_source(source); };
            // No poster is taken that the worker would not prepare.
            serve.poster_limits.pixels = media::Limits{}.max_pixels;
            serve.poster_limits.bytes = std::min(serve.poster_limits.bytes, media::Limits{}.max_bytes);
            if (auto started = control::Server::start(serve, *auth, console))
                server = std::move(*started);
            else
                log::error("control", "{}; the slides play on without the control page", started.error().to_string());
        }
    }
    po.desk = desk;
    po.console = &console;
    // The broker, when the playlist names one: cues from organizers to every hall, the
    // display's status back. A broker that cannot be reached is tried again, and logged.
    std::unique_ptr<broker::Link> link;
    if (const auto& b = (*playlist)->display.broker)
        link = start_broker_link(
            *b, console, po.state_dir,
            std::make_shared<media::SdlImagePreparer>((*screen)->size().width, (*screen)->size().height));
    // Until a password is set, the screen's corner says where the page is and the code
    // that sets it, with the certificate's fingerprint to check the first visit against.
    po.notice = [&server, &auth]() -> std::string {
        if (!server || !auth) return {};
        const std::string code = auth->setup_code();
        if (code.empty()) return {};
        std::string words = fmt::format("Control page {} \u00b7 setup code {} {}", server->address(),
                                        code.substr(0, code.size() / 2), code.substr(code.size() / 2));
        if (server->tls()) words += " \u00b7 certificate " + server->fingerprint().substr(0, 35) + "\u2026";
        return words;
    };
    std::unique_ptr<PlaylistSource> source;
    if (config::is_web_address(name)) {
        WebPlaylistOptions web;
        web.worker = &worker;
        web.have_good = !(*playlist)->slides.empty();
        web.offline = o.offline;
        source = watch_web(name, cache, web);
    } else {
        source = watch_file(name, cache, po.reload_check);
    }
    Player player(po, *playlist, std::move(source), **screen, **fonts, worker, *clock);
    player_ptr = &player;
    log::notice("app", "placard {} playing {}", version, name);
    int status = player.run();
    service.stopping();
    console.set_listener({});
    link.reset();
    player_ptr = nullptr;
    worker.stop();
    return status;
}

namespace {

// A line from the terminal with its echo off.
std::string read_secret(const char* prompt) {
    std::fputs(prompt, stderr);
    std::fflush(stderr);
    termios old{};
    const bool tty = tcgetattr(STDIN_FILENO, &old) == 0;
    if (tty) {
        termios quiet = old;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    std::string line;
    std::getline(std::cin, line);
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
        std::fputs("\n", stderr);
    }
    return line;
}

}  // namespace

int command_passwd(const Options& o) {
    auto state = state_dir(o.state);
    if (!state) return fail(state.error());
    std::string password;
    if (isatty(STDIN_FILENO)) {
        password = read_secret("New password for the control page: ");
        if (read_secret("The same again: ") != password) {
            std::fprintf(stderr, "placard: the two passwords differ; nothing was changed\n");
            return 1;
        }
    } else {
        std::getline(std::cin, password);  // the first line, from a script
    }
    if (!password.empty() && password.back() == '\r') password.pop_back();
    if (auto written = control::write_password(*state, password); !written) return fail(written.error());
    std::printf("The control page's password is set (%s).\n", control::password_file(*state).c_str());
    return 0;
}

int command_token(const Options& o) {
    auto state = state_dir(o.state);
    if (!state) return fail(state.error());
    if (o.list) {
        const auto tokens = control::list_api_tokens(*state);
        for (const auto& t : tokens) std::printf("%s  %s  %s\n", t.id.c_str(), t.made.c_str(), t.name.c_str());
        if (tokens.empty()) std::fprintf(stderr, "No API token is in %s.\n", control::tokens_file(*state).c_str());
        return 0;
    }
    if (!o.revoke.empty()) {
        if (auto revoked = control::revoke_api_token(*state, o.revoke); !revoked) return fail(revoked.error());
        std::fprintf(stderr, "Token %s revoked: it is refused from now on.\n", o.revoke.c_str());
        return 0;
    }
    auto token = control::add_api_token(*state, o.name.empty() ? std::string("placard token") : o.name);
    if (!token) return fail(token.error());
    std::printf("%s\n", token->c_str());
    std::fflush(stdout);  // the token first, then the words about it
    std::fprintf(stderr, "Give it as \"Authorization: Bearer TOKEN\". Only its hash is kept, in %s.\n",
                 control::tokens_file(*state).c_str());
    return 0;
}

int main(int argc, char** argv) {
    process_started = std::chrono::steady_clock::now();
    auto options = parse_options(argc, argv);
    if (!options) {
        std::fprintf(stderr, "placard: %s\n", options.error().to_string().c_str());
        return 2;
    }
    try {
        switch (options->command) {
            case Command::help:
                std::fputs(usage_text, stdout);
                return 0;
            case Command::version:
                std::printf("placard %s\n", version);
                return 0;
            case Command::check:
                return command_check(*options);
            case Command::slides:
                return command_slides(*options);
            case Command::preview:
                return command_preview(*options);
            case Command::run:
                return command_run(*options);
            case Command::passwd:
                return command_passwd(*options);
            case Command::token:
                return command_token(*options);
            case Command::keygen:
                return command_keygen(*options);
            case Command::cue:
                return command_cue(*options);
            case Command::fleet:
                return command_fleet(*options);
            case Command::web_helper:
                return web::serve_one(STDIN_FILENO, STDOUT_FILENO);
        }
    } catch (const std::exception& e) {
        log::error("app", "unexpected error: {}", e.what());
        return 1;
    }
    return 0;
}

}  // namespace placard::app
