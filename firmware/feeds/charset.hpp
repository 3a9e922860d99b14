#pragma once
// The bytes of an XML feed as UTF-8, decoded as browsers and feed readers decode them:
// labels as the WHATWG Encoding Standard maps them (iso-8859-1 and us-ascii mean
// windows-1252), the decoding itself by ICU. Pure: no I/O; safe on any thread.
#include <optional>
#include <string>
#include <string_view>

namespace placard::feeds {

// The encoding a label names, by its WHATWG name: "windows-1252" for " Latin1", "UTF-8"
// for "utf8". nullopt for a label the standard does not know.
std::optional<std::string_view> whatwg_encoding(std::string_view label);

// The charset parameter of a Content-Type header's value, unquoted:
// "text/xml; charset=\"ISO-8859-1\"" gives "ISO-8859-1"; "" when there is none.
std::string charset_parameter(std::string_view content_type);

struct DecodedXml {
    std::string text;      // UTF-8 without a byte order mark
    std::string encoding;  // the WHATWG name of the encoding it was read in
    // When the bytes did not fit what was declared, what was done instead, for the log
    // ("not UTF-8 and no charset given: read as windows-1252"); "" otherwise.
    std::string repair;
};

// `content_type`: the HTTP Content-Type the feed came with, "" for a file.
// The encoding is the byte order mark's, else the HTTP charset's (RFC 7303: it wins
// over the XML declaration), else the XML declaration's, else UTF-8. See decode_xml in
// charset.cpp for the bytes that do not fit.
DecodedXml decode_xml(std::string_view bytes, std::string_view content_type);

}  // namespace placard::feeds
