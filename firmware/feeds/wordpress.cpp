#include "feeds/wordpress.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <limits>

#include <fmt/format.h>
#include <libxml/HTMLparser.h>
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

using Json = nlohmann::json;

constexpr const char* what_we_want = "the JSON of WordPress's REST API";
constexpr const char* hint_url =
    "check the source's url in the playlist; it should be the WordPress site's address, such as "
    "https://example.org/";
constexpr const char* hint_page =
    "the site's REST API is blocked or missing at that address (a security plugin or the host's firewall may turn "
    "it off); check the source's url is the site's address, or use the site's RSS feed instead: \"type\": \"rss\", "
    "\"url\": \"https://example.org/feed/\"";
constexpr const char* hint_broken =
    "the site's answer is broken at that place; it is read again at the next refresh, meanwhile the cached items stay";
constexpr const char* hint_truncated =
    "the download was cut short; it is fetched again at the next refresh, meanwhile the cached items stay";

// ---- reading JSON without exceptions: absent and mistyped members are both "none" ----

const Json* member(const Json* j, const char* key) {
    if (!j || !j->is_object()) return nullptr;
    auto it = j->find(key);
    return it == j->end() ? nullptr : &*it;
}

const Json* first_element(const Json* j) {
    return j && j->is_array() && !j->empty() ? &(*j)[0] : nullptr;
}

std::string string_of(const Json* j) {
    return j && j->is_string() ? j->get<std::string>() : std::string();
}

// {"title": {"rendered": "..."}}
std::string rendered(const Json& j, const char* key) {
    return string_of(member(member(&j, key), "rendered"));
}

// A whole number, or 0 where there is none. A float beyond long's range (4e41 for an id)
// is no number at all: converting it would be undefined behaviour.
long number_of(const Json* j) {
    if (j && j->is_number_integer()) return j->get<long>();
    if (j && j->is_number_float()) {
        const double d = j->get<double>();
        constexpr auto lowest = static_cast<double>(std::numeric_limits<long>::min());  // exactly -2^63 or -2^31
        if (d >= lowest && d < -lowest) return static_cast<long>(d);
    }
    return 0;
}

// Plain text that may hold entities, with its < and > kept as text.
std::string escape_markup(std::string_view text) {
    std::string escaped;
    for (char c : text) {
        if (c == '<')
            escaped += "&lt;";
        else if (c == '>')
            escaped += "&gt;";
        else
            escaped += c;
    }
    return escaped;
}

// A name as WordPress stores it (term names and authors keep "&amp;"), as plain text.
std::string plain(std::string_view text) {
    return html_to_text(escape_markup(text));
}

// date_gmt is UTC without an offset ("2026-11-10T16:40:00"); parse_iso8601 would read it
// as local time.
std::optional<SysTime> utc_date(const Json& j, const char* key) {
    std::string date(trim_view(string_of(member(&j, key))));
    if (date.empty()) return std::nullopt;
    return parse_iso8601(date + "Z", Zone());
}

// ---- what came back instead of a list ----

// A line:column for nlohmann's byte index (1 for the first byte); columns count code points.
std::string position(std::string_view text, size_t byte, const std::string& origin) {
    size_t offset = std::min(byte > 0 ? byte - 1 : 0, text.size());
    int line = 1, column = 1;
    for (size_t i = 0; i < offset; ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            ++column;
        }
    }
    return origin.empty() ? fmt::format("{}:{}", line, column) : fmt::format("{}:{}:{}", origin, line, column);
}

std::string beginning(std::string_view text) {
    return cut_at_word(html_to_text(text.substr(0, 400)), 40);
}

// Markup whose first element HTML knows: a web page, or PHP's warnings ("<br />\n<b>Warning</b>")
// printed before the JSON.
bool is_html_page(std::string_view text) {
    XmlDoc doc = parse_html(text, HTML_PARSE_NOIMPLIED);
    const xmlNode* root = doc ? xmlDocGetRootElement(doc.get()) : nullptr;
    return root && htmlTagLookup(root->name) != nullptr;
}

// The text of the page's <title>, which says best what the page is ("Log in", "Not Found").
std::string page_title(std::string_view html) {
    XmlDoc doc = parse_html(html, 0);
    if (!doc) return {};
    std::vector<const xmlNode*> todo{xmlDocGetRootElement(doc.get())};
    while (!todo.empty()) {
        const xmlNode* node = todo.back();
        todo.pop_back();
        if (!node) continue;
        if (local_name(node) == "title") return cut_at_word(html_to_text(escape_markup(node_text(node))), 80);
        if (local_name(node) == "body") continue;
        for (const xmlNode* child = node->last; child; child = child->prev)
            if (child->type == XML_ELEMENT_NODE) todo.push_back(child);
    }
    return {};
}

