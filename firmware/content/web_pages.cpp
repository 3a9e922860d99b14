#include "content/web_pages.hpp"

#include <algorithm>
#include <fstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "content/worker.hpp"
#include "util/duration.hpp"
#include "util/log.hpp"
#include "util/time.hpp"
#include "web/helper.hpp"

namespace placard::content {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// A page that failed is tried again after a minute, then two, up to its own redraw.
constexpr std::chrono::seconds first_retry = 1min;

// "Name: value" lines; blank lines and lines starting with '#' are skipped. A file that cannot
// be read is an error: the page is not asked for without its login.
Result<std::vector<std::pair<std::string, std::string>>> read_headers(const fs::path& file) {
    std::vector<std::pair<std::string, std::string>> out;
    if (file.empty()) return out;
    std::ifstream in(file);
    if (!in)
        return Error{file.string(), "cannot be read",
                     "the headers file must be readable by the user placard runs as (and by no one else)"};
    for (std::string line; std::getline(in, line);) {
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
        if (line.empty() || line[0] == '#') continue;
        const auto colon = line.find(':');
        if (colon == std::string::npos || colon == 0)
            return Error{file.string(), fmt::format("\"{}\" is not a header", line.substr(0, 40)),
                         "write one \"Name: value\" a line, such as \"Authorization: Bearer ...\""};
        std::string value = line.substr(colon + 1);
        value.erase(0, value.find_first_not_of(' '));
        out.emplace_back(line.substr(0, colon), value);
    }
    return out;
}

}  // namespace

WebPages::WebPages(Context context) : context_(std::move(context)) {}

