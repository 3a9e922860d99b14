#pragma once
// RSS 2.0 (and the RSS 1.0 / RDF feeds still in the wild) to Items, with libxml2.
// Pure: no I/O, no clock; safe on any thread.
#include <string_view>
#include <vector>

#include "feeds/feed_options.hpp"
#include "feeds/item.hpp"
#include "util/result.hpp"

namespace placard::feeds {

// Errors name the origin with line:column for XML that is broken or truncated, and say
// what the document is when it is not a feed ("an HTML page, not an RSS feed").
Result<std::vector<Item>> parse_rss(std::string_view xml, const FeedOptions& options);

}  // namespace placard::feeds
