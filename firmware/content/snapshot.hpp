#pragma once
// What the worker knows, handed to the main thread as an immutable snapshot: the main
// thread swaps in a new std::shared_ptr<const Snapshot> between slides and never locks.
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "feeds/item.hpp"
#include "util/clock.hpp"
#include "util/result.hpp"

namespace placard::content {

struct SourceState {
    std::vector<feeds::Item> items;  // last good items (from the network or the cache)
    std::optional<SysTime> updated;  // when those items were last fetched successfully
    std::optional<Error> error;      // the last attempt's error, if it failed
    bool from_cache = false;         // items were read from the cache, not yet refreshed
    bool fetching = false;           // the first fetch is under way and nothing is cached
    // When the source is fetched or read again (after its refresh, or its backoff after a
    // failure); none when it never is (offline) or while a request is under way.
    std::optional<std::chrono::system_clock::time_point> next_attempt;
};

struct PreparedImage {
    std::string file;  // absolute path of the pre-scaled copy in the cache
    int width = 0;
    int height = 0;
};

// A web slide's page (by its address), as the browser last drew it.
struct WebPageState {
    PreparedImage picture;         // the last good one; no file until one is
    std::optional<SysTime> drawn;  // when that was
    std::optional<Error> error;    // why the last try failed; none once one succeeds
};

struct Snapshot {
    std::map<std::string, SourceState> sources;       // by source name
    std::map<std::string, PreparedImage> images;      // by original (URL or absolute path)
    std::map<std::string, std::string> image_errors;  // by original: why it is not shown
    // By original: a document's pages (a PDF), each prepared like a picture; a page that
    // could not be has no file.
    std::map<std::string, std::vector<PreparedImage>> pages;
    std::map<std::string, std::string> clips;        // by web address: the clip downloaded into the cache
    std::map<std::string, std::string> clip_errors;  // by web address: why there is none yet
    std::map<std::string, WebPageState> web_pages;   // by address
    unsigned long long generation = 0;               // increases with every publish
};

using SnapshotPtr = std::shared_ptr<const Snapshot>;

}  // namespace placard::content
