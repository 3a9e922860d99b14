#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "feeds/jsonfeed.hpp"
#include "support/items.hpp"
#include "support/test_support.hpp"
#include "util/hash.hpp"
#include "util/time.hpp"

using namespace placard;
using namespace placard::feeds;
using test::check_items;
using test::utc;

namespace {

const std::string site = "https://harbour.example.org";

std::string fixture(const std::string& name) {
    return test::read_file(test::data_path(name));
}

Result<std::vector<Item>> parse(std::string_view json, ItemKind kind = ItemKind::report,
                                const std::string& origin = site + "/feed.json", size_t max_text_chars = 600) {
    return parse_jsonfeed(json, FeedOptions{kind, origin, max_text_chars});
}

// A JSON Feed 1.1 around the items given as JSON text.
std::string feed(const std::string& items, const std::string& top = "") {
    return "{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \"Harbour\"" + top + ", \"items\": [" +
           items + "]}";
}

// One item of a feed made from `item_json`, which must parse.
Item only_item(const std::string& item_json, const std::string& top = "",
               const std::string& origin = site + "/feed.json") {
    auto items = parse(feed(item_json, top), ItemKind::report, origin);
    REQUIRE(items);
    REQUIRE(items->size() == 1);
    return items->front();
}

const std::string hint_url =
    "check the source's url in the playlist; it should point at the site's JSON Feed, often /feed.json";
const std::string hint_broken =
    "the site's feed is broken at that place; it is read again at the next refresh, meanwhile the cached items stay";
const std::string hint_truncated =
    "the download was cut short or the site stopped writing the feed; it is fetched again at the next refresh";

std::string hint_type(const char* type) {
    return std::string("if that is what you meant to show, write \"type\": \"") + type +
           "\" for this source in the playlist";
}

}  // namespace

TEST_CASE("a JSON Feed 1.1 from Hugo yields its reports with summaries, pictures, authors and tags") {
    auto items = parse(fixture("jsonfeed/reports.json"), ItemKind::report, site + "/reports.json");
    REQUIRE(items);

    Item screening;
    screening.id = site + "/reports/screening/";
    screening.title = "Film night in Port Glasgow: “The Yard Is Ours”";
    // The summary, not the content; Hugo wrote its "&" as \u0026.
    screening.text = "Forty people watched the shipyard workers' film & stayed on to plan the next collection.";
    screening.link = site + "/reports/screening/";  // "/reports/screening/" against home_page_url
    screening.image = site + "/uploads/2026/11/film-night.jpg";
    screening.author = "Morag Lindsay";                       // the first of two
    screening.categories = {"Film screenings", "Shipyards"};  // written twice, kept once
    screening.published = utc("2026-11-14T19:30:00Z");

    Item picket;
    picket.id = site + "/reports/consulate/";
    // The title is plain text: what looks like a tag stays.
    picket.title = "Picket at the consulate <for the jailed dockers>";
    // No summary: the content as text, without its "Read more …".
    picket.text =
        "On Monday thirty of us stood at the consulate gate for two hours with drums and banners, asking for the "
        "release of the six dockers held since the strike. A letter signed by eleven union branches was handed in "
        "& acknowledged.";
    picket.link = site + "/reports/consulate/";
    picket.image = site + "/uploads/2026/11/consulate-picket.jpg";  // the content's first <img>
    picket.author = "Harbour Solidarity Committee";                 // none of its own: the feed's
    picket.categories = {"Pickets"};
    picket.published = utc("2026-11-02T12:00:00Z");  // date_published, not date_modified

    Item appeal;
    appeal.id = site + "/reports/appeal/";
    appeal.title = "Make a donation to the strike fund";
    appeal.text = "Every £10 keeps a striking family in groceries for a day.\nGive at the stall or online.";
    appeal.link = site + "/reports/appeal/";
    appeal.image = "https://cdn.harbour.example.org/banners/strike-fund.png";  // banner_image
    appeal.author = "Kwame Asante";
    appeal.categories = {"Appeals"};
    appeal.published = utc("2026-10-28T08:00:00Z");

    check_items(*items, {screening, picket, appeal});
}

