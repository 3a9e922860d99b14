#pragma once
// What the XML feed parsers (RSS, Atom) share: reading a document with libxml2 safely,
// and saying what a document is when it is not the feed that was expected.
#include <string>
#include <string_view>
#include <vector>

#include "feeds/libxml.hpp"
#include "util/result.hpp"

namespace placard::feeds {

// How errors name the format that was expected.
struct FeedFormat {
    const char* noun;      // "an RSS feed"
    const char* hint_url;  // what to do when the document is no feed at all
};

// The document, read without the network, DTDs or external entities. Errors name the
// origin with line:column for XML that is broken or truncated, and say what the document
// is when it is no XML ("an HTML page, not an RSS feed").
Result<XmlDoc> read_feed_document(std::string_view xml, const std::string& origin, const FeedFormat& format);

// For a root element the parser does not know: "an HTML page, not an RSS feed", "an XML
// document with a <opml> root element, not an RSS feed".
Error unexpected_root(const xmlNode* root, const std::string& origin, const FeedFormat& format);

// The namespace URI of an element, "" when it has none.
std::string_view namespace_of(const xmlNode* node);
// Matched by namespace URI: prefixes are whatever each feed chose.
bool named(const xmlNode* node, std::string_view ns, std::string_view name);

// Pictures named with Media RSS (http://search.yahoo.com/mrss/), as written.
struct MediaPictures {
    std::vector<std::pair<std::string, long>> contents;  // media:content images: url, width (0 if unknown)
    std::vector<std::string> thumbnails;                 // media:thumbnail urls
    // URLs best first: the widest media:content picture, then the thumbnails.
    std::vector<std::string> best_first() const;
};
// Reads media:content, media:thumbnail and media:group; false for any other element.
bool read_media(const xmlNode* node, MediaPictures& pictures);

// Leading and trailing XML whitespace removed.
std::string trim(std::string_view s);

}  // namespace placard::feeds
