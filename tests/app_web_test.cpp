// Web pages drawn by Debian's headless browser (web/browser.hpp), in a process of its own:
// pages from the test server, with and without time for their scripts, behind a login, and
// the browser that cannot fetch, hangs, is killed, or grows past its memory cap.
#include <doctest/doctest.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <SDL.h>
#include <SDL_image.h>

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "content/worker.hpp"
#include "kinds/kinds.hpp"
#include "media/image.hpp"
#include "media/sdl_ptr.hpp"
#include "support/placard_process.hpp"
#include "support/sdl_session.hpp"
#include "support/test_support.hpp"
#include "util/clock.hpp"
#include "util/unique_fd.hpp"
#include "web/browser.hpp"
#include "web/helper.hpp"

using namespace placard;
namespace fs = std::filesystem;

namespace {

// A page that says "Before" on white, and a second after its load "After" on red.
const char* const changing_page = R"(<!doctype html><html><head><meta charset="utf-8"></head>
<body style="margin:0;background:#ffffff"><h1 id="t" style="font:80px sans-serif">Before</h1>
<script>setTimeout(function () { document.body.style.background = '#cc0000';
  document.getElementById('t').textContent = 'After'; }, 1000);</script></body></html>)";

struct Site {
    test::TempDir dir;
    std::unique_ptr<test::TestServer> server;
    Site() {
        test::write_file(dir / "page.html", changing_page);
        // A page that asks for a great deal of memory and holds it.
        test::write_file(dir / "heavy.html", R"(<!doctype html><html><body><script>
          var keep = []; for (var i = 0; i < 64; ++i) { var a = new Uint8Array(16 << 20); a.fill(i + 1); keep.push(a); }
          document.body.textContent = keep.length;</script></body></html>)");
        server = std::make_unique<test::TestServer>(dir.path());
    }
};

web::PageRequest request(const std::string& url) {
    web::PageRequest r;
    r.url = url;
    r.width = 640;
    r.height = 360;
    r.timeout = std::chrono::seconds(30);
    return r;
}

// The picture's pixel at (x, y), as 0xRRGGBB.
Uint32 pixel_of(const std::string& png, int x, int y) {
    test::start_sdl();
    SurfacePtr loaded(IMG_Load_RW(SDL_RWFromConstMem(png.data(), static_cast<int>(png.size())), 1));
    REQUIRE(loaded);
    SurfacePtr s(SDL_ConvertSurfaceFormat(loaded.get(), SDL_PIXELFORMAT_ARGB8888, 0));
    REQUIRE(s);
    CHECK(s->w == 640);
    CHECK(s->h == 360);
    return static_cast<const Uint32*>(s->pixels)[y * (s->pitch / 4) + x] & 0xFFFFFFu;
}

// The processes here: each one's parent and name.
struct Processes {
    std::map<pid_t, pid_t> parent;
    std::map<pid_t, std::string> name;
    Processes() {
        for (const auto& entry : fs::directory_iterator("/proc")) {
            const std::string n = entry.path().filename().string();
            if (n.empty() || n[0] < '0' || n[0] > '9') continue;
            std::ifstream in(entry.path() / "stat");
            std::string stat;
            if (!std::getline(in, stat)) continue;
            const auto open = stat.find('('), close = stat.rfind(')');
            if (open == std::string::npos || close == std::string::npos) continue;
            std::string state;
            long p = 0;
            std::istringstream(stat.substr(close + 2)) >> state >> p;
            parent[std::stoi(n)] = static_cast<pid_t>(p);
            name[std::stoi(n)] = stat.substr(open + 1, close - open - 1);
        }
    }
    bool under(pid_t pid, pid_t root) const {
        for (pid_t up = pid; up > 1;) {
            const auto it = parent.find(up);
            if (it == parent.end()) return false;
            up = it->second;
            if (up == root) return true;
        }
        return false;
    }
};

// The browser processes this test process started, by their parent: none once a render is over.
std::vector<pid_t> browsers() {
    const Processes all;
    std::vector<pid_t> out;
    for (const auto& [pid, comm] : all.name)
        if (comm.rfind("chromium", 0) == 0 && all.parent.at(pid) == getpid()) out.push_back(pid);
    return out;
}

}  // namespace

