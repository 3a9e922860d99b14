#include <doctest/doctest.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "feeds/atom.hpp"
#include "feeds/rss.hpp"
#include "feeds/wordpress.hpp"
#include "support/hall_example.hpp"
#include "support/test_support.hpp"

using namespace placard;
using namespace placard::feeds;
using test::check_items;
using test::utc;

namespace {

const std::string uploads = "http://hall.example/wp-content/uploads/";

std::string wordpress_file(const std::string& name) {
    return test::read_file(test::data_path("wordpress/" + name));
}

std::string page_url(int page) {
    return wordpress_posts_url("http://hall.example", 3, page);
}

WordPressOptions options_for(int page, int width = 1920, int height = 1080) {
    WordPressOptions o;
    o.feed = FeedOptions{ItemKind::report, page_url(page), 600};
    o.screen_width = width;
    o.screen_height = height;
    return o;
}

WordPressOptions options_at(const std::string& origin) {
    WordPressOptions o;
    o.feed.origin = origin;
    return o;
}

// The three captured pages of three posts, one after the other.
std::vector<Item> all_posts(const WordPressOptions& base) {
    std::vector<Item> items;
    for (int page = 1; page <= 3; ++page) {
        WordPressOptions o = base;
        o.feed.origin = page_url(page);
        auto parsed = parse_wordpress_posts(wordpress_file("posts-page" + std::to_string(page) + ".json"), o);
        REQUIRE(parsed);
        items.insert(items.end(), parsed->begin(), parsed->end());
    }
    return items;
}

std::vector<std::string> titles(const std::vector<Item>& items) {
    std::vector<std::string> out;
    for (const auto& item : items) out.push_back(item.title);
    return out;
}

// "Name: value" lines of a captured response's headers, names in lowercase.
std::map<std::string, std::string> headers(const std::string& name) {
    std::map<std::string, std::string> out;
    std::string text = wordpress_file(name);
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find("\r\n", start);
        if (end == std::string::npos) end = text.size();
        std::string line = text.substr(start, end - start);
        size_t colon = line.find(':');
        if (colon != std::string::npos) {
            std::string key = line.substr(0, colon);
            for (auto& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            out[key] = line.substr(colon + 1);
        }
        start = end + 2;
    }
    return out;
}

const std::string hint_page =
    "the site's REST API is blocked or missing at that address (a security plugin or the host's firewall may turn "
    "it off); check the source's url is the site's address, or use the site's RSS feed instead: \"type\": \"rss\", "
    "\"url\": \"https://example.org/feed/\"";
const std::string hint_url =
    "check the source's url in the playlist; it should be the WordPress site's address, such as "
    "https://example.org/";

}  // namespace

TEST_CASE("WordPress's REST API gives the posts with featured pictures sized for a 1920x1080 screen") {
    test::HallExamplePosts site;
    // Of the featured image's sizes, the smallest that covers 1920x1080: 2048x1152 of the
    // 2400x1350 picture; the whole 2000x1333 picture, as 1536x1024 is not high enough;
    // nothing covers the screen for the 1080x1350 and 1200x800 pictures: the largest.
    site.screening.image = uploads + "2026/09/screening-leeds-2048x1152.jpg";
    site.embassy.image = uploads + "2026/11/embassy-picket.jpg";
    site.appeal.image = uploads + "2026/10/strike-fund.jpg";
    site.meeting.image = uploads + "2026/10/assembly-hall.jpg";
    // No featured image: the first <img> of the content.
    site.film_night.image = uploads + "2026/10/film-night-1024x683.jpg";
    site.consulate.image = uploads + "2026/09/consulate-banner-1024x576.jpg";
    // The API's automatic excerpt stops at the <!--more--> tag, where the feeds' goes on.
    site.assembly.text =
        "Sixty people came to the joint assembly of the trades council and the tenants’ union. After two hours of "
        "discussion we agreed three aims for the winter: Defend every worker sacked for organising Support "
        "occupations of closed workplaces Stop evictions on our estates";
    check_items(all_posts(options_for(1)), site.all());
}

