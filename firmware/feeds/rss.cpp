#include "feeds/rss.hpp"

#include <algorithm>
#include <optional>

#include "feeds/html_text.hpp"
#include "feeds/libxml.hpp"
#include "feeds/protected_post.hpp"
#include "feeds/reference.hpp"
#include "feeds/xml_feed.hpp"
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
constexpr const char* event_ns = "http://purl.org/rss/1.0/modules/event/";
constexpr const char* atom_ns = "http://www.w3.org/2005/Atom";
// RSS 2.0 has no namespace, but Userland's first drafts of it gave one, and documents in it
// are still served: as the default namespace, or with a prefix.
constexpr const char* userland_ns = "http://backend.userland.com/rss2";
constexpr const char* harvard_ns = "http://blogs.law.harvard.edu/tech/rss";

constexpr const char* hint_url =
    "check the source's url in the playlist; it should point at the site's RSS feed, often ending in /feed/";
constexpr const char* hint_atom =
    "write \"type\": \"atom\" for this source in the playlist, or point it at the site's RSS feed (on WordPress "
    "sites /feed/ rather than /feed/atom/)";
constexpr FeedFormat rss_format{"an RSS feed", hint_url};

// RSS 2.0 elements have no namespace (or Userland's); RSS 1.0 and 0.90 give theirs to
// the same names.
bool rss_named(const xmlNode* node, std::string_view name) {
    if (local_name(node) != name) return false;
    std::string_view ns = namespace_of(node);
    return ns.empty() || ns == rss1_ns || ns == rss090_ns || ns == userland_ns || ns == harvard_ns;
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
    if (named(root, atom_ns, "feed")) return Error{origin, "an Atom feed, not an RSS feed", hint_atom};
    return unexpected_root(root, origin, rss_format);
}

// What one <item> holds, as written, before it becomes an Item.
struct RawItem {
    std::string title, link, guid, description, content, pub_date, dc_date, creator, author;
    std::string starts, ends, location;
    std::vector<std::pair<std::string, std::string>> categories;  // text, domain
    MediaPictures media;
    std::vector<std::string> enclosures;
};

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
            read_media(node, raw.media);
        }
    }
    return raw;
}

std::optional<SysTime> rfc822_or_iso(const std::string& text, const Zone& zone) {
    if (auto t = parse_rfc822(text)) return t;
    return parse_iso8601(text, zone);
}

std::optional<SysTime> iso_or_rfc822(const std::string& text, const Zone& zone) {
    if (auto t = parse_iso8601(text, zone)) return t;
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
std::string pick_picture(const RawItem& raw, const std::string& description, const std::string& origin) {
    std::vector<std::string> candidates = raw.media.best_first();
    candidates.insert(candidates.end(), raw.enclosures.begin(), raw.enclosures.end());
    candidates.push_back(first_image(raw.content));
    candidates.push_back(first_image(description));
    for (const auto& candidate : candidates)
        if (std::string picture = resolve_picture(candidate, origin); !picture.empty()) return picture;
    return {};
}

// ev:enddate as a date alone names the event's last day: it ends at the next midnight.
std::optional<SysTime> end_of_day(SysTime day_start, const Zone& zone) {
    LocalTime day = to_local(day_start, zone);
    return from_local(zone, day.year, day.month, day.day + 1);
}

bool is_date_only(const std::string& text) {
    return trim(text).size() == 10;
}

std::optional<Item> make_item(const RawItem& raw, const FeedOptions& options) {
    if (is_protected_post(raw.content) || is_protected_post(raw.description)) return std::nullopt;
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

    // A report's description is the excerpt the site chose, its content the whole post,
    // which only stands in. A message's content is the comment as written; WordPress's
    // comment feeds make its description an escaped copy (esc_html inside CDATA), which
    // unescaped_html turns back into HTML.
    const std::string description = unescaped_html(raw.description);
    if (options.kind == ItemKind::message) item.text = html_to_text(raw.content, options.max_text_chars);
    if (item.text.empty()) item.text = html_to_text(description, options.max_text_chars);
    if (item.text.empty()) item.text = html_to_text(raw.content, options.max_text_chars);

    if (!trim(raw.pub_date).empty())
        item.published = rfc822_or_iso(trim(raw.pub_date), options.zone);
    else if (!trim(raw.dc_date).empty())
        item.published = iso_or_rfc822(trim(raw.dc_date), options.zone);

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
    item.image = pick_picture(raw, description, options.origin);

    if (options.kind == ItemKind::event) {
        item.starts = parse_iso8601(trim(raw.starts), options.zone);
        if (!item.starts) return std::nullopt;
        item.all_day = is_date_only(raw.starts);
        item.ends = parse_iso8601(trim(raw.ends), options.zone);
        if (item.ends && is_date_only(raw.ends)) item.ends = end_of_day(*item.ends, options.zone);
        item.place = html_to_text(raw.location);
    }
    return item;
}

}  // namespace

Result<std::vector<Item>> parse_rss(std::string_view xml, const FeedOptions& options) {
    auto doc = read_feed_document(xml, options, rss_format);
    if (!doc) return doc.error();
    auto found = find_items(xmlDocGetRootElement(doc->doc.get()), options.origin);
    if (!found) return found.error();
    auto nodes = intact_entries(*doc, std::move(*found), options);
    if (!nodes) return nodes.error();
    std::vector<Item> items;
    items.reserve(nodes->size());
    for (const xmlNode* node : *nodes)
        if (auto item = make_item(read_item(node), options)) items.push_back(std::move(*item));
    return items;
}

}  // namespace placard::feeds
