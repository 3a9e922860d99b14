#pragma once
// RSS 2.0 (and the RSS 1.0 / RDF feeds still in the wild) to Items, with libxml2.
// No I/O but one log line when a broken feed was mended (see xml_feed.hpp); no clock;
// safe on any thread.
#include <string_view>
#include <vector>

#include "feeds/feed_options.hpp"
#include "feeds/item.hpp"
#include "util/result.hpp"

namespace placard::feeds {

// Read in the charset browsers would read it in, and mended as feed readers mend it; an
// item that XML recovery could not keep whole is left out, and so is a WordPress post
// behind a password. Errors name the origin with line:column for XML that is truncated
// or broken in every item, and say what the document is when it is not a feed ("an HTML
// page, not an RSS feed").
Result<std::vector<Item>> parse_rss(std::string_view xml, const FeedOptions& options);

}  // namespace placard::feeds
