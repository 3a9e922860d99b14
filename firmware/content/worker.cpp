#include "content/worker.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <fstream>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "feeds/atom.hpp"
#include "feeds/ical.hpp"
#include "feeds/jsonfeed.hpp"
#include "feeds/rss.hpp"
#include "feeds/wordpress.hpp"
#include "net/http_client.hpp"
#include "net/polite.hpp"
#include "schedule/event_time.hpp"
#include "store/store.hpp"
#include "util/duration.hpp"
#include "util/log.hpp"

namespace placard::content {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using feeds::Item;
using feeds::ItemKind;
using TimePoint = std::chrono::system_clock::time_point;

// Local files and folders are looked at this often at least: a stat is cheap.
constexpr std::chrono::seconds local_check = 30s;
// The loop re-reads the clock at least this often, so that a clock that jumps (a Pi
// without a real-time clock, before NTP) cannot put it to sleep for hours.
constexpr std::chrono::milliseconds max_sleep = 30s;
// How often, at most, the cache is trimmed to its budget while content is written.
constexpr std::chrono::seconds trim_interval = 5min;
constexpr size_t feed_cap = size_t{16} << 20;
// Calendars: how far ahead occurrences are worked out, and how often again.
constexpr std::chrono::seconds calendar_horizon = std::chrono::hours(24 * 366);
constexpr std::chrono::seconds calendar_reexpand = std::chrono::hours(6);
// WordPress: pages asked for in one refresh at most, while filters leave too few posts.
constexpr int wordpress_max_pages = 5;
constexpr size_t picture_cap = size_t{32} << 20;
constexpr std::chrono::seconds playlist_timeout = 30s;
constexpr size_t max_picture_fetches = 4;
// Pictures prepared per loop turn before publishing: keeps the thread responsive to stop().
constexpr int pictures_per_turn = 4;

bool is_url(const std::string& s) {
    return s.rfind("http://", 0) == 0 || s.rfind("https://", 0) == 0;
}

std::string location_key(const config::Source& s) {
    return fmt::format("{}|{}", config::to_string(s.type), s.url.empty() ? s.path.string() : s.url);
}

// A WordPress source is one feed for its posts and one for its comments, each asked a page
// at a time; its filters are part of what the items are.
std::string wordpress_key(const config::Source& s, const std::string& first_page) {
    return fmt::format("wordpress|{}|{}|{}", first_page, nlohmann::json(s.categories).dump(),
                       nlohmann::json(s.tags).dump());
}

// The items a slide shows, by its kind's row; none for a slide that is its own content.
std::optional<ItemKind> kind_for(const config::Slide& slide) {
    return slide.kind ? slide.kind->items : std::nullopt;
}

std::string plural(ItemKind kind) {
    return std::string(feeds::to_string(kind)) + "s";
}

bool is_picture_file(const fs::path& p) {
    std::string ext = p.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext == ".jpg" || ext == ".jpeg" || ext == ".png" || ext == ".webp" || ext == ".gif";
}

Result<std::string> read_whole(const fs::path& p, size_t cap) {
    std::error_code ec;
    auto size = fs::file_size(p, ec);
    if (ec)
        return Error{p.string(), fmt::format("cannot read it ({})", ec.message()), "check the path in the playlist"};
    if (size > cap) return Error{p.string(), fmt::format("it is larger than {} MB", cap >> 20), "use a smaller file"};
    std::ifstream in(p, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    if (!in) return Error{p.string(), "cannot read it", "check that the placard user may read it"};
    return std::move(out).str();
}

// A local file's identity for the cache: a poster replaced under the same name must be
// prepared again.
std::optional<std::string> file_signature(const fs::path& p) {
    struct stat st {};
    if (::stat(p.c_str(), &st) != 0) return std::nullopt;
    return fmt::format("{}.{:09}:{}", st.st_mtim.tv_sec, st.st_mtim.tv_nsec, st.st_size);
}

}  // namespace

// One place content comes from (a URL, a feed file or a folder), fetched once for every
// kind of item the playlist wants from it. Owned by the worker thread (and by start()
// before the thread exists).
struct Feed {
    std::string key;  // location_key: type and URL or path
    unsigned serial = 0;
    config::SourceType type = config::SourceType::rss;
    std::string url;
    fs::path path;
    std::set<ItemKind> kinds;
    std::map<ItemKind, std::vector<Item>> items;
    std::optional<SysTime> updated;
    std::optional<SysTime> expanded;  // ical: when its occurrences were last worked out
    std::optional<Error> error;
    bool from_cache = false;
    bool tried = false;
    net::Polite polite;  // when to fetch it, its validators, its backoff and its error logged once
    std::string local_signature;
    std::string content_type;  // the cached body's, whose charset it is read in
    // wordpress: the site, what to keep of its posts, the size of a page (the most items a
    // slide shows from it), and the pages of the fetch under way until the last is in.
    std::string site;
    std::vector<std::string> categories, tags;
    int per_page = 0;
    struct Pages {
        std::vector<Item> items;
        net::Validators validators;  // page 1's
        std::optional<std::chrono::seconds> max_age;
    } pages;

