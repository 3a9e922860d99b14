#pragma once
// Atom 1.0 (RFC 4287) feeds and entry documents to Items, with libxml2.
// Pure: no I/O, no clock; safe on any thread.
#include <string_view>
#include <vector>

#include "feeds/feed_options.hpp"
#include "feeds/item.hpp"
#include "util/result.hpp"

namespace placard::feeds {

// One Item per <entry>, in the feed's order. Links and pictures resolve against xml:base,
// then the origin. The excerpt is the summary, else the content. Atom has no event
// dates: asked for events (ItemKind::event) it yields none, as RSS items without
// ev:startdate. Errors are those of parse_rss, naming Atom ("an RSS feed, not an Atom
// feed" says to write "type": "rss").
Result<std::vector<Item>> parse_atom(std::string_view xml, const FeedOptions& options);

}  // namespace placard::feeds
