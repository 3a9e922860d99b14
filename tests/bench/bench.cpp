// placard's benchmark: prints figures, asserts nothing. Run it on an idle machine:
//   build/release/tests/placard_bench   (or build/dev/tests/placard_bench)
//   build/dev/tests/placard_bench [OTHER-PLACARD]   (the deck figures for another build too)
// Every figure comes with a baseline measured in the same run, since machines are noisy.
// One function per figure; main() lists them.
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <SDL.h>
#include <SDL_image.h>
#include <SDL_ttf.h>
#include <curl/curl.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <mutex>
#include <numeric>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "broker/client.hpp"
#include "broker/keys.hpp"
#include "broker/signed_cue.hpp"
#include "broker/topics.hpp"
#include "cues/cue.hpp"
#include "kinds/kinds.hpp"
#include "layout/slide_layout.hpp"
#include "media/image.hpp"
#include "render/blend.hpp"
#include "render/fonts.hpp"
#include "render/painter.hpp"
#include "render/screen.hpp"
#include "support/mosquitto.hpp"
#include "support/xvfb.hpp"
#include "util/file.hpp"
#include "util/log.hpp"
#include "util/time.hpp"
#include "video/clip.hpp"
#include "video/probe.hpp"
#include "web/browser.hpp"

namespace fs = std::filesystem;
using namespace placard;
using clock_type = std::chrono::steady_clock;

namespace {

struct Child {
    int status = -1;
    std::string output;
    double cpu_seconds = 0;
    long max_rss_kb = 0;
    double wall_seconds = 0;
};

// Runs placard with `args`, collecting its output, CPU time and peak RSS (wait4).
Child run_placard(const std::vector<std::string>& args) {
    Child c;
    fs::path log = fs::temp_directory_path() / ("placard-bench-" + std::to_string(getpid()) + ".log");
    auto start = clock_type::now();
    pid_t pid = fork();
    if (pid == 0) {
        std::FILE* f = std::fopen(log.c_str(), "w");
        dup2(fileno(f), STDOUT_FILENO);
        dup2(fileno(f), STDERR_FILENO);
        std::vector<char*> argv;
        argv.push_back(const_cast<char*>(PLACARD_BINARY));
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        setenv("SDL_VIDEODRIVER", "offscreen", 1);
        execv(PLACARD_BINARY, argv.data());
        _exit(127);
    }
    rusage usage{};
    wait4(pid, &c.status, 0, &usage);
    c.wall_seconds = std::chrono::duration<double>(clock_type::now() - start).count();
    auto seconds = [](const timeval& t) {
        return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
    };
    c.cpu_seconds = seconds(usage.ru_utime) + seconds(usage.ru_stime);
    c.max_rss_kb = usage.ru_maxrss;
    std::ifstream in(log);
    std::stringstream ss;
    ss << in.rdbuf();
    c.output = ss.str();
    fs::remove(log);
    return c;
}

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    if (v.empty()) return 0;
    size_t i = std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5));
    return v[i];
}

double mb(const Child& c) {
    return static_cast<double>(c.max_rss_kb) / 1024.0;
}

double median(std::vector<double> v) {
    return percentile(std::move(v), 0.5);
}

void first_frame(const fs::path& demo, const fs::path& cache) {
    // Warm the cache (feeds parsed, pictures prepared at 1920x1080).
    run_placard({"slides", demo.string(), "--offline", "--size", "1920x1080", "--cache", cache.string()});
    std::vector<double> frames, version;
    std::regex first("first frame after ([0-9]+) ms");
    for (int i = 0; i < 5; ++i) {
        auto c = run_placard({"run", demo.string(), "--headless", "--renderer", "software", "--exit-after", "1s",
                              "--cache", cache.string(), "--offline"});
        std::smatch m;
        if (std::regex_search(c.output, m, first)) frames.push_back(std::stod(m[1]));
        auto v = run_placard({"--version"});
        version.push_back(v.wall_seconds * 1000);
    }
    std::printf(
        "first frame from a warm cache (1920x1080, software, demo): median %.0f ms over %zu runs "
        "(target < 250 ms); a bare `placard --version` process: %.1f ms\n",
        median(frames), frames.size(), median(version));
}

void crossfade() {
    SDL_SetHint(SDL_HINT_VIDEODRIVER, "offscreen");
    SDL_Init(SDL_INIT_VIDEO);
    TTF_Init();
    auto fonts = render::Fonts::open();
    if (!fonts) {
        std::printf("crossfade: no fonts\n");
        return;
    }
    schedule::SlideSpec a, b;
    a.kind = &kinds::text;
    a.title = "Our aims";
    a.bullets = {"Against the backing for the regime", "Justice for the victims", "Defend democratic rights"};
    b.kind = &kinds::donate;
    b.title = "Make a donation";
    b.text = "Every pound keeps the caravan on the road.";
    b.qr = "https://example.org/donate";
    b.link = b.qr;
    // Frame times of 4 fades of 60 frames each, back and forth between the two slides.
    const int frames = 240;
    auto fade_times = [&](int rotation, SurfacePtr* keep_a, SurfacePtr* keep_b) {
        std::vector<double> times;
        render::ScreenOptions o;
        o.headless = true;
        o.size = layout::Size{1920, 1080};
        o.rotation = rotation;
        auto screen = render::Screen::open(o);
        if (!screen) return times;
        layout::SlideContext ctx;
        ctx.screen = (*screen)->size();
        ctx.theme = layout::theme_named("dark");
        auto fa = render::paint(layout::layout_slide(a, ctx, **fonts), **fonts);
        auto fb = render::paint(layout::layout_slide(b, ctx, **fonts), **fonts);
        if (!fa || !fb) return times;
        (*screen)->show(**fa);
        for (int i = 0; i < frames; ++i) {
            if (i % 60 == 0) (*screen)->begin_fade((i / 60) % 2 == 0 ? **fb : **fa);
            auto t0 = clock_type::now();
            (*screen)->draw_fade((i % 60 + 1) / 60.0);
            times.push_back(std::chrono::duration<double, std::milli>(clock_type::now() - t0).count());
        }
        if (keep_a) *keep_a = std::move(*fa);
        if (keep_b) *keep_b = std::move(*fb);
        return times;
    };
    SurfacePtr fa, fb;
    std::vector<double> ours = fade_times(0, &fa, &fb);
    std::vector<double> turned = fade_times(90, nullptr, nullptr);
    if (ours.empty() || turned.empty() || !fa || !fb) {
        std::printf("crossfade: cannot open a headless screen\n");
        return;
    }
    // Baseline: the same fade drawn the SDL way, two textures with alpha, on SDL's
    // software renderer for the same window size.
    SDL_Window* w = SDL_CreateWindow("baseline", 0, 0, 1920, 1080, 0);
    SDL_Renderer* r = SDL_CreateRenderer(w, -1, SDL_RENDERER_SOFTWARE);
    SDL_Texture* ta = SDL_CreateTextureFromSurface(r, fa.get());
    SDL_Texture* tb = SDL_CreateTextureFromSurface(r, fb.get());
    SDL_SetTextureBlendMode(tb, SDL_BLENDMODE_BLEND);
    std::vector<double> sdl;
    for (int i = 0; i < frames / 4; ++i) {
        auto t0 = clock_type::now();
        SDL_RenderClear(r);
        SDL_RenderCopy(r, ta, nullptr, nullptr);
        SDL_SetTextureAlphaMod(tb, static_cast<Uint8>((i % 60) * 4));
        SDL_RenderCopy(r, tb, nullptr, nullptr);
        SDL_RenderPresent(r);
        sdl.push_back(std::chrono::duration<double, std::milli>(clock_type::now() - t0).count());
    }
    std::printf(
        "crossfade frame at 1920x1080 (software): p50 %.2f ms, p99 %.2f ms over %d frames (target p99 < 16.7 ms); "
        "SDL's own alpha copies: p50 %.2f ms, p99 %.2f ms; ratio ours/SDL at p99: %.2f\n",
        percentile(ours, 0.5), percentile(ours, 0.99), frames, percentile(sdl, 0.5), percentile(sdl, 0.99),
        percentile(ours, 0.99) / std::max(1e-9, percentile(sdl, 0.99)));
    std::printf(
        "crossfade frame on the same panel turned 90 degrees (portrait slides): p50 %.2f ms, p99 %.2f ms; "
        "ratio turned/upright at p99: %.2f\n",
        percentile(turned, 0.5), percentile(turned, 0.99),
        percentile(turned, 0.99) / std::max(1e-9, percentile(ours, 0.99)));
    SDL_DestroyTexture(ta);
    SDL_DestroyTexture(tb);
    SDL_DestroyRenderer(r);
    SDL_DestroyWindow(w);
    fa.reset();
    fb.reset();
    fonts->reset();
    TTF_Quit();
    SDL_Quit();
}

// Resident memory of this process now, in MB (Linux: /proc/self/statm counts pages).
double resident_mb() {
    std::ifstream statm("/proc/self/statm");
    long size = 0, resident = 0;
    statm >> size >> resident;
    return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
}

void text_in_every_script() {
    SDL_SetHint(SDL_HINT_VIDEODRIVER, "offscreen");
    SDL_Init(SDL_INIT_VIDEO);
    TTF_Init();
    auto fonts = render::Fonts::open();
    if (!fonts) {
        std::printf("text: no fonts\n");
        return;
    }
    layout::SlideContext ctx;
    ctx.screen = layout::Size{1920, 1080};
    ctx.theme = layout::theme_named("dark");
    auto message = [](std::string text, std::string author, std::string place) {
        schedule::SlideSpec s;
        s.kind = &kinds::messages;
        s.text = std::move(text);
        s.author = std::move(author);
        s.place = std::move(place);
        return s;
    };
    // About the same length in characters: a Latin message, and one in Arabic, Hebrew,
    // Ukrainian, Greek and Japanese with emoji (bidi, four fallback fonts, colour bitmaps).
    const auto latin = message(
        "Greetings from the print workers of Leeds: our branch voted to affiliate and to send what we collected "
        "at the Christmas market. Stay put, we are with you, and the gates stay open.",
        "Dave Kettle, Print Workers' Branch 7", "Leeds, United Kingdom");
    const auto mixed = message(
        "\u0645\u0646 \u0639\u0645\u0651\u0627\u0644 \u0627\u0644\u0645\u064a\u0646\u0627\u0621 "
        "\u0646\u0636\u0627\u0644\u0643\u0645 \u0647\u0648 \u0646\u0636\u0627\u0644\u0646\u0627 \u270a "
        "\u05e1\u05d5\u05dc\u05d9\u05d3\u05e8\u05d9\u05d5\u05ea 2026 "
        "\u0421\u043e\u043b\u0456\u0434\u0430\u0440\u043d\u0456\u0441\u0442\u044c \u0437 "
        "\u0440\u043e\u0431\u0456\u0442\u043d\u0438\u043a\u0430\u043c\u0438 "
        "\u0391\u03bb\u03bb\u03b7\u03bb\u03b5\u03b3\u03b3\u03cd\u03b7 "
        "\u5de5\u5834\u3092\u5b88\u308a\u7d9a\u3051\u308b\u7686\u3055\u3093\u306e\u59ff\u306b"
        "\u52c7\u6c17\u3092\u3082\u3089\u3044\u307e\u3057\u305f\u3002 \u2764\ufe0f\U0001F91D",
        "\u0645\u0646\u0649 \u0627\u0644\u0633\u064a\u062f", "\u5927\u962a\u3001\u65e5\u672c");
    auto time_slide = [&](const schedule::SlideSpec& spec, int runs) {
        std::vector<double> ms;
        for (int i = 0; i < runs; ++i) {
            auto t0 = clock_type::now();
            auto painted = render::paint(layout::layout_slide(spec, ctx, **fonts), **fonts);
            ms.push_back(std::chrono::duration<double, std::milli>(clock_type::now() - t0).count());
        }
        return ms;
    };
    time_slide(latin, 3);  // warm: the slide's font opened at each size
    const double before = resident_mb();
    const double first_mixed = time_slide(mixed, 1)[0];  // fontconfig's lists, fallback fonts opened
    const double after = resident_mb();
    auto plain = time_slide(latin, 15);
    auto scripts = time_slide(mixed, 15);
    std::printf(
        "message slide at 1920x1080, layout and paint: Latin p50 %.1f ms; six scripts with emoji p50 %.1f ms "
        "(ratio %.2f), its first time %.1f ms (fallback fonts found and opened); resident memory that "
        "added: %.1f MB\n",
        median(plain), median(scripts), median(scripts) / std::max(1e-9, median(plain)), first_mixed, after - before);
    fonts->reset();
    TTF_Quit();
    SDL_Quit();
}

