#include "content/worker.hpp"

#include <algorithm>
#include <atomic>
#include <cassert>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "content/clip_downloads.hpp"
#include "content/feed.hpp"
#include "content/feed_cache.hpp"
#include "content/local_file.hpp"
#include "content/pictures.hpp"
#include "content/source_driver.hpp"
#include "content/web_pages.hpp"
#include "layout/slide_layout.hpp"
#include "net/http_client.hpp"
#include "net/polite.hpp"
#include "schedule/event_time.hpp"
#include "store/store.hpp"
#include "util/duration.hpp"
#include "util/log.hpp"
#include "web/browser.hpp"

// The worker is a scheduler over feeds: it makes them from the playlist's sources (each
// source's driver says which), asks a feed's driver to begin when net::Polite says it is
// due, and publishes what came of it. How each type of source is fetched is its driver's
// (source_driver.hpp); what is kept on disk, the feed cache's (feed_cache.hpp); the
// pictures, pictures.hpp's.
namespace placard::content {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using TimePoint = std::chrono::system_clock::time_point;

// The loop re-reads the clock at least this often, so that a clock that jumps (a Pi
// without a real-time clock, before NTP) cannot put it to sleep for hours.
constexpr std::chrono::milliseconds max_sleep = 30s;
// How often, at most, the cache is trimmed to its budget while content is written.
constexpr std::chrono::seconds trim_interval = 5min;
constexpr std::chrono::seconds playlist_timeout = 30s;

// The items a slide shows, by its kind's row; none for a slide that is its own content.
std::optional<ItemKind> kind_for(const config::Slide& slide) {
    return slide.kind ? slide.kind->items : std::nullopt;
}

}  // namespace

// The remote playlist: the worker thread's.
struct WatchedPlaylist {
    std::string url;
    net::Polite polite;
    bool have_good = false;
    unsigned serial = 0;  // tells the answer to an earlier watch from this one's
    config::SlideKinds kinds;
};

struct Worker::Impl final : FeedHost {
    explicit Impl(WorkerOptions o) : options_(std::move(o)) {
        if (!options_.clock) options_.clock = &system_clock;
    }

    WorkerOptions options_;
    SystemClock system_clock;
    net::HttpClient client;  // the worker thread's, except wakeup()
    std::optional<store::Store> store;
    FeedCache cache;
    std::thread thread;
    std::atomic<bool> stopping{false};
    std::atomic<bool> clips_busy{false};  // set_clips_busy()

    // Shared with the other threads, under `mutex`.
    mutable std::mutex mutex;
    std::condition_variable first_pass_cv;
    SnapshotPtr current = std::make_shared<const Snapshot>();
    std::shared_ptr<const config::Playlist> pending;
    std::optional<PlaylistWatch> pending_watch;
    bool playlist_refresh = false;
    std::set<std::string> sources_refresh;      // source names to fetch again at once
    std::optional<PlaylistNews> playlist_news;  // the handover to the main thread
    bool first_pass_done = false;
    bool stopped = false;

    // The worker thread's own (start()'s before the thread runs).
    std::shared_ptr<const config::Playlist> playlist;
    std::map<std::string, Feed> feeds;  // by key
    // Source name -> the feeds it is made of (one, or a WordPress site's posts and comments),
    // each with the kinds the source takes from it.
    std::map<std::string, std::vector<std::pair<std::string, std::set<ItemKind>>>> names;
    Pictures pictures{Pictures::Context{
        &options_, &cache, &client, [this](const std::string& url) { return request_for(url); },
        [this] { return now(); }, [this] { return wanted_pictures(); }, [this] { return whole_documents(); }}};
    ClipDownloads clips{ClipDownloads::Context{&options_,
                                               &cache,
                                               &client,
                                               [this](const std::string& url) { return request_for(url); },
                                               [this] { return now(); },
                                               [this] { return wanted_clips(); },
                                               {}}};
    WebPages web_pages{
        WebPages::Context{&options_, &cache, [this] { return now(); }, [this] { client.wakeup(); },
                          (options_.board_memory ? options_.board_memory : web::board_memory()) < web::small_board}};
    std::optional<WatchedPlaylist> watched;
    unsigned long long generation = 0;
    unsigned next_serial = 0;
    bool dirty = false;
    TimePoint next_trim{};

    // ---- what the drivers may ask (FeedHost) ----