TEST_CASE("a password-protected post is left out of the REST API's pages, the feeds and their count") {
    // The real site with one post behind a password, its newest: page 1 of three a page
    // holds it, and gives the two others.
    std::vector<Item> kept;
    for (int page = 1; page <= 3; ++page) {
        auto parsed = parse_wordpress_posts(wordpress_file("protected/posts-page" + std::to_string(page) + ".json"),
                                            options_for(page));
        REQUIRE(parsed);
        if (page == 1) CHECK(parsed->size() == 2);
        kept.insert(kept.end(), parsed->begin(), parsed->end());
    }
    check_items(kept, all_posts(options_for(1)));

    auto rss =
        parse_rss(wordpress_file("protected/feed.xml"), FeedOptions{ItemKind::report, "http://hall.example/feed/"});
    REQUIRE(rss);
    check_items(*rss,
                *parse_rss(wordpress_file("feed.xml"), FeedOptions{ItemKind::report, "http://hall.example/feed/"}));

    // What marks it is the password form, not the words, which the site translates.
    std::string feed = wordpress_file("protected/feed.xml");
    for (auto [english, other] : {std::pair{"Protected: ", "Protégé : "},
                                  std::pair{"There is no excerpt because this is a protected post.",
                                            "Il n’y a pas d’extrait car cet article est protégé."},
                                  std::pair{"This content is password protected. Please enter a password to view.",
                                            "Ce contenu est protégé par un mot de passe."}})
        feed.replace(feed.find(english), std::string_view(english).size(), other);
    auto french = parse_rss(feed, FeedOptions{ItemKind::report, "http://hall.example/feed/"});
    REQUIRE(french);
    CHECK(french->size() == 8);
    // A post that shows the form's markup as text is no protected post.
    const std::string about =
        "<item><title>How the password form works</title><guid>x</guid><description><![CDATA[<pre>&lt;form "
        "class=\"post-password-form\" action=\"/wp-login.php?action=postpass\"&gt;</pre>]]></description></item>";
    auto shown = parse_rss("<rss><channel>" + about + "</channel></rss>", FeedOptions{ItemKind::report, "feed.xml"});
    REQUIRE(shown);
    CHECK(shown->size() == 1);
}

TEST_CASE("the featured picture's size is chosen for the screen") {
    struct Case {
        int width, height;
        std::string screening, embassy, appeal, meeting;
    };
    const Case cases[] = {
        {1920, 1080, "screening-leeds-2048x1152.jpg", "embassy-picket.jpg", "strike-fund.jpg", "assembly-hall.jpg"},
        {1280, 720, "screening-leeds-1536x864.jpg", "embassy-picket-1536x1024.jpg", "strike-fund.jpg",
         "assembly-hall.jpg"},
        // 1024x576 is not high enough for 600; a portrait picture's 819x1024 covers 800x600.
        {800, 600, "screening-leeds-1536x864.jpg", "embassy-picket-1024x682.jpg", "strike-fund-819x1024.jpg",
         "assembly-hall-1024x683.jpg"},
        {3840, 2160, "screening-leeds.jpg", "embassy-picket.jpg", "strike-fund.jpg", "assembly-hall.jpg"},
    };
    for (const auto& c : cases) {
        INFO(c.width, "x", c.height);
        auto items = all_posts(options_for(1, c.width, c.height));
        REQUIRE(items.size() == 8);
        CHECK(items[6].image == uploads + "2026/09/" + c.screening);
        CHECK(items[0].image == uploads + "2026/11/" + c.embassy);
        CHECK(items[3].image == uploads + "2026/10/" + c.appeal);
        CHECK(items[4].image == uploads + "2026/10/" + c.meeting);
    }
}

TEST_CASE("a featured picture without sizes is its source_url, and one the visitor may not see is passed over") {
    auto page = nlohmann::json::parse(wordpress_file("posts-page1.json"));
    // The embassy post's picture without WordPress's size list (an SVG, or sizes not made).
    page[0]["_embedded"]["wp:featuredmedia"][0]["media_details"].erase("sizes");
    // The same picture, private: WordPress embeds an error in its place.
    auto second = page[0];
    second["_embedded"]["wp:featuredmedia"][0] = {
        {"code", "rest_forbidden"}, {"message", "Sorry, you are not allowed to do that."}, {"data", {{"status", 401}}}};
    page.push_back(second);
    auto items = parse_wordpress_posts(page.dump(), options_for(1));
    REQUIRE(items);
    REQUIRE(items->size() == 4);
    CHECK((*items)[0].image == uploads + "2026/11/embassy-picket.jpg");
    CHECK((*items)[3].image.empty());
    CHECK((*items)[3].title == "Sixty outside the embassy for the jailed dockers");
}