void still_slide_and_memory(const fs::path& demo, const fs::path& work) {
    auto still = work / "still.json";
    std::ofstream(still) << R"({ "version": 1, "slides": [ { "type": "text", "title": "Our aims",
        "bullets": ["Against the backing for the regime", "Justice for the victims"], "duration": "1h" } ] })";
    auto cache = (work / "cache-still").string();
    // The still slide's cost is the difference between 12 s and 2 s of the same run.
    auto short_run = run_placard(
        {"run", still.string(), "--headless", "--renderer", "software", "--exit-after", "2s", "--cache", cache});
    auto long_run = run_placard(
        {"run", still.string(), "--headless", "--renderer", "software", "--exit-after", "12s", "--cache", cache});
    double cpu = (long_run.cpu_seconds - short_run.cpu_seconds) / 10.0 * 100.0;
    std::printf("still slide for 10 s: %.2f %% of one core (target < 1 %%); start-up and first frame: %.2f CPU-s\n",
                cpu, short_run.cpu_seconds);
    // Cold: the first start, when the worker also decodes and scales every picture while the
    // slides play; warm: every start after that, with the pictures prepared in the cache.
    const std::vector<std::string> demo_args = {"run",        demo.string(), "--headless",
                                                "--renderer", "software",    "--exit-after",
                                                "40s",        "--cache",     (work / "cache-demo").string(),
                                                "--offline"};
    auto cold = run_placard(demo_args);
    auto warm = run_placard(demo_args);
    std::printf(
        "peak RSS playing the demo for 40 s at 1920x1080 (software, every kind of slide, fades): warm cache "
        "%.1f MB, cold cache %.1f MB (target < 60 MB); the still slide alone: %.1f MB\n",
        mb(warm), mb(cold), mb(long_run));
}

// --- In a real window: an X server of the bench's own (Xvfb), the default renderer ---

// The deck of the issue: six slides of 8 s (text, and pictures as they come from a camera),
// placard's fades between them.
fs::path write_deck(const fs::path& work) {
    const fs::path photos = fs::path(PLACARD_SOURCE_DIR) / "assets" / "demo" / "photos";
    auto image = [&](const char* name, const char* fit) {
        return fmt::format(R"({{ "type": "image", "file": "{}", "fit": "{}", "duration": "8s" }})",
                           (photos / name).string(), fit);
    };
    auto deck = work / "deck.json";
    std::ofstream(deck) << fmt::format(
        R"({{ "version": 1, "display": {{ "theme": "dark" }}, "slides": [ {}, {}, {}, {}, {}, {} ] }})",
        image("founding.jpg", "cover"),
        R"({ "type": "text", "title": "Our aims", "duration": "8s",
             "bullets": ["Hands off the occupied factories", "Pay the wages owed"] })",
        image("kilns.jpg", "cover"),
        R"({ "type": "text", "title": "Film screening", "duration": "8s",
             "body": "Friday 19:30 at the Miners' Hall. Free entry, everybody welcome." })",
        image("picket.jpg", "contain"),
        R"({ "type": "donate", "title": "Make a donation", "body": "Every pound counts.",
             "url": "https://example.org/donate", "duration": "8s" })");
    return deck;
}

// What a process costs as it runs: CPU (its own and its waited children's) and PSS.
struct ProcessSample {
    double seconds = 0;  // since the start
    double cpu_seconds = 0;
    double pss_mib = 0;
};

std::optional<ProcessSample> sample_process(pid_t pid, double seconds) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    const auto close_paren = text.rfind(')');
    if (close_paren == std::string::npos) return std::nullopt;
    std::istringstream fields(text.substr(close_paren + 2));
    std::vector<std::string> f{std::istream_iterator<std::string>(fields), std::istream_iterator<std::string>()};
    if (f.size() < 15) return std::nullopt;
    // After the name: state is field 3 of stat(5), utime 14 ... cstime 17.
    const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
    ProcessSample s;
    s.seconds = seconds;
    s.cpu_seconds = (std::stod(f[11]) + std::stod(f[12]) + std::stod(f[13]) + std::stod(f[14])) / ticks;
    std::ifstream rollup("/proc/" + std::to_string(pid) + "/smaps_rollup");
    std::string line;
    while (std::getline(rollup, line))
        if (line.rfind("Pss:", 0) == 0) s.pss_mib = std::stod(line.substr(4)) / 1024.0;
    return s;
}

struct DeckFigures {
    bool ran = false;
    std::string renderer_line;  // what placard said it chose
    double startup_cpu = 0;     // CPU-s until playing (first 3 s)
    double cpu_per_minute = 0;  // CPU-s per minute while playing, start-up left out
    double peak_pss = 0, mean_pss = 0;
    std::string wake_ups;     // placard's line at exit: "N wake-ups in S s: ..."
    std::string strip_steps;  // and, with a moving ticker: "N steps; between steps ...; each drawn ..."
};

// The processes `root` started and those they started, itself included.
std::vector<pid_t> process_tree(pid_t root) {
    std::vector<std::pair<pid_t, pid_t>> parent_of;  // pid, its parent
    for (const auto& entry : fs::directory_iterator("/proc")) {
        const std::string name = entry.path().filename();
        if (name.empty() || !std::all_of(name.begin(), name.end(), ::isdigit)) continue;
        std::ifstream stat(entry.path() / "stat");
        std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
        const auto close_paren = text.rfind(')');
        if (close_paren == std::string::npos) continue;
        std::istringstream fields(text.substr(close_paren + 2));
        std::string state;
        pid_t parent = 0;
        fields >> state >> parent;
        parent_of.emplace_back(std::stoi(name), parent);
    }
    std::vector<pid_t> tree{root};
    for (std::size_t i = 0; i < tree.size(); ++i)
        for (const auto& [pid, parent] : parent_of)
            if (parent == tree[i]) tree.push_back(pid);
    return tree;
}

// Samples `pid` (with `whole_tree`, every process under it too, summed) every 250 ms until
// it exits, or until `stop_after` seconds when given (then it is ended, its group with it).
DeckFigures sample_until_exit(pid_t pid, clock_type::time_point start, bool whole_tree,
                              std::optional<double> stop_after) {
    DeckFigures d;
    std::vector<ProcessSample> samples;
    while (waitpid(pid, nullptr, WNOHANG) == 0) {
        const double t = std::chrono::duration<double>(clock_type::now() - start).count();
        if (stop_after && t >= *stop_after) {
            kill(-pid, SIGTERM);
            for (int i = 0; i < 40 && waitpid(pid, nullptr, WNOHANG) == 0; ++i)
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
            kill(-pid, SIGKILL);
            waitpid(pid, nullptr, 0);
            break;
        }
        std::optional<ProcessSample> sum;
        for (pid_t p : whole_tree ? process_tree(pid) : std::vector<pid_t>{pid}) {
            if (auto s = sample_process(p, t)) {
                if (!sum) {
                    sum = s;
                } else {
                    sum->cpu_seconds += s->cpu_seconds;
                    sum->pss_mib += s->pss_mib;
                }
            }
        }
        if (sum) samples.push_back(*sum);
        std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
    // A zombie's /proc entry reads as empty: the last samples may be short.
    while (!samples.empty() && samples.back().pss_mib == 0) samples.pop_back();
    auto playing = std::find_if(samples.begin(), samples.end(), [](const ProcessSample& s) { return s.seconds >= 3; });
    if (samples.size() < 8 || playing == samples.end()) return d;
    d.ran = true;
    d.startup_cpu = playing->cpu_seconds;
    d.cpu_per_minute =
        (samples.back().cpu_seconds - playing->cpu_seconds) / (samples.back().seconds - playing->seconds) * 60;
    for (const auto& s : samples) d.peak_pss = std::max(d.peak_pss, s.pss_mib);
    d.mean_pss =
        std::accumulate(playing, samples.end(), 0.0, [](double a, const ProcessSample& s) { return a + s.pss_mib; }) /
        static_cast<double>(samples.end() - playing);
    return d;
}

// Plays the deck in a 1920x1080 window on `display` for `seconds`, with no --renderer
// (the default), sampling the process every 250 ms.
DeckFigures play_deck_in_window(const std::string& binary, const fs::path& deck, const fs::path& cache,
                                const std::string& display, int seconds) {
    fs::path log = fs::temp_directory_path() / ("placard-bench-deck-" + std::to_string(getpid()) + ".log");
    const std::string exit_after = std::to_string(seconds) + "s";
    const auto start = clock_type::now();
    pid_t pid = fork();
    if (pid == 0) {
        std::FILE* f = std::fopen(log.c_str(), "w");
        dup2(fileno(f), STDOUT_FILENO);
        dup2(fileno(f), STDERR_FILENO);
        setenv("DISPLAY", display.c_str(), 1);
        unsetenv("SDL_VIDEODRIVER");
        execl(binary.c_str(), binary.c_str(), "run", deck.c_str(), "--window", "1920x1080", "--exit-after",
              exit_after.c_str(), "--offline", "--cache", cache.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    DeckFigures d = sample_until_exit(pid, start, false, std::nullopt);
    std::ifstream in(log);
    std::string line;
    while (std::getline(in, line)) {
        if (line.find("OpenGL is") != std::string::npos || line.find(" renderer") != std::string::npos)
            d.renderer_line += (d.renderer_line.empty() ? "" : " / ") + line;
        if (const auto at = line.find("wake-up"); at != std::string::npos)
            d.wake_ups = line.substr(line.find(": ") + 2);
        static const std::string ticker = "the strip's ticker: ";
        if (const auto at = line.find(ticker); at != std::string::npos) d.strip_steps = line.substr(at + ticker.size());
    }
    fs::remove(log);
    return d;
}

void print_deck(const char* who, const DeckFigures& d) {
    if (!d.ran) {
        std::printf("  %s: did not play\n", who);
        return;
    }
    std::printf(
        "  %s: %.2f CPU-s per minute of the deck (start-up %.2f CPU-s left out); PSS peak %.1f MiB, mean %.1f MiB\n"
        "    (%s)\n",
        who, d.cpu_per_minute, d.startup_cpu, d.peak_pss, d.mean_pss, d.renderer_line.c_str());
}

// The same deck as a web page, as a Chromium kiosk would show it: the same pictures, texts
// and 1 s fades (CSS transitions), a slide every 8 s.
fs::path write_deck_page(const fs::path& work) {
    const fs::path photos = fs::path(PLACARD_SOURCE_DIR) / "assets" / "demo" / "photos";
    auto image = [&](const char* name, const char* fit) {
        return fmt::format(R"(<div class="slide"><img src="file://{}" style="object-fit: {}"></div>)",
                           (photos / name).string(), fit);
    };
    const fs::path page = work / "deck.html";
    std::ofstream(page)
        << R"(<!doctype html><html><head><meta charset="utf-8"><style>
html, body { margin: 0; height: 100%; background: #111; color: #f4f1ea; font-family: "DejaVu Sans", sans-serif; overflow: hidden; }
.slide { position: absolute; inset: 0; opacity: 0; transition: opacity 1s linear; display: flex;
         flex-direction: column; justify-content: center; padding: 0 8vw; }
.slide.on { opacity: 1; }
.slide img { position: absolute; inset: 0; width: 100%; height: 100%; }
h1 { font-size: 96px; margin: 0 0 40px; } p, li { font-size: 56px; line-height: 1.3; }
</style></head><body>
)" << image("founding.jpg", "cover")
        << R"(<div class="slide"><h1>Our aims</h1><ul><li>Hands off the occupied factories</li><li>Pay the wages owed</li></ul></div>
)" << image("kilns.jpg", "cover")
        << R"(<div class="slide"><h1>Film screening</h1><p>Friday 19:30 at the Miners' Hall. Free entry, everybody welcome.</p></div>
)" << image("picket.jpg", "contain")
        << R"(<div class="slide"><h1>Make a donation</h1><p>Every pound counts.</p><p>https://example.org/donate</p></div>
<script>
const slides = document.querySelectorAll('.slide');
let at = 0;
slides[0].classList.add('on');
setInterval(() => { slides[at].classList.remove('on'); at = (at + 1) % slides.length; slides[at].classList.add('on'); }, 8000);
</script></body></html>
)";
    return page;
}