    bool has_all_kinds() const {
        return std::all_of(kinds.begin(), kinds.end(), [&](ItemKind k) { return items.count(k) > 0; });
    }
    std::string origin() const { return url.empty() ? path.string() : url; }
    size_t item_count() const {
        size_t n = 0;
        for (const auto& [k, v] : items) n += v.size();
        return n;
    }
    std::string kept_words() const {
        size_t n = item_count();
        if (n == 0) return "nothing cached";
        if (kinds.size() == 1) return fmt::format("{} cached {} kept", n, plural(*kinds.begin()));
        return fmt::format("{} cached items kept", n);
    }
};

struct Picture {
    enum class State { pending, fetching, done, failed };
    State state = State::pending;
    PreparedImage prepared;
    std::string error;
    std::string signature;  // local files: what was prepared
};

// The remote playlist: the worker thread's.
struct WatchedPlaylist {
    std::string url;
    net::Polite polite;
    bool have_good = false;
    unsigned serial = 0;  // tells the answer to an earlier watch from this one's
    config::SlideKinds kinds;
};

struct Worker::Impl {
    explicit Impl(WorkerOptions o) : options(std::move(o)) {
        if (!options.clock) options.clock = &system_clock;
    }

    WorkerOptions options;
    SystemClock system_clock;
    net::HttpClient client;  // the worker thread's, except wakeup()
    std::optional<store::Store> store;
    std::thread thread;
    std::atomic<bool> stopping{false};

    // Shared with the other threads, under `mutex`.
    mutable std::mutex mutex;
    std::condition_variable first_pass_cv;
    SnapshotPtr current = std::make_shared<const Snapshot>();
    std::shared_ptr<const config::Playlist> pending;
    std::optional<PlaylistWatch> pending_watch;
    bool playlist_refresh = false;
    std::optional<PlaylistNews> playlist_news;  // the handover to the main thread
    bool first_pass_done = false;
    bool stopped = false;

    // The worker thread's own (start()'s before the thread runs).
    std::shared_ptr<const config::Playlist> playlist;
    std::map<std::string, Feed> feeds;  // by location key
    // Source name -> the feeds it is made of (one, or a WordPress site's posts and comments),
    // each with the kinds the source takes from it.
    std::map<std::string, std::vector<std::pair<std::string, std::set<ItemKind>>>> names;
    std::map<std::string, Picture> pictures;  // by origin
    std::optional<WatchedPlaylist> watched;
    unsigned long long generation = 0;
    unsigned next_serial = 0;
    bool dirty = false;
    bool pictures_stale = true;
    TimePoint next_picture_check{};
    TimePoint next_trim{};

    TimePoint now() const { return options.clock->now(); }
    SysTime now_seconds() const { return options.clock->now_seconds(); }

    // ---- cache ----

    void save_meta(const Feed& f) {
        if (!store) return;
        const net::Validators& v = f.polite.validators();
        nlohmann::json j = {{"etag", v.etag},
                            {"last_modified", v.last_modified},
                            {"body_sha", v.body_sha},
                            {"content_type", f.content_type}};
        if (f.updated) j["updated"] = f.updated->time_since_epoch().count();
        put("meta", f.key, j.dump());
    }

    void save_items(const Feed& f, ItemKind kind) {
        auto it = f.items.find(kind);
        if (!store || it == f.items.end()) return;
        put("items", f.key + "|" + feeds::to_string(kind), nlohmann::json(it->second).dump());
    }

    void put(std::string_view kind, const std::string& key, std::string_view bytes) {
        auto r = store->put(kind, key, bytes);
        if (!r) log::write_once(log::Level::warning, "store", "store", r.error().to_string());
    }