TEST_CASE("a JSON Feed 1.0 yields solidarity messages with numeric ids and 1.0 authors") {
    auto items = parse(fixture("jsonfeed/messages.json"), ItemKind::message, site + "/messages.json");
    REQUIRE(items);

    Item bilbao;
    bilbao.kind = ItemKind::message;
    bilbao.id = "311";  // a number in the feed: readers coerce it to a string
    bilbao.title = "From the port of Bilbao";
    bilbao.text = "Your dockers are not alone. We refused to unload the ship last night.";
    bilbao.link = site + "/messages/from-bilbao/";
    bilbao.author = "Itziar, stevedore, Bilbao";  // "author": {"name": ...}
    bilbao.published = utc("2026-11-10T16:45:00Z");

    Item durban;
    durban.kind = ItemKind::message;
    durban.id = "307";
    durban.title = "Greetings from Durban";
    durban.text = "The transport workers' union sends a thousand signatures and a banner.";
    durban.link = site + "/messages/from-durban/";
    durban.author = "Harbour Solidarity Committee";  // the feed's 1.0 author
    durban.published = utc("2026-11-08T04:20:00Z");

    check_items(*items, {bilbao, durban});
}

TEST_CASE("each field falls back as the spec allows") {
    SUBCASE("content_html stands in for a missing summary, content_text for both") {
        CHECK(only_item(R"({"id": "a", "content_html": "<p>Bring <b>soup</b>.</p>", "content_text": "x"})").text ==
              "Bring soup.");
        CHECK(only_item(R"({"id": "a", "summary": " ", "content_text": "Bring <soup> & bread.\n\nAnd cups."})").text ==
              "Bring <soup> & bread.\n\nAnd cups.");
    }
    SUBCASE("date_modified stands in for a missing date_published") {
        CHECK(only_item(R"({"id": "a", "date_modified": "2026-11-03T09:15:00+01:00"})").published ==
              utc("2026-11-03T08:15:00Z"));
        CHECK_FALSE(only_item(R"({"id": "a", "date_published": "last Tuesday"})").published);
    }
    SUBCASE("an item without id is known by its url, else by its title and date") {
        CHECK(only_item(R"({"url": "/2026/picket/"})").id == site + "/2026/picket/");
        CHECK(only_item(R"({"title": "Picket", "date_published": "2026-11-02T12:00:00Z"})").id ==
              sha256_hex("Picket2026-11-02T12:00:00Z"));
        CHECK(only_item(R"({"id": 4.5, "url": "/x"})").id == "4.5");
        CHECK(only_item(R"({"id": "  tag:harbour,2026:17 "})").id == "tag:harbour,2026:17");
    }
    SUBCASE("external_url stands in for a missing url") {
        CHECK(only_item(R"({"id": "a", "external_url": "https://news.example.net/strike"})").link ==
              "https://news.example.net/strike");
    }
    SUBCASE("a picture that cannot be used gives way to the next one") {
        CHECK(only_item(R"({"id": "a", "image": "data:image/png;base64,AAAA", "banner_image": "/b.png",
                            "content_html": "<img src=\"/c.png\">"})")
                  .image == site + "/b.png");
        CHECK(only_item(R"({"id": "a", "image": "javascript:void 0", "content_html": "<p><img src=\"c.png\"></p>"})")
                  .image == site + "/c.png");
    }
    SUBCASE("the first author with a name counts, the item's before the feed's") {
        CHECK(only_item(R"({"id": "a", "authors": [{"url": "https://x.example"}, {"name": "Ana"}]})",
                        R"(, "authors": [{"name": "Committee"}])")
                  .author == "Ana");
        CHECK(only_item(R"({"id": "a", "authors": []})", R"(, "author": {"name": "Committee"})").author == "Committee");
    }
}

