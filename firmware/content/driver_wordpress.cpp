// The WordPress driver: a site's REST API, one feed for its posts and one for its
// comments, each a list asked for a page at a time.
//
// Pages follow page 1 while the posts kept (filters leave some out) are fewer than a slide
// shows and X-WP-TotalPages says there are more, up to max_pages. Only page 1 is asked
// conditionally, and compared with the last one: WordPress sends no validators for its REST
// API (a caching plugin or a CDN may add them), and its lists are newest first, so an
// unchanged page 1 means nothing was published since. The pages behind it are then taken as
// unchanged too, which keeps an unchanged site to one request a refresh; an older post
// edited meanwhile shows when the next one is posted.
#include <nlohmann/json.hpp>

#include "content/source_driver.hpp"
#include "content/worker.hpp"
#include "feeds/wordpress.hpp"

namespace placard::content {
namespace {

// Pages asked for in one refresh at most, while filters leave too few posts.
constexpr int max_pages = 5;

struct Site final : DriverState {
    std::string url;
    std::vector<std::string> categories, tags;
    int per_page = 0;  // the most items a slide shows from it
    // The fetch under way, until its last page is in.
    std::vector<Item> items;
    net::Validators validators;  // page 1's
    std::optional<std::chrono::seconds> max_age;
};

// Its filters are part of what the items are, so of the key.
std::string wordpress_key(const config::Source& s, const std::string& first_page) {
    return fmt::format("wordpress|{}|{}|{}", first_page, nlohmann::json(s.categories).dump(),
                       nlohmann::json(s.tags).dump());
}

class WordPressDriver final : public SourceDriver {
public:
    std::set<ItemKind> kinds(std::set<ItemKind> wanted) const override {
        wanted.erase(ItemKind::event);  // the checker lets no events slide show a WordPress site
        return SourceDriver::kinds(std::move(wanted));
    }

    // One feed to each kind: its posts (reports) and its comments (messages).
    std::vector<FeedPlan> plan(const config::Source& source, const std::set<ItemKind>& kinds,
                               const std::function<int(ItemKind)>& most_shown) const override {
        std::vector<FeedPlan> plans;
        for (ItemKind kind : kinds) {
            const int per_page = most_shown(kind);
            std::string url = kind == ItemKind::message ? feeds::wordpress_comments_url(source.url, per_page)
                                                        : feeds::wordpress_posts_url(source.url, per_page);
            std::string key = wordpress_key(source, url);
            plans.push_back(FeedPlan{std::move(key), std::move(url), {kind}, [&source, per_page] {
                                         // Called at once, while the source is there.
                                         auto site = std::make_unique<Site>();
                                         site->url = source.url;
                                         site->categories = source.categories;
                                         site->tags = source.tags;
                                         site->per_page = per_page;
                                         return site;
                                     }});
        }
        return plans;
    }

    void begin(Feed& f, FeedHost& host) const override {
        if (stay_offline(f, host)) return;
        request_page(f, host, 1);
    }

    // One page of posts or comments; the screen's size picks each post's picture.
    Result<std::vector<Item>> parse(Feed& f, const std::string& body, ItemKind kind, const std::string& origin,
                                    FeedHost& host) const override {
        const feeds::FeedOptions o = host.feed_options(kind, origin);
        if (kind == ItemKind::message) return feeds::parse_wordpress_comments(body, o);
        const Site& site = f.state_as<Site>();
        feeds::WordPressOptions wo;
        wo.feed = o;
        wo.screen_width = host.options().screen_width;
        wo.screen_height = host.options().screen_height;
        wo.categories = site.categories;
        wo.tags = site.tags;
        return feeds::parse_wordpress_posts(body, wo);
    }

    // Pages are parsed as they come, never kept whole.
    bool keeps_body() const override { return false; }

private:
    static std::string page_url(Feed& f, int page) {
        if (page == 1) return f.url;
        const Site& site = f.state_as<Site>();
        return f.kinds.count(ItemKind::message) ? feeds::wordpress_comments_url(site.url, site.per_page, page)
                                                : feeds::wordpress_posts_url(site.url, site.per_page, page);
    }

    void request_page(Feed& f, FeedHost& host, int page) const {
        net::Request request = host.request_for(page_url(f, page));
        request.max_body_bytes = feed_cap;
        if (page == 1) f.polite.prepare(request, f.has_all_kinds());  // the later pages are part of its fetch
        host.fetch(f, std::move(request), [this, &host, page](Feed& feed, net::Outcome outcome) {
            on_page(feed, host, page, std::move(outcome));
        });
    }

    void on_page(Feed& f, FeedHost& host, int page, net::Outcome outcome) const {
        Site& site = f.state_as<Site>();
        auto drop_pages = [&site] {
            site.items.clear();
            site.validators = {};
            site.max_age.reset();
        };
        if (!outcome.response) {
            drop_pages();
            return host.failed(f, outcome.response.error(), "net", outcome.retry_after);
        }
        net::Response& r = *outcome.response;
        if (page == 1) {
            drop_pages();
            if (r.not_modified()) return host.succeeded(f, r.max_age);
            net::Validators fresh;
            if (f.polite.unchanged(r, &fresh) && f.has_all_kinds()) return host.succeeded(f, r.max_age);
            site.validators = std::move(fresh);
            site.max_age = r.max_age;
        }
        const ItemKind kind = *f.kinds.begin();  // one kind to a feed (see plan)
        auto items = parse(f, r.body, kind, page_url(f, page), host);
        if (!items) {
            drop_pages();
            return host.failed(f, items.error(), "content");
        }
        site.items.insert(site.items.end(), std::make_move_iterator(items->begin()),
                          std::make_move_iterator(items->end()));
        auto next_page = feeds::wordpress_next_page(page, r.wp_total_pages);
        if (next_page && *next_page <= max_pages && site.items.size() < static_cast<size_t>(site.per_page))
            return request_page(f, host, *next_page);

        ItemsByKind by_kind;
        by_kind[kind] = std::exchange(site.items, {});
        const auto max_age = site.max_age;
        host.replace_items(f, std::move(by_kind));
        f.polite.remember(std::exchange(site.validators, {}));
        drop_pages();
        host.succeeded(f, max_age);
    }
};

}  // namespace

const SourceDriver& wordpress_driver() {
    static const WordPressDriver driver;
    return driver;
}

}  // namespace placard::content
