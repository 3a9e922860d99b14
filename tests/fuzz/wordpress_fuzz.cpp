// parse_wordpress_posts and parse_wordpress_comments over any bytes: each input is read
// by both, since a page of posts and a page of comments share most of their members.
#include <cstddef>
#include <cstdint>

#include "feeds/wordpress.hpp"
#include "fuzz/fuzz_check.hpp"

using namespace placard;

namespace {

void check(const Result<std::vector<feeds::Item>>& items, const feeds::FeedOptions& options) {
    if (!items) {
        fuzz::check_error(items.error());
        return;
    }
    for (const auto& item : *items) fuzz::check_item(item, options);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    // As in rss_fuzz.cpp, the options follow the length: every other input is filtered
    // by a category and a tag (names the fixtures use), and the screen is a Pi's or 4K.
    feeds::WordPressOptions posts;
    posts.feed = feeds::FeedOptions{feeds::ItemKind::report,
                                    "https://example.org/?rest_route=/wp/v2/posts&_embed&per_page=10&page=1", 80};
    if (size % 2) {
        posts.categories = {"Pickets & protests"};
        posts.tags = {"strike fund"};
    }
    if (size / 2 % 2) {
        posts.screen_width = 3840;
        posts.screen_height = 2160;
    }
    check(feeds::parse_wordpress_posts(text, posts), posts.feed);

    const feeds::FeedOptions comments{feeds::ItemKind::message,
                                      "https://example.org/?rest_route=/wp/v2/comments&_embed&per_page=10&page=1", 80};
    check(feeds::parse_wordpress_comments(text, comments), comments);
    return 0;
}