// Chromium as a kiosk on `display`, with its defaults, showing the deck page for `seconds`:
// every process of its tree summed (the browser, the GPU process, the renderer, the zygotes).
DeckFigures play_page_in_chromium(const fs::path& page, const fs::path& profile, const std::string& display,
                                  int seconds) {
    const auto start = clock_type::now();
    pid_t pid = fork();
    if (pid == 0) {
        setpgid(0, 0);  // its own group: ended with every process it started
        const int null = open("/dev/null", O_WRONLY);
        dup2(null, STDOUT_FILENO);
        dup2(null, STDERR_FILENO);
        setenv("DISPLAY", display.c_str(), 1);
        const std::string profile_arg = "--user-data-dir=" + profile.string();
        const std::string url = "file://" + page.string();
        std::vector<const char*> args{"chromium",
                                      "--kiosk",
                                      "--no-first-run",
                                      "--noerrdialogs",
                                      "--disable-infobars",
                                      "--window-position=0,0",
                                      "--window-size=1920,1080",
                                      "--password-store=basic",
                                      profile_arg.c_str()};
        // Chromium's sandbox refuses to start as root; as anybody else it stays on.
        if (geteuid() == 0) args.push_back("--no-sandbox");
        args.push_back(url.c_str());
        args.push_back(nullptr);
        execv("/usr/bin/chromium", const_cast<char* const*>(args.data()));
        _exit(127);
    }
    return sample_until_exit(pid, start, true, static_cast<double>(seconds));
}

// Figure: the deck in a real window under the default renderer, as a user starts it.
void deck_in_window(const fs::path& work, const std::string& other_binary) {
    test::Xvfb x;
    if (x.display().empty()) {
        std::printf("deck in a window: skipped, no Xvfb (apt-get install xvfb)\n");
        return;
    }
    const fs::path deck = write_deck(work);
    const fs::path cache = work / "cache-deck";
    run_placard({"slides", deck.string(), "--offline", "--cache", cache.string()});  // pictures prepared
    const int seconds = 60;
    std::printf("the deck (6 slides of 8 s, fades) for %d s in a 1920x1080 window under Xvfb, default renderer:\n",
                seconds);
    const DeckFigures ours = play_deck_in_window(PLACARD_BINARY, deck, cache, x.display(), seconds);
    print_deck("placard", ours);
    if (!other_binary.empty())
        print_deck(other_binary.c_str(), play_deck_in_window(other_binary, deck, cache, x.display(), seconds));
    if (access("/usr/bin/chromium", X_OK) != 0) {
        std::printf(
            "  Chromium kiosk baseline: skipped, /usr/bin/chromium is not installed (apt-get install chromium)\n");
        return;
    }
    const DeckFigures chromium =
        play_page_in_chromium(write_deck_page(work), work / "chromium-profile", x.display(), seconds);
    if (!chromium.ran) {
        std::printf("  Chromium kiosk: did not play\n");
        return;
    }
    std::printf(
        "  Chromium kiosk, the same deck as a page (every process of its tree): %.2f CPU-s per minute (start-up "
        "%.2f CPU-s left out); PSS peak %.1f MiB, mean %.1f MiB\n",
        chromium.cpu_per_minute, chromium.startup_cpu, chromium.peak_pss, chromium.mean_pss);
    if (ours.ran && chromium.cpu_per_minute > 0)
        std::printf("  placard / Chromium: CPU %.3f (target at most 0.1), mean PSS %.2f\n",
                    ours.cpu_per_minute / chromium.cpu_per_minute, ours.mean_pss / chromium.mean_pss);
}

// Figure (issue 18): a web slide's page drawn at 1920x1080 by the headless browser, its start
// included, next to an empty page (the browser's start alone) in the same run: medians of 3,
// and the browser's processes' peak memory (PSS, together).
void web_page_cost(const fs::path& work) {
    if (!web::find_browser()) {
        std::printf("web: skipped, no browser (apt-get install chromium-headless-shell)\n");
        return;
    }
    fs::create_directories(work / "web");
    const fs::path page = work / "web" / "appeal.html";
    std::ofstream(page) << R"(<!doctype html><html><head><meta charset="utf-8"><style>
body { margin: 0; font-family: "DejaVu Sans", sans-serif; background: #14171c; color: #f4f1ea; }
h1 { font-size: 90px; margin: 80px 120px 40px; } .bar { margin: 0 120px; height: 90px; background: #333; }
.fill { height: 100%; width: 0; background: #e23642; transition: width 1s; } p { font-size: 48px; margin: 40px 120px; }
</style></head><body><h1>Hardship fund</h1><div class="bar"><div class="fill" id="f"></div></div>
<p id="n">&pound;0 of &pound;20,000</p><script>
var raised = 13240; setTimeout(function () { document.getElementById('f').style.width = (raised / 200) + '%';
document.getElementById('n').textContent = '\u00a3' + raised.toLocaleString('en-GB') + ' of \u00a320,000'; }, 300);
</script></body></html>)";
    const fs::path blank = work / "web" / "blank.html";
    std::ofstream(blank) << "<!doctype html><html><body></body></html>";
    auto measure = [&](const fs::path& file, std::chrono::milliseconds wait) {
        std::vector<double> seconds;
        std::uint64_t peak = 0;
        for (int i = 0; i < 3; ++i) {
            web::PageRequest r;
            r.url = "file://" + file.string();
            r.wait = wait;
            r.scratch = work / "web";
            auto shot = web::render_page(r);
            if (!shot) {
                std::printf("  %s: %s\n", file.filename().c_str(), shot.error().to_string().c_str());
                return std::pair{0.0, peak};
            }
            seconds.push_back(std::chrono::duration<double>(shot->took).count());
            peak = std::max(peak, shot->peak_memory);
        }
        std::sort(seconds.begin(), seconds.end());
        return std::pair{seconds[1], peak};
    };
    const auto [empty_s, empty_peak] = measure(blank, std::chrono::milliseconds(0));
    const auto [page_s, page_peak] = measure(page, std::chrono::milliseconds(2000));
    std::printf(
        "web: a campaign page drawn at 1920x1080 with a 2 s wait: %.2f s (median of 3), peak %.0f MB; an empty page "
        "(the browser's start): %.2f s, peak %.0f MB; the page less its wait / the empty page: %.2f\n",
        page_s, static_cast<double>(page_peak) / 1048576.0, empty_s, static_cast<double>(empty_peak) / 1048576.0,
        empty_s > 0 ? (page_s - 2.0) / empty_s : 0.0);
}

// Figure (issue 18): display.strip in a 1920x1080 window under Xvfb, default renderer, over a
// still slide of ten minutes: without a strip, with its clock alone, and with the ticker of a
// feed; the CPU each costs a minute, and the ticker's steps: how many, how far apart (p50,
// p99, longest) and what each costs to draw and show, as placard logs them at its exit.
void strip_cost(const fs::path& work) {
    test::Xvfb x;
    if (x.display().empty()) {
        std::printf("strip: skipped, no Xvfb (apt-get install xvfb)\n");
        return;
    }
    fs::create_directories(work / "strip");
    const fs::path feed = fs::path(PLACARD_SOURCE_DIR) / "assets" / "demo" / "reports.xml";
    auto playlist = [&](const char* name, const std::string& strip) {
        const fs::path file = work / "strip" / name;
        std::ofstream(file) << R"({ "version": 1, "display": { )" << strip << R"( },
          "sources": { "news": { "type": "rss", "path": ")"
                            << feed.string() << R"(" } },
          "slides": [ { "type": "text", "title": "Our aims", "bullets": ["Hands off the occupied factories",
            "Pay the wages owed"], "duration": "10m" } ] })";
        return file;
    };
    const int seconds = 40;
    std::printf("display.strip over a still slide for %d s in a 1920x1080 window under Xvfb, default renderer:\n",
                seconds);
    struct Case {
        const char* what;
        fs::path file;
        DeckFigures d;
    };
    std::vector<Case> cases = {
        {"no strip", playlist("none.json", R"("theme": "dark")"), {}},
        {"the strip's clock alone", playlist("clock.json", R"("strip": { "clock": true })"), {}},
        {"the clock and the ticker (normal speed)", playlist("ticker.json", R"("strip": { "ticker": "news" })"), {}},
    };
    for (Case& c : cases) {
        c.d = play_deck_in_window(PLACARD_BINARY, c.file, work / "cache-strip", x.display(), seconds);
        if (!c.d.ran) {
            std::printf("  %s: did not play\n", c.what);
            continue;
        }
        std::printf("  %s: %.3f CPU-s per minute, PSS peak %.1f MiB; %s\n", c.what, c.d.cpu_per_minute, c.d.peak_pss,
                    c.d.wake_ups.c_str());
    }
    const DeckFigures& still = cases[0].d;
    const DeckFigures& ticker = cases[2].d;
    std::smatch m;
    static const std::regex steps("([0-9]+) for the strip");
    if (still.ran && ticker.ran && std::regex_search(ticker.wake_ups, m, steps)) {
        const double n = std::stod(m[1]);
        std::printf(
            "  the ticker: %.1f steps a second (target 60, 2 px each at 1080 lines); %.3f ms of CPU a step over the "
            "still slide's; ticker - still slide: %.3f CPU-s per minute (%.1f %% of a core)\n",
            n / seconds, (ticker.cpu_per_minute - still.cpu_per_minute) * seconds / 60.0 * 1000.0 / std::max(1.0, n),
            ticker.cpu_per_minute - still.cpu_per_minute,
            (ticker.cpu_per_minute - still.cpu_per_minute) / 60.0 * 100.0);
        std::printf("  the ticker's frames: %s\n", ticker.strip_steps.c_str());
    }
}

