#pragma once
// Atom 1.0 (RFC 4287) feeds and entry documents to Items, with libxml2.
// No I/O but one log line when a broken feed was mended (see xml_feed.hpp); no clock;
// safe on any thread.
#include <string_view>
#include <vector>

#include "feeds/feed_options.hpp"
#include "feeds/item.hpp"
#include "util/result.hpp"

namespace placard::feeds {

// One Item per <entry>, in the feed's order. Links and pictures resolve against xml:base,
// then the origin. The excerpt is the summary, else the content. Atom has no event
// dates: asked for events (ItemKind::event) it yields none, as RSS items without
// ev:startdate. Broken entries and WordPress posts behind a password are left out, as
// by parse_rss. Errors are those of parse_rss, naming Atom ("an RSS feed, not an Atom
// feed" says to write "type": "rss").
Result<std::vector<Item>> parse_atom(std::string_view xml, const FeedOptions& options);

}  // namespace placard::feeds