    // Reads what the cache holds for the feed's kinds. Kinds with no items of their own
    // are parsed from the cached body; validators are dropped when a kind is still
    // missing, so that the next request gets a whole body.
    void load_cache(Feed& f) {
        if (!store) return;
        if (auto meta = store->get("meta", f.key)) {
            try {
                auto j = nlohmann::json::parse(*meta);
                f.polite.remember({j.value("etag", ""), j.value("last_modified", ""), j.value("body_sha", "")});
                f.content_type = j.value("content_type", "");
                if (j.contains("updated") && j["updated"].is_number_integer())
                    f.updated = SysTime(std::chrono::seconds(j["updated"].get<long long>()));
            } catch (const nlohmann::json::exception&) {
                f.polite.forget();
            }
        }
        for (ItemKind kind : f.kinds) {
            if (f.items.count(kind)) continue;
            auto cached = store->get("items", f.key + "|" + feeds::to_string(kind));
            if (!cached) continue;
            try {
                f.items[kind] = nlohmann::json::parse(*cached).get<std::vector<Item>>();
                f.from_cache = true;
            } catch (const nlohmann::json::exception&) {
                log::warning("store", "{}: cached {} are unreadable; fetching them again", f.origin(), plural(kind));
            }
        }
        // A calendar's occurrences are worked out afresh from its body at every start: the
        // window they fill moves on with the clock.
        const bool calendar = f.type == config::SourceType::ical;
        if ((calendar || !f.has_all_kinds()) && config::is_feed(f.type) && !f.url.empty()) {
            if (auto body = store->get("feed", f.key)) {
                for (ItemKind kind : f.kinds) {
                    if (f.items.count(kind) && !calendar) continue;
                    auto parsed = parse_body(f, *body, kind, f.url);
                    if (parsed) {
                        f.items[kind] = std::move(*parsed);
                        f.from_cache = true;
                        save_items(f, kind);
                    }
                }
            }
        }
        if (!f.has_all_kinds()) f.polite.forget();
    }

    // ---- the playlist ----

    // The most items a slide shows of the source's `kind`: a WordPress page's size.
    int most_shown(const std::string& source, ItemKind kind) const {
        int most = 0;
        for (const auto& slide : playlist->slides)
            if (slide.source == source && kind_for(slide) == kind) most = std::max(most, slide.count);
        return most > 0 ? most : 3;
    }

    void apply(std::shared_ptr<const config::Playlist> p) {
        playlist = std::move(p);
        std::map<std::string, Feed> next;
        std::map<std::string, std::set<ItemKind>> previous_kinds;  // of the feeds kept
        names.clear();
        auto add = [&](const std::string& name, const config::Source& source, const std::string& key,
                       const std::string& url, const std::set<ItemKind>& kinds) -> Feed& {
            names[name].emplace_back(key, kinds);
            auto [it, fresh] = next.try_emplace(key);
            Feed& f = it->second;
            if (fresh) {
                if (auto old = feeds.find(key); old != feeds.end()) {
                    f = std::move(old->second);
                    previous_kinds[key] = std::move(f.kinds);
                    f.kinds.clear();
                } else {
                    f.key = key;
                    f.serial = ++next_serial;
                    f.polite = net::Polite(key, source.refresh);
                    f.polite.ask_at(now());
                }
                f.type = source.type;
                f.url = url;
                f.path = source.path;
                f.polite.set_refresh(source.refresh);
            }
            f.polite.set_refresh(std::min(f.polite.refresh(), source.refresh));
            f.kinds.insert(kinds.begin(), kinds.end());
            return f;
        };
        for (const auto& [name, source] : playlist->sources) {
            std::set<ItemKind> kinds;
            if (source.type == config::SourceType::folder) {
                kinds.insert(ItemKind::image);
            } else {
                for (const auto& slide : playlist->slides)
                    if (slide.source == name)
                        if (auto k = kind_for(slide); k && *k != ItemKind::image) kinds.insert(*k);
                // The checker lets no events slide show a WordPress site.
                if (source.type == config::SourceType::wordpress) kinds.erase(ItemKind::event);
                if (kinds.empty()) kinds.insert(ItemKind::report);
            }
            if (source.type != config::SourceType::wordpress) {
                add(name, source, location_key(source), source.url, kinds);
                continue;
            }
            for (ItemKind kind : kinds) {
                const int per_page = most_shown(name, kind);
                const std::string url = kind == ItemKind::message ? feeds::wordpress_comments_url(source.url, per_page)
                                                                  : feeds::wordpress_posts_url(source.url, per_page);
                Feed& f = add(name, source, wordpress_key(source, url), url, {kind});
                f.site = source.url;
                f.categories = source.categories;
                f.tags = source.tags;
                f.per_page = per_page;
            }
        }
        for (auto& [key, f] : next) {
            for (auto it = f.items.begin(); it != f.items.end();)
                it = f.kinds.count(it->first) ? std::next(it) : f.items.erase(it);
            auto previous = previous_kinds.find(key);
            bool kept = previous != previous_kinds.end();
            bool gained = kept && !std::includes(previous->second.begin(), previous->second.end(), f.kinds.begin(),
                                                 f.kinds.end());
            if (!kept || gained) load_cache(f);
            // A kind the playlist now wants from a feed it already had: fetch it now.
            if (gained && !f.has_all_kinds() && !f.polite.in_flight()) {
                f.polite.ask_at(now());
                f.tried = false;
            }
        }
        feeds = std::move(next);
        pictures_stale = true;
        dirty = true;
    }