// For comparison with the floor: the plainest packed-pixel loop, two channels in a 32-bit
// lane, compiled here as the compiler likes.
__attribute__((noinline)) void packed_blend(const std::uint32_t* a, const std::uint32_t* b, std::uint32_t* out,
                                            std::size_t n, std::uint32_t w) {
    const std::uint32_t inv = 256 - w;
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint32_t rb = ((a[i] & 0x00FF00FFu) * inv + (b[i] & 0x00FF00FFu) * w) >> 8 & 0x00FF00FFu;
        const std::uint32_t ag = (((a[i] >> 8) & 0x00FF00FFu) * inv + ((b[i] >> 8) & 0x00FF00FFu) * w) & 0xFF00FF00u;
        out[i] = rb | ag;
    }
}

double thread_cpu_ms() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

double mean(const std::vector<double>& v) {
    return v.empty() ? 0 : std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

// Figure: a fade's frames on a 1920x1080 window (the X11 present included), next to the
// packed-pixel blend, the two measured in turn so that both see the same machine.
void fade_in_window() {
    test::Xvfb x;
    if (x.display().empty()) {
        std::printf("fade in a window: skipped, no Xvfb (apt-get install xvfb)\n");
        return;
    }
    setenv("DISPLAY", x.display().c_str(), 1);
    SDL_SetHint(SDL_HINT_VIDEODRIVER, "x11");
    if (SDL_Init(SDL_INIT_VIDEO) != 0) {
        std::printf("fade in a window: no SDL on %s (%s)\n", x.display().c_str(), SDL_GetError());
        return;
    }
    {
        render::ScreenOptions o;
        o.window = layout::Size{1920, 1080};
        auto screen = render::Screen::open(o);
        auto a = render::make_surface(1920, 1080);
        auto b = render::make_surface(1920, 1080);
        auto out = render::make_surface(1920, 1080);
        if (!screen || !a || !b || !out) {
            std::printf("fade in a window: cannot open a 1920x1080 window\n");
            SDL_Quit();
            return;
        }
        // Two frames of noise-free but different content: the cost does not depend on it.
        SDL_FillRect(a->get(), nullptr, SDL_MapRGB((*a)->format, 200, 40, 40));
        SDL_FillRect(b->get(), nullptr, SDL_MapRGB((*b)->format, 40, 40, 200));
        const std::size_t n = 1920u * 1080u;
        const auto* pa = static_cast<const std::uint32_t*>((*a)->pixels);
        const auto* pb = static_cast<const std::uint32_t*>((*b)->pixels);
        auto* po = static_cast<std::uint32_t*>((*out)->pixels);
        (*screen)->show(**a);
        // The floor: placard's own blend step over two 1920x1080 frames in plain memory,
        // with no window and nothing else around it.
        std::vector<std::uint32_t> floor_pixels(pa, pa + n);
        std::vector<double> wall, cpu, blend, plain;
        const int fades = 8, frames = 60;  // a 1 s fade at 60 Hz
        for (int f = 0; f < fades; ++f) {
            (*screen)->begin_fade(f % 2 == 0 ? **b : **a);
            for (int i = 1; i <= frames; ++i) {
                const double c0 = thread_cpu_ms();
                const auto t0 = clock_type::now();
                (*screen)->draw_fade(static_cast<double>(i) / frames);
                wall.push_back(std::chrono::duration<double, std::milli>(clock_type::now() - t0).count());
                cpu.push_back(thread_cpu_ms() - c0);
                const double c1 = thread_cpu_ms();
                render::blend_toward(floor_pixels.data(), f % 2 == 0 ? pb : pa, n,
                                     static_cast<unsigned>(256 / (frames + 1 - i)));
                blend.push_back(thread_cpu_ms() - c1);
                const double c2 = thread_cpu_ms();
                packed_blend(pa, pb, po, n, static_cast<std::uint32_t>(i * 256 / frames));
                plain.push_back(thread_cpu_ms() - c2);
            }
        }
        std::printf(
            "a fade's frame in a 1920x1080 window (%s, X11 present included) over %d frames:\n"
            "  wall mean %.2f ms, p95 %.2f ms; CPU mean %.2f ms, p95 %.2f ms\n"
            "  the packed-pixel blend alone (render::blend_toward, same size, plain memory): CPU mean %.2f ms, "
            "p95 %.2f ms (a scalar loop: mean %.2f ms)\n"
            "  ratio frame CPU / blend: mean %.2f, p95 %.2f (target <= 1.3); a 1 s fade costs %.0f ms of CPU\n",
            (*screen)->renderer_name().c_str(), fades * frames, mean(wall), percentile(wall, 0.95), mean(cpu),
            percentile(cpu, 0.95), mean(blend), percentile(blend, 0.95), mean(plain),
            mean(cpu) / std::max(1e-9, mean(blend)), percentile(cpu, 0.95) / std::max(1e-9, percentile(blend, 0.95)),
            mean(cpu) * frames);
    }
    SDL_Quit();
}

// The main thread's wake-ups over a minute, as placard logs them at exit ("app: 259
// wake-ups in 60 s: 252 for frames of fades, 7 at deadlines"): a still slide of ten minutes
// (target: none but the one that ends the run), and a deck of 8 s slides whose fades are
// the only other deadlines. Headless on the offscreen and dummy drivers, and in a window on
// X11 when $DISPLAY is set (xvfb-run). The runs overlap, their fades staggered by 2 s.
void wake_ups_in_a_minute(const fs::path& work) {
    // The playlists in a folder of their own: its inotify watch sees nothing but them.
    fs::create_directories(work / "wake");
    const auto still = work / "wake" / "still.json";
    std::ofstream(still) << R"({ "version": 1, "slides": [ { "type": "text", "title": "Our aims",
        "bullets": ["Against the backing for the regime", "Justice for the victims"], "duration": "10m" } ] })";
    const auto deck = work / "wake" / "deck.json";
    {
        std::ofstream out(deck);
        out << R"({ "version": 1, "slides": [)";
        for (int i = 1; i <= 6; ++i)
            out << (i > 1 ? "," : "") << R"({ "type": "text", "title": "Slide )" << i
                << R"(", "body": "Eight seconds, then a fade.", "duration": "8s" })";
        out << "] }";
    }
    std::vector<std::string> drivers = {"offscreen", "dummy"};
    if (const char* display = std::getenv("DISPLAY"); display && *display) drivers.push_back("x11");
    struct Run {
        std::string driver;
        bool is_deck;
        pid_t pid;
        fs::path log;
    };
    std::vector<Run> runs;
    for (bool is_deck : {false, true}) {
        for (const auto& driver : drivers) {
            Run r{driver, is_deck, -1, work / ("wake-" + driver + (is_deck ? "-deck" : "-still") + ".log")};
            std::vector<std::string> args = {
                PLACARD_BINARY, "run",     (is_deck ? deck : still).string(),         "--exit-after", "60s",
                "--offline",    "--cache", (work / ("cache-wake-" + driver)).string()};
            if (driver == "x11") {
                args.insert(args.end(), {"--window", "1920x1080"});
            } else {
                args.insert(args.end(), {"--headless"});
            }
            r.pid = fork();
            if (r.pid == 0) {
                std::FILE* f = std::fopen(r.log.c_str(), "w");
                dup2(fileno(f), STDOUT_FILENO);
                dup2(fileno(f), STDERR_FILENO);
                setenv("SDL_VIDEODRIVER", driver.c_str(), 1);
                unsetenv("NOTIFY_SOCKET");  // no watchdog
                std::vector<char*> argv;
                for (auto& a : args) argv.push_back(a.data());
                argv.push_back(nullptr);
                execv(PLACARD_BINARY, argv.data());
                _exit(127);
            }
            runs.push_back(r);
            if (is_deck) sleep(2);  // the decks' fades do not meet
        }
    }
    // 0.7 s fades (the player's), 60 frames a second: frames with the fade not yet whole.
    const double fade = 0.7, slide = 8.0, run = 60.0;
    const int frames = static_cast<int>(std::ceil(fade * 60.0 - 1e-9));
    int fades = 0;
    for (double end = slide; end < run; end += slide + fade) ++fades;
    std::regex line("app: info: ([0-9]+) wake-ups? in ([0-9]+) s(: ([^\n]*))?");
    for (auto& r : runs) {
        int status = 0;
        waitpid(r.pid, &status, 0);
        std::ifstream in(r.log);
        std::stringstream ss;
        ss << in.rdbuf();
        const std::string out = ss.str();
        std::smatch m;
        if (!std::regex_search(out, m, line)) {
            std::printf("wake-ups in 60 s (%s, %s): no count in its log\n%s\n", r.driver.c_str(),
                        r.is_deck ? "deck" : "still slide", out.c_str());
            continue;
        }
        const std::string why = m[4].matched ? m[4].str() : "none";
        const int count = std::stoi(m[1]);
        if (!r.is_deck) {
            std::printf(
                "wake-ups in 60 s, a still slide of 10 min (%s): %d (%s); target 1, the end of the run "
                "(a window's first events come as input)\n",
                r.driver.c_str(), count, why.c_str());
        } else {
            const int expected = fades * frames + fades + 1;
            std::printf(
                "wake-ups in 60 s, a deck of 8 s slides with %.1f s fades (%s): %d (%s); the deadlines alone: "
                "%d fades x %d frames + %d slide ends + the end of the run = %d%s\n",
                fade, r.driver.c_str(), count, why.c_str(), fades, frames, fades, expected,
                count == expected ? ", as measured" : " (fewer frames: some took over 16.7 ms)");
        }
    }
}

// --- Clips (issue 15): played in placard's own process by libmpv's software render API ---

bool have_ffmpeg() {
    return std::system("command -v ffmpeg >/dev/null 2>&1") == 0;
}

// `dir`/`name` made by Debian's ffmpeg from `inputs_and_codec` (its words before the output
// file), as tests/support/clips.hpp makes the tests' clips; none when ffmpeg failed.
std::optional<fs::path> ffmpeg_clip(const fs::path& dir, const std::string& name, const std::string& inputs_and_codec) {
    const fs::path file = dir / name;
    const std::string command =
        "ffmpeg -nostdin -loglevel error -y " + inputs_and_codec + " '" + file.string() + "' >/dev/null 2>&1";
    if (std::system(command.c_str()) != 0) return std::nullopt;
    return file;
}

// A moving test pattern `seconds` long at 25 frames a second, `w`x`h`, H.264 with a 440 Hz
// tone (AAC). x264's "ultrafast" is quick to make; "veryfast" writes what a camera or an
// editor does (CABAC, B-frames, the deblocking filter), which costs more to decode.
std::optional<fs::path> h264_clip(const fs::path& dir, const std::string& name, int seconds, int w, int h,
                                  const char* pattern = "testsrc2", const char* preset = "ultrafast") {
    return ffmpeg_clip(dir, name,
                       fmt::format("-f lavfi -i {}=size={}x{}:rate=25:duration={} -f lavfi -i "
                                   "sine=frequency=440:duration={} -c:v libx264 -preset {} -pix_fmt yuv420p -c:a aac "
                                   "-shortest",
                                   pattern, w, h, seconds, seconds, preset));
}