Error not_json(std::string_view text, const nlohmann::json::parse_error& e, const std::string& origin) {
    std::string_view body = trim_view(text);
    if (body.empty()) return Error{origin, fmt::format("the answer is empty, not {}", what_we_want), hint_page};
    if (body.front() == '<') {
        if (is_html_page(text)) {
            std::string title = page_title(text);
            if (!title.empty())
                return Error{origin, fmt::format("an HTML page (\"{}\"), not {}", title, what_we_want), hint_page};
            return Error{origin, fmt::format("an HTML page, not {}: it begins \"{}\"", what_we_want, beginning(body)),
                         hint_page};
        }
        return Error{origin, fmt::format("an XML document, not {}", what_we_want),
                     "for a feed, write \"type\": \"rss\" or \"type\": \"atom\" for this source in the playlist"};
    }
    if (body.front() != '{' && body.front() != '[')
        return Error{origin, fmt::format("not JSON, so not {}: it begins \"{}\"", what_we_want, beginning(body)),
                     hint_page};
    // nlohmann's message: "[json.exception.parse_error.101] parse error at line 1, column 9: <what>".
    // <what> quotes the bytes last read as they are, and the status line draws only UTF-8.
    std::string_view message = e.what();
    size_t colon = message.find(": ", message.find("parse error"));
    std::string detail = valid_utf8(colon == std::string_view::npos ? message : message.substr(colon + 2));
    if (e.byte > text.size())
        return Error{position(text, e.byte, origin), fmt::format("the answer ends too early: {}", detail),
                     hint_truncated};
    return Error{position(text, e.byte, origin), fmt::format("broken JSON: {}", detail), hint_broken};
}

// WordPress's errors: {"code": "rest_no_route", "message": "...", "data": {"status": 404}}.
Error error_body(const Json& body, const std::string& origin) {
    std::string code = string_of(member(&body, "code"));
    std::string message = plain(string_of(member(&body, "message")));
    long status = number_of(member(member(&body, "data"), "status"));
    std::string what = message.empty() ? fmt::format("the site's REST API answered with the error {}", code)
                                       : fmt::format("the site's REST API answered \"{}\" ({})", message, code);
    std::string hint;
    if (code == "rest_no_route")
        hint = hint_page;
    else if (code == "rest_post_invalid_page_number")
        hint = "the site has fewer pages of posts than were asked for; the first page is asked for at the next refresh";
    else if (status == 401 || status == 403 || code.find("forbidden") != std::string::npos ||
             code.find("cannot") != std::string::npos || code.find("login") != std::string::npos ||
             code.find("logged") != std::string::npos)
        hint =
            "the site lets only logged-in users read its REST API; use its RSS feed instead: \"type\": \"rss\", "
            "\"url\": \"https://example.org/feed/\"";
    else
        hint = hint_page;
    return Error{origin, std::move(what), std::move(hint)};
}

const char* json_kind(const Json& j) {
    if (j.is_object()) return "a JSON object";
    if (j.is_string()) return "a JSON string";
    if (j.is_boolean()) return "true or false";
    if (j.is_null()) return "null";
    return j.is_number() ? "a number" : "a JSON value";
}

// The array the API answers with, or what came back instead.
// of_what: "posts"; marker: a member every one of them has.
Result<Json> read_list(std::string_view text, const std::string& origin, const char* of_what, const char* marker) {
    Json body;
    try {
        body = Json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        return not_json(text, e, origin);
    } catch (const nlohmann::json::exception& e) {
        // Well-formed, but not for nlohmann: a number too large for a double (1e999).
        // Its message: "[json.exception.out_of_range.406] number overflow parsing '1e999'".
        std::string_view message = e.what();
        if (size_t bracket = message.find("] "); bracket != std::string_view::npos) message.remove_prefix(bracket + 2);
        return Error{origin, fmt::format("the answer's JSON could not be read: {}", valid_utf8(message)),
                     "the site's answer holds a number too large to read; it is read again at the next refresh, "
                     "meanwhile the cached items stay"};
    }
    if (body.is_array()) {
        // Another collection of the API (categories, users, posts where comments were
        // expected) is a list too: not one of its elements has what each of ours has.
        bool ours = body.empty() || std::any_of(body.begin(), body.end(), [&](const Json& j) {
                        return member(&j, marker) && member(&j, "link");
                    });
        if (ours) return body;
        return Error{origin, fmt::format("a JSON list, but not of WordPress {}", of_what), hint_url};
    }
    if (member(&body, "code") && member(&body, "code")->is_string()) return error_body(body, origin);
    return Error{origin, fmt::format("{}, not a list of WordPress {}", json_kind(body), of_what), hint_url};
}