    // ---- fetching ----

    // A GET within the limits of the options (feeds and pictures alike).
    net::Request request_for(const std::string& url) const {
        net::Request request;
        request.url = url;
        request.total_timeout = options.request_timeout;
        request.connect_timeout = std::min(request.connect_timeout, options.request_timeout);
        request.low_speed_time = options.low_speed_time;
        return request;
    }

    void begin(Feed& f) {
        if (f.type == config::SourceType::folder) return scan_folder(f);
        // A calendar unchanged for a while still needs its occurrences worked out again as
        // the window moves: forget what would make the next answer a 304 or a skip.
        if (f.type == config::SourceType::ical && f.expanded && now_seconds() - *f.expanded > calendar_reexpand) {
            f.polite.forget();
            f.local_signature.clear();
        }
        if (f.url.empty()) return read_local(f);
        if (options.offline) {
            f.tried = true;
            f.polite.ask_at(TimePoint::max());
            if (f.item_count() == 0 && !f.from_cache)
                f.error = Error{f.url, "offline: nothing cached yet", "run placard with the network to fill the cache"};
            dirty = true;
            return;
        }
        if (f.type == config::SourceType::wordpress) return request_wordpress_page(f, 1);
        net::Request request = request_for(f.url);
        request.max_body_bytes = feed_cap;
        f.polite.prepare(request, f.has_all_kinds());
        client.start(std::move(request), [this, key = f.key, serial = f.serial](net::Outcome o) {
            on_response(key, serial, std::move(o));
        });
    }

    void on_response(const std::string& key, unsigned serial, net::Outcome outcome) {
        auto it = feeds.find(key);
        if (it == feeds.end() || it->second.serial != serial) return;  // the playlist dropped it meanwhile
        Feed& f = it->second;
        f.tried = true;
        if (!outcome.response) return failed(f, outcome.response.error(), "net", outcome.retry_after);
        net::Response& r = *outcome.response;
        if (r.not_modified()) return succeeded(f, r.max_age);
        net::Validators fresh;
        if (f.polite.unchanged(r, &fresh) && f.has_all_kinds()) return succeeded(f, r.max_age);
        std::string cached_type = std::exchange(f.content_type, r.content_type);
        if (!accept(f, r.body, f.url)) {
            f.content_type = std::move(cached_type);  // the cached body stays, and its type
            return;
        }
        f.polite.remember(std::move(fresh));
        if (store) put("feed", f.key, r.body);
        succeeded(f, r.max_age);
    }

    // ---- WordPress: a list of the REST API, a page at a time ----
    //
    // Pages follow page 1 while the posts kept (filters leave some out) are fewer than a
    // slide shows and X-WP-TotalPages says there are more, up to wordpress_max_pages. Only
    // page 1 is asked conditionally, and compared with the last one: WordPress sends no
    // validators for its REST API (a caching plugin or a CDN may add them), and its lists
    // are newest first, so an unchanged page 1 means nothing was published since. The pages
    // behind it are then taken as unchanged too, which keeps an unchanged site to one
    // request a refresh; an older post edited meanwhile shows when the next one is posted.

    std::string wordpress_page_url(const Feed& f, int page) const {
        if (page == 1) return f.url;
        return f.kinds.count(ItemKind::message) ? feeds::wordpress_comments_url(f.site, f.per_page, page)
                                                : feeds::wordpress_posts_url(f.site, f.per_page, page);
    }

    void request_wordpress_page(Feed& f, int page) {
        net::Request request = request_for(wordpress_page_url(f, page));
        request.max_body_bytes = feed_cap;
        if (page == 1) f.polite.prepare(request, f.has_all_kinds());  // the later pages are part of its fetch
        client.start(std::move(request), [this, key = f.key, serial = f.serial, page](net::Outcome o) {
            on_wordpress_page(key, serial, page, std::move(o));
        });
    }