// A line of `placard run --frame-log`: a frame that reached the screen.
struct LoggedFrame {
    double t = 0;  // seconds, on the steady clock
    long slide = -1;
    std::string kind;
    std::optional<double> clip_pos;
    double brightness = 0;  // mean luma, 0 to 255
};

std::vector<LoggedFrame> read_frame_log(const fs::path& file) {
    std::vector<LoggedFrame> frames;
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
        const auto j = nlohmann::json::parse(line, nullptr, false);
        if (j.is_discarded() || !j.is_object()) continue;  // a run that was ended may leave half a line
        LoggedFrame f;
        f.t = j.value("t", 0.0);
        f.slide = j.value("slide", -1L);
        f.kind = j.value("kind", std::string());
        if (j.contains("clip_pos") && j["clip_pos"].is_number()) f.clip_pos = j["clip_pos"].get<double>();
        f.brightness = j.value("brightness", 0.0);
        frames.push_back(std::move(f));
    }
    return frames;
}

// The clips' frame time at 25 frames a second, and the player's fade.
constexpr double clip_frame_ms = 40;
constexpr double fade_seconds = 0.7;

// Figure: the switches of a rotation of clips and a picture at 1920x1080 as the audience
// sees them, from placard's frame log (headless): an H.264 clip, a VP9 clip, a picture of
// 2 s, another H.264 clip, and round to the first. For each switch, from the last frame of
// the slide before to the end of the fade, the longest wait between two frames next to the
// clips' own frame time (a wait is a stall the audience sees), and the darkest frame next to
// the darker of the two slides (a dip is a flash of black).
void clip_switches(const fs::path& work) {
    if (!have_ffmpeg()) {
        std::printf("clip switches: skipped, no ffmpeg (apt-get install ffmpeg)\n");
        return;
    }
    const fs::path dir = work / "switches";
    fs::create_directories(dir);
    const bool made =
        h264_clip(dir, "trailer.mp4", 5, 1920, 1080) &&
        ffmpeg_clip(dir, "picket.webm",
                    "-f lavfi -i testsrc2=size=1920x1080:rate=25:duration=5 -c:v libvpx-vp9 -deadline realtime "
                    "-cpu-used 8 -an") &&
        ffmpeg_clip(dir, "poster.png", "-f lavfi -i testsrc=size=1920x1080 -frames:v 1") &&
        h264_clip(dir, "march.mp4", 5, 1920, 1080, "smptehdbars");
    if (!made) {
        std::printf("clip switches: ffmpeg could not make the clips\n");
        return;
    }
    const fs::path playlist = dir / "playlist.json";
    std::ofstream(playlist) << R"({ "version": 1, "display": { "size": "1920x1080", "audio": "none" }, "slides": [
        { "type": "video", "file": "trailer.mp4" },
        { "type": "video", "file": "picket.webm" },
        { "type": "image", "file": "poster.png", "duration": "2s" },
        { "type": "video", "file": "march.mp4" } ] })";
    const char* names[] = {"H.264 clip", "VP9 clip", "picture", "H.264 clip (bars)"};
    auto name_of = [&](long slide) { return slide >= 0 && slide < 4 ? names[slide] : "?"; };
    const fs::path log = dir / "frames.jsonl";
    // One round and the switch back to the first clip: the start (under a second), three
    // clips of 5 s, the picture's 2 s and four fades. 5 s, so that the next clip's pre-roll
    // (3 s before the end) falls in the clip, apart from the switches.
    const auto ran = run_placard({"run", playlist.string(), "--headless", "--offline", "--exit-after", "21s", "--cache",
                                  (dir / "cache").string(), "--frame-log", log.string()});
    const auto frames = read_frame_log(log);
    std::vector<size_t> switches;
    for (size_t i = 1; i < frames.size(); ++i)
        if (frames[i].slide != frames[i - 1].slide) switches.push_back(i);
    if (switches.empty()) {
        std::printf("clip switches: no switch in the frame log (%zu frames); placard said:\n%s\n", frames.size(),
                    ran.output.c_str());
        return;
    }
    std::printf(
        "switches between 1920x1080 clips (5 s, 25 fps, software decoding) and a 2 s picture, headless, from the "
        "frame log (%zu frames in %.1f s; placard's peak RSS %.0f MB):\n",
        frames.size(), frames.back().t - frames.front().t, mb(ran));
    std::vector<bool> in_switch(frames.size(), false);
    for (size_t s : switches) {
        // The fade's frames: from the switch's first to the first at its end (the logged
        // time comes a little after the fade's own start), within the slide.
        size_t end = s;
        while (end + 1 < frames.size() && frames[end + 1].slide == frames[s].slide &&
               frames[end].t < frames[s].t + fade_seconds - 0.005)
            ++end;
        // A picture presents no frame while it stands: after one, from the fade's first.
        const bool from_clip = frames[s - 1].clip_pos.has_value();
        double longest = 0, darkest = 255;
        for (size_t i = from_clip ? s : s + 1; i <= end; ++i)
            longest = std::max(longest, (frames[i].t - frames[i - 1].t) * 1000);
        for (size_t i = s; i <= end; ++i) darkest = std::min(darkest, frames[i].brightness);
        for (size_t i = s - 1; i <= end; ++i) in_switch[i] = true;
        const double darker_side = std::min(frames[s - 1].brightness, frames[end].brightness);
        std::printf(
            "  %s to %s: the longest wait between frames %.0f ms%s, against the clips' frame time of %.0f ms: ratio "
            "%.2f; %zu frames in the fade; the darkest frame %.0f against %.0f for the darker side (luma 0-255)\n",
            name_of(frames[s - 1].slide), name_of(frames[s].slide), longest,
            from_clip ? "" : " (from the fade's first frame)", clip_frame_ms, longest / clip_frame_ms, end - s + 1,
            darkest, darker_side);
    }
    // Between the switches, a clip's frames should come every 40 ms: the waits of more than
    // a frame and a half, and where in which clip (its start, the next clip's pre-roll...).
    std::string waits;
    int late = 0;
    for (size_t i = 1; i < frames.size(); ++i) {
        const double wait = (frames[i].t - frames[i - 1].t) * 1000;
        if (in_switch[i] || !frames[i].clip_pos || frames[i].slide != frames[i - 1].slide) continue;
        if (wait <= 1.5 * clip_frame_ms) continue;
        if (++late <= 8)
            waits += fmt::format("{}{:.0f} ms at {:.2f} s into the {}", waits.empty() ? "" : ", ", wait,
                                 *frames[i].clip_pos, name_of(frames[i].slide));
    }
    std::printf("  within the clips, between the switches: %d waits over %.0f ms%s%s\n", late, 1.5 * clip_frame_ms,
                late ? ": " : "", waits.c_str());
}

// Runs `binary` with `args` in a process group of its own, on the X display `display`
// (empty: headless, on SDL's offscreen driver), sampled every 250 ms as the deck is, for
// `seconds` (then ended, if it has not ended itself); `output` gets what it printed.
DeckFigures sample_player(const std::string& binary, const std::vector<std::string>& args, const std::string& display,
                          double seconds, std::string* output) {
    const fs::path log = fs::temp_directory_path() / ("placard-bench-player-" + std::to_string(getpid()) + ".log");
    const auto start = clock_type::now();
    pid_t pid = fork();
    if (pid == 0) {
        setpgid(0, 0);  // its own group: ended with every process it started
        std::FILE* f = std::fopen(log.c_str(), "w");
        dup2(fileno(f), STDOUT_FILENO);
        dup2(fileno(f), STDERR_FILENO);
        if (display.empty()) {
            unsetenv("DISPLAY");
            setenv("SDL_VIDEODRIVER", "offscreen", 1);
        } else {
            setenv("DISPLAY", display.c_str(), 1);
            unsetenv("SDL_VIDEODRIVER");
        }
        std::vector<char*> argv;
        argv.push_back(const_cast<char*>(binary.c_str()));
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        execv(binary.c_str(), argv.data());
        _exit(127);
    }
    DeckFigures d = sample_until_exit(pid, start, false, seconds);
    std::ifstream in(log);
    std::stringstream ss;
    ss << in.rdbuf();
    if (output) *output = ss.str();
    fs::remove(log);
    return d;
}

// What `command` printed on its standard output.
std::string command_output(const std::string& command) {
    std::string out;
    if (std::FILE* p = popen((command + " 2>/dev/null").c_str(), "r")) {
        char buffer[256];
        while (std::fgets(buffer, sizeof buffer, p)) out += buffer;
        pclose(p);
    }
    return out;
}

// The lines of `text` (split at \n and \r: mpv rewrites its status line) that have `marker`.
std::string lines_with(const std::string& text, const std::string& marker) {
    std::string found, line;
    for (char c : text + "\n") {
        if (c != '\n' && c != '\r') {
            line += c;
            continue;
        }
        if (line.find(marker) != std::string::npos) found += (found.empty() ? "" : " / ") + line;
        line.clear();
    }
    return found;
}

