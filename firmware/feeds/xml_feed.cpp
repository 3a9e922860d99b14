#include "feeds/xml_feed.hpp"

#include <algorithm>
#include <charconv>
#include <climits>

#include <fmt/format.h>
#include <libxml/HTMLparser.h>
#include <libxml/xmlerror.h>

#include "feeds/html_text.hpp"
#include "feeds/utf8.hpp"

namespace placard::feeds {
namespace {

constexpr const char* media_ns = "http://search.yahoo.com/mrss/";

constexpr const char* hint_broken =
    "the site's feed is broken at that place; it is read again at the next refresh, meanwhile the cached items stay";
constexpr const char* hint_truncated =
    "the download was cut short or the site stopped writing the feed; it is fetched again at the next refresh";

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// The first error libxml2 reported for one parse: a per-context handler rather than the
// global error state, so that parses on several threads do not see each other's errors.
struct SyntaxError {
    bool found = false;
    int line = 0;
    int column = 0;
    int code = 0;
    std::string message;
};

void on_xml_error(void* user_data, xmlErrorPtr error) {
    auto* ctxt = static_cast<xmlParserCtxtPtr>(user_data);
    auto* first = static_cast<SyntaxError*>(ctxt->_private);
    if (first->found || !error || error->level < XML_ERR_FATAL) return;
    first->found = true;
    first->line = error->line;
    first->column = error->int2;
    first->code = error->code;
    // Some messages go on with a copy of the text after a newline: the first line says it.
    std::string_view message = error->message ? error->message : "";
    first->message = trim(message.substr(0, message.find('\n')));
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

Error syntax_error(std::string_view xml, const SyntaxError& first, const std::string& origin,
                   const FeedFormat& format) {
    std::string beginning = trim(xml);
    if (beginning.empty()) return not_a_feed(origin, fmt::format("the document is empty, not {}", format.noun), format);
    if (first.code == XML_ERR_DOCUMENT_EMPTY)
        return not_a_feed(origin,
                          fmt::format("not XML, so not {}: it begins \"{}\"", format.noun,
                                      cut_at_word(html_to_text(beginning.substr(0, 400)), 40)),
                          format);
    if (is_html_page(xml)) return not_a_feed(origin, fmt::format("an HTML page, not {}", format.noun), format);
    if (!first.found) return Error{origin, "the XML could not be read", hint_broken};
    // The document stopped before its elements were closed, or inside the tag or section
    // where the error is (nothing after it closes a tag).
    std::string_view rest = from_position(xml, first.line, first.column);
    bool truncated = first.code == XML_ERR_TAG_NOT_FINISHED ||
                     (rest.find('>') == std::string_view::npos && first.code != XML_ERR_TAG_NAME_MISMATCH);
    if (truncated)
        return Error{at(origin, first.line, first.column), fmt::format("the feed ends too early: {}", first.message),
                     hint_truncated};
    return Error{at(origin, first.line, first.column), fmt::format("broken XML: {}", first.message), hint_broken};
}

long width_of(const xmlNode* node) {
    std::string w = trim(attribute(node, "width"));
    long width = 0;
    auto [end, ec] = std::from_chars(w.data(), w.data() + w.size(), width);
    return ec == std::errc() ? width : 0;
}

}  // namespace

Result<XmlDoc> read_feed_document(std::string_view xml, const std::string& origin, const FeedFormat& format) {
    init_libxml();
    if (xml.size() > INT_MAX) return Error{origin, "the feed is too large to read", format.hint_url};
    auto read = [](std::string_view text, SyntaxError& first) {
        ParserContext ctxt(xmlNewParserCtxt());
        if (!ctxt) return XmlDoc();
        ctxt->_private = &first;
        ctxt->sax->serror = on_xml_error;
        // No XML_PARSE_NOENT, no DTDLOAD: external entities and DTDs are never loaded, and
        // NONET forbids the network besides.
        return XmlDoc(xmlCtxtReadMemory(ctxt.get(), text.data(), static_cast<int>(text.size()), nullptr, nullptr,
                                        XML_PARSE_NONET));
    };
    SyntaxError first;
    XmlDoc doc = read(xml, first);
    // A feed that says (or defaults to) UTF-8 and holds other bytes, often Latin-1 pasted
    // into a CMS: libxml2 gives up where feed readers show U+FFFD for them. So does placard.
    if (!doc && first.code == XML_ERR_INVALID_CHAR) {
        std::string repaired = valid_utf8(xml);
        if (repaired != xml) {
            SyntaxError again;
            XmlDoc second = read(repaired, again);
            if (second && xmlDocGetRootElement(second.get())) return second;
        }
    }
    if (!doc || !xmlDocGetRootElement(doc.get())) return syntax_error(xml, first, origin, format);
    return doc;
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

std::string trim(std::string_view s) {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return std::string(s);
}

}  // namespace placard::feeds