TEST_CASE("links resolve against home_page_url, else the feed's own address") {
    CHECK(only_item(R"({"id": "a", "url": "2026/picket/"})", R"(, "home_page_url": "https://other.example.net/blog/")")
              .link == "https://other.example.net/blog/2026/picket/");
    CHECK(only_item(R"({"id": "a", "url": "2026/picket/"})", "", "https://harbour.example.org/news/feed.json").link ==
          "https://harbour.example.org/news/2026/picket/");
    CHECK(only_item(R"({"id": "a", "url": "javascript:alert"})").link.empty());
    SUBCASE("a feed file on disk names its pictures as paths beside it, and has no relative links") {
        Item item = only_item(R"({"id": "a", "url": "picket.html", "image": "photos/picket.jpg"})", "",
                              "/srv/placard/feeds/local.json");
        CHECK(item.link.empty());
        CHECK(item.image == "/srv/placard/feeds/photos/picket.jpg");
    }
}

TEST_CASE("fields of the wrong type count as absent, items that are not objects are left out") {
    auto items = parse(feed(R"(
        "not an item", 7, null,
        {"id": ["a"], "url": 12, "title": {"text": "x"}, "summary": false, "content_html": 3,
         "image": [], "date_published": 20261102, "authors": {"name": "x"}, "author": "x",
         "tags": ["Pickets", 3, "", "  ", {"t": 1}, "Pickets"]},
        {"id": "b", "tags": "Pickets"})"));
    REQUIRE(items);
    REQUIRE(items->size() == 2);
    const Item& odd = (*items)[0];
    CHECK(odd.id == sha256_hex(""));
    CHECK(odd.title.empty());
    CHECK(odd.text.empty());
    CHECK(odd.link.empty());
    CHECK(odd.image.empty());
    CHECK(odd.author.empty());
    CHECK_FALSE(odd.published);
    CHECK(odd.categories == std::vector<std::string>{"Pickets"});
    CHECK((*items)[1].categories.empty());
}

TEST_CASE("excerpts are cut to max_text_chars at a word boundary") {
    auto items = parse(feed(R"({"id": "a", "summary": "Every pound buys gas for the kilns of the occupied works."})"),
                       ItemKind::report, site + "/feed.json", 30);
    REQUIRE(items);
    CHECK(items->front().text == "Every pound buys gas for the…");
}

TEST_CASE("versions 1 and 1.1 are read however the site spelt the address") {
    for (const char* version :
         {"https://jsonfeed.org/version/1", "https://jsonfeed.org/version/1.1", "http://jsonfeed.org/version/1",
          "https://www.jsonfeed.org/version/1.1", "https://jsonfeed.org/version/1.1/"}) {
        INFO(version);
        auto items = parse(std::string("{\"version\": \"") + version + "\", \"items\": [{\"id\": \"a\"}]}");
        REQUIRE(items);
        CHECK(items->size() == 1);
    }
}

TEST_CASE("documents that are not JSON Feeds give an error that says what they are and what to write") {
    struct Case {
        std::string file, what, hint;
    };
    const Case cases[] = {
        {"feeds/wordpress.xml", "an RSS feed, not a JSON Feed", hint_type("rss")},
        {"feeds/rdf.xml", "an RSS feed, not a JSON Feed", hint_type("rss")},
        {"feeds/atom.xml", "an Atom feed, not a JSON Feed", hint_type("atom")},
        {"feeds/html_page.html", "an HTML page, not a JSON Feed", hint_url},
        {"feeds/nginx_503.html", "an HTML page, not a JSON Feed", hint_url},
        {"feeds/opml.xml", "an XML document with a <opml> root element, not a JSON Feed", hint_url},
        {"jsonfeed/wordpress_posts.json", "a WordPress REST API list of posts, not a JSON Feed",
         hint_type("wordpress")},
        {"feeds/not_xml.json",
         "an error from a WordPress REST API (\"rest_no_route\": No route was found matching the URL and request "
         "method.), not a JSON Feed",
         hint_url},
    };
    for (const auto& c : cases) {
        INFO(c.file);
        auto items = parse(fixture(c.file));
        REQUIRE_FALSE(items);
        CHECK(items.error().where == site + "/feed.json");
        CHECK(items.error().what == c.what);
        CHECK(items.error().hint == c.hint);
    }
}

TEST_CASE("small documents that are no JSON Feed say so") {
    struct Case {
        std::string json, where, what;
    };
    const std::string v11 = R"("version": "https://jsonfeed.org/version/1.1")";
    const Case cases[] = {
        {"", "feed.json", "the document is empty, not a JSON Feed"},
        {"\xEF\xBB\xBF \n", "feed.json", "the document is empty, not a JSON Feed"},
        {"Service Unavailable", "feed.json", "not JSON, so not a JSON Feed: it begins \"Service Unavailable\""},
        {"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", "feed.json", "an iCalendar file, not a JSON Feed"},
        {"[]", "feed.json", "a JSON array, not a JSON Feed (which is an object with \"version\" and \"items\")"},
        {"\"https://jsonfeed.org/version/1.1\"", "feed.json", "a single JSON value, not a JSON Feed"},
        {R"({"title": "Harbour", "items": []})", "feed.json", "a JSON object without \"version\", not a JSON Feed"},
        {R"({"version": "1.1", "items": []})", "feed.json",
         "a JSON object whose \"version\" is \"1.1\", not a JSON Feed's (\"https://jsonfeed.org/version/1.1\")"},
        {R"({"version": 1.1, "items": []})", "feed.json",
         "a JSON object whose \"version\" is 1.1, not a JSON Feed's (\"https://jsonfeed.org/version/1.1\")"},
        {R"({"version": "https://jsonfeed.org/version/2", "items": []})", "feed.json",
         "JSON Feed version \"2\", which this placard cannot read: it reads 1 and 1.1"},
        {R"({"version": "https://jsonfeed.org/version/10.1", "items": []})", "feed.json",
         "JSON Feed version \"10.1\", which this placard cannot read: it reads 1 and 1.1"},
        {"{" + v11 + "}", "feed.json", "the JSON Feed has no \"items\" array"},
        {"{" + v11 + R"(, "items": {"id": "a"}})", "feed.json", "the JSON Feed has no \"items\" array"},
        {R"({"title": {"rendered": "Convoy"}, "link": "https://harbour.example.org/convoy/"})", "feed.json",
         "a single WordPress post from the REST API, not a JSON Feed"},
        {R"({"name": "Harbour", "namespaces": ["wp/v2"], "routes": {}})", "feed.json",
         "the index of a WordPress REST API, not a JSON Feed"},
    };
    for (const auto& c : cases) {
        INFO(c.json);
        auto items = parse(c.json, ItemKind::report, "feed.json");
        REQUIRE_FALSE(items);
        CHECK(items.error().where == c.where);
        CHECK(items.error().what == c.what);
        CHECK_FALSE(items.error().hint.empty());
    }
}

TEST_CASE("broken JSON gives the line and column where it breaks") {
    struct Case {
        std::string json, where, what, hint;
    };
    const Case cases[] = {
        {"{\"version\": \"https://jsonfeed.org/version/1.1\",\n \"items\": [{\"id\": 1,, }]}", "feed.json:2:21",
         "broken JSON: unexpected ','; expected string literal", hint_broken},
        {"{\"version\": \"https://jsonfeed.org/version/1.1\",\n \"title\": \"Caf\xC3\xA9\", items: []}",
         "feed.json:2:19", "broken JSON: invalid literal; last read: '\"Café\", i'; expected string literal",
         hint_broken},
        {"{\"items\": [{\"title\": \"Bad \xFF byte\"}]}", "feed.json:1:27",
         "broken JSON: invalid string: ill-formed UTF-8 byte; last read: '\"Bad \uFFFD'", hint_broken},
        {"{\"version\": \"https://jsonfeed.org/version/1.1\",\n \"items\": [{\"id\": \"a\"}", "feed.json:2:23",
         "the feed ends too early: unexpected end of input; expected ']'", hint_truncated},
    };
    for (const auto& c : cases) {
        INFO(c.json);
        auto items = parse(c.json, ItemKind::report, "feed.json");
        REQUIRE_FALSE(items);
        CHECK(items.error().where == c.where);
        CHECK(items.error().what == c.what);
        CHECK(items.error().hint == c.hint);
    }
}

TEST_CASE("every cut-off copy of a feed names where it stopped") {
    const std::string json = fixture("jsonfeed/reports.json");
    const std::string origin = site + "/reports.json";
    size_t cut_short = 0, copies = 0;
    for (size_t length = 1; length < json.size(); length += 17, ++copies) {
        INFO("first ", length, " bytes");
        auto items = parse(std::string_view(json).substr(0, length), ItemKind::report, origin);
        REQUIRE_FALSE(items);
        CHECK(items.error().where.starts_with(origin + ":"));
        if (items.error().what.starts_with("the feed ends too early")) ++cut_short;
    }
    CHECK(cut_short == copies);
}

TEST_CASE("a JSON Feed has no event dates, so events from it are an error that says what to use") {
    auto items = parse(fixture("jsonfeed/reports.json"), ItemKind::event);
    REQUIRE_FALSE(items);
    CHECK(items.error().what == "a JSON Feed has no dates for events, only publication dates");
    CHECK(items.error().hint ==
          "show it as reports or messages, or give events from an iCalendar source (\"type\": \"ical\")");
}