// Figure: what a 1080p H.264 clip costs while it plays, decoded in software: CPU-seconds a
// minute and PSS, placard in a 1920x1080 window on the bench's own Xvfb (the default
// renderer) and headless, next to mpv's own player on the same clip in the same X server.
// Then placard's frame log over a run that takes in the loop: the frames that never came.
void clip_cost(const fs::path& work) {
    if (!have_ffmpeg()) {
        std::printf("clip cost: skipped, no ffmpeg (apt-get install ffmpeg)\n");
        return;
    }
    const fs::path dir = work / "cost";
    fs::create_directories(dir);
    const auto clip = h264_clip(dir, "rally.mp4", 30, 1920, 1080, "testsrc2", "veryfast");
    if (!clip) {
        std::printf("clip cost: ffmpeg could not make the clip\n");
        return;
    }
    // "audio": "none", as the bench has no sound device: placard gives mpv its null output and
    // leaves the sound track undecoded; mpv's player (--ao=null) decodes it, a small share.
    const fs::path playlist = dir / "playlist.json";
    std::ofstream(playlist) << R"({ "version": 1, "display": { "audio": "none" }, "slides": [
        { "type": "video", "file": "rally.mp4", "loop": true, "duration": "1h" } ] })";
    const std::string cache = (dir / "cache").string();
    const int seconds = 20;
    const std::string exit_after = std::to_string(seconds) + "s";
    std::printf(
        "a 1920x1080 H.264 clip (30 s, x264 veryfast, AAC sound, 25 fps) looping, decoded in software, %d s each, "
        "sampled every 250 ms (start-up, the first 3 s, left out):\n",
        seconds);
    auto print = [](const char* who, const DeckFigures& d, const std::string& said) {
        if (!d.ran) {
            std::printf("  %s: did not play\n", who);
            return;
        }
        std::printf(
            "  %s: %.2f CPU-s per minute (start-up %.2f CPU-s left out); PSS mean %.1f MiB, peak %.1f MiB\n    (%s)\n",
            who, d.cpu_per_minute, d.startup_cpu, d.mean_pss, d.peak_pss, said.c_str());
    };
    std::string said;
    const DeckFigures headless = sample_player(
        PLACARD_BINARY,
        {"run", playlist.string(), "--headless", "--exit-after", exit_after, "--offline", "--cache", cache}, "",
        seconds + 10, &said);
    print("placard headless (offscreen)", headless,
          lines_with(said, " renderer") + " / " + lines_with(said, "decoded"));
    test::Xvfb x;
    if (x.display().empty()) {
        std::printf("  in a window, and mpv: skipped, no Xvfb (apt-get install xvfb)\n");
    } else {
        const DeckFigures window = sample_player(PLACARD_BINARY,
                                                 {"run", playlist.string(), "--window", "1920x1080", "--exit-after",
                                                  exit_after, "--offline", "--cache", cache},
                                                 x.display(), seconds + 10, &said);
        print("placard in a 1920x1080 window (Xvfb, default renderer)", window, lines_with(said, " renderer"));
        // The GPU path: mpv's OpenGL render API into the renderer's texture. Xvfb's GL is
        // Mesa's llvmpipe, drawing on the CPU: this says what the path costs where there is no
        // GPU, not what it saves where there is one.
        const DeckFigures gpu =
            sample_player(PLACARD_BINARY,
                          {"run", playlist.string(), "--window", "1920x1080", "--renderer", "accelerated",
                           "--exit-after", exit_after, "--offline", "--cache", cache},
                          x.display(), seconds + 10, &said);
        print("placard in the window, --renderer accelerated (clips by OpenGL, on llvmpipe)", gpu,
              lines_with(said, " renderer") + " / " + lines_with(said, "drawn by the"));
        // The same renderer with the clip drawn by mpv's software API and uploaded each frame:
        // what the OpenGL path replaces.
        setenv("PLACARD_CLIPS", "software", 1);
        const DeckFigures uploaded =
            sample_player(PLACARD_BINARY,
                          {"run", playlist.string(), "--window", "1920x1080", "--renderer", "accelerated",
                           "--exit-after", exit_after, "--offline", "--cache", cache},
                          x.display(), seconds + 10, &said);
        unsetenv("PLACARD_CLIPS");
        print("placard in the window, --renderer accelerated, PLACARD_CLIPS=software (frames uploaded)", uploaded,
              lines_with(said, " renderer"));
        if (window.ran && gpu.ran && uploaded.ran && window.cpu_per_minute > 0 && uploaded.cpu_per_minute > 0)
            std::printf(
                "  on llvmpipe, OpenGL path / frames uploaded: CPU %.2f, PSS mean %.2f; OpenGL path / placard's "
                "software screen: CPU %.2f, PSS mean %.2f\n",
                gpu.cpu_per_minute / uploaded.cpu_per_minute, gpu.mean_pss / uploaded.mean_pss,
                gpu.cpu_per_minute / window.cpu_per_minute, gpu.mean_pss / window.mean_pss);
        if (access("/usr/bin/mpv", X_OK) != 0) {
            std::printf("  mpv's own player: skipped, /usr/bin/mpv is not installed (apt-get install mpv)\n");
        } else {
            // mpv's plain X11 output (its software scaler, as placard's frames are mpv's
            // software render API); its GPU output where a build has no x11.
            const std::string vo =
                command_output("/usr/bin/mpv --no-config --vo=help").find(" x11 ") != std::string::npos ? "x11" : "gpu";
            std::string version = command_output("/usr/bin/mpv --no-config --version");
            version = version.substr(0, version.find(" Copyright"));
            const DeckFigures mpv = sample_player("/usr/bin/mpv",
                                                  {"--no-config", "--vo=" + vo, "--ao=null", "--loop-file=inf",
                                                   "--geometry=1920x1080", "--hwdec=no", clip->string()},
                                                  x.display(), seconds, &said);
            // Its status line counts the frames its output dropped; the last one says how many.
            std::string dropped = "0";
            if (const size_t at = said.rfind("Dropped: "); at != std::string::npos)
                dropped = said.substr(at + 9, said.find_first_of("\r\n ", at + 9) - (at + 9));
            print(fmt::format("{} (--vo={} --ao=null --hwdec=no), the same X server", version, vo).c_str(), mpv,
                  lines_with(said, "VO:") + "; frames dropped by its own count: " + dropped);
            if (window.ran && mpv.ran && mpv.cpu_per_minute > 0)
                std::printf(
                    "  placard / mpv: CPU in the window %.2f, headless %.2f; PSS mean in the window %.2f, peak %.2f\n",
                    window.cpu_per_minute / mpv.cpu_per_minute, headless.cpu_per_minute / mpv.cpu_per_minute,
                    window.mean_pss / mpv.mean_pss, window.peak_pss / mpv.peak_pss);
        }
    }
    // The frames that never came: headless with the frame log, past the loop at 30 s.
    const fs::path log = dir / "frames.jsonl";
    run_placard({"run", playlist.string(), "--headless", "--exit-after", "36s", "--offline", "--cache", cache,
                 "--frame-log", log.string()});
    const auto frames = read_frame_log(log);
    if (frames.size() < 2) {
        std::printf("  frame log: %zu frames\n", frames.size());
        return;
    }
    const double span = frames.back().t - frames.front().t;
    const long expected = std::lround(span * 1000 / clip_frame_ms) + 1;
    const long logged = static_cast<long>(frames.size());
    double longest = 0, longest_from = 0, longest_to = 0;
    int late = 0;  // waits of more than a frame and a half
    for (size_t i = 1; i < frames.size(); ++i) {
        const double wait = (frames[i].t - frames[i - 1].t) * 1000;
        if (wait > 1.5 * clip_frame_ms) ++late;
        if (wait > longest) {
            longest = wait;
            longest_from = frames[i - 1].clip_pos.value_or(-1);
            longest_to = frames[i].clip_pos.value_or(-1);
        }
    }
    std::printf(
        "  placard headless with --frame-log, %.1f s from its first frame (the loop included): %ld frames logged of "
        "%ld at 25 fps, %ld dropped (%.1f %%); %d waits over 60 ms, the longest %.0f ms (between the frames at "
        "%.2f s and %.2f s into the clip)\n",
        span, logged, expected, expected - logged,
        100.0 * static_cast<double>(expected - logged) / static_cast<double>(expected), late, longest, longest_from,
        longest_to);
}

// Wakes the bench's thread when a clip's mpv threads have news, as the player's sleeper does.
struct ClipWaker {
    std::mutex mutex;
    std::condition_variable woken;
    bool news = false;
    void wake() {
        {
            std::lock_guard lock(mutex);
            news = true;
        }
        woken.notify_one();
    }
    void wait_until(clock_type::time_point until) {
        std::unique_lock lock(mutex);
        woken.wait_until(lock, until, [this] { return news; });
        news = false;
    }
};

// Pumps `clip` as the player's loop does (when woken, and at its next frame's time) until
// `done(drawn)` says so; returns when that was, or none when it failed or took over 5 s.
std::optional<clock_type::time_point> pump_until(video::Clip& clip, ClipWaker& waker,
                                                 const std::function<bool(bool drawn)>& done) {
    const auto give_up = clock_type::now() + std::chrono::seconds(5);
    while (true) {
        const auto now = clock_type::now();
        const bool drawn = clip.pump(now);
        if (done(drawn)) return clock_type::now();
        if (clip.state() == video::ClipState::failed || now >= give_up) return std::nullopt;
        waker.wait_until(std::min(clip.next_frame_at().value_or(give_up), give_up));
    }
}

// Figure: pre-roll. The player opens the next slide's clip paused 3 s before it comes on;
// how long Clip::open takes to ClipState::ready (its first frame decoded and drawn into a
// 1920x1080 frame), for a 1080p and a 640x360 H.264 clip, next to reading the same file's
// facts with libavformat (video::probe_clip, what `placard check` does); and from play() to
// the first new frame, next to the clip's frame time. In this process, as the player does.
void preroll(const fs::path& work) {
    if (!have_ffmpeg()) {
        std::printf("pre-roll: skipped, no ffmpeg (apt-get install ffmpeg)\n");
        return;
    }
    const fs::path dir = work / "preroll";
    fs::create_directories(dir);
    const auto big = h264_clip(dir, "big.mp4", 2, 1920, 1080, "testsrc2", "veryfast");
    const auto small = h264_clip(dir, "small.mp4", 2, 640, 360, "testsrc2", "veryfast");
    if (!big || !small) {
        std::printf("pre-roll: ffmpeg could not make the clips\n");
        return;
    }
    log::set_threshold(log::Level::warning);  // the figures, not mpv's line about the decoder
    ClipWaker waker;
    struct Times {
        std::vector<double> ready, call, next_frame, probe;
        std::string decoder;
        double next_position = 0;  // of the frame after the first
        int failed = 0;
    };
    auto ms_between = [](clock_type::time_point a, clock_type::time_point b) {
        return std::chrono::duration<double, std::milli>(b - a).count();
    };
    // One clip opened, pre-rolled and started; none when it failed.
    auto run_once = [&](const fs::path& file, Times& into) -> std::optional<double> {
        video::ClipOptions o;
        o.file = file;
        o.size = layout::Size{1920, 1080};
        o.audio = "none";
        const auto t0 = clock_type::now();
        auto opened = video::Clip::open(o, [&waker] { waker.wake(); });
        into.call.push_back(ms_between(t0, clock_type::now()));
        if (!opened) {
            ++into.failed;
            return std::nullopt;
        }
        video::Clip& clip = **opened;
        const auto ready = pump_until(clip, waker, [&](bool) { return clip.state() != video::ClipState::loading; });
        if (!ready || clip.state() != video::ClipState::ready) {
            ++into.failed;
            return std::nullopt;
        }
        const auto t1 = clock_type::now();
        const double held = clip.position();
        clip.play();
        const auto next = pump_until(clip, waker, [&](bool drawn) { return drawn && clip.position() > held; });
        if (next) {
            into.next_frame.push_back(ms_between(t1, *next));
            into.next_position = clip.position();
        }
        into.decoder = clip.decoder();
        const double took = ms_between(t0, *ready);
        into.ready.push_back(took);
        return took;
    };
    Times big_times, small_times;
    // The first clip of a process loads libmpv and libav* (dlopen): apart, not in the median.
    const auto first = run_once(*big, big_times);
    big_times = Times{};
    // libav* say nothing of their own on stderr, as for `placard check` (each core of mpv
    // takes their log while it lives; between one ended and the next, they write it).
    video::quiet_libav();
    for (int i = 0; i < 5; ++i) {
        run_once(*big, big_times);
        run_once(*small, small_times);
    }
    for (int i = 0; i < 5; ++i) {
        for (auto [file, into] : {std::pair{&*big, &big_times}, std::pair{&*small, &small_times}}) {
            const auto t0 = clock_type::now();
            const bool probed = video::probe_clip(*file).has_value();
            if (probed) into->probe.push_back(ms_between(t0, clock_type::now()));
        }
    }
    log::set_threshold(log::Level::info);
    std::printf("pre-roll: Clip::open (paused) to ClipState::ready, drawn into a 1920x1080 frame, median of 5:\n");
    for (auto [label, t] : {std::pair{"1920x1080 H.264", &big_times}, std::pair{"640x360 H.264", &small_times}}) {
        if (t->ready.empty()) {
            std::printf("  %s: did not come to ready (%d failed)\n", label, t->failed);
            continue;
        }
        std::printf(
            "  %s: %.0f ms (max %.0f ms), the call itself %.0f ms (its caller, the player's loop, waits on it); "
            "video::probe_clip on the same file %.1f ms: ratio %.1f; play() to the next frame drawn (%.2f s into the "
            "clip) %.0f ms, against the frame time of %.0f ms (decoder: %s)\n",
            label, median(t->ready), percentile(t->ready, 1.0), median(t->call), median(t->probe),
            median(t->ready) / std::max(1e-9, median(t->probe)), t->next_position, median(t->next_frame), clip_frame_ms,
            t->decoder.empty() || t->decoder == "no" ? "software" : t->decoder.c_str());
    }
    if (first)
        std::printf(
            "  the first clip of the process (libmpv and libav* loaded then), 1920x1080: %.0f ms; the player "
            "opens the next clip 3000 ms ahead\n",
            *first);
}

}  // namespace