    const WorkerOptions& options() const override { return options_; }
    TimePoint now() const override { return options_.clock->now(); }
    SysTime now_seconds() const override { return options_.clock->now_seconds(); }

    feeds::FeedOptions feed_options(ItemKind kind, const std::string& origin) const override {
        feeds::FeedOptions o{kind, origin};
        if (playlist) o.zone = playlist->display.zone;
        return o;
    }

    net::Request request_for(const std::string& url) const override {
        net::Request request;
        request.url = url;
        request.total_timeout = options_.request_timeout;
        request.connect_timeout = std::min(request.connect_timeout, options_.request_timeout);
        request.low_speed_time = options_.low_speed_time;
        return request;
    }

    void fetch(const Feed& f, net::Request request, Done done) override {
        client.start(std::move(request),
                     [this, key = f.key, serial = f.serial, done = std::move(done)](net::Outcome o) {
                         auto it = feeds.find(key);
                         if (it == feeds.end() || it->second.serial != serial) return;  // dropped meanwhile
                         done(it->second, std::move(o));
                     });
    }

    bool accept(Feed& f, const std::string& body, const std::string& origin) override {
        const SourceDriver& driver = driver_for(f.type);
        ItemsByKind parsed;
        for (ItemKind kind : f.kinds) {
            auto items = driver.parse(f, body, kind, origin, *this);
            if (!items) {
                failed(f, items.error(), "content", std::nullopt);
                return false;
            }
            parsed[kind] = std::move(*items);
        }
        replace_items(f, std::move(parsed));
        return true;
    }

    void replace_items(Feed& f, ItemsByKind items) override {
        if (items == f.items) return;
        for (const auto& [kind, list] : items)
            for (const auto& item : list) pictures.forgive(item.image);
        f.items = std::move(items);
        for (ItemKind kind : f.kinds) cache.save_items(f, kind);
        log::info("content", "{}: {} item(s)", f.origin(), f.item_count());
        pictures.mark_stale();
        dirty = true;
    }

    void keep_body(const Feed& f, std::string_view body) override {
        if (driver_for(f.type).keeps_body()) cache.save_body(f, body);
    }

    void changed() override { dirty = true; }

    // max_age: a lower bound on the wait (up to a day, so that a year's max-age on a feed
    // does not freeze the screen).
    void succeeded(Feed& f, std::optional<std::chrono::seconds> max_age) override {
        f.tried = true;
        f.error.reset();
        f.from_cache = false;
        f.updated = now_seconds();
        if (f.polite.on_success(now(), max_age))
            log::notice("content", "{}: working again, {} item(s)", f.origin(), f.item_count());
        cache.save_meta(f);
        dirty = true;
    }

    void failed(Feed& f, const Error& error, const char* module,
                std::optional<std::chrono::seconds> retry_after) override {
        f.tried = true;
        f.error = error;
        if (f.polite.on_failure(error, retry_after, now())) {
            std::string hint = error.hint.empty() ? "" : "; " + error.hint;
            std::string where = error.where.empty() ? f.origin() : error.where;
            f.polite.warn_once(module, fmt::format("{}: {}; retrying in {}, {}{}", where, error.what,
                                                   format_duration(f.polite.backoff()), f.kept_words(), hint));
        }
        dirty = true;
    }

    // ---- the playlist ----

    // The most items a slide shows of the source's `kind`: a WordPress page's size.
    // The slides that show a source's items: the playlist's, and the strip's ticker.
    std::vector<const config::Slide*> item_slides() const {
        std::vector<const config::Slide*> out;
        for (const auto& slide : playlist->slides) out.push_back(&slide);
        if (const auto& strip = playlist->display.strip; strip && strip->ticker) out.push_back(&*strip->ticker);
        return out;
    }

    int most_shown(const std::string& source, ItemKind kind) const {
        int most = 0;
        for (const config::Slide* slide : item_slides())
            if (slide->source == source && kind_for(*slide) == kind) most = std::max(most, slide->count);
        return most > 0 ? most : 3;
    }

