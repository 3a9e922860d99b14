#include "feeds/xml_feed.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <climits>

#include <fmt/format.h>
#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>

#include "feeds/charset.hpp"
#include "feeds/html_text.hpp"
#include "util/log.hpp"
#include "util/text.hpp"
#include "util/utf8.hpp"

namespace placard::feeds {
namespace {

constexpr const char* media_ns = "http://search.yahoo.com/mrss/";

constexpr const char* hint_broken =
    "the site's feed is broken at that place; it is read again at the next refresh, meanwhile the cached items stay";
constexpr const char* hint_truncated =
    "the download was cut short or the site stopped writing the feed; it is fetched again at the next refresh";

// What libxml2 reported for one parse: a per-context handler rather than the global error
// state, so that parses on several threads do not see each other's errors.
struct SyntaxError {
    bool found = false;
    int line = 0;
    int column = 0;
    int code = 0;
    std::string message;
};
struct ParseReport {
    SyntaxError first;                  // the first fatal error (a break of well-formedness)
    std::vector<unsigned long> breaks;  // where each fatal error was found, as byte offsets
    bool undeclared_entity = false;     // an entity a DTD that was not read would declare
};

void on_xml_error(void* user_data, xmlErrorPtr error) {
    auto* ctxt = static_cast<xmlParserCtxtPtr>(user_data);
    auto* report = static_cast<ParseReport*>(ctxt->_private);
    if (!error) return;
    if (error->code == XML_WAR_UNDECLARED_ENTITY || error->code == XML_ERR_UNDECLARED_ENTITY)
        report->undeclared_entity = true;
    if (error->level < XML_ERR_FATAL) return;
    if (ctxt->input && ctxt->input->cur && ctxt->input->base)
        report->breaks.push_back(ctxt->input->consumed +
                                 static_cast<unsigned long>(ctxt->input->cur - ctxt->input->base));
    SyntaxError& first = report->first;
    if (first.found) return;
    first.found = true;
    first.line = error->line;
    first.column = error->int2;
    first.code = error->code;
    // Some messages go on with a copy of the text after a newline: the first line says it.
    std::string_view message = error->message ? error->message : "";
    first.message = trim(message.substr(0, message.find('\n')));
}

std::string at(const std::string& origin, int line, int column) {
    return origin.empty() ? fmt::format("{}:{}", line, column) : fmt::format("{}:{}:{}", origin, line, column);
}

Error not_a_feed(const std::string& origin, std::string what, const FeedFormat& format) {
    return Error{origin, std::move(what), format.hint_url};
}

// HTML that is no XML, as most web pages are: what libxml2's HTML parser makes of it
// has a root element that HTML knows.
bool is_html_page(std::string_view text) {
    XmlDoc doc = parse_html(text, HTML_PARSE_NOIMPLIED);
    const xmlNode* root = doc ? xmlDocGetRootElement(doc.get()) : nullptr;
    return root && htmlTagLookup(root->name) != nullptr;
}

// The text from libxml2's line:column to the end; its columns count characters.
std::string_view from_position(std::string_view text, int line, int column) {
    size_t offset = 0;
    for (int l = 1; l < line && offset < text.size(); ++l) {
        size_t newline = text.find('\n', offset);
        if (newline == std::string_view::npos) return {};
        offset = newline + 1;
    }
    for (int c = 1; c < column && offset < text.size(); ++c) {
        ++offset;
        while (offset < text.size() && (static_cast<unsigned char>(text[offset]) & 0xC0) == 0x80) ++offset;
    }
    return text.substr(std::min(offset, text.size()));
}

// What the document is when it is no XML at all; nullopt for XML, broken or not.
std::optional<Error> not_xml(std::string_view xml, const SyntaxError& first, const std::string& origin,
                             const FeedFormat& format) {
    std::string beginning = trim(xml);
    if (beginning.empty()) return not_a_feed(origin, fmt::format("the document is empty, not {}", format.noun), format);
    if (first.code == XML_ERR_DOCUMENT_EMPTY)
        return not_a_feed(origin,
                          fmt::format("not XML, so not {}: it begins \"{}\"", format.noun,
                                      cut_at_word(html_to_text(beginning.substr(0, 400)), 40)),
                          format);
    if (is_html_page(xml)) return not_a_feed(origin, fmt::format("an HTML page, not {}", format.noun), format);
    return std::nullopt;
}

// The document stopped before its elements were closed, or inside the tag or section
// where the error is (nothing after it closes a tag).
bool is_truncated(std::string_view xml, const SyntaxError& first) {
    std::string_view rest = from_position(xml, first.line, first.column);
    return first.code == XML_ERR_TAG_NOT_FINISHED ||
           (rest.find('>') == std::string_view::npos && first.code != XML_ERR_TAG_NAME_MISMATCH);
}

Error syntax_error(std::string_view xml, const SyntaxError& first, const std::string& origin,
                   const FeedFormat& format) {
    if (auto error = not_xml(xml, first, origin, format)) return *error;
    if (!first.found) return Error{origin, "the XML could not be read", hint_broken};
    if (is_truncated(xml, first))
        return Error{at(origin, first.line, first.column), fmt::format("the feed ends too early: {}", first.message),
                     hint_truncated};
    return Error{at(origin, first.line, first.column), fmt::format("broken XML: {}", first.message), hint_broken};
}

std::string position(std::string_view text, size_t offset) {
    size_t line_start = text.rfind('\n', offset == 0 ? 0 : offset - 1);
    line_start = line_start == std::string_view::npos || offset == 0 ? 0 : line_start + 1;
    size_t line = 1 + static_cast<size_t>(std::count(text.begin(), text.begin() + static_cast<long>(line_start), '\n'));
    return fmt::format("{}:{}", line, code_point_count(text.substr(line_start, offset - line_start)) + 1);
}

// Whitespace and byte order marks (U+FEFF) before the XML declaration, as PHP sites print
// them (an empty line after an included file's closing "?>", a file saved with a mark):
// the declaration must come first. The declaration goes, as spaces, so that lines and
// columns stay those of the feed; the text is UTF-8 already (libxml2 is told to ignore
// what the declaration says). A mark before the first tag becomes a space too.
void pass_over_leading_junk(std::string& text, std::vector<std::string>& repairs) {
    constexpr std::string_view mark = "\xEF\xBB\xBF";
    size_t end = 0;
    bool marks = false;
    while (end < text.size()) {
        if (is_space(text[end])) {
            ++end;
        } else if (std::string_view(text).substr(end).starts_with(mark)) {
            text.replace(end, mark.size(), " ");
            marks = true;
            ++end;
        } else {
            break;
        }
    }
    if (end == 0) return;
    bool declaration = std::string_view(text).substr(end).starts_with("<?xml");
    if (declaration) {
        size_t close = text.find("?>", end);
        if (close != std::string::npos) {
            size_t length = close + 2 - end;
            text.replace(end, length, code_point_count(std::string_view(text).substr(end, length)), ' ');
        }
    }
    if (!declaration && !marks) return;  // whitespace before the root element is XML
    bool blank_line = text.find('\n') < end;
    repairs.push_back(fmt::format("{} before the {}",
                                  marks        ? "a byte order mark"
                                  : blank_line ? "a blank line"
                                               : "white space",
                                  declaration ? "XML declaration" : "first tag"));
}

bool is_name_start(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool is_name_char(char c) {
    return is_name_start(c) || (c >= '0' && c <= '9') || c == '.' || c == '-';
}

// HTML's entities, which sites write into feeds as into pages: &nbsp; &mdash; &eacute; are
// not XML's, and a bare "&" ("Q&A") is no reference at all. The entities become character
// references to what libxml2's HTML entity table gives them, a bare "&" becomes "&amp;",
// as a browser reads them. CDATA sections, comments and processing instructions are left
// as they are (their "&" is text), and so is a document with entity declarations of its
// own.
void repair_references(std::string& text, std::vector<std::string>& repairs) {
    if (text.find("<!ENTITY") != std::string::npos) return;
    std::string out;
    out.reserve(text.size() + 64);
    std::string first_entity, first_ampersand;
    int entities = 0, ampersands = 0;
    size_t i = 0;
    auto copy_through = [&](std::string_view close) {
        size_t end = text.find(close, i);
        end = end == std::string::npos ? text.size() : end + close.size();
        out.append(text, i, end - i);
        i = end;
    };
    while (i < text.size()) {
        std::string_view rest = std::string_view(text).substr(i);
        if (rest.starts_with("<![CDATA[")) {
            copy_through("]]>");
            continue;
        }
        if (rest.starts_with("<!--")) {
            copy_through("-->");
            continue;
        }
        if (rest.starts_with("<?")) {
            copy_through("?>");
            continue;
        }
        if (rest.front() != '&') {
            out += rest.front();
            ++i;
            continue;
        }
        size_t end = 1;
        if (end < rest.size() && rest[end] == '#') {
            ++end;
            bool hex = end < rest.size() && (rest[end] == 'x' || rest[end] == 'X');
            if (hex) ++end;
            size_t digits = end;
            while (end < rest.size() && (hex ? std::isxdigit(static_cast<unsigned char>(rest[end])) != 0
                                             : rest[end] >= '0' && rest[end] <= '9'))
                ++end;
            if (end > digits && end < rest.size() && rest[end] == ';') {  // a character reference
                copy_through(";");
                continue;
            }
        } else if (end < rest.size() && is_name_start(rest[end])) {
            while (end < rest.size() && is_name_char(rest[end])) ++end;
            if (end < rest.size() && rest[end] == ';') {
                std::string name(rest.substr(1, end - 1));
                bool xml = name == "amp" || name == "lt" || name == "gt" || name == "quot" || name == "apos";
                const htmlEntityDesc* html =
                    xml ? nullptr : htmlEntityLookup(reinterpret_cast<const xmlChar*>(name.c_str()));
                if (html) {
                    if (entities++ == 0) first_entity = fmt::format("&{}; at {}", name, position(text, i));
                    out += fmt::format("&#{};", html->value);
                    i += end + 1;
                } else {
                    copy_through(";");  // XML's own, or unknown to HTML too: recovery's business
                }
                continue;
            }
        }
        if (ampersands++ == 0) first_ampersand = fmt::format("at {}", position(text, i));
        out += "&amp;";
        ++i;
    }
    if (entities == 0 && ampersands == 0) return;
    text = std::move(out);
    if (entities > 0)
        repairs.push_back(
            entities == 1 ? fmt::format("an HTML entity XML does not know ({})", first_entity)
                          : fmt::format("{} HTML entities XML does not know (the first {})", entities, first_entity));
    if (ampersands > 0)
        repairs.push_back(ampersands == 1 ? fmt::format("a bare \"&\" {}", first_ampersand)
                                          : fmt::format("{} bare \"&\" (the first {})", ampersands, first_ampersand));
}

// One parse of UTF-8 text. Recovering, libxml2 goes on past each break and keeps what it
// can; `ends` is then where each element's text ends.
struct Parse {
    XmlDoc doc;
    ParseReport report;
    std::map<const xmlNode*, unsigned long> ends;
};

Parse parse(std::string_view text, bool recover) {
    Parse result;
    ParserContext ctxt(xmlCreateMemoryParserCtxt(text.data(), static_cast<int>(text.size())));
    if (!ctxt) return result;
    // No XML_PARSE_NOENT, no DTDLOAD: external entities and DTDs are never loaded, and
    // NONET forbids the network besides. The text is UTF-8 whatever its declaration says.
    xmlCtxtUseOptions(ctxt.get(), XML_PARSE_NONET | XML_PARSE_IGNORE_ENC | (recover ? XML_PARSE_RECOVER : 0));
    xmlSwitchEncoding(ctxt.get(), XML_CHAR_ENCODING_UTF8);
    ctxt->_private = &result.report;
    ctxt->sax->serror = on_xml_error;
    ctxt->record_info = recover ? 1 : 0;
    xmlParseDocument(ctxt.get());
    result.doc.reset(ctxt->myDoc);
    ctxt->myDoc = nullptr;
    if (!recover && !ctxt->wellFormed) result.doc.reset();
    // libxml2 2.9 records where an element ends but not where it begins (begin_pos is
    // left unset): an element's text is taken to begin where the one before it ended.
    if (recover && result.doc)
        for (unsigned long i = 0; i < ctxt->node_seq.length; ++i)
            result.ends[ctxt->node_seq.buffer[i].node] = ctxt->node_seq.buffer[i].end_pos;
    // Nor does it free what it recorded with the context.
    xmlClearNodeInfoSeq(&ctxt->node_seq);
    std::sort(result.report.breaks.begin(), result.report.breaks.end());
    return result;
}

long width_of(const xmlNode* node) {
    std::string w = trim(attribute(node, "width"));
    long width = 0;
    auto [end, ec] = std::from_chars(w.data(), w.data() + w.size(), width);
    return ec == std::errc() ? width : 0;
}

}  // namespace

Result<FeedDocument> read_feed_document(std::string_view bytes, const FeedOptions& options, const FeedFormat& format) {
    init_libxml();
    const std::string& origin = options.origin;
    if (bytes.size() > INT_MAX / 4) return Error{origin, "the feed is too large to read", format.hint_url};
    FeedDocument document;
    DecodedXml decoded = decode_xml(bytes, options.content_type);
    std::string text = std::move(decoded.text);
    if (!decoded.repair.empty()) document.repairs.push_back(std::move(decoded.repair));
    pass_over_leading_junk(text, document.repairs);
    if (text.size() > INT_MAX) return Error{origin, "the feed is too large to read", format.hint_url};

    Parse strict = parse(text, false);
    if (strict.doc && xmlDocGetRootElement(strict.doc.get())) {
        // Read, but an entity was left out: one that the DTD the feed names would declare
        // (RSS 0.91's declares HTML's), which is never read.
        if (strict.report.undeclared_entity) {
            std::vector<std::string> repairs;
            std::string repaired = text;
            repair_references(repaired, repairs);
            Parse again = parse(repaired, false);
            if (again.doc && xmlDocGetRootElement(again.doc.get())) {
                strict = std::move(again);
                document.repairs.insert(document.repairs.end(), repairs.begin(), repairs.end());
            }
        }
        document.doc = std::move(strict.doc);
        return document;
    }
    const SyntaxError& first = strict.report.first;
    if (auto error = not_xml(text, first, origin, format)) return *error;
    if (!first.found || is_truncated(text, first)) return syntax_error(text, first, origin, format);

    repair_references(text, document.repairs);
    Parse recovered = parse(text, true);
    if (!recovered.doc || !xmlDocGetRootElement(recovered.doc.get()))
        return syntax_error(text, recovered.report.first.found ? recovered.report.first : first, origin, format);
    document.doc = std::move(recovered.doc);
    if (recovered.report.first.found) {
        const SyntaxError& rest = recovered.report.first;
        document.recovered = true;
        document.ends = std::move(recovered.ends);
        document.breaks = std::move(recovered.report.breaks);
        document.first_break = syntax_error(text, rest, origin, format);
        document.repairs.push_back(fmt::format("broken XML at {}:{} ({})", rest.line, rest.column, rest.message));
    }
    return document;
}

bool FeedDocument::intact(const xmlNode* element) const {
    if (!recovered) return true;
    auto end = ends.find(element);
    if (end == ends.end()) return false;  // never closed
    // Its text begins where its last closed sibling before it ended, else where its
    // parent's begins.
    unsigned long begin = 0;
    for (const xmlNode* n = element; n && begin == 0; n = n->parent) {
        const xmlNode* before = n->prev;
        while (before && ends.find(before) == ends.end()) before = before->prev;
        if (before) begin = ends.at(before);
    }
    auto next = std::upper_bound(breaks.begin(), breaks.end(), begin);
    return next == breaks.end() || *next > end->second;
}

Result<std::vector<const xmlNode*>> intact_entries(const FeedDocument& document, std::vector<const xmlNode*> entries,
                                                   const FeedOptions& options) {
    const size_t all = entries.size();
    std::erase_if(entries, [&](const xmlNode* entry) { return !document.intact(entry); });
    const std::string key = "feeds|repaired|" + options.origin;
    if (all > 0 && entries.empty() && document.first_break) return *document.first_break;
    if (document.repairs.empty()) {
        log::clear_once(key);
        return entries;
    }
    std::string lost = entries.size() == all ? "nothing left out"
                                             : fmt::format("{} of {} entries left out", all - entries.size(), all);
    std::string what;
    for (const auto& repair : document.repairs) what += (what.empty() ? "" : "; ") + repair;
    log::write_once(log::Level::warning, "feeds", key,
                    fmt::format("{}: repaired {}; {}", options.origin.empty() ? "feed" : options.origin, what, lost));
    return entries;
}

Error unexpected_root(const xmlNode* root, const std::string& origin, const FeedFormat& format) {
    std::string_view name = local_name(root);
    if (name == "html") return not_a_feed(origin, fmt::format("an HTML page, not {}", format.noun), format);
    return not_a_feed(origin, fmt::format("an XML document with a <{}> root element, not {}", name, format.noun),
                      format);
}

std::string_view namespace_of(const xmlNode* node) {
    return node->ns && node->ns->href ? reinterpret_cast<const char*>(node->ns->href) : "";
}

bool named(const xmlNode* node, std::string_view ns, std::string_view name) {
    return local_name(node) == name && namespace_of(node) == ns;
}

std::vector<std::string> MediaPictures::best_first() const {
    auto widest = contents;
    std::stable_sort(widest.begin(), widest.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    std::vector<std::string> urls;
    for (const auto& [url, width] : widest) urls.push_back(url);
    urls.insert(urls.end(), thumbnails.begin(), thumbnails.end());
    return urls;
}

bool read_media(const xmlNode* node, MediaPictures& pictures) {
    if (named(node, media_ns, "content")) {
        std::string medium = trim(attribute(node, "medium"));
        std::string type = trim(attribute(node, "type"));
        std::string url = attribute(node, "url");
        if ((medium == "image" || type.starts_with("image/")) && !trim(url).empty())
            pictures.contents.emplace_back(url, width_of(node));
        return true;
    }
    if (named(node, media_ns, "thumbnail")) {
        std::string url = attribute(node, "url");
        if (!trim(url).empty()) pictures.thumbnails.push_back(url);
        return true;
    }
    if (named(node, media_ns, "group")) {
        for (const xmlNode* child = node->children; child; child = child->next) read_media(child, pictures);
        return true;
    }
    return false;
}

}  // namespace placard::feeds