// --- The control page (issue 16) ---

// One client of the control page: a libcurl handle kept between requests (a phone's
// browser keeps its connection), trusting the display's own certificate.
struct PageClient {
    CURL* curl = curl_easy_init();
    std::string body;
    curl_slist* headers = nullptr;
    PageClient(const std::string& ca, const std::string& token) {
        curl_easy_setopt(curl, CURLOPT_CAINFO, ca.c_str());
        curl_easy_setopt(
            curl, CURLOPT_WRITEFUNCTION, +[](char* d, size_t size, size_t n, void* out) {
                static_cast<std::string*>(out)->append(d, size * n);
                return size * n;
            });
        curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
        curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
        headers = curl_slist_append(headers, ("Authorization: Bearer " + token).c_str());
        curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    }
    ~PageClient() {
        curl_slist_free_all(headers);
        curl_easy_cleanup(curl);
    }
    PageClient(const PageClient&) = delete;
    PageClient& operator=(const PageClient&) = delete;
    // The answer's time in ms, or a negative number when there was none (or not 200).
    double get(const std::string& url) {
        body.clear();
        curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
        const auto t0 = clock_type::now();
        const CURLcode done = curl_easy_perform(curl);
        long status = 0;
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
        if (done != CURLE_OK || status != 200) return -1;
        return std::chrono::duration<double, std::milli>(clock_type::now() - t0).count();
    }
};

// CPU seconds a process has used so far (utime + stime of /proc/PID/stat).
double process_cpu_seconds(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const size_t close = text.rfind(')');
    if (close == std::string::npos) return 0;
    std::istringstream rest(text.substr(close + 2));
    std::string field;
    double ticks = 0;
    for (int i = 3; i <= 15 && rest >> field; ++i)
        if (i == 14 || i == 15) ticks += std::stod(field);
    return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// Figure: the control page's answer times with 20 clients asking at once while the player
// crossfades in a 1920x1080 window (default renderer, HTTPS as installed), next to one
// client alone; the fades' frame intervals with and without the clients; and the cost of
// the live picture. One placard run, its phases in turn.
void control_page_under_load(const fs::path& work) {
    test::Xvfb x;
    if (x.display().empty()) {
        std::printf("control page under load: skipped, no Xvfb (apt-get install xvfb)\n");
        return;
    }
    const fs::path dir = work / "control", state = dir / "state";
    fs::create_directories(dir);
    const fs::path playlist = dir / "playlist.json", frames = dir / "frames.jsonl", log = dir / "placard.log";
    // Two slides of a second: a 0.7 s fade every 1.7 s.
    std::ofstream(playlist) << R"({ "version": 1, "display": { "control": { "listen": "127.0.0.1:0" } },
      "slides": [ { "type": "text", "title": "Film night at eight", "body": "In the main hall.", "duration": "1s" },
                  { "type": "text", "title": "Tea at the back", "body": "For the hardship fund.", "duration": "1s" } ] })";
    std::string token;
    {
        const std::string command = std::string(PLACARD_BINARY) + " token --state '" + state.string() + "' 2>&1";
        std::FILE* p = popen(command.c_str(), "r");
        char line[512];
        while (p && std::fgets(line, sizeof line, p)) {
            const std::string l = line;
            if (const size_t at = l.find("placard_"); at != std::string::npos && token.empty())
                token = l.substr(at, l.find_first_of(" \n", at) - at);
        }
        if (p) pclose(p);
    }
    if (token.empty()) {
        std::printf("control page under load: `placard token` gave no token\n");
        return;
    }
    const pid_t pid = fork();
    if (pid == 0) {
        std::FILE* f = std::fopen(log.c_str(), "w");
        dup2(fileno(f), STDOUT_FILENO);
        dup2(fileno(f), STDERR_FILENO);
        setenv("DISPLAY", x.display().c_str(), 1);
        unsetenv("SDL_VIDEODRIVER");
        const std::string state_s = state.string(), cache_s = (dir / "cache").string(), frames_s = frames.string();
        execl(PLACARD_BINARY, PLACARD_BINARY, "run", playlist.c_str(), "--window", "1920x1080", "--state",
              state_s.c_str(), "--cache", cache_s.c_str(), "--frame-log", frames_s.c_str(), "--exit-after", "60s",
              static_cast<char*>(nullptr));
        _exit(127);
    }
    std::string url;
    for (int i = 0; i < 300 && url.empty(); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        std::ifstream in(log);
        const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        const std::string mark = "the control page is at ";
        if (const size_t at = text.find(mark); at != std::string::npos)
            url = text.substr(at + mark.size(), text.find_first_of(" \n", at + mark.size()) - at - mark.size());
    }
    if (url.empty()) {
        std::printf("control page under load: placard did not start its page\n");
        kill(pid, SIGTERM);
        waitpid(pid, nullptr, 0);
        return;
    }
    const std::string ca = (state / "tls-cert.pem").string();
    std::this_thread::sleep_for(std::chrono::seconds(2));  // the first frames, the fonts

    // Phase 1: the fades alone, and one client now and then (the baseline of the answer time).
    const auto alone_from = clock_type::now();
    const double cpu_alone_0 = process_cpu_seconds(pid);
    std::vector<double> one;
    {
        PageClient c(ca, token);
        while (clock_type::now() - alone_from < std::chrono::seconds(12)) {
            if (const double ms = c.get(url + "/api/status"); ms >= 0) one.push_back(ms);
            std::this_thread::sleep_for(std::chrono::milliseconds(500));
        }
    }
    const auto alone_to = clock_type::now();
    const double cpu_alone = process_cpu_seconds(pid) - cpu_alone_0;

    // Phase 2: 20 clients asking for the status as fast as they are answered.
    std::mutex mutex;
    std::vector<double> many;
    int failed = 0;
    const auto busy_from = clock_type::now();
    const double cpu_busy_0 = process_cpu_seconds(pid);
    {
        std::vector<std::thread> clients;
        for (int i = 0; i < 20; ++i)
            clients.emplace_back([&] {
                PageClient c(ca, token);
                std::vector<double> mine;
                int lost = 0;
                while (clock_type::now() - busy_from < std::chrono::seconds(12)) {
                    const double ms = c.get(url + "/api/status");
                    if (ms >= 0)
                        mine.push_back(ms);
                    else
                        ++lost;
                }
                std::lock_guard lock(mutex);
                many.insert(many.end(), mine.begin(), mine.end());
                failed += lost;
            });
        for (auto& t : clients) t.join();
    }
    const auto busy_to = clock_type::now();
    const double cpu_busy = process_cpu_seconds(pid) - cpu_busy_0;

    // Phase 3: the live picture, a fresh one each time (more than a second apart).
    std::vector<double> pictures;
    size_t picture_bytes = 0;
    const double cpu_pictures_0 = process_cpu_seconds(pid);
    const auto pictures_from = clock_type::now();
    {
        PageClient c(ca, token);
        for (int i = 0; i < 10; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(1200));
            if (const double ms = c.get(url + "/api/screen.jpg"); ms >= 0) {
                pictures.push_back(ms);
                picture_bytes = c.body.size();
            }
        }
    }
    const double cpu_pictures = process_cpu_seconds(pid) - cpu_pictures_0;
    // Less what the fades cost in as long a time, as measured alone.
    const double fades_meanwhile = cpu_alone / std::chrono::duration<double>(alone_to - alone_from).count() *
                                   std::chrono::duration<double>(clock_type::now() - pictures_from).count();
    kill(pid, SIGTERM);
    waitpid(pid, nullptr, 0);

    // The fades' frame intervals in each phase: gaps under 100 ms between logged frames.
    const auto seconds_of = [](clock_type::time_point t) {
        return std::chrono::duration<double>(t.time_since_epoch()).count();
    };
    std::vector<double> fade_alone, fade_busy;
    {
        std::ifstream in(frames);
        std::string line;
        double last = -1;
        while (std::getline(in, line)) {
            const auto j = nlohmann::json::parse(line, nullptr, false);
            if (!j.is_object() || !j.contains("t")) continue;
            const double t = j["t"].get<double>();
            const double gap = t - last;
            last = t;
            if (gap <= 0 || gap > 0.1) continue;
            if (t >= seconds_of(alone_from) && t < seconds_of(alone_to)) fade_alone.push_back(gap * 1000);
            if (t >= seconds_of(busy_from) && t < seconds_of(busy_to)) fade_busy.push_back(gap * 1000);
        }
    }
    const double busy_seconds = std::chrono::duration<double>(busy_to - busy_from).count();
    std::printf("the control page (HTTPS, keep-alive) while placard crossfades in a 1920x1080 window under Xvfb:\n");
    std::printf("  GET /api/status, one client now and then: p50 %.1f ms, p99 %.1f ms over %zu requests\n",
                percentile(one, 0.5), percentile(one, 0.99), one.size());
    std::printf(
        "  GET /api/status, 20 clients at once: p50 %.1f ms, p99 %.1f ms over %zu requests (%.0f a second, %d "
        "failed); p50 ratio to one client %.1f\n",
        percentile(many, 0.5), percentile(many, 0.99), many.size(), static_cast<double>(many.size()) / busy_seconds,
        failed, percentile(many, 0.5) / std::max(1e-9, percentile(one, 0.5)));
    std::printf(
        "  a fade's frame interval: alone p50 %.1f ms, p99 %.1f ms over %zu frames; with the 20 clients p50 %.1f ms, "
        "p99 %.1f ms over %zu frames (p99 ratio %.2f)\n",
        percentile(fade_alone, 0.5), percentile(fade_alone, 0.99), fade_alone.size(), percentile(fade_busy, 0.5),
        percentile(fade_busy, 0.99), fade_busy.size(),
        percentile(fade_busy, 0.99) / std::max(1e-9, percentile(fade_alone, 0.99)));
    std::printf("  placard's CPU: %.2f s in 12 s alone, %.2f s in 12 s with the 20 clients\n", cpu_alone, cpu_busy);
    std::printf(
        "  the live picture (GET /api/screen.jpg, a new one each time, 640 wide): p50 %.1f ms, p99 %.1f ms, %.1f kB; "
        "%.0f ms of placard's CPU each (the fades' CPU meanwhile, as measured alone, taken off)\n",
        percentile(pictures, 0.5), percentile(pictures, 0.99), static_cast<double>(picture_bytes) / 1024.0,
        pictures.empty() ? 0.0 : (cpu_pictures - fades_meanwhile) * 1000 / static_cast<double>(pictures.size()));
}

