#pragma once
// The clips the playlist names by web address, downloaded into the cache by the worker:
// two at most at once, into a part file that a cut connection resumes (Range, If-Range),
// renamed over the clip only when whole, capped at clip_cap. Looked at again every six
// hours (conditionally: a 304 costs nothing), so that a trailer replaced on the campaign's
// site replaces the one on screen; the clip downloaded before plays meanwhile, and when
// the site is down. The worker thread's own.
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "content/feed_cache.hpp"
#include "content/fetch_context.hpp"
#include "content/snapshot.hpp"
#include "net/http_client.hpp"
#include "net/polite.hpp"

namespace placard::content {

struct WorkerOptions;

// The largest clip placard downloads: a two-hour film in 1080p H.264, a trailer many times over.
inline constexpr std::size_t clip_cap = std::size_t{1} << 30;

class ClipDownloads {
public:
    using TimePoint = std::chrono::system_clock::time_point;
    using Context = FetchContext;
    explicit ClipDownloads(Context context) : context_(std::move(context)) {}

    // The playlist changed: the wanted clips are worked out again at the next process().
    void mark_stale() { stale_ = true; }
    bool take_changed() { return std::exchange(changed_, false); }
    // Only what the cache holds: for start(), before the thread.
    void adopt_all_cached();
    // Starts the downloads that are due.
    void process();
    // When a download is next due, for the worker's sleep; max() when none is.
    TimePoint next_due() const;

    void files_in_use(std::set<std::filesystem::path>& keep) const;
    void publish(Snapshot& s) const;

private:
    struct Download {
        explicit Download(const std::string& url) : polite(url + "|clip", std::chrono::hours(6)) {}
        net::Polite polite;
        bool whole = false;          // the cache holds the clip, whole
        std::string part_validator;  // what resumes the part file: the ETag of the answer cut short
        std::string error;           // why it is not shown (no clip downloaded yet)
    };

    void update();
    std::filesystem::path file_of(const std::string& url) const;
    static std::filesystem::path part_of(const std::filesystem::path& file);
    void save_meta(const std::string& url, const Download& d) const;
    void start(const std::string& url, Download& d);
    void on_done(const std::string& url, net::Outcome outcome);

    Context context_;
    std::map<std::string, Download> downloads_;  // by web address
    bool stale_ = true;
    bool changed_ = false;
};

}  // namespace placard::content