TEST_CASE("a size or an id beyond any real number is passed over, not converted") {
    auto page = nlohmann::json::parse(wordpress_file("posts-page1.json"));
    auto& sizes = page[0]["_embedded"]["wp:featuredmedia"][0]["media_details"]["sizes"];
    // Each would cover a 4K screen, and the first two are beyond long's range or its area's
    // (what the fuzzer sent: 4.02e41); the last is simply wider than any JPEG can be.
    sizes["float-giant"] = {{"width", 4.02e41},
                            {"height", 1e41},
                            {"mime_type", "image/jpeg"},
                            {"source_url", uploads + "2026/11/float-giant.jpg"}};
    sizes["integer-giant"] = {{"width", std::int64_t{1} << 40},
                              {"height", std::int64_t{1} << 40},
                              {"mime_type", "image/jpeg"},
                              {"source_url", uploads + "2026/11/integer-giant.jpg"}};
    sizes["too-wide"] = {{"width", 70000},
                         {"height", 4000},
                         {"mime_type", "image/jpeg"},
                         {"source_url", uploads + "2026/11/too-wide.jpg"}};
    page[0]["id"] = -4.02e41;
    auto items = parse_wordpress_posts(page.dump(), options_for(1, 3840, 2160));
    REQUIRE(items);
    REQUIRE(!items->empty());
    CHECK((*items)[0].image == uploads + "2026/11/embassy-picket.jpg");
    CHECK((*items)[0].title == "Sixty outside the embassy for the jailed dockers");
}

TEST_CASE("posts are kept by category and tag names, in any case and with entities decoded") {
    struct Case {
        std::vector<std::string> categories, tags, titles;
    };
    const std::string embassy = "Sixty outside the embassy for the jailed dockers";
    const std::string caravan = "The solidarity caravan sets off on Saturday";
    const std::string film_night = "Film night report: ‘Salt of the Earth’ at the Co-op hall";
    const std::string appeal = "Donation appeal: the strike fund needs £4,000 by November";
    const std::string meeting = "Public meeting: solidarity with the mill occupation";
    const std::string assembly = "Workers’ & tenants’ assembly: what we agreed";
    const std::string screening = "Screening of “The Occupied Mill” in Leeds";
    const std::string consulate = "Picket at the consulate: “Release the dockers now”";
    const Case cases[] = {
        {{}, {}, {embassy, caravan, film_night, appeal, meeting, assembly, screening, consulate}},
        {{"Pickets & protests"}, {}, {embassy, caravan, consulate}},
        {{"  PICKETS &amp; PROTESTS "}, {}, {embassy, caravan, consulate}},
        {{"screenings", "campaign NEWS"}, {}, {caravan, film_night, appeal, meeting, assembly, screening}},
        {{}, {"Strike Fund"}, {embassy, appeal}},
        {{}, {"workers’ control"}, {meeting, assembly, screening}},
        {{"Campaign news"}, {"public meeting"}, {meeting, assembly}},
        {{"Screenings"}, {"embassy"}, {}},
        // A tag's name is no category, nor the other way round.
        {{"film"}, {}, {}},
        {{}, {"Screenings"}, {}},
        {{"Uncategorized"}, {}, {}},
    };
    for (const auto& c : cases) {
        WordPressOptions o = options_for(1);
        o.categories = c.categories;
        o.tags = c.tags;
        INFO("categories ", c.categories.empty() ? "" : c.categories[0], ", tags ", c.tags.empty() ? "" : c.tags[0]);
        CHECK(titles(all_posts(o)) == c.titles);
    }
}

TEST_CASE("the REST API and the Atom feed of one site agree on each post") {
    auto from_atom =
        parse_atom(wordpress_file("atom.xml"), FeedOptions{ItemKind::report, "http://hall.example/feed/atom/"});
    REQUIRE(from_atom);
    auto from_rest = all_posts(options_for(1));
    REQUIRE(from_atom->size() == from_rest.size());
    for (size_t i = 0; i < from_rest.size(); ++i) {
        INFO(from_rest[i].title);
        CHECK(from_rest[i].id == (*from_atom)[i].id);
        CHECK(from_rest[i].title == (*from_atom)[i].title);
        CHECK(from_rest[i].link == (*from_atom)[i].link);
        CHECK(from_rest[i].author == (*from_atom)[i].author);
        CHECK(from_rest[i].categories == (*from_atom)[i].categories);
        CHECK(from_rest[i].published == (*from_atom)[i].published);
    }
}

