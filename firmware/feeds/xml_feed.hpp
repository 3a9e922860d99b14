#pragma once
// What the XML feed parsers (RSS, Atom) share: reading a document with libxml2 safely,
// in the encoding browsers would read it in and mended where sites commonly break it,
// and saying what a document is when it is not the feed that was expected.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "feeds/feed_options.hpp"
#include "feeds/libxml.hpp"
#include "util/result.hpp"
#include "util/text.hpp"

namespace placard::feeds {

// How errors name the format that was expected.
struct FeedFormat {
    const char* noun;      // "an RSS feed"
    const char* hint_url;  // what to do when the document is no feed at all
};

// A feed's document as read. Where its XML was broken, libxml2's recovery made what it
// could of it, and the elements around each break are not `intact`.
struct FeedDocument {
    XmlDoc doc;
    bool recovered = false;
    // When recovered: where each element's text ends and where each break was found, as
    // byte offsets of the text read.
    std::map<const xmlNode*, unsigned long> ends;
    std::vector<unsigned long> breaks;  // sorted
    std::optional<Error> first_break;   // as it is reported if nothing is kept
    std::vector<std::string> repairs;   // what was mended, for the log: "&nbsp; at 12:40"

    // Whether no break lies in the element's text; always so when nothing was broken.
    bool intact(const xmlNode* element) const;
};

// The document, read without the network, DTDs or external entities, as UTF-8 (see
// charset.hpp: the HTTP charset of options.content_type, else the XML declaration's).
// Mended as feed readers mend it: whitespace or byte order marks before the XML
// declaration are passed over; HTML entities that XML does not know (&nbsp;, &eacute;)
// become the characters HTML gives them, a bare "&" an "&amp;"; XML still broken after
// that is read with libxml2's recovery. Errors name the origin with line:column for XML
// that is truncated, or broken beyond what recovery keeps, and say what the document is
// when it is no XML ("an HTML page, not an RSS feed").
Result<FeedDocument> read_feed_document(std::string_view bytes, const FeedOptions& options, const FeedFormat& format);

// The entries (<item>, <entry>) that no break touched, in order. Logs once for the feed
// (again when it changes) what was repaired and how many entries were left out. When
// every entry was broken, the first break as an error instead, so that the cached items
// stay.
Result<std::vector<const xmlNode*>> intact_entries(const FeedDocument& document, std::vector<const xmlNode*> entries,
                                                   const FeedOptions& options);

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

}  // namespace placard::feeds
