#pragma once
// RSS 2.0 (and the RSS 1.0 / RDF feeds still in the wild) to Items, with libxml2.
// Pure: no I/O, no clock; safe on any thread.
#include <string>
#include <string_view>
#include <vector>

#include "feeds/item.hpp"
#include "util/result.hpp"

namespace placard::feeds {

struct FeedOptions {
    ItemKind kind = ItemKind::report;  // what the items are: reports, events or messages
    // Where the feed came from: its URL (relative links and pictures are resolved against
    // it), or the absolute path of a local feed file (relative pictures become absolute
    // paths beside it). Also names the feed in errors.
    std::string origin;
    size_t max_text_chars = 600;       // excerpts are cut at a word boundary with "…"
};

// Errors name the origin with line:column for XML that is broken or truncated, and say
// what the document is when it is not a feed ("an HTML page, not an RSS feed").
Result<std::vector<Item>> parse_rss(std::string_view xml, const FeedOptions& options);

}  // namespace placard::feeds