TEST_CASE("a web page is drawn at the screen's size, as its scripts leave it after the wait it is given") {
    REQUIRE(web::find_browser());
    Site site;
    auto at_load = web::render_page(request(site.server->url("page.html")));
    REQUIRE_MESSAGE(at_load, at_load.error().to_string());
    CHECK(at_load->status == 200);
    CHECK(pixel_of(at_load->png, 600, 300) == 0xFFFFFFu);  // at its load: white
    auto waited = request(site.server->url("page.html"));
    waited.wait = std::chrono::milliseconds(2000);
    auto later = web::render_page(waited);
    REQUIRE_MESSAGE(later, later.error().to_string());
    CHECK(pixel_of(later->png, 600, 300) == 0xCC0000u);  // its script has run: red
    CHECK(later->took >= std::chrono::milliseconds(2000));
    CHECK(later->peak_memory > 0);
    CHECK(browsers().empty());
}

TEST_CASE("a page that cannot be fetched, or answers an error, is an error naming it, and the browser is gone") {
    Site site;
    auto missing = web::render_page(request(site.server->url("nowhere.html")));
    REQUIRE_FALSE(missing);
    CHECK(missing.error().to_string().find("nowhere.html: answered HTTP 404") != std::string::npos);
    site.server->stop();
    auto down = web::render_page(request(site.server->url("page.html")));
    REQUIRE_FALSE(down);
    CHECK(down.error().to_string().find("cannot be fetched (net::ERR_CONNECTION_REFUSED)") != std::string::npos);
    CHECK(browsers().empty());
}

TEST_CASE("a page behind a login gets the headers it is given, on its own origin") {
    Site site;
    const std::string url = site.server->url("page.html?login=hall-secret");
    auto refused = web::render_page(request(url));
    REQUIRE_FALSE(refused);
    CHECK(refused.error().to_string().find("answered HTTP 401") != std::string::npos);
    CHECK(refused.error().to_string().find("needs a login") != std::string::npos);
    auto with_login = request(url);
    with_login.headers = {{"Authorization", "Bearer hall-secret"}};
    auto drawn = web::render_page(with_login);
    REQUIRE_MESSAGE(drawn, drawn.error().to_string());
    CHECK(drawn->status == 200);
}

TEST_CASE("a browser that hangs, is killed mid-page, grows past its memory cap or is stopped: an error, nothing left") {
    Site site;
    SUBCASE("hung: the page never answers") {
        auto r = request(site.server->url("fault/hang"));
        r.timeout = std::chrono::seconds(4);
        const auto start = std::chrono::steady_clock::now();
        auto hung = web::render_page(r);
        REQUIRE_FALSE(hung);
        CHECK(hung.error().to_string().find("took longer than 4 s") != std::string::npos);
        CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(10));
    }
    SUBCASE("killed while it waits for the page") {
        std::atomic<bool> done{false};
        std::thread killer([&] {
            for (int i = 0; i < 200 && !done; ++i) {
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
                if (i >= 20)
                    for (pid_t p : browsers()) kill(p, SIGKILL);
            }
        });
        auto killed = web::render_page(request(site.server->url("fault/hang")));
        done = true;
        killer.join();
        REQUIRE_FALSE(killed);
        CHECK(killed.error().to_string().find("the browser was killed (signal 9) while drawing it") !=
              std::string::npos);
    }
    SUBCASE("over its memory cap") {
        auto r = request(site.server->url("heavy.html"));
        r.memory_cap = 400ull << 20;
        r.wait = std::chrono::seconds(3);
        auto heavy = web::render_page(r);
        REQUIRE_FALSE(heavy);
        CHECK(heavy.error().to_string().find("more than its cap of 400 MB") != std::string::npos);
    }
    SUBCASE("stopped from another thread") {
        std::atomic<bool> stop{false};
        std::thread stopper([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(800));
            stop = true;
        });
        auto stopped = web::render_page(request(site.server->url("fault/hang")), &stop);
        stopper.join();
        REQUIRE_FALSE(stopped);
        CHECK(stopped.error().to_string().find("stopped") != std::string::npos);
    }
    CHECK(browsers().empty());
}

