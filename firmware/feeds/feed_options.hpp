#pragma once
// What every feed parser is told about the feed it reads.
#include <cstddef>
#include <string>

#include "feeds/item.hpp"
#include "util/time.hpp"

namespace placard::feeds {

struct FeedOptions {
    ItemKind kind = ItemKind::report;  // what the items are: reports, events or messages
    // Where the feed came from: its URL (relative links and pictures are resolved against
    // it), or the absolute path of a local feed file (relative pictures become absolute
    // paths beside it). Also names the feed in errors.
    std::string origin;
    size_t max_text_chars = 600;  // excerpts are cut at a word boundary with "…"
    // The display's: dates written without an offset (an event's "2026-12-05T18:00", an
    // all-day date) are local to it.
    Zone zone = Zone::system();
    // The HTTP Content-Type the feed came with, as sent ("text/xml; charset=ISO-8859-1"):
    // its charset wins over the XML declaration's. "" for a file. JSON is UTF-8 regardless.
    std::string content_type{};
};

}  // namespace placard::feeds
