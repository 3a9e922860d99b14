#pragma once
// The pictures the playlist can show: fetched (at most four at once) or read from disk,
// prepared for the screen by the ImagePreparer (decoded, turned upright, scaled) and kept
// in the cache under their origin, the preparer's variant and, for a local file, its
// signature. The worker thread's own.
#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "content/feed_cache.hpp"
#include "content/fetch_context.hpp"
#include "content/snapshot.hpp"
#include "net/http_client.hpp"
#include "util/result.hpp"

namespace placard::content {

struct WorkerOptions;

class Pictures {
public:
    using TimePoint = std::chrono::system_clock::time_point;
    using Context = FetchContext;
    explicit Pictures(Context context) : context_(std::move(context)) {}

    // Whether pictures are prepared at all: a preparer and a cache.
    bool enabled() const;
    // The wanted pictures must be worked out again (new items, a new playlist, a failure).
    void mark_stale() { stale_ = true; }
    bool is_stale() const { return stale_; }
    // Whether what the snapshot shows of the pictures changed since the last call.
    bool take_changed() { return std::exchange(changed_, false); }
    // Works out the wanted pictures now, if they are stale.
    void refresh_if_stale();

    bool failed(const std::string& origin) const;
    // New content: a picture that failed before gets another chance.
    void forgive(const std::string& origin);

    // Only what the cache holds: for start(), before the thread.
    void adopt_all_cached();
    // Moves pending pictures on; returns whether local work is left for the next turn.
    bool process(const std::atomic<bool>& stopping);
    // Whether every wanted picture was tried.
    bool settled() const;

    void files_in_use(std::set<std::filesystem::path>& keep) const;
    void publish(Snapshot& s) const;

private:
    struct Picture {
        // rendering: a document's pages, a few each turn, from `document`.
        enum class State { pending, fetching, rendering, done, failed };
        State state = State::pending;
        PreparedImage prepared;
        std::string error;
        std::string signature;  // local files: what was prepared
        // A document (a PDF): its pages, each prepared like a picture (a page that could
        // not be has no file); its bytes while they are; how many it shows.
        std::vector<PreparedImage> pages;
        std::string document;
        int page_count = 0;      // prepared
        int document_pages = 0;  // in the document
        // The pages last prepared whole: shown while the document is prepared again (a
        // PDF replaced under its name), and when that fails.
        std::vector<PreparedImage> finished;
    };

    void update();
    std::string extension() const;
    std::string cache_key(const std::string& origin, const std::string& signature) const;
    bool adopt_cached(const std::string& origin, Picture& p, const std::string& signature);
    void fail(const std::string& origin, Picture& p, const Error& error, bool quiet = false);
    void prepare(const std::string& origin, Picture& p, std::string_view bytes, const std::string& signature);
    void start_document(const std::string& origin, Picture& p, std::string_view bytes, const std::string& signature);
    void render_page(const std::string& origin, Picture& p);
    bool adopt_cached_pages(const std::string& origin, Picture& p, const std::string& key, const nlohmann::json& meta);
    // How many pages of a document of `count` pages are prepared.
    int pages_wanted(const std::string& origin, int count) const;
    void on_fetched(const std::string& origin, net::Outcome outcome);

    Context context_;
    std::map<std::string, Picture> pictures_;  // by origin
    bool stale_ = true;
    bool changed_ = false;
    TimePoint next_check_{};
};

}  // namespace placard::content