namespace {

// `placard slides --json`: one JSON object a line, after the log's lines.
std::vector<nlohmann::json> listed(const std::string& output) {
    std::vector<nlohmann::json> list;
    std::istringstream in(output);
    for (std::string line; std::getline(in, line);)
        if (line.rfind('{', 0) == 0) list.push_back(nlohmann::json::parse(line));
    return list;
}

// The middle of a prepared picture (a JPEG in the cache), as 0xRRGGBB within a few levels.
bool middle_near(const std::string& file, Uint32 rgb) {
    test::start_sdl();
    SurfacePtr loaded(IMG_Load(file.c_str()));
    REQUIRE(loaded);
    SurfacePtr s(SDL_ConvertSurfaceFormat(loaded.get(), SDL_PIXELFORMAT_ARGB8888, 0));
    REQUIRE(s);
    const Uint32 p = static_cast<const Uint32*>(s->pixels)[(s->h * 3 / 4) * (s->pitch / 4) + s->w * 3 / 4];
    int d = 0;
    for (int shift : {16, 8, 0}) d += std::abs(int((p >> shift) & 255) - int((rgb >> shift) & 255));
    return d < 24;
}

// `placard slides --json` of a 640x360 playlist with these slides, written into `dir`.
std::string slides_command(const test::TempDir& dir, const std::string& slides) {
    test::write_file(dir / "hall.json",
                     R"({ "version": 1, "display": { "size": "640x360" }, "slides": [ )" + slides + " ] }");
    return "slides " + test::quote((dir / "hall.json").string()) + " --json --cache " +
           test::quote((dir / "cache").string());
}

}  // namespace

TEST_CASE(
    "a web slide shows the page as its scripts leave it, and its last picture, with its age, when the site is down") {
    Site site;
    test::TempDir dir;
    const std::string slides =
        slides_command(dir, R"({ "type": "web", "url": ")" + site.server->url("page.html") + R"(", "wait": "2s" },
        { "type": "text", "title": "Our aims", "body": "Fair pay for every shift." })");
    const auto first = test::run_placard(slides);
    INFO(first.output);
    REQUIRE(first.status == 0);
    const auto drawn = listed(first.output);
    REQUIRE(drawn.size() == 2);
    CHECK(drawn[0]["type"] == "web");
    CHECK(drawn[0]["image_url"] == site.server->url("page.html"));
    CHECK_FALSE(drawn[0].contains("stale"));
    CHECK(middle_near(drawn[0]["image"].get<std::string>(), 0xCC0000u));  // after its script: red

    site.server->stop();
    const auto down = test::run_placard(slides);
    INFO(down.output);
    REQUIRE(down.status == 0);
    const auto kept = listed(down.output);
    REQUIRE(kept.size() == 2);
    CHECK(kept[0]["image"] == drawn[0]["image"]);
    CHECK(kept[0].contains("stale"));  // "updated ... ago", in the slide's corner
    CHECK(down.output.find("net::ERR_CONNECTION_REFUSED") != std::string::npos);
    CHECK(down.output.find("its last picture stays on screen") != std::string::npos);
}

TEST_CASE("a page that grows past the browser's memory cap keeps its last picture on screen, with one line") {
    Site site;
    test::TempDir dir;
    site.server->get("_switch/page?to=/page.html");
    const std::string slides =
        slides_command(dir, R"({ "type": "web", "url": ")" + site.server->url("switch/page") + R"(", "wait": "0s" })");
    const auto first = test::run_placard(slides);
    INFO(first.output);
    REQUIRE(first.status == 0);
    const auto drawn = listed(first.output);
    REQUIRE(drawn.size() == 1);
    CHECK(middle_near(drawn[0]["image"].get<std::string>(), 0xFFFFFFu));

    site.server->get("_switch/page?to=/heavy.html");  // a page that takes a gigabyte
    const auto heavy = test::run_placard(slides);
    INFO(heavy.output);
    REQUIRE(heavy.status == 0);
    const auto kept = listed(heavy.output);
    REQUIRE(kept.size() == 1);
    CHECK(kept[0]["image"] == drawn[0]["image"]);
    CHECK(kept[0].contains("stale"));
    size_t lines = 0;
    for (size_t at = heavy.output.find("more than its cap of"); at != std::string::npos;
         at = heavy.output.find("more than its cap of", at + 1))
        ++lines;
    CHECK(lines == 1);
    CHECK(heavy.output.find("its last picture stays on screen") != std::string::npos);
}