namespace {

std::vector<Item> approved_comments() {
    const std::string site = "http://hall.example/";
    auto message = [&](const char* post_path, int id, const char* post_title, const char* author, const char* text,
                       const char* date) {
        Item item;
        item.kind = ItemKind::message;
        item.link = site + post_path + "/#comment-" + std::to_string(id);
        item.id = item.link;
        item.title = post_title;
        item.author = author;
        item.text = text;
        item.published = utc(date);
        return item;
    };
    const char* embassy = "2026/11/sixty-outside-the-embassy-for-the-jailed-dockers";
    return {
        message(embassy, 8, "Sixty outside the embassy for the jailed dockers", "Sofia Lindqvist",
                "Warm greetings from Malmö: we’ll hold our own picket on Saturday.", "2026-11-11T19:05:00Z"),
        message(embassy, 7, "Sixty outside the embassy for the jailed dockers", "Rui Matos",
                "Solidarity from the dockers of Lisbon. An injury to one is an injury to all!", "2026-11-11T07:30:00Z"),
        message("2026/10/the-solidarity-caravan-sets-off-on-saturday", 6, "The solidarity caravan sets off on Saturday",
                "Ayşe Demir", "Bon voyage to the caravan & everyone on it, from the textile workers of Izmir!",
                "2026-10-27T12:00:00Z"),
        message("2026/10/donation-appeal-the-strike-fund-needs-4000-by-november", 4,
                "Donation appeal: the strike fund needs £4,000 by November", "Kwame Mensah",
                "Our branch in Accra voted to send £250 to the strike fund. Your struggle is our struggle.",
                "2026-10-14T10:00:00Z"),
        message("2026/09/screening-of-the-occupied-mill-in-leeds", 2, "Screening of “The Occupied Mill” in Leeds",
                "Amira Haddad",
                "Greetings from the Glasgow film club! We showed the same documentary in August and the discussion "
                "went on past midnight. Keep going.",
                "2026-09-16T08:12:00Z"),
    };
}

}  // namespace

TEST_CASE("WordPress's public comments are solidarity messages under their post's title") {
    auto items =
        parse_wordpress_comments(wordpress_file("comments.json"),
                                 FeedOptions{ItemKind::message, wordpress_comments_url("http://hall.example", 100)});
    REQUIRE(items);
    check_items(*items, approved_comments());
}

TEST_CASE("comments held for moderation never become messages, even when the API lists them") {
    const std::string all = wordpress_file("comments-all.json");
    // Fetched as the site's editor, the list holds the two pending comments too.
    auto listed = nlohmann::json::parse(all);
    REQUIRE(listed.size() == 7);
    size_t held = 0;
    for (const auto& c : listed) held += c["status"] == "hold";
    REQUIRE(held == 2);

    auto items = parse_wordpress_comments(all, FeedOptions{ItemKind::message, "http://hall.example/"});
    REQUIRE(items);
    check_items(*items, approved_comments());

    // Nor pingbacks, nor comments whose status is anything but "approved".
    listed[0]["type"] = "pingback";
    listed[1]["status"] = "spam";
    items = parse_wordpress_comments(listed.dump(), FeedOptions{ItemKind::message, "http://hall.example/"});
    REQUIRE(items);
    std::vector<Item> expected = approved_comments();
    expected.erase(expected.begin(), expected.begin() + 2);
    check_items(*items, expected);
}

TEST_CASE("WordPress's comments RSS feed gives each comment's own text and name, never its escaped markup") {
    const std::string feed = wordpress_file("comments.xml");
    const FeedOptions options{ItemKind::message, "http://hall.example/comments/feed/"};
    auto items = parse_rss(feed, options);
    REQUIRE(items);
    // The REST API's comments, as the feed names them: its guid lacks the slash before
    // "#comment-", its title says whose comment on which post.
    std::vector<Item> expected = approved_comments();
    for (Item& item : expected) {
        item.title = "Comment on " + item.title + " by " + item.author;
        item.id = item.link;
        item.id.erase(item.id.find("/#comment-"), 1);
    }
    check_items(*items, expected);
    REQUIRE(items->size() == 5);
    // content:encoded holds "<strong>Bon voyage</strong>"; the description holds it escaped.
    CHECK((*items)[2].text == "Bon voyage to the caravan & everyone on it, from the textile workers of Izmir!");
    CHECK((*items)[2].author == "Ayşe Demir");

    // Without content:encoded, the description's escaped HTML is reduced as HTML too. Its
    // apostrophe is WordPress's plain one (&#039;), where the content's is curled (&#8217;).
    std::string descriptions_only = feed;
    for (size_t at; (at = descriptions_only.find("<content:encoded>")) != std::string::npos;)
        descriptions_only.erase(at, descriptions_only.find("</content:encoded>", at) + 18 - at);
    REQUIRE(descriptions_only.find("&lt;strong&gt;Bon voyage") != std::string::npos);
    auto from_descriptions = parse_rss(descriptions_only, options);
    REQUIRE(from_descriptions);
    expected[0].text = "Warm greetings from Malmö: we'll hold our own picket on Saturday.";
    check_items(*from_descriptions, expected);
}