    void on_wordpress_page(const std::string& key, unsigned serial, int page, net::Outcome outcome) {
        auto it = feeds.find(key);
        if (it == feeds.end() || it->second.serial != serial) return;  // the playlist dropped it meanwhile
        Feed& f = it->second;
        if (!outcome.response) {
            f.pages = {};
            return failed(f, outcome.response.error(), "net", outcome.retry_after);
        }
        net::Response& r = *outcome.response;
        if (page == 1) {
            if (r.not_modified()) return succeeded(f, r.max_age);
            net::Validators fresh;
            if (f.polite.unchanged(r, &fresh) && f.has_all_kinds()) return succeeded(f, r.max_age);
            f.pages = {{}, std::move(fresh), r.max_age};
        }
        const ItemKind kind = *f.kinds.begin();  // one kind to a WordPress feed (see apply)
        auto items = parse_wordpress(f, r.body, kind, wordpress_page_url(f, page));
        if (!items) {
            f.pages = {};
            return failed(f, items.error(), "content", std::nullopt);
        }
        f.pages.items.insert(f.pages.items.end(), std::make_move_iterator(items->begin()),
                             std::make_move_iterator(items->end()));
        auto next_page = feeds::wordpress_next_page(page, r.wp_total_pages);
        if (next_page && *next_page <= wordpress_max_pages && f.pages.items.size() < static_cast<size_t>(f.per_page))
            return request_wordpress_page(f, *next_page);

        Feed::Pages pages = std::move(f.pages);
        f.pages = {};
        std::map<ItemKind, std::vector<Item>> by_kind;
        by_kind[kind] = std::move(pages.items);
        replace_items(f, std::move(by_kind));
        f.polite.remember(std::move(pages.validators));
        succeeded(f, pages.max_age);
    }

    // What every parser is told: dates without an offset are local to the display's zone.
    feeds::FeedOptions feed_options(ItemKind kind, const std::string& origin) const {
        feeds::FeedOptions o{kind, origin};
        if (playlist) o.zone = playlist->display.zone;
        return o;
    }

    // One page of posts or comments; the screen's size picks each post's picture.
    Result<std::vector<Item>> parse_wordpress(const Feed& f, const std::string& body, ItemKind kind,
                                              const std::string& origin) const {
        const feeds::FeedOptions o = feed_options(kind, origin);
        if (kind == ItemKind::message) return feeds::parse_wordpress_comments(body, o);
        feeds::WordPressOptions wo;
        wo.feed = o;
        wo.screen_width = options.screen_width;
        wo.screen_height = options.screen_height;
        wo.categories = f.categories;
        wo.tags = f.tags;
        return feeds::parse_wordpress_posts(body, wo);
    }

    // One body as items of one kind, by the source's type.
    Result<std::vector<Item>> parse_body(Feed& f, const std::string& body, ItemKind kind, const std::string& origin) {
        feeds::FeedOptions o = feed_options(kind, origin);
        o.content_type = f.content_type;
        switch (f.type) {
            case config::SourceType::atom:
                return feeds::parse_atom(body, o);
            case config::SourceType::jsonfeed:
                return feeds::parse_jsonfeed(body, o);
            case config::SourceType::ical:
                return parse_calendar(f, body, o);
            case config::SourceType::wordpress:
                return parse_wordpress(f, body, kind, origin);
            case config::SourceType::rss:
            case config::SourceType::folder:
                break;
        }
        return feeds::parse_rss(body, o);
    }

    // Occurrences from now to a year ahead: further than any slide's "within" looks, and
    // bounded, so that a weekly meeting with no end gives 52 items, not an endless list.
    Result<std::vector<Item>> parse_calendar(Feed& f, const std::string& body, const feeds::FeedOptions& o) {
        if (o.kind != ItemKind::event)
            return Error{o.origin, fmt::format("a calendar holds events, not {}", plural(o.kind)),
                         "show it with an \"events\" slide, or give this slide an rss, atom or jsonfeed source"};
        feeds::IcalOptions io;
        io.feed = o;
        io.from = now_seconds();
        io.until = io.from + calendar_horizon;
        io.display_zone = playlist ? playlist->display.zone.name() : std::string();
        auto parsed = feeds::parse_ical(body, io);
        if (!parsed) return parsed.error();
        for (const Error& problem : parsed->problems)
            log::write_once(log::Level::warning, "feeds", o.origin + "|" + problem.where, problem.to_string());
        f.expanded = io.from;
        return std::move(parsed->items);
    }

    // Parses the body for every kind; all or nothing, so that a garbage body keeps the
    // last good items.
    bool accept(Feed& f, const std::string& body, const std::string& origin) {
        std::map<ItemKind, std::vector<Item>> parsed;
        for (ItemKind kind : f.kinds) {
            auto items = parse_body(f, body, kind, origin);
            if (!items) {
                failed(f, items.error(), "content", std::nullopt);
                return false;
            }
            parsed[kind] = std::move(*items);
        }
        replace_items(f, std::move(parsed));
        return true;
    }

