#include "content/feed_cache.hpp"

#include <nlohmann/json.hpp>

#include "util/log.hpp"

namespace placard::content {

namespace {
std::string items_key(const Feed& f, ItemKind kind) {
    return f.key + "|" + feeds::to_string(kind);
}
}  // namespace

void FeedCache::put(std::string_view kind, const std::string& key, std::string_view bytes) {
    if (!store_) return;
    auto r = store_->put(kind, key, bytes);
    if (!r) log::write_once(log::Level::warning, "store", "store", r.error().to_string());
}

void FeedCache::save_meta(const Feed& f) {
    if (!store_) return;
    const net::Validators& v = f.polite.validators();
    nlohmann::json j = {{"etag", v.etag},
                        {"last_modified", v.last_modified},
                        {"body_sha", v.body_sha},
                        {"content_type", f.content_type}};
    if (f.updated) j["updated"] = f.updated->time_since_epoch().count();
    put("meta", f.key, j.dump());
}

void FeedCache::save_items(const Feed& f, ItemKind kind) {
    auto it = f.items.find(kind);
    if (!store_ || it == f.items.end()) return;
    put("items", items_key(f, kind), nlohmann::json(it->second).dump());
}

void FeedCache::save_body(const Feed& f, std::string_view body) {
    put("feed", f.key, body);
}

void FeedCache::load(Feed& f, FeedHost& host) {
    if (!store_) return;
    if (auto meta = store_->get("meta", f.key)) {
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
        auto cached = store_->get("items", items_key(f, kind));
        if (!cached) continue;
        try {
            f.items[kind] = nlohmann::json::parse(*cached).get<std::vector<Item>>();
            f.from_cache = true;
        } catch (const nlohmann::json::exception&) {
            log::warning("store", "{}: cached {} are unreadable; fetching them again", f.origin(), plural(kind));
        }
    }
    const SourceDriver& driver = driver_for(f.type);
    const bool again = driver.parses_again_at_start();
    if ((again || !f.has_all_kinds()) && driver.keeps_body() && !f.url.empty()) {
        if (auto body = store_->get("feed", f.key)) {
            for (ItemKind kind : f.kinds) {
                if (f.items.count(kind) && !again) continue;
                auto parsed = driver.parse(f, *body, kind, f.url, host);
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

void FeedCache::files_of(const Feed& f, std::set<std::filesystem::path>& keep) const {
    if (!store_) return;
    for (const char* kind : {"feed", "meta"}) keep.insert(store_->path_for(kind, f.key));
    for (ItemKind kind : f.kinds) keep.insert(store_->path_for("items", items_key(f, kind)));
}

}  // namespace placard::content