WebPages::~WebPages() {
    {
        std::lock_guard lock(mutex_);  // not between the drawing thread's look and its wait
        stop_ = true;
        abandon_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
}

fs::path WebPages::file_of(const std::string& url) const {
    const std::string variant = context_.options->images ? context_.options->images->variant() : std::string();
    const auto dot = variant.rfind('.');
    return context_.cache->store()->path_for("web", url + "|" + variant,
                                             dot == std::string::npos ? std::string() : variant.substr(dot));
}

// What the cache knows of a page: its last picture, and when it was drawn.
void WebPages::recall(const std::string& url, Page& page) const {
    if (!context_.cache->store() || !context_.options->images) return;
    const auto meta = context_.cache->store()->get("web-meta", url + "|" + context_.options->images->variant());
    if (!meta) return;
    const auto j = nlohmann::json::parse(*meta, nullptr, false);
    std::error_code ec;
    const fs::path file = file_of(url);
    if (!j.is_object() || !fs::is_regular_file(file, ec)) return;
    page.state.picture = PreparedImage{file.string(), j.value("width", 0), j.value("height", 0)};
    page.state.drawn = SysTime(std::chrono::seconds(j.value("drawn", 0LL)));
    // Shown at once, and drawn again at once, as a feed is asked for again at a start.
}

void WebPages::remember(const std::string& url, const Page& page) const {
    if (!context_.cache->store() || !page.state.drawn) return;
    const nlohmann::json j{{"width", page.state.picture.width},
                           {"height", page.state.picture.height},
                           {"drawn", page.state.drawn->time_since_epoch().count()}};
    context_.cache->put("web-meta", url + "|" + context_.options->images->variant(), j.dump());
}

void WebPages::want(const std::vector<Wanted>& pages) {
    std::map<std::string, Page> next;
    for (const Wanted& w : pages) {
        auto [it, added] = next.try_emplace(w.url);
        if (!added) {  // two slides of one page: the shorter redraw
            it->second.want.redraw = std::min(it->second.want.redraw, w.redraw);
            continue;
        }
        if (auto old = pages_.find(w.url); old != pages_.end()) {
            it->second = std::move(old->second);
            it->second.want = w;
            continue;
        }
        it->second.want = w;
        it->second.next = context_.now();
        recall(w.url, it->second);
        changed_ = true;
    }
    if (next.size() != pages_.size()) changed_ = true;
    pages_ = std::move(next);
    if (!pages_.empty() && !thread_.joinable()) thread_ = std::thread([this] { draw_pages(); });
}

void WebPages::process() {
    std::optional<Done> done;
    {
        std::lock_guard lock(mutex_);
        done = std::exchange(done_, std::nullopt);
    }
    if (done) take(std::move(*done));
    if (busy_ || held_) return;
    const TimePoint now = context_.now();
    if (!context_.options->images || !context_.cache->store()) {
        // Nowhere to keep a picture (the cache could not be opened): nothing to draw for.
        for (auto& [u, page] : pages_)
            if (!page.tried) {
                page.tried = true;
                page.state.error = Error{u, "not drawn: there is no cache to keep its picture in", ""};
                page.next = TimePoint::max();
                changed_ = true;
            }
        return;
    }
    Page* due = nullptr;
    std::string url;
    for (auto& [u, page] : pages_)
        if (page.next <= now && (!due || page.next < due->next)) {
            due = &page;
            url = u;
        }
    if (!due) return;
    if (context_.options->offline) {
        due->tried = true;
        if (!due->state.error) {
            due->state.error = Error{url, "offline: not drawn", ""};
            changed_ = true;
        }
        due->next = TimePoint::max();
        return;
    }
    const std::uint64_t cap = web::memory_cap_here();
    if (!web::room_for(cap)) {
        // A clip pre-rolling on a small board, say: the page waits, the screen goes on.
        log::write_once(log::Level::notice, "web", "room",
                        fmt::format("less than {} MB of memory is free: web pages wait to be drawn", cap >> 20));
        due->next = now + 30s;
        return;
    }
    log::clear_once("room");
    auto headers = read_headers(due->want.headers);
    if (headers) log::clear_once("headers:" + url);
    if (!headers) {
        log::write_once(log::Level::error, "web", "headers:" + url, headers.error().to_string());
        due->state.error = headers.error();
        due->tried = true;
        due->next = now + due->want.redraw;
        changed_ = true;
        return;
    }
    Job job;
    job.url = url;
    job.request.url = url;
    job.request.width = due->want.width;
    job.request.height = due->want.height;
    job.request.wait = due->want.wait;
    job.request.memory_cap = cap;
    job.request.headers = std::move(*headers);
    job.request.scratch = context_.options->cache_dir / "browser";
    busy_ = true;
    {
        std::lock_guard lock(mutex_);
        job_ = std::move(job);
        abandon_ = false;
    }
    cv_.notify_all();
}

void WebPages::hold(bool clips_busy) {
    held_ = clips_busy && context_.small_board;
    if (!held_ || !busy_ || abandon_) return;
    // Said once until a page is drawn again: a playlist of clips and stills puts pages off often.
    log::write_once(log::Level::info, "web", "clip-hold",
                    "a clip plays on this board of little memory: the web page being drawn is put off until it ends");
    abandon_ = true;
}

void WebPages::draw_pages() {
    while (true) {
        Job job;
        {
            std::unique_lock lock(mutex_);
            cv_.wait(lock, [&] { return stop_ || job_; });
            if (stop_) return;
            job = std::move(*job_);
            job_.reset();
        }
        Result<web::PageShot> shot = Error{job.url, "not drawn", ""};
        try {
            // The package's drawer, as a user of its own, when it is there; else this process.
            if (const auto drawer = web::helper_socket()) {
                log::write_once(log::Level::info, "web", "drawer",
                                fmt::format("web pages are drawn by the page drawer at {}", drawer->string()));
                shot = web::render_through(*drawer, job.request, &abandon_);
            } else {
                shot = web::render_page(job.request, &abandon_);
            }
        } catch (const std::exception& e) {  // a browser that says what it should not: this page fails
            shot = Error{job.url, fmt::format("the browser's answer cannot be read ({})", e.what()), ""};
        }
        if (stop_) return;
        {
            std::lock_guard lock(mutex_);
            const bool put_off = !shot && abandon_;
            done_ = Done{job.url, std::move(shot), put_off};
        }
        if (context_.wake) context_.wake();
    }
}

void WebPages::take(Done done) {
    busy_ = false;
    auto it = pages_.find(done.url);
    if (it == pages_.end()) return;  // the playlist no longer shows it
    Page& page = it->second;
    const TimePoint now = context_.now();
    if (done.put_off) {  // for a clip: drawn again once it ends
        page.next = now;
        return;
    }
    changed_ = true;
    page.tried = true;
    Result<PreparedImage> prepared =
        done.shot ? context_.options->images->prepare(done.shot->png, done.url, file_of(done.url).string())
                  : Result<PreparedImage>(done.shot.error());
    if (prepared) {
        if (page.failures > 0 || !page.state.drawn)
            log::info("web", "{}: drawn in {:.1f} s ({} MB at the most)", done.url,
                      static_cast<double>(done.shot->took.count()) / 1000.0, done.shot->peak_memory >> 20);
        page.state.picture = *prepared;
        page.state.drawn = std::chrono::floor<std::chrono::seconds>(now);
        page.state.error.reset();
        page.failures = 0;
        log::clear_once("clip-hold");
        page.next = now + page.want.redraw;
        remember(done.url, page);
        return;
    }
    // The last good picture stays; the page is tried again sooner than its redraw. One line
    // when it starts failing; the next when it is drawn again.
    ++page.failures;
    const auto retry =
        std::min<std::chrono::seconds>(page.want.redraw, first_retry * (1 << std::min(page.failures - 1, 6)));
    page.state.error = prepared.error();
    page.next = now + retry;
    if (page.failures == 1)
        log::warning("web", "{}; {}, trying again in {}, then less often", prepared.error().to_string(),
                     page.state.picture.file.empty() ? "the slide waits for it" : "its last picture stays on screen",
                     format_duration(retry));
}

WebPages::TimePoint WebPages::next_due() const {
    TimePoint next = TimePoint::max();
    if (busy_ || held_) return next;  // the worker is woken when the page is drawn or the hold ends
    for (const auto& [url, page] : pages_) next = std::min(next, page.next);
    return next;
}

bool WebPages::settled() const {
    return std::all_of(pages_.begin(), pages_.end(), [](const auto& p) { return p.second.tried; });
}

void WebPages::publish(Snapshot& s) const {
    for (const auto& [url, page] : pages_) s.web_pages[url] = page.state;
}

void WebPages::files_in_use(std::set<fs::path>& keep) const {
    if (!context_.cache->store() || !context_.options->images) return;
    for (const auto& [url, page] : pages_) {
        keep.insert(file_of(url));
        keep.insert(context_.cache->store()->path_for("web-meta", url + "|" + context_.options->images->variant()));
    }
}

}  // namespace placard::content