TEST_CASE("what WordPress or the web server sends instead of posts becomes an error that says what it is") {
    const std::string origin = page_url(4);
    struct Case {
        std::string body, where, what, hint;
    };
    const std::string page1 = wordpress_file("posts-page1.json");
    const Case cases[] = {
        {wordpress_file("no-route.json"), origin,
         "the site's REST API answered \"No route was found matching the URL and request method.\" (rest_no_route)",
         hint_page},
        {wordpress_file("posts-page4.json"), origin,
         "the site's REST API answered \"The page number requested is larger than the number of pages available.\" "
         "(rest_post_invalid_page_number)",
         "the site has fewer pages of posts than were asked for; the first page is asked for at the next refresh"},
        {R"({"code":"rest_cannot_access","message":"Only authenticated users can access the REST API.",)"
         R"("data":{"status":401}})",
         origin,
         "the site's REST API answered \"Only authenticated users can access the REST API.\" "
         "(rest_cannot_access)",
         "the site lets only logged-in users read its REST API; use its RSS feed instead: \"type\": \"rss\", "
         "\"url\": \"https://example.org/feed/\""},
        {wordpress_file("front-page.html"), origin,
         "an HTML page (\"Hall Street Solidarity – Screenings, pickets and meetings in support of workers…\"), not "
         "the JSON of WordPress's REST API",
         hint_page},
        // PHP's warnings printed before the JSON, as on a site with a broken plugin.
        {"<br />\n<b>Warning</b>:  Undefined variable $size in <b>/srv/www/wp-content/plugins/x.php</b> on line "
         "<b>12</b><br />\n" +
             page1,
         origin,
         "an HTML page, not the JSON of WordPress's REST API: it begins \"Warning: Undefined variable $size in…\"",
         hint_page},
        {wordpress_file("feed.xml"), origin, "an XML document, not the JSON of WordPress's REST API",
         "for a feed, write \"type\": \"rss\" or \"type\": \"atom\" for this source in the playlist"},
        {"", origin, "the answer is empty, not the JSON of WordPress's REST API", hint_page},
        {"Service Unavailable", origin,
         "not JSON, so not the JSON of WordPress's REST API: it begins \"Service Unavailable\"", hint_page},
        {page1.substr(0, 3000), origin + ":1:3001",
         "the answer ends too early: syntax error while parsing value - invalid string: missing closing quote; last "
         "read: '\"http:\\/\\/hall.example\\/wp-json\\/wp\\/v2'",
         "the download was cut short; it is fetched again at the next refresh, meanwhile the cached items stay"},
        {"[\n  {\"id\": 1,\n   \"title\": }\n]", origin + ":3:13",
         "broken JSON: syntax error while parsing value - unexpected '}'; expected '[', '{', or a literal",
         "the site's answer is broken at that place; it is read again at the next refresh, meanwhile the cached "
         "items stay"},
        // Found by tests/fuzz/wordpress_fuzz.cpp (tests/data/fuzz-regressions/wordpress/): nlohmann
        // throws out_of_range, not parse_error, for a number too large for a double, and
        // quotes the bytes it stopped at, Latin-1 or not.
        {test::read_file(test::data_path("fuzz-regressions/wordpress/number-overflow.json")), origin,
         "the answer's JSON could not be read: number overflow parsing '1e999'",
         "the site's answer holds a number too large to read; it is read again at the next refresh, meanwhile the "
         "cached items stay"},
        {test::read_file(test::data_path("fuzz-regressions/wordpress/latin1-string.json")), origin + ":1:64",
         // U+00E0 in Latin-1 (0xE0) is a UTF-8 lead byte, which the space after it cannot follow.
         "broken JSON: syntax error while parsing value - invalid string: ill-formed UTF-8 byte; last read: "
         "'\"Aucune route ne correspond \xEF\xBF\xBD '",
         "the site's answer is broken at that place; it is read again at the next refresh, meanwhile the cached "
         "items stay"},
        {R"({"name":"Hall Street Solidarity","url":"http://hall.example"})", origin,
         "a JSON object, not a list of WordPress posts", hint_url},
        {wordpress_file("categories.json"), origin, "a JSON list, but not of WordPress posts", hint_url},
        {wordpress_file("comments.json"), origin, "a JSON list, but not of WordPress posts", hint_url},
    };
    for (const auto& c : cases) {
        INFO(c.what);
        auto items = parse_wordpress_posts(c.body, options_at(origin));
        REQUIRE_FALSE(items);
        CHECK(items.error().where == c.where);
        CHECK(items.error().what == c.what);
        CHECK(items.error().hint == c.hint);
    }

    auto posts_as_comments = parse_wordpress_comments(page1, FeedOptions{ItemKind::message, origin});
    REQUIRE_FALSE(posts_as_comments);
    CHECK(posts_as_comments.error().what == "a JSON list, but not of WordPress comments");
    auto empty = parse_wordpress_posts("[]", options_at(origin));
    REQUIRE(empty);
    CHECK(empty->empty());
}