TEST_CASE("placard check names the package to install when there is no browser to draw a web slide") {
    test::TempDir dir;
    test::write_file(dir / "hall.json", R"({ "version": 1, "slides": [
        { "type": "web", "url": "https://example.org/appeal", "refresh": "5m" } ] })");
    setenv("PLACARD_BROWSER", "/nonexistent/chromium", 1);
    const auto checked = test::run_placard("check " + test::quote((dir / "hall.json").string()));
    unsetenv("PLACARD_BROWSER");
    INFO(checked.output);
    CHECK(checked.status == 0);  // a warning: the rest of the playlist plays
    CHECK(checked.output.find(": $.slides[0].url: warning: this web slide is not shown here") != std::string::npos);
    CHECK(checked.output.find("sudo apt-get install chromium-headless-shell") != std::string::npos);
    const auto fine = test::run_placard("check " + test::quote((dir / "hall.json").string()));
    CHECK(fine.output.find("not shown here") == std::string::npos);
}

namespace {

// The worker, with a web slide, on a board of `board_memory` bytes.
struct PageWorker {
    test::TempDir dir;
    SystemClock clock;
    media::SdlImagePreparer preparer{640, 360};
    std::unique_ptr<content::Worker> worker;
    std::string url;

    PageWorker(const std::string& page_url, std::uint64_t board_memory) : url(page_url) {
        test::start_sdl();
        const fs::path file = dir / "hall.json";
        test::write_file(file,
                         R"({ "version": 1, "slides": [ { "type": "web", "url": ")" + url + R"(", "wait": "0s" } ] })");
        auto loaded = kinds::load_playlist_file(file);
        REQUIRE(loaded.playlist);
        content::WorkerOptions o;
        o.cache_dir = dir / "cache";
        o.clock = &clock;
        o.images = &preparer;
        o.screen_width = 640;
        o.screen_height = 360;
        o.board_memory = board_memory;
        worker = std::make_unique<content::Worker>(o);
        worker->start(std::make_shared<const config::Playlist>(std::move(*loaded.playlist)));
    }
    ~PageWorker() { worker->stop(); }

