#pragma once
// WordPress's REST API (v2) to Items, with nlohmann/json: posts as reports, with the
// featured picture in the size that suits the screen, and approved comments as
// solidarity messages. Also the request URLs and the paging.
// Pure: no I/O, no clock; safe on any thread.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "feeds/feed_options.hpp"
#include "feeds/item.hpp"
#include "util/result.hpp"

namespace placard::feeds {

struct WordPressOptions {
    FeedOptions feed;  // origin: the request URL, which also names the source in errors
    // The screen in pixels, for the choice among the featured picture's sizes.
    int screen_width = 1920;
    int screen_height = 1080;
    // Only posts in one of these categories, and with one of these tags; empty keeps all.
    // Names as the site shows them, in any case ("Pickets & protests", "strike fund").
    std::vector<std::string> categories;
    std::vector<std::string> tags;
};

// A page of /wp/v2/posts fetched with _embed, newest first as the site sends them.
// title, excerpt (else the content) reduced to text; link; date_gmt; the author's name;
// categories then tags by name. The picture is the featured image's smallest size that
// covers the screen (width and height at least the screen's), else its largest, else
// its source_url; a post without one gets the first <img> of its content.
// Posts behind a password ("protected": true) are left out: a display is public.
// An error body ({"code": "rest_no_route", ...}), an HTML page or broken JSON instead
// give an Error that says what came back and what to do.
Result<std::vector<Item>> parse_wordpress_posts(std::string_view json, const WordPressOptions& options);

// A page of /wp/v2/comments (with _embed, for the post's title). Only approved comments:
// the public endpoint lists no others, but one fetched as an editor does, and a comment
// held for moderation must never reach a screen. text: the comment as text; author: the
// commenter's name; title: the post's title when embedded; link: the comment's page.
Result<std::vector<Item>> parse_wordpress_comments(std::string_view json, const FeedOptions& options);

// The request URLs, from the site's address as an organizer writes it
// ("https://example.org", "https://example.org/blog/"; a trailing "/wp-json" is dropped):
//     <site>/?rest_route=/wp/v2/posts&_embed&per_page=N&page=K
// The ?rest_route= form is the one WordPress answers on every site, with or without
// pretty permalinks (/wp-json/ is only a rewrite to it, and 404s without them); a
// query string on the site's address is replaced. per_page is clamped to 1..100, the
// API's limits; page starts at 1.
std::string wordpress_posts_url(std::string_view site, int per_page, int page = 1);
std::string wordpress_comments_url(std::string_view site, int per_page, int page = 1);

// The page after `page`, if the response's X-WP-TotalPages header (its value, as sent)
// says there is one; nullopt when it is the last or the header is missing or garbled.
std::optional<int> wordpress_next_page(int page, std::string_view total_pages_header);

}  // namespace placard::feeds