    // The feeds of the new playlist's sources, as their drivers plan them: a feed the last
    // playlist had too is kept, with its items, its validators and its schedule.
    void apply(std::shared_ptr<const config::Playlist> p) {
        playlist = std::move(p);
        std::map<std::string, Feed> next;
        std::map<std::string, std::set<ItemKind>> previous_kinds;  // of the feeds kept
        names.clear();
        for (const auto& [name, source] : playlist->sources) {
            const SourceDriver& driver = driver_for(source.type);
            std::set<ItemKind> wanted;
            for (const config::Slide* slide : item_slides())
                if (slide->source == name)
                    if (auto k = kind_for(*slide)) wanted.insert(*k);
            auto most = [&, name = name](ItemKind kind) { return most_shown(name, kind); };
            for (FeedPlan& plan : driver.plan(source, driver.kinds(std::move(wanted)), most)) {
                names[name].emplace_back(plan.key, plan.kinds);
                auto [it, fresh] = next.try_emplace(plan.key);
                Feed& f = it->second;
                if (fresh) {
                    if (auto old = feeds.find(plan.key); old != feeds.end()) {
                        f = std::move(old->second);
                        previous_kinds[plan.key] = std::move(f.kinds);
                        f.kinds.clear();
                    } else {
                        f.key = plan.key;
                        f.serial = ++next_serial;
                        f.polite = net::Polite(plan.key, source.refresh);
                        f.polite.ask_at(now());
                        if (plan.state) f.state = plan.state();
                    }
                    f.type = source.type;
                    f.url = plan.url;
                    f.path = source.path;
                    f.polite.set_refresh(source.refresh);
                }
                f.polite.set_refresh(std::min(f.polite.refresh(), source.refresh));
                f.kinds.insert(plan.kinds.begin(), plan.kinds.end());
            }
        }
        for (auto& [key, f] : next) {
            for (auto it = f.items.begin(); it != f.items.end();)
                it = f.kinds.count(it->first) ? std::next(it) : f.items.erase(it);
            auto previous = previous_kinds.find(key);
            bool kept = previous != previous_kinds.end();
            bool gained = kept && !std::includes(previous->second.begin(), previous->second.end(), f.kinds.begin(),
                                                 f.kinds.end());
            if (!kept || gained) cache.load(f, *this);
            // A kind the playlist now wants from a feed it already had: fetch it now.
            if (gained && !f.has_all_kinds() && !f.polite.in_flight()) {
                f.polite.ask_at(now());
                f.tried = false;
            }
        }
        feeds = std::move(next);
        pictures.mark_stale();
        clips.mark_stale();
        // Pages are drawn at the size of the screen's part their slides are laid out in.
        const layout::Size screen{options_.screen_width, options_.screen_height};
        const int band = playlist->display.strip ? layout::strip_height(screen) : 0;
        std::vector<WebPages::Wanted> pages;
        for (const auto& slide : playlist->slides)
            if (slide.kind && slide.kind->draws_page && !slide.url.empty())
                pages.push_back(
                    {slide.url, slide.wait, slide.redraw, slide.headers, screen.width, screen.height - band});
        web_pages.want(pages);
        dirty = true;
    }

    // ---- pictures ----

    // The items of the slide's source that schedule::build can pick for it at `at`, as it
    // picks them: within the source's max_age, each id once; events not over and starting
    // within `within`, soonest first; reports newest first; the first `count` of them.
    std::vector<const Item*> showable_items(const config::Slide& slide, SysTime at) const {
        std::vector<const Item*> items;
        const auto kind = kind_for(slide);
        const auto parts = names.find(slide.source);
        if (!kind || parts == names.end()) return items;
        std::optional<std::chrono::seconds> max_age;
        if (auto source = playlist->sources.find(slide.source); source != playlist->sources.end())
            max_age = source->second.max_age;
        const bool events = *kind == ItemKind::event;
        std::set<std::string> seen;
        for (const auto& [key, kinds] : parts->second) {
            auto f = feeds.find(key);
            if (!kinds.count(*kind) || f == feeds.end()) continue;
            auto list = f->second.items.find(*kind);
            if (list == f->second.items.end()) continue;
            for (const Item& item : list->second) {
                const auto end = events
                                     ? schedule::event_end(item.starts, item.ends, item.all_day, playlist->display.zone)
                                     : std::nullopt;
                const auto dated = events ? end : item.published;
                if (max_age && dated && at - *dated > *max_age) continue;
                if (!seen.insert(item.id).second) continue;
                if (events && (!end || *end <= at || *item.starts >= at + slide.within)) continue;
                items.push_back(&item);
            }
        }
        if (events)
            std::stable_sort(items.begin(), items.end(),
                             [](const Item* a, const Item* b) { return *a->starts < *b->starts; });
        if (*kind == ItemKind::report)
            std::stable_sort(items.begin(), items.end(), [](const Item* a, const Item* b) {
                if (a->published && b->published) return *a->published > *b->published;
                return a->published.has_value() && !b->published.has_value();
            });
        // A folder's slide shows the first `count` pictures that are ready, passing over
        // those that failed: the failed stay wanted (so that they are not tried again and
        // again) without taking a place.
        const size_t room = slide.count > 0 ? static_cast<size_t>(slide.count) : items.size();
        size_t taken = 0, kept = 0;
        for (; kept < items.size() && taken < room; ++kept) {
            const bool failed = pictures.failed(items[kept]->image);
            taken += !(*kind == ItemKind::image && failed);
        }
        items.resize(kept);
        return items;
    }