    content::WebPageState page() const {
        const auto s = worker->snapshot();
        const auto it = s->web_pages.find(url);
        return it == s->web_pages.end() ? content::WebPageState{} : it->second;
    }
    // Waits up to `seconds` for `done`.
    template <typename F>
    bool within(int seconds, F done) const {
        for (int i = 0; i < seconds * 10; ++i) {
            if (done()) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        return done();
    }
};

}  // namespace

TEST_CASE("on a board of little memory no web page is drawn while a clip plays, and one being drawn is put off") {
    Site site;
    const std::uint64_t one_gb = 1ull << 30;

    SUBCASE("a clip plays: the page waits for its end") {
        PageWorker w(site.server->url("page.html"), one_gb);
        w.worker->set_clips_busy(true);
        std::this_thread::sleep_for(std::chrono::seconds(3));
        CHECK(browsers().empty());
        CHECK_FALSE(w.page().drawn);
        CHECK_FALSE(w.page().error);
        w.worker->set_clips_busy(false);
        CHECK(w.within(30, [&] { return w.page().drawn.has_value(); }));
    }

    SUBCASE("a clip starts while the page is drawn: its browser stops, no failure, drawn after the clip") {
        test::CapturedLog log;
        // The page comes 4 s after it is asked for: the browser is at work meanwhile.
        PageWorker w(site.server->url("page.html?delay=4"), one_gb);
        REQUIRE(w.within(20, [&] { return !browsers().empty(); }));
        w.worker->set_clips_busy(true);
        CHECK(w.within(5, [&] { return browsers().empty(); }));
        std::this_thread::sleep_for(std::chrono::seconds(5));  // the page would have come by now
        CHECK_FALSE(w.page().drawn);
        CHECK_FALSE(w.page().error);  // put off, not failed: no "updated ... ago" for it
        CHECK(log.contains("the web page being drawn is put off"));
        w.worker->set_clips_busy(false);
        CHECK(w.within(30, [&] { return w.page().drawn.has_value(); }));
        CHECK_FALSE(log.contains("trying again"));
    }

    SUBCASE("a board with memory to spare draws pages while clips play") {
        PageWorker w(site.server->url("page.html"), 4 * one_gb);
        w.worker->set_clips_busy(true);
        CHECK(w.within(30, [&] { return w.page().drawn.has_value(); }));
    }
}

namespace {

// The browsers started under `root` (its children's children too).
std::vector<pid_t> browsers_under(pid_t root) {
    const Processes all;
    std::vector<pid_t> out;
    for (const auto& [pid, comm] : all.name)
        if (comm.rfind("chromium", 0) == 0 && all.under(pid, root)) out.push_back(pid);
    return out;
}

// The drawers systemd-socket-activate (`root`) started: its children.
std::vector<pid_t> drawers_of(pid_t root) {
    const Processes all;
    std::vector<pid_t> out;
    for (const auto& [pid, parent] : all.parent)
        if (parent == root) out.push_back(pid);
    return out;
}

// The package's page drawer as systemd runs it (placard-web.socket, Accept=yes): here
// systemd-socket-activate, which starts `placard web-helper` for each connection with the
// connection as its standard input and output.
struct Drawer {
    test::TempDir dir;
    fs::path socket = dir / "web.sock";
    pid_t pid = -1;

