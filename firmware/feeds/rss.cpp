#include "feeds/rss.hpp"

#include <algorithm>
#include <charconv>
#include <climits>
#include <optional>

#include <fmt/format.h>
#include <libxml/HTMLparser.h>
#include <libxml/xmlerror.h>

#include "feeds/html_text.hpp"
#include "feeds/libxml.hpp"
#include "feeds/reference.hpp"
#include "util/hash.hpp"
#include "util/time.hpp"

namespace placard::feeds {
namespace {

// Namespaces are matched by URI: prefixes are whatever each feed chose.
constexpr const char* rss1_ns = "http://purl.org/rss/1.0/";
constexpr const char* rss090_ns = "http://my.netscape.com/rdf/simple/0.9/";
constexpr const char* rdf_ns = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
constexpr const char* content_ns = "http://purl.org/rss/1.0/modules/content/";
constexpr const char* dc_ns = "http://purl.org/dc/elements/1.1/";
constexpr const char* media_ns = "http://search.yahoo.com/mrss/";
constexpr const char* event_ns = "http://purl.org/rss/1.0/modules/event/";
constexpr const char* atom_ns = "http://www.w3.org/2005/Atom";

constexpr const char* hint_url =
    "check the source's url in the playlist; it should point at the site's RSS feed, often ending in /feed/";
constexpr const char* hint_atom =
    "point the source at the site's RSS feed instead (on WordPress sites /feed/ rather than /feed/atom/)";
constexpr const char* hint_broken =
    "the site's feed is broken at that place; it is read again at the next refresh, meanwhile the cached items stay";
constexpr const char* hint_truncated =
    "the download was cut short or the site stopped writing the feed; it is fetched again at the next refresh";

std::string_view namespace_of(const xmlNode* node) {
    return node->ns && node->ns->href ? reinterpret_cast<const char*>(node->ns->href) : "";
}

bool named(const xmlNode* node, std::string_view ns, std::string_view name) {
    return local_name(node) == name && namespace_of(node) == ns;
}

// RSS 2.0 elements have no namespace; RSS 1.0 and 0.90 give theirs to the same names.
bool rss_named(const xmlNode* node, std::string_view name) {
    return named(node, "", name) || named(node, rss1_ns, name) || named(node, rss090_ns, name);
}

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

std::string trim(std::string_view s) {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return std::string(s);
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

Error not_a_feed(const std::string& origin, std::string what) {
    return Error{origin, std::move(what), hint_url};
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

Error syntax_error(std::string_view xml, const SyntaxError& first, const std::string& origin) {
    std::string beginning = trim(xml);
    if (beginning.empty()) return not_a_feed(origin, "the document is empty, not an RSS feed");
    if (first.code == XML_ERR_DOCUMENT_EMPTY)
        return not_a_feed(origin, fmt::format("not XML, so not an RSS feed: it begins \"{}\"",
                                              cut_at_word(html_to_text(beginning.substr(0, 400)), 40)));
    if (is_html_page(xml)) return not_a_feed(origin, "an HTML page, not an RSS feed");
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

// Every <item> of the feed, in order; or what the document is instead.
Result<std::vector<const xmlNode*>> find_items(const xmlNode* root, const std::string& origin) {
    std::vector<const xmlNode*> items;
    auto collect = [&](const xmlNode* parent) {
        for (const xmlNode* node = parent->children; node; node = node->next)
            if (rss_named(node, "item")) items.push_back(node);
    };
    if (rss_named(root, "rss")) {
        for (const xmlNode* node = root->children; node; node = node->next)
            if (rss_named(node, "channel")) collect(node);
        return items;
    }
    // RSS 1.0: items are the channel's siblings.
    if (named(root, rdf_ns, "RDF")) {
        collect(root);
        return items;
    }
    if (named(root, atom_ns, "feed")) return Error{origin, "an Atom feed: not supported yet in version 1", hint_atom};
    std::string_view name = local_name(root);
    if (name == "html") return not_a_feed(origin, "an HTML page, not an RSS feed");
    return not_a_feed(origin, fmt::format("an XML document with a <{}> root element, not an RSS feed", name));
}

// What one <item> holds, as written, before it becomes an Item.
struct RawItem {
    std::string title, link, guid, description, content, pub_date, dc_date, creator, author;
    std::string starts, ends, location;
    std::vector<std::pair<std::string, std::string>> categories;  // text, domain
    std::vector<std::pair<std::string, long>> media_images;       // url, width
    std::vector<std::string> thumbnails, enclosures;
};

long width_of(const xmlNode* node) {
    std::string w = trim(attribute(node, "width"));
    long width = 0;
    auto [end, ec] = std::from_chars(w.data(), w.data() + w.size(), width);
    return ec == std::errc() ? width : 0;
}

void read_media(const xmlNode* node, RawItem& raw) {
    if (named(node, media_ns, "content")) {
        std::string medium = trim(attribute(node, "medium"));
        std::string type = trim(attribute(node, "type"));
        std::string url = attribute(node, "url");
        if ((medium == "image" || type.starts_with("image/")) && !trim(url).empty())
            raw.media_images.emplace_back(url, width_of(node));
    } else if (named(node, media_ns, "thumbnail")) {
        std::string url = attribute(node, "url");
        if (!trim(url).empty()) raw.thumbnails.push_back(url);
    } else if (named(node, media_ns, "group")) {
        for (const xmlNode* child = node->children; child; child = child->next) read_media(child, raw);
    }
}

// Elements read as text, first one wins; a null namespace means RSS's own (see rss_named).
struct TextField {
    const char* ns;
    const char* name;
    std::string RawItem::*field;
};
constexpr TextField text_fields[] = {
    {nullptr, "title", &RawItem::title},        {nullptr, "link", &RawItem::link},
    {nullptr, "guid", &RawItem::guid},          {nullptr, "description", &RawItem::description},
    {nullptr, "pubDate", &RawItem::pub_date},   {nullptr, "author", &RawItem::author},
    {content_ns, "encoded", &RawItem::content}, {dc_ns, "creator", &RawItem::creator},
    {dc_ns, "date", &RawItem::dc_date},         {event_ns, "startdate", &RawItem::starts},
    {event_ns, "enddate", &RawItem::ends},      {event_ns, "location", &RawItem::location},
};

bool read_text_field(const xmlNode* node, RawItem& raw) {
    for (const auto& f : text_fields) {
        if (f.ns ? named(node, f.ns, f.name) : rss_named(node, f.name)) {
            if ((raw.*f.field).empty()) raw.*f.field = node_text(node);
            return true;
        }
    }
    return false;
}

RawItem read_item(const xmlNode* item) {
    RawItem raw;
    for (const xmlNode* node = item->children; node; node = node->next) {
        if (node->type != XML_ELEMENT_NODE || read_text_field(node, raw)) continue;
        if (rss_named(node, "category")) {
            raw.categories.emplace_back(node_text(node), attribute(node, "domain"));
        } else if (named(node, dc_ns, "subject")) {
            raw.categories.emplace_back(node_text(node), "");
        } else if (rss_named(node, "enclosure")) {
            if (trim(attribute(node, "type")).starts_with("image/")) raw.enclosures.push_back(attribute(node, "url"));
        } else {
            read_media(node, raw);
        }
    }
    return raw;
}

std::optional<SysTime> rfc822_or_iso(const std::string& text) {
    if (auto t = parse_rfc822(text)) return t;
    return parse_iso8601(text);
}

std::optional<SysTime> iso_or_rfc822(const std::string& text) {
    if (auto t = parse_iso8601(text)) return t;
    return parse_rfc822(text);
}

// RSS 2.0's <author> is "email (Name)"; the screen shows the name.
std::string author_name(const std::string& author) {
    std::string text = html_to_text(author);
    size_t open = text.find('(');
    if (!text.empty() && text.back() == ')' && open != std::string::npos) {
        std::string name = trim(std::string_view(text).substr(open + 1, text.size() - open - 2));
        if (!name.empty()) return name;
    }
    return text;
}

// Candidates best first: the widest media:content picture, media:thumbnail, an image
// enclosure, the first <img> of the content or the description. The first one that
// resolves to something usable wins.
std::string pick_picture(const RawItem& raw, const std::string& origin) {
    std::vector<std::string> candidates;
    auto media = raw.media_images;
    std::stable_sort(media.begin(), media.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    for (const auto& [url, width] : media) candidates.push_back(url);
    candidates.insert(candidates.end(), raw.thumbnails.begin(), raw.thumbnails.end());
    candidates.insert(candidates.end(), raw.enclosures.begin(), raw.enclosures.end());
    candidates.push_back(first_image(raw.content));
    candidates.push_back(first_image(raw.description));
    for (const auto& candidate : candidates)
        if (std::string picture = resolve_picture(candidate, origin); !picture.empty()) return picture;
    return {};
}

// ev:enddate as a date alone names the event's last day: it ends at the next midnight.
std::optional<SysTime> end_of_day(SysTime day_start) {
    LocalTime day = to_local(day_start);
    return from_local(day.year, day.month, day.day + 1);
}

bool is_date_only(const std::string& text) {
    return trim(text).size() == 10;
}

std::optional<Item> make_item(const RawItem& raw, const FeedOptions& options) {
    Item item;
    item.kind = options.kind;
    item.title = html_to_text(raw.title);
    item.link = resolve_link(raw.link, options.origin);
    std::string date = trim(raw.pub_date.empty() ? raw.dc_date : raw.pub_date);
    if (!trim(raw.guid).empty())
        item.id = trim(raw.guid);
    else if (!item.link.empty())
        item.id = item.link;
    else
        item.id = sha256_hex(item.title + date);

    // The description is the excerpt the site chose; the full content only stands in.
    item.text = html_to_text(raw.description, options.max_text_chars);
    if (item.text.empty()) item.text = html_to_text(raw.content, options.max_text_chars);

    if (!trim(raw.pub_date).empty())
        item.published = rfc822_or_iso(trim(raw.pub_date));
    else if (!trim(raw.dc_date).empty())
        item.published = iso_or_rfc822(trim(raw.dc_date));

    item.author = !trim(raw.creator).empty() ? html_to_text(raw.creator) : author_name(raw.author);

    for (const auto& [text, domain] : raw.categories) {
        std::string category = html_to_text(text);
        if (category.empty()) continue;
        if (options.kind == ItemKind::message && trim(domain) == "place") {
            if (item.place.empty()) item.place = category;
            continue;
        }
        if (std::find(item.categories.begin(), item.categories.end(), category) == item.categories.end())
            item.categories.push_back(category);
    }
    item.image = pick_picture(raw, options.origin);

    if (options.kind == ItemKind::event) {
        item.starts = parse_iso8601(trim(raw.starts));
        if (!item.starts) return std::nullopt;
        item.all_day = is_date_only(raw.starts);
        item.ends = parse_iso8601(trim(raw.ends));
        if (item.ends && is_date_only(raw.ends)) item.ends = end_of_day(*item.ends);
        item.place = html_to_text(raw.location);
    }
    return item;
}

}  // namespace

Result<std::vector<Item>> parse_rss(std::string_view xml, const FeedOptions& options) {
    init_libxml();
    if (xml.size() > INT_MAX) return Error{options.origin, "the feed is too large to read", hint_url};
    ParserContext ctxt(xmlNewParserCtxt());
    if (!ctxt) return Error{options.origin, "out of memory reading the feed", ""};
    SyntaxError first;
    ctxt->_private = &first;
    ctxt->sax->serror = on_xml_error;
    // No XML_PARSE_NOENT, no DTDLOAD: external entities and DTDs are never loaded, and
    // NONET forbids the network besides.
    XmlDoc doc(
        xmlCtxtReadMemory(ctxt.get(), xml.data(), static_cast<int>(xml.size()), nullptr, nullptr, XML_PARSE_NONET));
    if (!doc) return syntax_error(xml, first, options.origin);
    const xmlNode* root = xmlDocGetRootElement(doc.get());
    if (!root) return syntax_error(xml, first, options.origin);

    auto nodes = find_items(root, options.origin);
    if (!nodes) return nodes.error();
    std::vector<Item> items;
    items.reserve(nodes->size());
    for (const xmlNode* node : *nodes)
        if (auto item = make_item(read_item(node), options)) items.push_back(std::move(*item));
    return items;
}

}  // namespace placard::feeds
