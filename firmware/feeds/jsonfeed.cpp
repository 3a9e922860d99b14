#include "feeds/jsonfeed.hpp"

#include <algorithm>
#include <climits>
#include <optional>
#include <string>

#include <fmt/format.h>
#include <libxml/parser.h>
#include <nlohmann/json.hpp>

#include "feeds/html_text.hpp"
#include "feeds/libxml.hpp"
#include "feeds/reference.hpp"
#include "util/hash.hpp"
#include "util/text.hpp"
#include "util/time.hpp"
#include "util/utf8.hpp"

namespace placard::feeds {
namespace {

using nlohmann::json;

constexpr const char* hint_url =
    "check the source's url in the playlist; it should point at the site's JSON Feed, often /feed.json";
constexpr const char* hint_broken =
    "the site's feed is broken at that place; it is read again at the next refresh, meanwhile the cached items stay";
constexpr const char* hint_truncated =
    "the download was cut short or the site stopped writing the feed; it is fetched again at the next refresh";

Error not_a_feed(const std::string& origin, std::string what, std::string hint = hint_url) {
    return Error{origin, std::move(what), std::move(hint)};
}

std::string for_type(const char* type) {
    return fmt::format("if that is what you meant to show, write \"type\": \"{}\" for this source in the playlist",
                       type);
}

// nlohmann/json reports a byte offset; editors show lines and columns in characters.
std::string at(std::string_view text, size_t offset, const std::string& origin) {
    offset = std::min(offset, text.size());
    int line = 1;
    int column = 1;
    for (size_t i = 0; i < offset; ++i) {
        auto c = static_cast<unsigned char>(text[i]);
        if (c == '\n') {
            ++line;
            column = 1;
        } else if ((c & 0xC0) != 0x80) {
            ++column;
        }
    }
    return origin.empty() ? fmt::format("{}:{}", line, column) : fmt::format("{}:{}:{}", origin, line, column);
}

// What an XML (or HTML) document is, by its root element, for the error that says so.
Error what_markup_is(std::string_view text, const std::string& origin) {
    init_libxml();
    std::string root_name;
    std::string_view root_ns;
    if (text.size() <= INT_MAX) {
        ParserContext ctxt(xmlNewParserCtxt());
        // No entities substituted, no DTD or network: this only looks at the root element.
        XmlDoc doc(
            ctxt ? xmlCtxtReadMemory(ctxt.get(), text.data(), static_cast<int>(text.size()), nullptr, nullptr,
                                     XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_RECOVER)
                 : nullptr);
        if (const xmlNode* root = doc ? xmlDocGetRootElement(doc.get()) : nullptr) {
            root_name = local_name(root);
            if (root->ns && root->ns->href) root_ns = reinterpret_cast<const char*>(root->ns->href);
            if (root_name == "rss" || root_name == "RDF")
                return not_a_feed(origin, "an RSS feed, not a JSON Feed", for_type("rss"));
            if (root_name == "feed" && root_ns == "http://www.w3.org/2005/Atom")
                return not_a_feed(origin, "an Atom feed, not a JSON Feed", for_type("atom"));
        }
    }
    if (root_name.empty() || root_name == "html") {
        XmlDoc html = parse_html(text);
        const xmlNode* root = html ? xmlDocGetRootElement(html.get()) : nullptr;
        if (local_name(root) == "html") return not_a_feed(origin, "an HTML page, not a JSON Feed");
    }
    if (root_name.empty()) return not_a_feed(origin, "markup that is neither JSON nor XML, not a JSON Feed");
    return not_a_feed(origin,
                      fmt::format("an XML document with a <{}> root element, not a JSON Feed", valid_utf8(root_name)));
}

// nlohmann's message without its own "[json.exception...] parse error at line L,
// column C: syntax error while parsing value - " prefix (its columns count bytes).
std::string syntax_message(const std::string& message) {
    std::string_view m = message;
    if (size_t dash = m.find(" - "); dash != std::string_view::npos) m.remove_prefix(dash + 3);
    return valid_utf8(m);
}

Error syntax_error(std::string_view text, const json::parse_error& error, const std::string& origin) {
    std::string_view beginning = trim_view(text);
    if (beginning.substr(0, 3) == "\xEF\xBB\xBF") beginning = trim_view(beginning.substr(3));
    if (beginning.empty()) return not_a_feed(origin, "the document is empty, not a JSON Feed");
    if (beginning.front() == '<') return what_markup_is(text, origin);
    if (beginning.starts_with("BEGIN:VCALENDAR"))
        return not_a_feed(origin, "an iCalendar file, not a JSON Feed", for_type("ical"));
    // The lexer counts the byte it failed on, from 1; at the end of the input that is one
    // past the last byte.
    size_t offset = error.byte > 0 ? error.byte - 1 : 0;
    if (offset >= text.size())
        return Error{at(text, text.size(), origin), "the feed ends too early: " + syntax_message(error.what()),
                     hint_truncated};
    if (beginning.front() != '{' && beginning.front() != '[')
        return not_a_feed(origin, fmt::format("not JSON, so not a JSON Feed: it begins \"{}\"",
                                              cut_at_word(html_to_text(beginning.substr(0, 400)), 40)));
    return Error{at(text, offset, origin), "broken JSON: " + syntax_message(error.what()), hint_broken};
}

const json* member(const json& object, const char* key) {
    if (!object.is_object()) return nullptr;
    auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
}

// Fields of the wrong type count as absent: one odd field must not cost the whole feed.
std::string string_at(const json& object, const char* key) {
    const json* value = member(object, key);
    return value && value->is_string() ? value->get<std::string>() : std::string();
}

// Plain text from the feed (title, summary, content_text, names) through the same
// cleaning as HTML, with its markup characters escaped so that they stay text, and its
// line breaks kept.
std::string plain_text(std::string_view text, size_t max_chars = 0) {
    std::string html;
    html.reserve(text.size() + 16);
    for (char c : text) {
        if (c == '<')
            html += "&lt;";
        else if (c == '&')
            html += "&amp;";
        else if (c == '\n')
            html += "<br>";
        else
            html += c;
    }
    return html_to_text(html, max_chars);
}

// WordPress's REST API (/wp-json/wp/v2/posts) writes rendered HTML as {"rendered": "..."}.
bool is_wordpress_post(const json& value) {
    const json* title = member(value, "title");
    const json* guid = member(value, "guid");
    return (title && member(*title, "rendered")) || (guid && member(*guid, "rendered"));
}

// "https://jsonfeed.org/version/1.1", as the spec writes it; http and www. are seen too.
std::optional<std::string> jsonfeed_version(std::string_view version) {
    version = trim_view(version);
    for (std::string_view scheme : {"https://", "http://"})
        if (version.starts_with(scheme)) version.remove_prefix(scheme.size());
    if (version.starts_with("www.")) version.remove_prefix(4);
    constexpr std::string_view path = "jsonfeed.org/version/";
    if (!version.starts_with(path)) return std::nullopt;
    version.remove_prefix(path.size());
    if (version.ends_with('/')) version.remove_suffix(1);
    return std::string(version);
}

Error not_jsonfeed(const json& document, const std::string& origin) {
    if (document.is_array()) {
        if (std::any_of(document.begin(), document.end(), is_wordpress_post))
            return not_a_feed(origin, "a WordPress REST API list of posts, not a JSON Feed", for_type("wordpress"));
        return not_a_feed(origin, "a JSON array, not a JSON Feed (which is an object with \"version\" and \"items\")");
    }
    if (!document.is_object()) return not_a_feed(origin, "a single JSON value, not a JSON Feed");
    if (is_wordpress_post(document))
        return not_a_feed(
            origin, "a single WordPress post from the REST API, not a JSON Feed",
            "for the site's posts point the url at /wp-json/wp/v2/posts and write \"type\": \"wordpress\"");
    // What WordPress answers for a REST route it does not know, such as a misspelt url.
    if (const json* code = member(document, "code"); code && code->is_string() && member(document, "data"))
        return not_a_feed(origin, fmt::format("an error from a WordPress REST API (\"{}\": {}), not a JSON Feed",
                                              cut_at_word(code->get<std::string>(), 40),
                                              cut_at_word(plain_text(string_at(document, "message")), 120)));
    if (member(document, "namespaces") && member(document, "routes"))
        return not_a_feed(
            origin, "the index of a WordPress REST API, not a JSON Feed",
            "for the site's posts point the url at /wp-json/wp/v2/posts and write \"type\": \"wordpress\"");
    const json* version = member(document, "version");
    if (!version)
        return not_a_feed(
            origin, "a JSON object without \"version\", not a JSON Feed",
            "a JSON Feed begins with \"version\": \"https://jsonfeed.org/version/1.1\"; " + std::string(hint_url));
    return not_a_feed(origin,
                      fmt::format("a JSON object whose \"version\" is {}, not a JSON Feed's "
                                  "(\"https://jsonfeed.org/version/1.1\")",
                                  cut_at_word(version->dump(-1, ' ', false, json::error_handler_t::replace), 60)));
}

// The first author with a name: 1.1's "authors" array, else 1.0's "author" object.
std::string author_of(const json& object) {
    if (const json* authors = member(object, "authors"); authors && authors->is_array())
        for (const json& author : *authors)
            if (std::string name = plain_text(string_at(author, "name")); !name.empty()) return name;
    if (const json* author = member(object, "author")) return plain_text(string_at(*author, "name"));
    return {};
}

// 1.1 says ids are strings; 1.0 feeds wrote numbers too, which readers coerce.
std::string id_of(const json& item) {
    const json* id = member(item, "id");
    if (!id) return {};
    if (id->is_string()) return std::string(trim_view(id->get<std::string>()));
    if (id->is_number() || id->is_boolean()) return id->dump();
    return {};
}

struct Bases {
    std::string links;     // an http(s) URL or empty
    std::string pictures;  // the same, or the origin (which may be a feed file's path)
};

Item make_item(const json& object, const std::string& feed_author, const Bases& bases, const FeedOptions& options) {
    Item item;
    item.kind = options.kind;
    item.title = plain_text(string_at(object, "title"));
    item.link = resolve_link(string_at(object, "url"), bases.links);
    if (item.link.empty()) item.link = resolve_link(string_at(object, "external_url"), bases.links);

    // The summary is the excerpt the site chose; the content only stands in.
    const std::string content_html = string_at(object, "content_html");
    item.text = plain_text(string_at(object, "summary"), options.max_text_chars);
    if (item.text.empty()) item.text = html_to_text(content_html, options.max_text_chars);
    if (item.text.empty()) item.text = plain_text(string_at(object, "content_text"), options.max_text_chars);

    for (const std::string& candidate :
         {string_at(object, "image"), string_at(object, "banner_image"), first_image(content_html)}) {
        item.image = resolve_picture(candidate, bases.pictures);
        if (!item.image.empty()) break;
    }

    std::string date(trim_view(string_at(object, "date_published")));
    if (date.empty()) date = trim_view(string_at(object, "date_modified"));
    if (!date.empty()) item.published = parse_iso8601(date, options.zone);

    // Spec 1.1: an item without authors has the feed's.
    item.author = author_of(object);
    if (item.author.empty()) item.author = feed_author;

    if (const json* tags = member(object, "tags"); tags && tags->is_array()) {
        for (const json& tag : *tags) {
            if (!tag.is_string()) continue;
            std::string category = plain_text(tag.get<std::string>());
            if (!category.empty() &&
                std::find(item.categories.begin(), item.categories.end(), category) == item.categories.end())
                item.categories.push_back(std::move(category));
        }
    }

    item.id = id_of(object);
    if (item.id.empty()) item.id = item.link.empty() ? sha256_hex(item.title + date) : item.link;
    return item;
}

}  // namespace

Result<std::vector<Item>> parse_jsonfeed(std::string_view text, const FeedOptions& options) {
    const std::string& origin = options.origin;
    json document;
    try {
        document = json::parse(text.begin(), text.end());
    } catch (const json::parse_error& error) {
        return syntax_error(text, error, origin);
    } catch (const json::exception& error) {
        // A number too large for a double, say: well-formed, but nothing to read.
        return Error{origin, "the JSON could not be read: " + syntax_message(error.what()), hint_broken};
    }

    const json* version = member(document, "version");
    std::optional<std::string> number =
        version && version->is_string() ? jsonfeed_version(version->get<std::string>()) : std::nullopt;
    if (!number) return not_jsonfeed(document, origin);
    // Minor versions only add fields (1.1 did); a major version may change what they mean.
    if (!number->starts_with("1") || (number->size() > 1 && (*number)[1] != '.'))
        return Error{origin,
                     fmt::format("JSON Feed version \"{}\", which this placard cannot read: it reads 1 and 1.1",
                                 cut_at_word(*number, 24)),
                     "the site may also offer an RSS feed: try its /feed/ and write \"type\": \"rss\""};
    if (options.kind == ItemKind::event)
        return Error{origin, "a JSON Feed has no dates for events, only publication dates",
                     "show it as reports or messages, or give events from an iCalendar source (\"type\": \"ical\")"};

    const json* items = member(document, "items");
    if (!items || !items->is_array()) return Error{origin, "the JSON Feed has no \"items\" array", hint_broken};

    Bases bases;
    bases.links = resolve_link(string_at(document, "home_page_url"), origin);
    if (bases.links.empty()) bases.links = resolve_link(origin, "");
    bases.pictures = bases.links.empty() ? origin : bases.links;
    const std::string feed_author = author_of(document);

    std::vector<Item> out;
    out.reserve(items->size());
    for (const json& object : *items)
        if (object.is_object()) out.push_back(make_item(object, feed_author, bases, options));
    return out;
}

}  // namespace placard::feeds