    Drawer() {
        pid = fork();
        if (pid == 0) {
            test::output_to(dir / "drawer.log");
            std::vector<std::string> words = {"/usr/bin/systemd-socket-activate", "--accept", "--inetd", "-l",
                                              socket.string()};
            for (const auto& w : test::placard_argv()) words.push_back(w);
            words.emplace_back("web-helper");
            std::vector<char*> argv;
            for (auto& w : words) argv.push_back(w.data());
            argv.push_back(nullptr);
            execv(argv[0], argv.data());
            _exit(127);
        }
        for (int i = 0; i < 100 && !fs::exists(socket); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
        REQUIRE(fs::exists(socket));
    }
    ~Drawer() {
        kill(pid, SIGTERM);
        waitpid(pid, nullptr, 0);
    }
    // Until a browser of a drawer's runs (10 s at most).
    void wait_for_browser() const {
        for (int i = 0; i < 100 && browsers_under(pid).empty(); ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    // Whether no browser of a drawer's is left (within 5 s).
    bool browsers_gone() const {
        for (int i = 0; i < 50; ++i) {
            if (browsers_under(pid).empty()) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        return false;
    }
    // Draws `url` through it, killing what `victims` gives once its browser runs.
    Result<web::PageShot> draw_killing(const std::string& url, const std::function<std::vector<pid_t>()>& victims) {
        std::thread killer([&] {
            wait_for_browser();
            for (pid_t p : victims()) kill(p, SIGKILL);
        });
        auto shot = web::render_through(socket, request(url));
        killer.join();
        return shot;
    }
    std::string log() const {
        std::ifstream in(dir / "drawer.log");
        return {std::istreambuf_iterator<char>(in), {}};
    }
};

}  // namespace

TEST_CASE("the package's page drawer draws the page in a process of its own, and when stopped its browser goes") {
    Site site;
    Drawer drawer;

    auto r = request(site.server->url("page.html"));
    r.wait = std::chrono::milliseconds(2000);
    auto shot = web::render_through(drawer.socket, r);
    INFO(drawer.log());
    REQUIRE_MESSAGE(shot, shot.error().to_string());
    CHECK(shot->status == 200);
    CHECK(pixel_of(shot->png, 600, 340) == 0xCC0000u);  // after its script, as drawn in this process
    CHECK(shot->peak_memory > 0);
    CHECK(browsers().empty());  // none of this process's own

    // The drawer's errors come back as they are.
    auto missing = web::render_through(drawer.socket, request(site.server->url("nothing-here.html")));
    REQUIRE_FALSE(missing);
    CHECK(missing.error().what.find("404") != std::string::npos);

    // Stopped mid-page (a page that comes in 20 s): the connection closes, the drawer's browser goes.
    std::atomic<bool> stop{false};
    std::thread stopper([&] {
        drawer.wait_for_browser();
        stop = true;
    });
    const auto began = std::chrono::steady_clock::now();
    auto stopped = web::render_through(drawer.socket, request(site.server->url("page.html?delay=20")), &stop);
    stopper.join();
    REQUIRE_FALSE(stopped);
    CHECK(stopped.error().what == "stopped");
    CHECK(std::chrono::steady_clock::now() - began < std::chrono::seconds(15));
    CHECK(drawer.browsers_gone());
}

TEST_CASE("a drawer that cannot be reached, ends without an answer, or loses its browser: an error that says so") {
    test::TempDir dir;
    auto none = web::render_through(dir / "no.sock", request("http://127.0.0.1:9/"));
    REQUIRE_FALSE(none);
    CHECK(none.error().what.find("cannot be reached") != std::string::npos);
    CHECK(none.error().hint.find("systemctl restart placard-web.socket") != std::string::npos);

    Site site;
    Drawer drawer;
    const std::string slow = site.server->url("page.html?delay=20");
    // Its browser killed mid-page: the drawer answers with the error.
    auto lost = drawer.draw_killing(slow, [&] { return browsers_under(drawer.pid); });
    REQUIRE_FALSE(lost);
    CHECK(lost.error().to_string().find("killed") != std::string::npos);

    // The drawer itself killed mid-page: no answer; its browser goes with it.
    auto ended = drawer.draw_killing(slow, [&] { return drawers_of(drawer.pid); });
    REQUIRE_FALSE(ended);
    CHECK(ended.error().what == "the drawer ended without an answer");
    CHECK(drawer.browsers_gone());
}

TEST_CASE("placard slides draws a web slide through the drawer that PLACARD_WEB_HELPER names") {
    Site site;
    Drawer drawer;
    test::TempDir dir;
    const std::string slides =
        slides_command(dir, R"({ "type": "web", "url": ")" + site.server->url("page.html") + R"(", "wait": "2s" })");
    std::string output;
    const int status = test::run_command(
        "PLACARD_WEB_HELPER=" + test::quote(drawer.socket.string()) + " " + test::placard_command() + " " + slides,
        &output);
    INFO(output);
    REQUIRE(status == 0);
    const auto drawn = listed(output);
    REQUIRE(drawn.size() == 1);
    CHECK(middle_near(drawn[0]["image"].get<std::string>(), 0xCC0000u));
    CHECK(output.find("web pages are drawn by the page drawer at " + drawer.socket.string()) != std::string::npos);
}

TEST_CASE("a request the drawer cannot read is answered with what is wrong, not by its end") {
    Drawer drawer;
    for (const std::string request :
         {R"({"url": "http://127.0.0.1:9/", "width": "wide"})", R"({"url": "file:///etc/passwd"})", R"(not json)"}) {
        CAPTURE(request);
        UniqueFd fd(socket(AF_UNIX, SOCK_STREAM, 0));
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        std::strncpy(address.sun_path, drawer.socket.c_str(), sizeof address.sun_path - 1);
        REQUIRE(connect(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0);
        const std::string line = request + "\n";
        REQUIRE(write(fd.get(), line.data(), line.size()) == static_cast<ssize_t>(line.size()));
        std::string answer;
        char buffer[4096];
        for (ssize_t n; (n = read(fd.get(), buffer, sizeof buffer)) > 0;) answer.append(buffer, static_cast<size_t>(n));
        const auto head = nlohmann::json::parse(answer.substr(0, answer.find('\n')), nullptr, false);
        REQUIRE(head.is_object());
        CHECK(head["ok"] == false);
        CHECK_FALSE(head["what"].get<std::string>().empty());
    }
}
