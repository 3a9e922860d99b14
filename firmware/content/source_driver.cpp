#include "content/source_driver.hpp"

#include <utility>

#include <fmt/format.h>

#include "content/worker.hpp"

namespace placard::content {

// The table: one row to a source type.
const SourceDriver& driver_for(config::SourceType type) {
    switch (type) {
        case config::SourceType::rss:
        case config::SourceType::atom:
        case config::SourceType::jsonfeed:
            return feed_driver(type);
        case config::SourceType::ical:
            return calendar_driver();
        case config::SourceType::wordpress:
            return wordpress_driver();
        case config::SourceType::folder:
            return folder_driver();
    }
    return feed_driver(config::SourceType::rss);
}

std::string location_key(const config::Source& source) {
    return fmt::format("{}|{}", config::to_string(source.type), source.url.empty() ? source.path.string() : source.url);
}

std::set<ItemKind> SourceDriver::kinds(std::set<ItemKind> wanted) const {
    wanted.erase(ItemKind::image);
    wanted.erase(ItemKind::clip);
    if (wanted.empty()) wanted.insert(ItemKind::report);
    return wanted;
}

std::vector<FeedPlan> SourceDriver::plan(const config::Source& source, const std::set<ItemKind>& kinds,
                                         const std::function<int(ItemKind)>& /*most_shown*/) const {
    std::vector<FeedPlan> plans;
    plans.push_back(FeedPlan{location_key(source), source.url, kinds, {}});
    return plans;
}

Result<std::vector<Item>> SourceDriver::parse(Feed& f, const std::string& /*body*/, ItemKind kind,
                                              const std::string& origin, FeedHost& /*host*/) const {
    return Error{origin, fmt::format("a {} source has no {} to read", config::to_string(f.type), plural(kind)), ""};
}

bool stay_offline(Feed& f, FeedHost& host) {
    if (!host.options().offline) return false;
    f.tried = true;
    f.polite.ask_at(FeedHost::TimePoint::max());
    if (f.item_count() == 0 && !f.from_cache)
        f.error = Error{f.url, "offline: nothing cached yet", "run placard with the network to fill the cache"};
    host.changed();
    return true;
}

namespace {
void on_body(Feed& f, FeedHost& host, net::Outcome outcome) {
    f.tried = true;
    if (!outcome.response) return host.failed(f, outcome.response.error(), "net", outcome.retry_after);
    net::Response& r = *outcome.response;
    if (r.not_modified()) return host.succeeded(f, r.max_age);
    net::Validators fresh;
    if (f.polite.unchanged(r, &fresh) && f.has_all_kinds()) return host.succeeded(f, r.max_age);
    std::string cached_type = std::exchange(f.content_type, r.content_type);
    if (!host.accept(f, r.body, f.url)) {
        f.content_type = std::move(cached_type);  // the cached body stays, and its type
        return;
    }
    f.polite.remember(std::move(fresh));
    host.keep_body(f, r.body);
    host.succeeded(f, r.max_age);
}
}  // namespace

void fetch_body(Feed& f, FeedHost& host) {
    if (stay_offline(f, host)) return;
    net::Request request = host.request_for(f.url);
    request.max_body_bytes = feed_cap;
    f.polite.prepare(request, f.has_all_kinds());
    host.fetch(f, std::move(request),
               [&host](Feed& feed, net::Outcome outcome) { on_body(feed, host, std::move(outcome)); });
}

}  // namespace placard::content