// ---- posts ----

// ASCII case and surrounding space ignored; names are compared as the screen shows them.
std::string folded(std::string_view name) {
    return lower(trim_view(plain(name)));
}

bool any_named(const std::vector<std::string>& names, const std::vector<std::string>& wanted) {
    for (const auto& name : names) {
        std::string n = folded(name);
        for (const auto& w : wanted)
            if (folded(w) == n) return true;
    }
    return false;
}

// _embedded["wp:term"]: one array per taxonomy, each of {"name", "taxonomy", ...}.
void read_terms(const Json& post, std::vector<std::string>& categories, std::vector<std::string>& tags) {
    const Json* groups = member(member(&post, "_embedded"), "wp:term");
    if (!groups || !groups->is_array()) return;
    for (const Json& group : *groups) {
        if (!group.is_array()) continue;
        for (const Json& term : group) {
            std::string taxonomy = string_of(member(&term, "taxonomy"));
            std::string name = plain(string_of(member(&term, "name")));
            if (name.empty()) continue;
            if (taxonomy != "category" && taxonomy != "post_tag") continue;
            auto& list = taxonomy == "category" ? categories : tags;
            if (std::find(list.begin(), list.end(), name) == list.end()) list.push_back(std::move(name));
        }
    }
}

struct Size {
    std::string url;
    long width = 0, height = 0;
    int64_t area() const { return int64_t{width} * height; }
};

// Of the featured image's sizes, the smallest that covers the screen (so that it is
// never enlarged, whichever way it is fitted), else the largest; else its source_url.
std::string featured_picture(const Json& post, const WordPressOptions& options) {
    const Json* media = first_element(member(member(&post, "_embedded"), "wp:featuredmedia"));
    // A picture the visitor may not see comes as an error object: {"code": "rest_forbidden", ...}.
    if (!media || !media->is_object() || member(media, "code")) return {};
    std::string media_type = string_of(member(media, "media_type"));
    if (!media_type.empty() && media_type != "image") return {};

    std::vector<Size> sizes;
    if (const Json* all = member(member(media, "media_details"), "sizes"); all && all->is_object()) {
        for (const auto& [name, size] : all->items()) {
            std::string mime = string_of(member(&size, "mime_type"));
            Size s{string_of(member(&size, "source_url")), number_of(member(&size, "width")),
                   number_of(member(&size, "height"))};
            // No picture on the web is wider than JPEG's limit; a larger number is a mistake
            // (and would overflow its area).
            constexpr long largest_side = 65535;
            if (s.url.empty() || s.width <= 0 || s.height <= 0 || s.width > largest_side || s.height > largest_side ||
                (!mime.empty() && !mime.starts_with("image/")))
                continue;
            sizes.push_back(std::move(s));
        }
    }
    const Size* best = nullptr;
    for (const auto& s : sizes) {
        bool covers = s.width >= options.screen_width && s.height >= options.screen_height;
        if (covers && (!best || s.area() < best->area())) best = &s;
    }
    if (!best)
        for (const auto& s : sizes)
            if (!best || s.area() > best->area()) best = &s;
    std::string url = best ? best->url : string_of(member(media, "source_url"));
    return resolve_picture(trim_view(url), options.feed.origin);
}

// A post behind a password: its content and excerpt say "protected": true (and are empty
// to a visitor without it). A display is public: such a post is left out, and so does
// not count toward the posts a page gives.
bool is_protected(const Json& post) {
    for (const char* key : {"content", "excerpt"})
        if (const Json* flag = member(member(&post, key), "protected"); flag && flag->is_boolean() && flag->get<bool>())
            return true;
    return false;
}

