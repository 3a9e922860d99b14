#pragma once
// What the worker lends the parts that fetch files for the playlist (pictures, clips): its
// options, cache, HTTP client and clock, and what the playlist wants of them now.
#include <chrono>
#include <functional>
#include <set>
#include <string>

#include "content/feed_cache.hpp"
#include "net/http_client.hpp"

namespace placard::content {

struct WorkerOptions;

struct FetchContext {
    using TimePoint = std::chrono::system_clock::time_point;
    const WorkerOptions* options = nullptr;
    FeedCache* cache = nullptr;
    net::HttpClient* client = nullptr;
    std::function<net::Request(const std::string&)> request_for;
    std::function<TimePoint()> now;
    std::function<std::set<std::string>()>
        wanted;  // the pictures (origins) or clips (addresses) the playlist wants now
    // Pictures: the documents (PDFs) whose every page a slide shows; any other document,
    // where a picture is wanted (a report's enclosure), is prepared as its first page.
    std::function<std::set<std::string>()> whole_documents;
};

}  // namespace placard::content
