#include "feeds/atom.hpp"

#include <algorithm>
#include <memory>
#include <optional>

#include <libxml/tree.h>

#include "feeds/html_text.hpp"
#include "feeds/libxml.hpp"
#include "feeds/protected_post.hpp"
#include "feeds/reference.hpp"
#include "feeds/xml_feed.hpp"
#include "util/hash.hpp"
#include "util/time.hpp"

namespace placard::feeds {
namespace {

constexpr const char* atom_ns = "http://www.w3.org/2005/Atom";
constexpr const char* rdf_ns = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
constexpr const char* xhtml_ns = "http://www.w3.org/1999/xhtml";

constexpr const char* hint_url =
    "check the source's url in the playlist; it should point at the site's Atom feed (on WordPress sites "
    "/feed/atom/)";
constexpr const char* hint_rss = "write \"type\": \"rss\" for this source in the playlist";
constexpr FeedFormat atom_format{"an Atom feed", hint_url};

bool atom_named(const xmlNode* node, std::string_view name) {
    return named(node, atom_ns, name);
}

struct FreeXmlChars {
    void operator()(xmlChar* s) const noexcept { xmlFree(s); }
};
struct FreeBuffer {
    void operator()(xmlBuffer* b) const noexcept { xmlBufferFree(b); }
};

std::string xml_base_attribute(const xmlNode* node) {
    std::unique_ptr<xmlChar, FreeXmlChars> value(
        xmlGetNsProp(node, reinterpret_cast<const xmlChar*>("base"), XML_XML_NAMESPACE));
    return value ? reinterpret_cast<const char*>(value.get()) : "";
}

// RFC 4287 2: references resolve against xml:base (XML Base: that of the element itself,
// for its own attributes, then its ancestors'), each resolved against the one outside it,
// the outermost against the feed's origin. An xml:base that is no http(s) URL is passed
// over, so that a feed read from disk keeps its folder for relative pictures.
std::string base_of(const xmlNode* node, const std::string& origin) {
    std::vector<std::string> bases;
    for (const xmlNode* n = node; n && n->type == XML_ELEMENT_NODE; n = n->parent)
        if (std::string b = trim(xml_base_attribute(n)); !b.empty()) bases.push_back(std::move(b));
    std::string base = origin;
    for (auto b = bases.rbegin(); b != bases.rend(); ++b)
        if (std::string resolved = resolve_link(*b, base); !resolved.empty()) base = std::move(resolved);
    return base;
}

// Plain text as html_to_text takes it: its markup characters escaped, so that it
// collapses whitespace, decodes what a feed escaped twice and cuts as for HTML.
std::string escape_text(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        if (c == '&')
            out += "&amp;";
        else if (c == '<')
            out += "&lt;";
        else if (c == '>')
            out += "&gt;";
        else
            out += c;
    }
    return out;
}

// The markup inside an element, as written (for type="xhtml", the children of its div).
std::string inner_markup(const xmlNode* node) {
    std::unique_ptr<xmlBuffer, FreeBuffer> buffer(xmlBufferCreate());
    if (!buffer) return {};
    for (xmlNode* child = node->children; child; child = child->next) xmlNodeDump(buffer.get(), node->doc, child, 0, 0);
    return reinterpret_cast<const char*>(xmlBufferContent(buffer.get()));
}

// RFC 4287 3.1 (text constructs) and 4.1.3 (content) as HTML for html_to_text: "text"
// (the default) is escaped, "html" is the element's text, "xhtml" is the markup inside its
// xhtml:div. Content may also name a MIME type: text/* counts as text, XML types as
// xhtml; content given by src or in base64 holds no text for the screen.
std::string construct_html(const xmlNode* node) {
    std::string type = trim(attribute(node, "type"));
    if (type.empty() || type == "text" || type == "text/plain") return escape_text(node_text(node));
    if (type == "html" || type == "text/html") return node_text(node);
    bool xml_type = type == "xhtml" || type.ends_with("+xml") || type.ends_with("/xml");
    if (xml_type) {
        for (const xmlNode* child = node->children; child; child = child->next)
            if (named(child, xhtml_ns, "div")) return inner_markup(child);
        return inner_markup(node);
    }
    if (type.starts_with("text/")) return escape_text(node_text(node));
    return {};
}

// What one <entry> holds, before it becomes an Item.
struct RawEntry {
    std::string title, id, published, updated, summary, content;
    std::string link;                                    // resolved
    std::string summary_base, content_base, entry_base;  // for pictures in the markup
    std::vector<std::string> authors;
    std::vector<std::string> categories;
    MediaPictures media;
    std::vector<std::string> enclosures;  // resolved
};

std::vector<std::string> author_names(const xmlNode* parent) {
    std::vector<std::string> names;
    for (const xmlNode* node = parent->children; node; node = node->next) {
        if (!atom_named(node, "author")) continue;
        for (const xmlNode* part = node->children; part; part = part->next)
            if (atom_named(part, "name"))
                if (std::string name = html_to_text(escape_text(node_text(part))); !name.empty())
                    names.push_back(std::move(name));
    }
    return names;
}

// RFC 4287 4.1.2: of several alternate links, the first in HTML (or of no stated type)
// is the page to show; a link without rel is an alternate one.
void read_link(const xmlNode* node, const std::string& origin, RawEntry& raw, std::string& other_alternate) {
    std::string rel = trim(attribute(node, "rel"));
    std::string type = trim(attribute(node, "type"));
    std::string href = resolve_link(trim(attribute(node, "href")), base_of(node, origin));
    if (rel.empty() || rel == "alternate" || rel == "http://www.iana.org/assignments/relation/alternate") {
        bool html = type.empty() || type == "text/html" || type == "application/xhtml+xml";
        if (html && raw.link.empty())
            raw.link = href;
        else if (other_alternate.empty())
            other_alternate = href;
    } else if (rel == "enclosure" && type.starts_with("image/")) {
        std::string picture = resolve_picture(trim(attribute(node, "href")), base_of(node, origin));
        if (!picture.empty()) raw.enclosures.push_back(picture);
    }
}

RawEntry read_entry(const xmlNode* entry, const std::string& origin) {
    RawEntry raw;
    raw.entry_base = base_of(entry, origin);
    std::string other_alternate;
    auto first = [](std::string& field, std::string value) {
        if (field.empty()) field = std::move(value);
    };
    for (const xmlNode* node = entry->children; node; node = node->next) {
        if (node->type != XML_ELEMENT_NODE || read_media(node, raw.media)) continue;
        if (atom_named(node, "title")) {
            first(raw.title, construct_html(node));
        } else if (atom_named(node, "id")) {
            first(raw.id, trim(node_text(node)));
        } else if (atom_named(node, "published")) {
            first(raw.published, trim(node_text(node)));
        } else if (atom_named(node, "updated")) {
            first(raw.updated, trim(node_text(node)));
        } else if (atom_named(node, "summary") && raw.summary.empty()) {
            raw.summary = construct_html(node);
            raw.summary_base = base_of(node, origin);
        } else if (atom_named(node, "content") && raw.content.empty() && trim(attribute(node, "src")).empty()) {
            raw.content = construct_html(node);
            raw.content_base = base_of(node, origin);
        } else if (atom_named(node, "link")) {
            read_link(node, origin, raw, other_alternate);
        } else if (atom_named(node, "category")) {
            // The label is for people; the term is the category itself when there is none.
            std::string label = trim(attribute(node, "label"));
            std::string name = html_to_text(escape_text(label.empty() ? trim(attribute(node, "term")) : label));
            if (!name.empty() && std::find(raw.categories.begin(), raw.categories.end(), name) == raw.categories.end())
                raw.categories.push_back(std::move(name));
        }
    }
    if (raw.link.empty()) raw.link = other_alternate;
    raw.authors = author_names(entry);
    // RFC 4287 4.2.1: without authors of its own, an entry has those of its atom:source.
    if (raw.authors.empty())
        for (const xmlNode* node = entry->children; node; node = node->next)
            if (atom_named(node, "source")) raw.authors = author_names(node);
    return raw;
}

// Candidates best first: Media RSS (the widest picture, then thumbnails), an image
// enclosure, the first <img> of the content or the summary.
std::string pick_picture(const RawEntry& raw, const std::string& origin) {
    for (const auto& url : raw.media.best_first())
        if (std::string picture = resolve_picture(trim(url), raw.entry_base); !picture.empty()) return picture;
    if (!raw.enclosures.empty()) return raw.enclosures.front();
    for (const auto& [html, base] :
         {std::pair(raw.content, raw.content_base), std::pair(raw.summary, raw.summary_base)})
        if (std::string picture = resolve_picture(first_image(html), base.empty() ? origin : base); !picture.empty())
            return picture;
    return {};
}

Item make_item(const RawEntry& raw, const std::vector<std::string>& feed_authors, const FeedOptions& options) {
    Item item;
    item.kind = options.kind;
    item.title = html_to_text(raw.title);
    item.link = raw.link;
    std::string date = raw.published.empty() ? raw.updated : raw.published;
    if (!raw.id.empty())
        item.id = raw.id;
    else if (!item.link.empty())
        item.id = item.link;
    else
        item.id = sha256_hex(item.title + date);
    item.text = html_to_text(raw.summary, options.max_text_chars);
    if (item.text.empty()) item.text = html_to_text(raw.content, options.max_text_chars);
    item.published = parse_iso8601(date, options.zone);
    // RFC 4287 4.2.1: in a feed document, the feed's authors stand in for an entry's.
    const auto& authors = raw.authors.empty() ? feed_authors : raw.authors;
    for (const auto& name : authors) item.author += (item.author.empty() ? "" : ", ") + name;
    item.categories = raw.categories;
    item.image = pick_picture(raw, options.origin);
    return item;
}

}  // namespace