    // The pictures the playlist can show now: a feed of 200 posts whose slide shows 3 asks
    // for 3 pictures, not 200. Messages slides show none. Slides outside their `when` hours
    // count, so that their pictures are ready when they come on; the set is looked at again
    // as the items change and every 30 s, as items age and events come near.
    std::set<std::string> wanted_pictures() const {
        std::set<std::string> wanted;
        const SysTime at = now_seconds();
        for (const auto& slide : playlist->slides) {
            const auto kind = kind_for(slide);
            if (slide.kind && slide.kind->prepares_file && !slide.file.empty()) wanted.insert(slide.file.string());
            if (slide.source.empty() || kind == ItemKind::message) continue;
            for (const Item* item : showable_items(slide, at))
                if (is_url(item->image) || (!item->image.empty() && fs::path(item->image).is_absolute()))
                    wanted.insert(item->image);
        }
        return wanted;
    }

    // The documents whose every page a slide shows (pdf slides' files).
    std::set<std::string> whole_documents() const {
        std::set<std::string> whole;
        for (const auto& slide : playlist->slides)
            if (slide.kind && slide.kind->whole_document && !slide.file.empty()) whole.insert(slide.file.string());
        return whole;
    }

    // The clips the playlist names by web address: the slides that play something.
    std::set<std::string> wanted_clips() const {
        std::set<std::string> wanted;
        for (const auto& slide : playlist->slides)
            if (slide.kind && slide.kind->playback == config::Playback::moving && is_url(slide.file.string()))
                wanted.insert(slide.file.string());
        return wanted;
    }

    // What the playlist shows now: the files the cache must keep.
    std::set<fs::path> files_in_use() const {
        std::set<fs::path> keep(options_.cache_keep.begin(), options_.cache_keep.end());
        for (const auto& [key, f] : feeds) cache.files_of(f, keep);
        pictures.files_in_use(keep);
        clips.files_in_use(keep);
        web_pages.files_in_use(keep);
        return keep;
    }

    // Keeps the cache within its budget. Cheap (one walk of the folder), so it runs at
    // start and then every few minutes while content comes in.
    void trim_cache() {
        next_trim = now() + trim_interval;
        if (!store) return;
        auto t = store->trim(options_.cache_budget, files_in_use());
        auto mb = [](std::uintmax_t bytes) { return fmt::format("{:.1f} MB", static_cast<double>(bytes) / 1e6); };
        if (t.files_removed > 0)
            log::info("store",
                      "{}: removed {} file(s) not used by this playlist ({}) to stay within the cache budget of {}",
                      store->dir().string(), t.files_removed, mb(t.removed), mb(options_.cache_budget));
        if (t.kept > options_.cache_budget)
            log::write_once(log::Level::warning, "store", "budget",
                            fmt::format("{}: this playlist's content takes {}, more than the cache budget of {}; it is "
                                        "all kept, but raise the budget (--cache-size) or show fewer pictures",
                                        store->dir().string(), mb(t.kept), mb(options_.cache_budget)));
    }

    // ---- the remote playlist ----

    void watch(const PlaylistWatch& w) {
        if (options_.offline) return;
        const unsigned serial = ++next_serial;
        watched.emplace(
            WatchedPlaylist{w.url, net::Polite("playlist|" + w.url, w.refresh), w.have_good, serial, w.kinds});
        watched->polite.ask_at(now());
    }

    void refresh_watched() {
        if (!watched || watched->polite.in_flight()) return;
        watched->polite.ask_at(now());
        net::Validators v = watched->polite.validators();
        v.body_sha.clear();  // the same text again is a new version
        watched->polite.remember(std::move(v));
    }