// Many halls (issue 17): 50 displays, headless, on one machine and one Mosquitto; a cue to
// all of them, and the time from its publishing to the last acknowledgement that it is on
// screen; what the broker and the displays cost meanwhile.
// PDF posters (issue 18): a page of the demo's leaflet drawn for the screen, against a
// photo of the demo prepared for the same screen, in the same run: the worker's cost per page.
void pdf_pages(const fs::path& work) {
    const fs::path assets = fs::path(PLACARD_SOURCE_DIR) / "assets" / "demo";
    const auto pdf_file = read_file(assets / "conference-leaflet.pdf", size_t{32} << 20, "");
    const auto photo_file = read_file(assets / "photos" / "founding.jpg", size_t{32} << 20, "");
    if (!pdf_file || !photo_file) {
        std::printf("pdf: the demo's leaflet or photo cannot be read\n");
        return;
    }
    const std::string& pdf = *pdf_file;
    const std::string& photo = *photo_file;
    for (const auto& [w, h] : {std::pair{1920, 1080}, std::pair{1280, 720}}) {
        media::SdlImagePreparer preparer(w, h);
        std::vector<double> pages, photos;
        const std::string out = (work / "pdf-page").string();
        for (int i = 0; i < 7; ++i) {
            auto t0 = std::chrono::steady_clock::now();
            auto page = preparer.prepare_page(pdf, i % 2, "leaflet.pdf", out);
            auto t1 = std::chrono::steady_clock::now();
            auto picture = preparer.prepare(photo, "founding.jpg", out);
            auto t2 = std::chrono::steady_clock::now();
            if (!page || !picture) {
                std::printf("pdf: %s\n", (!page ? page.error() : picture.error()).to_string().c_str());
                return;
            }
            pages.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
            photos.push_back(std::chrono::duration<double, std::milli>(t2 - t1).count());
        }
        std::printf(
            "pdf page drawn for %dx%d (A4, vector, poppler): median %.0f ms; a photo prepared for the "
            "same screen: %.0f ms; ratio %.1f\n",
            w, h, median(pages), median(photos), median(pages) / median(photos));
    }
}

void fleet_load(const fs::path& work) {
    constexpr int count = 50;
    const fs::path dir = work / "fleet";
    fs::create_directories(dir);
    const int port = test::free_port();
    std::ofstream(dir / "mosquitto.conf") << "listener " << port << " 127.0.0.1\nallow_anonymous true\n"
                                          << (geteuid() == 0 ? "user root\n" : "");
    const pid_t broker_pid = fork();
    if (broker_pid == 0) {
        const int null = ::open("/dev/null", O_WRONLY);
        dup2(null, STDOUT_FILENO);
        dup2(null, STDERR_FILENO);
        const std::string conf = (dir / "mosquitto.conf").string();
        execlp("mosquitto", "mosquitto", "-c", conf.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    for (int i = 0; i < 200 && !test::port_open(port); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(25));
    if (!test::port_open(port)) {
        std::printf("fleet: skipped, mosquitto did not start (apt-get install mosquitto)\n");
        kill(broker_pid, SIGKILL);
        waitpid(broker_pid, nullptr, 0);
        return;
    }
    const std::string url = "mqtt://127.0.0.1:" + std::to_string(port);
    if (!broker::start_sodium()) return;
    const broker::SecretKey key = broker::generate_key();
    std::vector<pid_t> displays;
    const auto started = clock_type::now();
    for (int i = 0; i < count; ++i) {
        const std::string id = fmt::format("hall-{:02}", i);
        const fs::path playlist = dir / (id + ".json");
        const nlohmann::json b = {
            {"url", url}, {"org", "bench"}, {"id", id}, {"hall", "main"}, {"trust", {key.public_key().text()}}};
        std::ofstream(playlist) << R"({ "version": 1, "display": { "broker": )" << b.dump() << R"( },
          "slides": [ { "type": "text", "title": "Our aims", "body": "An end to the siege.", "duration": "10s" },
                      { "type": "text", "title": "Join us", "body": "Every Tuesday at seven.", "duration": "10s" } ] })";
        const pid_t pid = fork();
        if (pid == 0) {
            setenv("SDL_VIDEODRIVER", "offscreen", 1);
            const int log = ::open((dir / (id + ".log")).c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            dup2(log, STDOUT_FILENO);
            dup2(log, STDERR_FILENO);
            const std::string p = playlist.string(), state = (dir / (id + "-state")).string(),
                              cache = (dir / (id + "-cache")).string();
            execl(PLACARD_BINARY, PLACARD_BINARY, "run", p.c_str(), "--headless", "--window", "480x270", "--exit-after",
                  "5m", "--state", state.c_str(), "--cache", cache.c_str(), static_cast<char*>(nullptr));
            _exit(127);
        }
        displays.push_back(pid);
    }

    std::mutex mutex;
    std::map<std::string, bool> online;
    std::map<std::string, clock_type::time_point> acked;  // display -> when its ack came
    std::string cue_id;
    broker::ClientOptions o;
    o.url = url;
    o.subscriptions = {broker::topics::every_status("bench"), broker::topics::every_ack("bench")};
    o.message = [&](const std::string& topic, const std::string& payload) {
        const auto now = clock_type::now();
        const nlohmann::json j = nlohmann::json::parse(payload, nullptr, false);
        if (!j.is_object()) return;
        std::lock_guard lock(mutex);
        if (topic.size() > 7 && topic.compare(topic.size() - 7, 7, "/status") == 0)
            online[j.value("display", "")] = j.value("online", false);
        else if (j.value("cue", "") == cue_id && !cue_id.empty())
            acked.emplace(j.value("display", ""), now);
    };
    auto client = broker::Client::start(o);
    if (!client) {
        std::printf("fleet: %s\n", client.error().to_string().c_str());
        return;
    }
    auto count_online = [&] {
        std::lock_guard lock(mutex);
        return std::count_if(online.begin(), online.end(), [](const auto& e) { return e.second; });
    };
    while (count_online() < count && clock_type::now() - started < std::chrono::seconds(120))
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const double all_online = std::chrono::duration<double>(clock_type::now() - started).count();
    std::printf("fleet: %ld of %d displays online at the broker %.1f s after they were started\n",
                static_cast<long>(count_online()), count, all_online);
    std::this_thread::sleep_for(std::chrono::seconds(5));  // past their start-up

    auto costs = [&](double at) {
        ProcessSample sum;
        for (pid_t pid : displays)
            if (auto s = sample_process(pid, at)) {
                sum.cpu_seconds += s->cpu_seconds;
                sum.pss_mib += s->pss_mib;
            }
        return std::pair(sum, sample_process(broker_pid, at).value_or(ProcessSample{}));
    };
    const auto [displays_before, broker_before] = costs(0);
    const auto t_before = clock_type::now();

    // Five cues to all, one after another, each replacing the last.
    std::vector<double> latencies;
    int missing = 0;
    for (int round = 0; round < 5; ++round) {
        const auto now = std::chrono::system_clock::now();
        nlohmann::json cue = {
            {"id", cues::new_id()},
            {"kind", "announce"},
            {"text", fmt::format("Round {}: the march is re-routed", round + 1)},
            {"issued", broker::format_millis(std::chrono::floor<std::chrono::milliseconds>(now))},
            {"until", format_iso8601_utc(std::chrono::floor<std::chrono::seconds>(now) + std::chrono::minutes(30))}};
        const std::string topic = broker::topics::all_cue("bench");
        const std::string payload = broker::seal(cue, topic, key);
        clock_type::time_point sent;
        {
            std::lock_guard lock(mutex);
            cue_id = cue["id"];
            acked.clear();
            sent = clock_type::now();
        }
        (*client)->publish({topic, payload, true, std::chrono::minutes(30)});
        const auto give_up = sent + std::chrono::seconds(30);
        while (clock_type::now() < give_up) {
            {
                std::lock_guard lock(mutex);
                if (acked.size() >= static_cast<size_t>(count)) break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        std::lock_guard lock(mutex);
        for (const auto& [display, when] : acked)
            latencies.push_back(std::chrono::duration<double, std::milli>(when - sent).count());
        missing += count - static_cast<int>(acked.size());
        std::this_thread::sleep_for(std::chrono::seconds(2));
    }
    const double span = std::chrono::duration<double>(clock_type::now() - t_before).count();
    const auto [displays_after, broker_after] = costs(span);
    std::sort(latencies.begin(), latencies.end());
    auto pct = [&](double p) {
        return latencies.empty() ? 0.0
                                 : latencies[std::min(latencies.size() - 1,
                                                      static_cast<size_t>(p * static_cast<double>(latencies.size())))];
    };
    std::printf(
        "fleet: a cue to all %d displays, 5 times: publish to acknowledgement p50 %.0f ms, p99 %.0f ms, max %.0f ms"
        " (%zu acknowledgements, %d missing)\n",
        count, pct(0.5), pct(0.99), latencies.empty() ? 0.0 : latencies.back(), latencies.size(), missing);
    std::printf(
        "fleet: meanwhile (%.0f s) the broker used %.2f CPU-s a minute and %.1f MiB (PSS); the %d displays %.2f CPU-s "
        "a "
        "minute each and %.1f MiB each (PSS, mean)\n",
        span, (broker_after.cpu_seconds - broker_before.cpu_seconds) / span * 60, broker_after.pss_mib, count,
        (displays_after.cpu_seconds - displays_before.cpu_seconds) / span * 60 / count, displays_after.pss_mib / count);
    client->reset();
    for (pid_t pid : displays) kill(pid, SIGTERM);
    for (pid_t pid : displays) waitpid(pid, nullptr, 0);
    kill(broker_pid, SIGTERM);
    waitpid(broker_pid, nullptr, 0);
}

int main(int argc, char** argv) {
    // placard_bench [--only NAME] [OTHER-PLACARD]: NAME picks the figures whose name has it.
    std::string only, other_binary;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--only" && i + 1 < argc)
            only = argv[++i];
        else
            other_binary = arg;
    }
    fs::path demo = fs::path(PLACARD_SOURCE_DIR) / "config" / "demo.json";
    fs::path work = fs::temp_directory_path() / ("placard-bench-" + std::to_string(getpid()));
    fs::create_directories(work);
    std::printf("placard benchmark (binary %s)\n", PLACARD_BINARY);
    const std::vector<std::pair<std::string, std::function<void()>>> figures = {
        {"first-frame", [&] { first_frame(demo, work / "cache"); }},
        {"crossfade-headless", [] { crossfade(); }},
        {"text", [] { text_in_every_script(); }},
        {"still-headless", [&] { still_slide_and_memory(demo, work); }},
        // In a real window (Xvfb), the default renderer.
        {"fade-window", [] { fade_in_window(); }},
        {"deck-window", [&] { deck_in_window(work, other_binary); }},
        // The main thread's wake-ups over 60 s: headless, and in a window on an Xvfb of its own.
        {"wake-ups",
         [&] {
             test::Xvfb x;
             if (!x.display().empty()) setenv("DISPLAY", x.display().c_str(), 1);
             wake_ups_in_a_minute(work);
         }},
        // Clips (issue 15): switches in the frame log, the cost next to mpv's own player, pre-roll.
        {"clip_switches", [&] { clip_switches(work); }},
        {"clip_cost", [&] { clip_cost(work); }},
        {"preroll", [&] { preroll(work); }},
        // The control page (issue 16): its answers under 20 clients during fades, the live picture.
        {"control-page", [&] { control_page_under_load(work); }},
        // Many halls (issue 17): 50 displays and one broker, a cue to all.
        {"fleet", [&] { fleet_load(work); }},
        // PDF posters (issue 18): a page drawn, next to a photo prepared.
        {"pdf", [&] { pdf_pages(work); }},
        // The strip (issue 18): its clock and its ticker in a window, next to a still slide.
        {"strip", [&] { strip_cost(work); }},
        // Web slides (issue 18): a page drawn by the headless browser, next to its start alone.
        {"web", [&] { web_page_cost(work); }},
    };
    for (const auto& [name, figure] : figures)
        if (only.empty() || name.find(only) != std::string::npos) figure();
    fs::remove_all(work);
    return 0;
}