Result<std::vector<Item>> parse_atom(std::string_view xml, const FeedOptions& options) {
    auto doc = read_feed_document(xml, options, atom_format);
    if (!doc) return doc.error();
    const xmlNode* root = xmlDocGetRootElement(doc->doc.get());

    std::vector<const xmlNode*> entries;
    std::vector<std::string> feed_authors;
    if (atom_named(root, "feed")) {
        for (const xmlNode* node = root->children; node; node = node->next)
            if (atom_named(node, "entry")) entries.push_back(node);
        feed_authors = author_names(root);
    } else if (atom_named(root, "entry")) {
        entries.push_back(root);  // RFC 4287 4.1.2: an Atom Entry Document
    } else if (local_name(root) == "rss" || named(root, rdf_ns, "RDF")) {
        return Error{options.origin, "an RSS feed, not an Atom feed", hint_rss};
    } else {
        return unexpected_root(root, options.origin, atom_format);
    }

    auto intact = intact_entries(*doc, std::move(entries), options);
    if (!intact) return intact.error();
    std::vector<Item> items;
    if (options.kind == ItemKind::event) return items;
    items.reserve(intact->size());
    for (const xmlNode* entry : *intact) {
        RawEntry raw = read_entry(entry, options.origin);
        if (is_protected_post(raw.content) || is_protected_post(raw.summary)) continue;
        items.push_back(make_item(raw, feed_authors, options));
    }
    return items;
}

}  // namespace placard::feeds