std::optional<Item> make_post(const Json& post, const WordPressOptions& options) {
    if (!post.is_object() || is_protected(post)) return std::nullopt;
    std::vector<std::string> categories, tags;
    read_terms(post, categories, tags);
    if (!options.categories.empty() && !any_named(categories, options.categories)) return std::nullopt;
    if (!options.tags.empty() && !any_named(tags, options.tags)) return std::nullopt;

    const FeedOptions& feed = options.feed;
    Item item;
    item.kind = feed.kind;
    item.title = html_to_text(rendered(post, "title"));
    // The excerpt is what the site chose to show; the content only stands in.
    item.text = html_to_text(rendered(post, "excerpt"), feed.max_text_chars);
    std::string content = rendered(post, "content");
    if (item.text.empty()) item.text = html_to_text(content, feed.max_text_chars);
    item.link = resolve_link(trim_view(string_of(member(&post, "link"))), feed.origin);
    item.published = utc_date(post, "date_gmt");
    if (!item.published) item.published = utc_date(post, "modified_gmt");
    // The guid, as the site's RSS and Atom feeds give it: a post keeps its id across them.
    std::string guid(trim_view(rendered(post, "guid")));
    if (!guid.empty())
        item.id = guid;
    else if (!item.link.empty())
        item.id = item.link;
    else
        item.id = sha256_hex(item.title + std::to_string(number_of(member(&post, "id"))));
    const Json* author = first_element(member(member(&post, "_embedded"), "author"));
    if (author && !member(author, "code")) item.author = plain(string_of(member(author, "name")));
    item.categories = std::move(categories);
    item.categories.insert(item.categories.end(), tags.begin(), tags.end());
    item.image = featured_picture(post, options);
    if (item.image.empty()) item.image = resolve_picture(first_image(content), feed.origin);
    return item;
}

// ---- comments ----

std::optional<Item> make_comment(const Json& comment, const FeedOptions& options) {
    if (!comment.is_object()) return std::nullopt;
    // Only what the site itself shows: approved comments, not pingbacks or trackbacks.
    if (const Json* status = member(&comment, "status"); status && string_of(status) != "approved") return std::nullopt;
    if (const Json* type = member(&comment, "type"); type && string_of(type) != "comment") return std::nullopt;

    Item item;
    item.kind = options.kind;
    item.text = html_to_text(rendered(comment, "content"), options.max_text_chars);
    item.author = plain(string_of(member(&comment, "author_name")));
    item.link = resolve_link(trim_view(string_of(member(&comment, "link"))), options.origin);
    item.published = utc_date(comment, "date_gmt");
    const Json* post = first_element(member(member(&comment, "_embedded"), "up"));
    if (post && !member(post, "code")) item.title = html_to_text(rendered(*post, "title"));
    if (!item.link.empty())
        item.id = item.link;
    else
        item.id = sha256_hex(item.author + string_of(member(&comment, "date_gmt")) + item.text);
    return item;
}

// The site's address without query, fragment, trailing slashes or a trailing /wp-json.
std::string site_root(std::string_view site) {
    site = trim_view(site);
    site = site.substr(0, site.find_first_of("?#"));
    auto drop_slashes = [&] {
        while (!site.empty() && site.back() == '/') site.remove_suffix(1);
    };
    drop_slashes();
    if (site.ends_with("/wp-json")) site.remove_suffix(std::string_view("/wp-json").size());
    if (site.ends_with("/index.php")) site.remove_suffix(std::string_view("/index.php").size());
    drop_slashes();
    return std::string(site);
}

std::string collection_url(std::string_view site, const char* route, int per_page, int page) {
    return fmt::format("{}/?rest_route=/wp/v2/{}&_embed&per_page={}&page={}", site_root(site), route,
                       std::clamp(per_page, 1, 100), std::max(page, 1));
}

}  // namespace

Result<std::vector<Item>> parse_wordpress_posts(std::string_view json, const WordPressOptions& options) {
    auto list = read_list(json, options.feed.origin, "posts", "title");
    if (!list) return list.error();
    std::vector<Item> items;
    for (const Json& post : *list)
        if (auto item = make_post(post, options)) items.push_back(std::move(*item));
    return items;
}

Result<std::vector<Item>> parse_wordpress_comments(std::string_view json, const FeedOptions& options) {
    auto list = read_list(json, options.origin, "comments", "author_name");
    if (!list) return list.error();
    std::vector<Item> items;
    for (const Json& comment : *list)
        if (auto item = make_comment(comment, options)) items.push_back(std::move(*item));
    return items;
}

std::string wordpress_posts_url(std::string_view site, int per_page, int page) {
    return collection_url(site, "posts", per_page, page);
}

std::string wordpress_comments_url(std::string_view site, int per_page, int page) {
    return collection_url(site, "comments", per_page, page);
}

std::optional<int> wordpress_next_page(int page, std::string_view total_pages_header) {
    std::string_view value = trim_view(total_pages_header);
    int total = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), total);
    if (ec != std::errc() || end != value.data() + value.size()) return std::nullopt;
    if (page < 1 || page >= total) return std::nullopt;
    return page + 1;
}

}  // namespace placard::feeds