    void replace_items(Feed& f, std::map<ItemKind, std::vector<Item>> items) {
        if (items == f.items) return;
        // New content: pictures that failed before get another chance.
        for (const auto& [kind, list] : items)
            for (const auto& item : list)
                if (auto p = pictures.find(item.image);
                    p != pictures.end() && p->second.state == Picture::State::failed)
                    pictures.erase(p);
        f.items = std::move(items);
        for (ItemKind kind : f.kinds) save_items(f, kind);
        log::info("content", "{}: {} item(s)", f.origin(), f.item_count());
        pictures_stale = true;
    }

    // max_age: the server's Cache-Control, a lower bound on the wait (up to a day, so that
    // a year's max-age on a feed does not freeze the screen).
    void succeeded(Feed& f, std::optional<std::chrono::seconds> max_age = std::nullopt) {
        f.tried = true;
        f.error.reset();
        f.from_cache = false;
        f.updated = now_seconds();
        if (f.polite.on_success(now(), max_age))
            log::notice("content", "{}: working again, {} item(s)", f.origin(), f.item_count());
        save_meta(f);
        dirty = true;
    }

    void failed(Feed& f, const Error& error, const char* module, std::optional<std::chrono::seconds> retry_after) {
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

    void read_local(Feed& f) {
        f.polite.ask_at(now() + std::min(f.polite.refresh(), local_check));
        auto signature = file_signature(f.path);
        if (signature && *signature == f.local_signature && f.has_all_kinds()) {
            f.tried = true;
            return;
        }
        auto body = read_whole(f.path, feed_cap);
        if (!body) {
            failed(f, body.error(), "content", std::nullopt);
            f.polite.ask_at(now() + std::min(f.polite.refresh(), local_check));
            return;
        }
        if (!accept(f, *body, f.path.string())) {
            f.polite.ask_at(now() + std::min(f.polite.refresh(), local_check));
            return;
        }
        f.local_signature = signature.value_or("");
        succeeded(f);
        f.polite.ask_at(now() + std::min(f.polite.refresh(), local_check));
    }

    void scan_folder(Feed& f) {
        std::error_code ec;
        std::vector<fs::path> files;
        for (auto it = fs::directory_iterator(f.path, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
            std::error_code e2;
            if (it->is_regular_file(e2) && is_picture_file(it->path())) files.push_back(it->path());
        }
        if (ec) {
            failed(f,
                   Error{f.path.string(), fmt::format("cannot read the folder ({})", ec.message()),
                         "check the path in the playlist"},
                   "content", std::nullopt);
            f.polite.ask_at(now() + std::min(f.polite.refresh(), local_check));
            return;
        }
        std::sort(files.begin(), files.end(),
                  [](const fs::path& a, const fs::path& b) { return a.filename() < b.filename(); });
        std::vector<Item> items;
        for (const auto& file : files) {
            Item item;
            item.kind = ItemKind::image;
            item.id = file.filename().string();
            item.image = fs::absolute(file).string();
            items.push_back(std::move(item));
        }
        std::map<ItemKind, std::vector<Item>> by_kind;
        by_kind[ItemKind::image] = std::move(items);
        replace_items(f, std::move(by_kind));
        succeeded(f);
        f.polite.ask_at(now() + std::min(f.polite.refresh(), local_check));
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
            auto p = pictures.find(items[kept]->image);
            const bool failed = p != pictures.end() && p->second.state == Picture::State::failed;
            taken += !(*kind == ItemKind::image && failed);
        }
        items.resize(kept);
        return items;
    }

    // The pictures the playlist can show now: a feed of 200 posts whose slide shows 3 asks
    // for 3 pictures, not 200. Messages slides show none. Slides outside their `when` hours
    // count, so that their pictures are ready when they come on; the set is looked at again
    // as the items change and every local_check, as items age and events come near.
    std::set<std::string> wanted_pictures() const {
        std::set<std::string> wanted;
        if (!options.images || !store) return wanted;
        const SysTime at = now_seconds();
        for (const auto& slide : playlist->slides) {
            const auto kind = kind_for(slide);
            if (kind == ItemKind::image && !slide.file.empty()) wanted.insert(slide.file.string());
            if (slide.source.empty() || kind == ItemKind::message) continue;
            for (const Item* item : showable_items(slide, at))
                if (is_url(item->image) || (!item->image.empty() && fs::path(item->image).is_absolute()))
                    wanted.insert(item->image);
        }
        return wanted;
    }

    void update_pictures() {
        pictures_stale = false;
        auto wanted = wanted_pictures();
        for (auto it = pictures.begin(); it != pictures.end();)
            it = wanted.count(it->first) ? std::next(it) : pictures.erase(it);
        for (const auto& origin : wanted) pictures.try_emplace(origin);
    }

    std::string extension() const {
        std::string variant = options.images->variant();
        auto dot = variant.rfind('.');
        return dot == std::string::npos ? std::string() : variant.substr(dot);
    }

    std::string cache_key(const std::string& origin, const std::string& signature) const {
        std::string key = origin + "|" + options.images->variant();
        if (!signature.empty()) key += "|" + signature;
        return key;
    }

    bool adopt_cached(const std::string& origin, Picture& p, const std::string& signature) {
        std::string key = cache_key(origin, signature);
        if (!store->contains("image", key, extension())) return false;
        auto meta = store->get("image-meta", key);
        if (!meta) return false;
        try {
            auto j = nlohmann::json::parse(*meta);
            p.prepared = PreparedImage{store->path_for("image", key, extension()).string(), j.at("width").get<int>(),
                                       j.at("height").get<int>()};
        } catch (const nlohmann::json::exception&) {
            return false;
        }
        p.state = Picture::State::done;
        p.signature = signature;
        dirty = true;
        return true;
    }

    void picture_failed(const std::string& origin, Picture& p, const Error& error, bool quiet = false) {
        p.state = Picture::State::failed;
        p.error = error.to_string();
        pictures_stale = true;  // a folder's next picture takes its place
        if (!quiet) log::write_once(log::Level::warning, "content", "picture|" + origin, p.error);
        dirty = true;
    }

    void prepare(const std::string& origin, Picture& p, std::string_view bytes, const std::string& signature) {
        std::string key = cache_key(origin, signature);
        std::string out = store->path_for("image", key, extension()).string();
        auto r = options.images->prepare(bytes, origin, out);
        p.signature = signature;  // a local file that failed is tried again once it changes
        if (!r) return picture_failed(origin, p, r.error());
        p.prepared = *r;
        if (p.prepared.file.empty()) p.prepared.file = out;
        p.state = Picture::State::done;
        put("image-meta", key, nlohmann::json{{"width", r->width}, {"height", r->height}}.dump());
        log::write_once(log::Level::info, "content", "picture|" + origin, fmt::format("{}: picture ready", origin));
        dirty = true;
    }

    // What the playlist shows now: the files the cache must keep.
    std::set<fs::path> files_in_use() const {
        std::set<fs::path> keep(options.cache_keep.begin(), options.cache_keep.end());
        for (const auto& [key, f] : feeds) {
            for (const char* kind : {"feed", "meta"}) keep.insert(store->path_for(kind, key));
            for (ItemKind kind : f.kinds) keep.insert(store->path_for("items", key + "|" + feeds::to_string(kind)));
        }
        if (options.images)
            for (const auto& [origin, p] : pictures) {
                if (p.state != Picture::State::done) continue;
                std::string key = cache_key(origin, p.signature);
                keep.insert(store->path_for("image", key, extension()));
                keep.insert(store->path_for("image-meta", key));
            }
        return keep;
    }

    // Keeps the cache within its budget. Cheap (one walk of the folder), so it runs at
    // start and then every few minutes while content comes in.
    void trim_cache() {
        next_trim = now() + trim_interval;
        if (!store) return;
        auto t = store->trim(options.cache_budget, files_in_use());
        auto mb = [](std::uintmax_t bytes) { return fmt::format("{:.1f} MB", static_cast<double>(bytes) / 1e6); };
        if (t.files_removed > 0)
            log::info("store",
                      "{}: removed {} file(s) not used by this playlist ({}) to stay within the cache budget of {}",
                      store->dir().string(), t.files_removed, mb(t.removed), mb(options.cache_budget));
        if (t.kept > options.cache_budget)
            log::write_once(log::Level::warning, "store", "budget",
                            fmt::format("{}: this playlist's content takes {}, more than the cache budget of {}; it is "
                                        "all kept, but raise the budget (--cache-size) or show fewer pictures",
                                        store->dir().string(), mb(t.kept), mb(options.cache_budget)));
    }

    // Only what the cache holds: for start(), before the thread.
    void adopt_all_cached() {
        update_pictures();
        for (auto& [origin, p] : pictures) {
            std::string signature;
            if (!is_url(origin)) signature = file_signature(origin).value_or("");
            adopt_cached(origin, p, signature);
        }
    }

    // Moves pending pictures on; returns whether local work is left for the next turn.
    bool process_pictures() {
        if (pictures_stale) update_pictures();
        if (now() >= next_picture_check) {
            // Posters replaced under the same name are prepared again; items that aged out
            // of max_age or events that came near change the pictures wanted.
            next_picture_check = now() + local_check;
            update_pictures();
            for (auto& [origin, p] : pictures)
                if (!is_url(origin) && p.state != Picture::State::pending &&
                    file_signature(origin).value_or("") != p.signature)
                    p.state = Picture::State::pending;
        }
        size_t fetching = 0;
        for (const auto& [origin, p] : pictures) fetching += p.state == Picture::State::fetching;
        int prepared = 0;
        for (auto& [origin, p] : pictures) {
            if (stopping) return false;
            if (p.state != Picture::State::pending) continue;
            if (!is_url(origin)) {
                if (prepared >= pictures_per_turn) return true;
                auto signature = file_signature(origin);
                if (!signature) {
                    picture_failed(origin, p,
                                   Error{origin, "cannot read the picture", "check the path in the playlist"});
                    p.signature = "";
                    continue;
                }
                if (adopt_cached(origin, p, *signature)) continue;
                auto bytes = read_whole(origin, picture_cap);
                ++prepared;
                if (!bytes) {
                    picture_failed(origin, p, bytes.error());
                    p.signature = *signature;
                    continue;
                }
                prepare(origin, p, *bytes, *signature);
                continue;
            }
            if (adopt_cached(origin, p, "")) continue;
            if (options.offline) {
                picture_failed(origin, p, Error{origin, "offline: not cached yet", ""}, true);
                continue;
            }
            if (fetching >= max_picture_fetches) continue;
            ++fetching;
            p.state = Picture::State::fetching;
            net::Request request = request_for(origin);
            request.max_body_bytes = picture_cap;
            // A copy by name: clang 14 cannot capture a structured binding (C++20 P1091).
            client.start(std::move(request), [this, url = origin](net::Outcome o) { on_picture(url, std::move(o)); });
        }
        return pictures_stale;  // a failure here: the picture that takes its place is local work
    }

    void on_picture(const std::string& origin, net::Outcome outcome) {
        auto it = pictures.find(origin);
        if (it == pictures.end() || it->second.state != Picture::State::fetching) return;
        if (!outcome.response) return picture_failed(origin, it->second, outcome.response.error());
        prepare(origin, it->second, outcome.response->body, "");
    }

    // ---- the remote playlist ----

    void watch(const PlaylistWatch& w) {
        if (options.offline) return;
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
        if (options.wake) options.wake();
    }

    // ---- publishing ----

    bool first_pass_complete() const {
        for (const auto& [key, f] : feeds)
            if (!f.tried) return false;
        for (const auto& [origin, p] : pictures)
            if (p.state == Picture::State::pending || p.state == Picture::State::fetching) return false;
        return true;
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
        for (const auto& [origin, p] : pictures) {
            if (p.state == Picture::State::done) s->images.emplace(origin, p.prepared);
            if (p.state == Picture::State::failed) s->image_errors.emplace(origin, p.error);
        }
        s->generation = ++generation;
        bool complete = first_pass_complete();
        {
            std::lock_guard lock(mutex);
            current = std::move(s);
            // A newer playlist waiting to be applied has not had its first pass.
            if (complete && !pending) first_pass_done = true;
        }
        first_pass_cv.notify_all();
        if (options.wake) options.wake();
    }

    // ---- the thread ----

    void run() {
        while (!stopping) {
            std::shared_ptr<const config::Playlist> next;
            std::optional<PlaylistWatch> watch_next;
            bool refresh = false;
            {
                std::lock_guard lock(mutex);
                next = std::move(pending);
                pending.reset();
                watch_next = std::exchange(pending_watch, std::nullopt);
                refresh = std::exchange(playlist_refresh, false);
            }
            if (next) apply(std::move(next));
            if (watch_next) watch(*watch_next);
            if (refresh) refresh_watched();
            TimePoint t = now();
            if (watched && watched->polite.due(t)) fetch_watched();
            for (auto& [key, f] : feeds) {
                if (stopping) return;
                if (f.polite.due(t)) begin(f);
            }
            bool more = process_pictures();
            if (dirty || pictures_stale) {
                if (pictures_stale) update_pictures();
                // Before the publish, so that whoever waits for it finds the cache trimmed.
                if (now() >= next_trim) trim_cache();
                publish();
            }
            if (stopping) return;
            std::chrono::milliseconds timeout = more ? 0ms : max_sleep;
            t = now();
            auto until = [&](const net::Polite& p) {
                if (!p.in_flight() && p.next() != TimePoint::max())
                    timeout = std::min(timeout, std::chrono::duration_cast<std::chrono::milliseconds>(
                                                    std::max(p.next() - t, TimePoint::duration::zero())));
            };
            for (const auto& [key, f] : feeds) until(f.polite);
            if (watched) until(watched->polite);
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
    auto opened = store::Store::open(w.options.cache_dir);
    if (opened)
        w.store.emplace(std::move(*opened));
    else
        log::error("store", "{}; running without a cache", opened.error().to_string());
    w.apply(std::move(playlist));
    if (w.store && w.options.images) w.adopt_all_cached();
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
