#pragma once
// Web slides' pages, drawn by the headless browser (web/browser.hpp) on a thread of their own,
// one page at a time, again every slide's "refresh", and prepared for the screen as pictures
// are, into the cache. A page that cannot be drawn keeps its last picture (after a restart
// too: the cache says which and when), and the slide says since when. The worker thread
// calls every member; the drawing thread only wakes it.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "content/feed_cache.hpp"
#include "content/snapshot.hpp"
#include "web/browser.hpp"

namespace placard::content {

struct WorkerOptions;

class WebPages {
public:
    using TimePoint = std::chrono::system_clock::time_point;
    struct Wanted {
        std::string url;
        std::chrono::seconds wait{2};
        std::chrono::seconds redraw{std::chrono::minutes(10)};
        std::filesystem::path headers;    // "Name: value" lines; empty: none
        int width = 1920, height = 1080;  // the slide's part of the screen (beside display.strip)
    };
    struct Context {
        const WorkerOptions* options = nullptr;
        FeedCache* cache = nullptr;
        std::function<TimePoint()> now;
        std::function<void()> wake;  // from the drawing thread: the worker has a page to take
        bool small_board = false;    // pages wait while clips play (hold())
    };

    explicit WebPages(Context context);
    ~WebPages();  // the page being drawn is given up, its browser killed
    WebPages(const WebPages&) = delete;
    WebPages& operator=(const WebPages&) = delete;

    // The pages the playlist shows now: the others are forgotten (their pictures age out).
    void want(const std::vector<Wanted>& pages);
    // Takes a page drawn, and hands the next one that is due to the drawing thread.
    void process();
    // Clips play or pre-roll (or no longer): on a small board no page is drawn meanwhile, and
    // the one being drawn is put off (its browser stopped; no failure: drawn again after).
    void hold(bool clips_busy);
    bool take_changed() { return std::exchange(changed_, false); }
    TimePoint next_due() const;
    // Every page wanted has been tried once: for the worker's first pass (`placard slides`).
    bool settled() const;
    void publish(Snapshot& s) const;
    void files_in_use(std::set<std::filesystem::path>& keep) const;

private:
    struct Page {
        Wanted want;
        WebPageState state;
        TimePoint next{};  // when it is drawn again
        int failures = 0;
        bool tried = false;  // drawn, or failed, since it was wanted
    };
    struct Job {
        std::string url;
        web::PageRequest request;
    };
    struct Done {
        std::string url;
        Result<web::PageShot> shot;
        bool put_off = false;  // stopped for a clip: to be drawn again, not a failure
    };

    void draw_pages();  // the drawing thread
    void take(Done done);
    std::filesystem::path file_of(const std::string& url) const;
    void remember(const std::string& url, const Page& page) const;
    void recall(const std::string& url, Page& page) const;

    Context context_;
    std::map<std::string, Page> pages_;  // by address; the worker thread's
    bool busy_ = false;                  // a page is with the drawing thread
    bool held_ = false;                  // clips play on a small board: no page is drawn
    bool changed_ = false;

    std::mutex mutex_;  // guards job_, done_
    std::condition_variable cv_;
    std::optional<Job> job_;
    std::optional<Done> done_;
    std::atomic<bool> stop_{false};
    std::atomic<bool> abandon_{false};  // the page being drawn is given up: stop_, or hold()
    std::thread thread_;                // started with the first page wanted
};

}  // namespace placard::content