TEST_CASE("request URLs are built from the site's address in the form every WordPress answers") {
    struct Case {
        std::string site, posts;
    };
    const Case cases[] = {
        {"http://hall.example", "http://hall.example/?rest_route=/wp/v2/posts&_embed&per_page=3&page=2"},
        {"http://hall.example/", "http://hall.example/?rest_route=/wp/v2/posts&_embed&per_page=3&page=2"},
        {" https://example.org/blog// ", "https://example.org/blog/?rest_route=/wp/v2/posts&_embed&per_page=3&page=2"},
        {"https://example.org/wp-json/", "https://example.org/?rest_route=/wp/v2/posts&_embed&per_page=3&page=2"},
        {"https://example.org/blog/index.php",
         "https://example.org/blog/?rest_route=/wp/v2/posts&_embed&per_page=3&page=2"},
        {"https://example.org/?p=12#top", "https://example.org/?rest_route=/wp/v2/posts&_embed&per_page=3&page=2"},
    };
    for (const auto& c : cases) {
        INFO(c.site);
        CHECK(wordpress_posts_url(c.site, 3, 2) == c.posts);
    }
    // make-fixtures.sh checks that WordPress answers this form as /wp-json/wp/v2/posts.
    CHECK(page_url(2) == "http://hall.example/?rest_route=/wp/v2/posts&_embed&per_page=3&page=2");
    CHECK(wordpress_posts_url("https://example.org", 500) ==
          "https://example.org/?rest_route=/wp/v2/posts&_embed&per_page=100&page=1");
    CHECK(wordpress_posts_url("https://example.org", 0, -3) ==
          "https://example.org/?rest_route=/wp/v2/posts&_embed&per_page=1&page=1");
    CHECK(wordpress_comments_url("https://example.org/", 20, 3) ==
          "https://example.org/?rest_route=/wp/v2/comments&_embed&per_page=20&page=3");
}

TEST_CASE("X-WP-TotalPages tells whether there is a next page") {
    auto page1 = headers("posts-page1.headers");
    auto page2 = headers("posts-page2.headers");
    auto page3 = headers("posts-page3.headers");
    REQUIRE(page1.count("x-wp-totalpages"));
    CHECK(page1["x-wp-total"] == " 8");
    CHECK(wordpress_next_page(1, page1["x-wp-totalpages"]) == 2);
    CHECK(wordpress_next_page(2, page2["x-wp-totalpages"]) == 3);
    CHECK(wordpress_next_page(3, page3["x-wp-totalpages"]) == std::nullopt);
    // WordPress's own Link header agrees.
    CHECK(page1["link"].find("page=2>; rel=\"next\"") != std::string::npos);
    CHECK(page3["link"].find("rel=\"next\"") == std::string::npos);

    CHECK(wordpress_next_page(1, "") == std::nullopt);
    CHECK(wordpress_next_page(1, "three") == std::nullopt);
    CHECK(wordpress_next_page(1, "3 pages") == std::nullopt);
    CHECK(wordpress_next_page(0, "3") == std::nullopt);
    CHECK(wordpress_next_page(5, "3") == std::nullopt);
    CHECK(wordpress_next_page(1, "1") == std::nullopt);
}