    void fetch_watched() {
        net::Request request = request_for(watched->url);
        request.max_body_bytes = playlist_cap;
        request.total_timeout = std::min<std::chrono::milliseconds>(request.total_timeout, playlist_timeout);
        watched->polite.prepare(request);
        client.start(std::move(request),
                     [this, serial = watched->serial](net::Outcome o) { on_watched(serial, std::move(o)); });
    }

    void on_watched(unsigned serial, net::Outcome outcome) {
        if (!watched || watched->serial != serial) return;  // watched anew meanwhile
        WatchedPlaylist& w = *watched;
        if (!outcome.response) {
            const Error& error = outcome.response.error();
            if (!w.polite.on_failure(error, outcome.retry_after, now())) return;
            w.polite.warn_once("config",
                               fmt::format("{}: cannot fetch the playlist ({}); {}, retrying in {}", w.url, error.what,
                                           w.have_good ? "the last good one plays on" : "nothing to play yet",
                                           format_duration(w.polite.backoff())));
            return hand_over(std::nullopt, {}, error);
        }
        net::Response& r = *outcome.response;
        const bool recovered = w.polite.on_success(now(), r.max_age);
        if (recovered) log::notice("config", "{}: the playlist can be fetched again", w.url);
        net::Validators fresh;
        if (w.polite.unchanged(r, &fresh)) {
            if (recovered) hand_over(std::nullopt, {}, std::nullopt);
            return;
        }
        w.polite.remember(std::move(fresh));
        auto loaded = config::load_playlist(r.body, w.url, w.kinds);
        if (loaded.playlist) w.have_good = true;
        hand_over(std::move(loaded), std::move(r.body), std::nullopt);
    }

    // The only place the remote playlist crosses to the main thread.
    void hand_over(std::optional<config::LoadResult> loaded, std::string text, std::optional<Error> error) {
        {
            std::lock_guard lock(mutex);
            if (!playlist_news) playlist_news.emplace();
            if (loaded) {
                playlist_news->loaded = std::move(loaded);
                playlist_news->text = std::move(text);
            }
            playlist_news->error = std::move(error);
        }
        if (options_.wake) options_.wake();
    }

    // ---- publishing ----

    bool first_pass_complete() const {
        for (const auto& [key, f] : feeds)
            if (!f.tried) return false;
        return pictures.settled() && web_pages.settled();
    }

    void publish() {
        dirty = false;
        auto s = std::make_shared<Snapshot>();
        for (const auto& [name, parts] : names) {
            SourceState state;
            bool tried = true;
            for (const auto& [key, kinds] : parts) {
                const Feed& f = feeds.at(key);
                for (ItemKind kind : kinds)
                    if (auto it = f.items.find(kind); it != f.items.end())
                        state.items.insert(state.items.end(), it->second.begin(), it->second.end());
                // Of several parts, the oldest update and the first error speak for the source.
                if (&key == &parts.front().first || !f.updated || (state.updated && *f.updated < *state.updated))
                    state.updated = f.updated;
                if (!state.error) state.error = f.error;
                state.from_cache = state.from_cache || f.from_cache;
                tried = tried && f.tried;
                if (!f.polite.in_flight() && f.polite.next() != TimePoint::max())
                    state.next_attempt = std::min(state.next_attempt.value_or(TimePoint::max()), f.polite.next());
            }
            state.fetching = !tried && state.items.empty();
            s->sources.emplace(name, std::move(state));
        }
        pictures.publish(*s);
        clips.publish(*s);
        web_pages.publish(*s);
        s->generation = ++generation;
        bool complete = first_pass_complete();
        {
            std::lock_guard lock(mutex);
            current = std::move(s);
            // A newer playlist waiting to be applied has not had its first pass.
            if (complete && !pending) first_pass_done = true;
        }
        first_pass_cv.notify_all();
        if (options_.wake) options_.wake();
    }

    // ---- the thread ----

