#pragma once
// What the cache keeps of each feed, so that the screen starts with it and carries on
// without the network: its items of each kind, its last body (for drivers that keep one)
// and its validators, content type and time of update.
#include <filesystem>
#include <set>
#include <string>
#include <string_view>

#include "content/feed.hpp"
#include "content/source_driver.hpp"
#include "store/store.hpp"

namespace placard::content {

class FeedCache {
public:
    // None until the store is open, and for ever when it cannot be: nothing is kept then.
    void attach(store::Store* store) { store_ = store; }
    store::Store* store() const { return store_; }

    // Writes one file; a failure (a full disk) is logged once, and the content stays in memory.
    void put(std::string_view kind, const std::string& key, std::string_view bytes);
    void save_meta(const Feed& f);
    void save_items(const Feed& f, ItemKind kind);
    void save_body(const Feed& f, std::string_view body);

    // Reads what the cache holds for the feed's kinds. Kinds with no items of their own are
    // parsed from the cached body by the feed's driver (and every kind, for a driver that
    // parses again at start); validators are dropped when a kind is still missing, so that
    // the next request gets a whole body.
    void load(Feed& f, FeedHost& host);

    // The feed's files, which the cache's trim must keep.
    void files_of(const Feed& f, std::set<std::filesystem::path>& keep) const;

private:
    store::Store* store_ = nullptr;
};

}  // namespace placard::content
