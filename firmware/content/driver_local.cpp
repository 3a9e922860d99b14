// The local file driver: a feed or a calendar the playlist names by its path rather than a
// URL. The feed and calendar drivers hand such a feed to it; it reads the file again when
// its modification time or size changed, looking every 30 s at most.
#include <algorithm>

#include "content/local_file.hpp"
#include "content/source_driver.hpp"

namespace placard::content {

namespace {
// Local files and folders are looked at this often at least: a stat is cheap.
constexpr std::chrono::seconds local_check{30};
}  // namespace

FeedHost::TimePoint next_local_check(const Feed& f, const FeedHost& host) {
    return host.now() + std::min(f.polite.refresh(), local_check);
}

void read_local_file(Feed& f, FeedHost& host) {
    f.polite.ask_at(next_local_check(f, host));
    auto signature = file_signature(f.path);
    if (signature && *signature == f.local_signature && f.has_all_kinds()) {
        f.tried = true;
        return;
    }
    auto body = read_whole(f.path, feed_cap);
    if (!body) {
        host.failed(f, body.error(), "content");
        f.polite.ask_at(next_local_check(f, host));
        return;
    }
    if (!host.accept(f, *body, f.path.string())) {
        f.polite.ask_at(next_local_check(f, host));
        return;
    }
    f.local_signature = signature.value_or("");
    host.succeeded(f);
    f.polite.ask_at(next_local_check(f, host));
}

}  // namespace placard::content