    void run() {
        while (!stopping) {
            std::shared_ptr<const config::Playlist> next;
            std::optional<PlaylistWatch> watch_next;
            bool refresh = false;
            std::set<std::string> again;
            {
                std::lock_guard lock(mutex);
                next = std::move(pending);
                pending.reset();
                watch_next = std::exchange(pending_watch, std::nullopt);
                refresh = std::exchange(playlist_refresh, false);
                again = std::exchange(sources_refresh, {});
            }
            if (next) apply(std::move(next));
            if (watch_next) watch(*watch_next);
            if (refresh) refresh_watched();
            TimePoint t = now();
            for (const std::string& name : again) {
                auto it = names.find(name);
                if (it == names.end()) continue;
                for (const auto& [key, kinds] : it->second)
                    if (auto f = feeds.find(key); f != feeds.end() && !f->second.polite.in_flight())
                        f->second.polite.ask_at(t);
            }
            if (watched && watched->polite.due(t)) fetch_watched();
            for (auto& [key, f] : feeds) {
                if (stopping) return;
                if (f.polite.due(t)) driver_for(f.type).begin(f, *this);
            }
            bool more = pictures.process(stopping);
            if (pictures.take_changed()) dirty = true;
            clips.process();
            if (clips.take_changed()) dirty = true;
            web_pages.hold(clips_busy);
            web_pages.process();
            if (web_pages.take_changed()) dirty = true;
            if (dirty || pictures.is_stale()) {
                pictures.refresh_if_stale();
                // Before the publish, so that whoever waits for it finds the cache trimmed.
                if (now() >= next_trim) trim_cache();
                publish();
            }
            if (stopping) return;
            std::chrono::milliseconds timeout = more ? 0ms : max_sleep;
            t = now();
            auto until = [&](TimePoint due) {
                if (due != TimePoint::max())
                    timeout = std::min(timeout, std::chrono::duration_cast<std::chrono::milliseconds>(
                                                    std::max(due - t, TimePoint::duration::zero())));
            };
            auto next_of = [](const net::Polite& p) { return p.in_flight() ? TimePoint::max() : p.next(); };
            for (const auto& [key, f] : feeds) until(next_of(f.polite));
            if (watched) until(next_of(watched->polite));
            until(clips.next_due());
            until(web_pages.next_due());
            client.poll(timeout);
        }
    }
};

Worker::Worker(WorkerOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}

Worker::~Worker() {
    stop();
}

void Worker::start(std::shared_ptr<const config::Playlist> playlist) {
    Impl& w = *impl_;
    assert(!w.thread.joinable() && playlist);
    auto opened = store::Store::open(w.options_.cache_dir);
    if (opened)
        w.store.emplace(std::move(*opened));
    else
        log::error("store", "{}; running without a cache", opened.error().to_string());
    if (w.store) w.cache.attach(&*w.store);
    w.apply(std::move(playlist));
    w.pictures.adopt_all_cached();
    w.clips.adopt_all_cached();
    w.publish();
    w.trim_cache();
    w.thread = std::thread([&w] { w.run(); });
}

void Worker::set_playlist(std::shared_ptr<const config::Playlist> playlist) {
    {
        std::lock_guard lock(impl_->mutex);
        impl_->pending = std::move(playlist);
        impl_->first_pass_done = false;
    }
    impl_->client.wakeup();
}

void Worker::watch_playlist(PlaylistWatch watch) {
    {
        std::lock_guard lock(impl_->mutex);
        impl_->pending_watch = std::move(watch);
    }
    impl_->client.wakeup();
}

void Worker::refresh_playlist() {
    {
        std::lock_guard lock(impl_->mutex);
        impl_->playlist_refresh = true;
    }
    impl_->client.wakeup();
}

void Worker::refresh_source(const std::string& name) {
    {
        std::lock_guard lock(impl_->mutex);
        impl_->sources_refresh.insert(name);
    }
    impl_->client.wakeup();
}

void Worker::set_clips_busy(bool busy) {
    if (impl_->clips_busy.exchange(busy) != busy) impl_->client.wakeup();
}

std::optional<PlaylistNews> Worker::take_playlist() {
    std::lock_guard lock(impl_->mutex);
    return std::exchange(impl_->playlist_news, std::nullopt);
}

SnapshotPtr Worker::snapshot() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->current;
}

bool Worker::wait_first_pass(std::chrono::milliseconds timeout) {
    std::unique_lock lock(impl_->mutex);
    impl_->first_pass_cv.wait_for(lock, timeout, [&] { return impl_->first_pass_done || impl_->stopped; });
    return impl_->first_pass_done;
}

void Worker::stop() {
    if (!impl_->thread.joinable()) return;
    impl_->stopping = true;
    impl_->client.wakeup();
    impl_->thread.join();
    {
        std::lock_guard lock(impl_->mutex);
        impl_->stopped = true;
    }
    impl_->first_pass_cv.notify_all();
}

}  // namespace placard::content
