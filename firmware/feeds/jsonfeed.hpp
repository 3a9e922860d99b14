#pragma once
// JSON Feed 1.1 (and 1.0, https://jsonfeed.org/version/1.1) to Items, with nlohmann/json.
// Pure: no I/O, no clock; safe on any thread.
#include <string_view>
#include <vector>

#include "feeds/item.hpp"
#include "feeds/rss.hpp"
#include "util/result.hpp"

namespace placard::feeds {

// Relative links and pictures resolve against the feed's home_page_url, else its origin.
// Errors name the origin, with line:column for JSON that is broken or truncated, and say
// what the document is when it is not a JSON Feed (an RSS or Atom feed, a WordPress REST
// response, an HTML page, a calendar) and which "type" to write for it.
Result<std::vector<Item>> parse_jsonfeed(std::string_view json, const FeedOptions& options);

}  // namespace placard::feeds
