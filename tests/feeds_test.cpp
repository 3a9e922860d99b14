#include <doctest/doctest.h>

#include <random>
#include <string>
#include <thread>
#include <vector>

#include "feeds/charset.hpp"
#include "feeds/html_text.hpp"
#include "feeds/reference.hpp"
#include "feeds/rss.hpp"
#include "support/items.hpp"
#include "support/test_support.hpp"
#include "util/hash.hpp"
#include "util/time.hpp"
#include "util/utf8.hpp"

using namespace placard;
using namespace placard::feeds;
using test::check_items;
using test::utc;

namespace {

std::string fixture(const char* name) {
    return test::read_file(test::data_path(std::string("feeds/") + name));
}

Result<std::vector<Item>> parse_fixture(const char* name, ItemKind kind, const std::string& origin) {
    return parse_rss(fixture(name), FeedOptions{kind, origin, 600});
}

void check_error(const char* name, const std::string& where, const std::string& what, const std::string& hint) {
    INFO("fixture ", name);
    auto items = parse_fixture(name, ItemKind::report, "https://handstogether.example.org/feed/");
    REQUIRE_FALSE(items);
    CHECK(items.error().where == where);
    CHECK(items.error().what == what);
    CHECK(items.error().hint == hint);
}

const std::string check_url =
    "check the source's url in the playlist; it should point at the site's RSS feed, often ending in /feed/";

}  // namespace

TEST_CASE("a WordPress feed yields its posts with excerpts, authors, categories and pictures") {
    auto items = parse_fixture("wordpress.xml", ItemKind::report, "https://handstogether.example.org/feed/");
    REQUIRE(items);
    const std::string site = "https://handstogether.example.org";
    Item screening;
    screening.id = site + "/?p=1412";
    screening.title = "Screening in Surabaya: the workers who kept the looms running";
    screening.text =
        "Thirty people came to the union hall in Surabaya on Sunday to watch Our Looms, a documentary about the "
        "textile workers who occupied their mill and ran it themselves for two years. The discussion afterwards "
        "went on until late into the…";
    screening.link = site + "/2026/10/screening-in-surabaya/";
    screening.image = site + "/wp-content/uploads/2026/10/surabaya-screening-1024x576.jpg";
    screening.author = "Dewi Hartono";
    screening.categories = {"Film screenings", "Workers’ control"};
    screening.published = utc("2026-10-18T19:30:00Z");

    Item picket;
    picket.id = site + "/?p=1398";
    picket.title = "Picket outside the embassy: “Free the strike leaders”";
    picket.text =
        "For two hours on Monday forty people stood outside the embassy with banners & drums, demanding the release "
        "of the dockers’ strike committee. A letter was handed in at the gate";
    picket.link = site + "/2026/10/embassy-picket/";
    // The lazy-loading placeholder (a data: URI) is passed over; the relative src resolves.
    picket.image = site + "/wp-content/uploads/2026/10/embassy-picket.jpg";
    picket.author = "Tomás Rivera";
    picket.categories = {"Pickets"};
    picket.published = utc("2026-10-05T16:00:00Z");

    Item aims;
    aims.id = site + "/2026/09/the-aims-we-agreed/";  // no guid: the link
    aims.title = "The aims we agreed";
    aims.text =
        "The meeting on Thursday agreed the campaign’s aims:\n\n"
        "• Defend the right to organise and to strike\n"
        "• Support workers who take over closed workplaces\n"
        "• Oppose sanctions that starve working people";
    aims.link = site + "/2026/09/the-aims-we-agreed/";
    aims.author = "Dewi Hartono";
    aims.categories = {"Campaign"};
    aims.published = utc("2026-09-24T20:15:00Z");

    Item statement;
    statement.title = "Statement on the caravan";
    statement.id = sha256_hex("Statement on the caravan" + std::string("Wed, 16 Sep 2026 08:00:00 GMT"));
    statement.text =
        "The antifascist caravan sets off from the town square at nine. Bring water, a hat and your union banner.";
    statement.published = utc("2026-09-16T08:00:00Z");

    check_items(*items, {screening, picket, aims, statement});
}

TEST_CASE("pictures come from media:content, media:thumbnail, enclosures or the first img, in that order") {
    auto items = parse_fixture("media.xml", ItemKind::report, "https://news.example.net/caravan/feed.xml");
    REQUIRE(items);
    Item border;
    border.id = "caravan-2026-border";
    border.title = "The caravan reaches the border";
    border.text = "Twelve buses and a tractor crossed the border at noon.";
    border.link = "https://news.example.net/caravan/border";
    // The widest image; the video, and media:content in a namespace that is not Media RSS
    // but has its prefix, do not count.
    border.image = "https://cdn.example.net/caravan/border-1280.jpg";
    border.author = "Lena Vogt";  // from "press@news.example.net (Lena Vogt)"
    border.published = utc("2026-10-02T10:00:00Z");

    Item songs;
    songs.id = "caravan-2026-songs";
    songs.title = "Songs on the road";
    songs.text = "The choir sang at every stop.";
    songs.link = "";                                                          // javascript: is no link
    songs.image = "https://news.example.net/caravan/thumbs/choir-small.jpg";  // in a media:group
    songs.author = "Lena Vogt";
    songs.published = utc("2026-10-01T19:00:00Z");

    Item leaflets;
    leaflets.id = "https://news.example.net/caravan/leaflets";
    leaflets.title = "Leaflets in four languages";
    leaflets.text = "Volunteers translated the leaflet overnight.";
    leaflets.link = "https://news.example.net/caravan/leaflets";
    leaflets.image = "https://cdn.example.net/caravan/leaflets.png";  // the file: enclosure is dropped
    leaflets.published = utc("2026-09-30T07:30:00Z");

    Item speeches;
    speeches.id = "https://news.example.net/caravan/speeches";
    speeches.title = "Audio: the speeches";
    speeches.text = "Recordings of the speeches at the rally.";
    speeches.link = "https://news.example.net/caravan/speeches";
    speeches.image = "https://cdn.example.net/caravan/rally.jpg";  // not the audio enclosure
    speeches.published = utc("2026-09-29T16:00:00Z");

    check_items(*items, {border, songs, leaflets, speeches});
}

TEST_CASE("an RSS 1.0 (RDF) feed yields its items with Dublin Core dates and subjects") {
    auto items = parse_fixture("rdf.xml", ItemKind::report, "https://solidaridad.example.com/rss.rdf");
    REQUIRE(items);
    Item first;
    first.id = "https://solidaridad.example.com/bulletin/42";
    first.title = "Bulletin 42: dockers thank their supporters";
    first.text = "The dockers' committee sent thanks for the 1,200 signatures collected in October.";
    first.link = "https://solidaridad.example.com/bulletin/42";
    first.author = "Solidarity committee";
    first.categories = {"Dockers"};
    first.published = utc("2026-10-19T06:00:00Z");
    Item second;
    second.id = "https://solidaridad.example.com/bulletin/41";
    second.title = "Bulletin 41: a new branch in Leeds";
    second.text = "A branch of the campaign was founded in Leeds with nineteen members.";
    second.link = "https://solidaridad.example.com/bulletin/41";
    second.published = utc("2026-10-12T18:30:00Z");
    check_items(*items, {first, second});
}

TEST_CASE("feeds declared as ISO-8859-1 or windows-1252 come out as UTF-8") {
    auto latin1 = parse_fixture("latin1.xml", ItemKind::report, "https://comite.example.fr/feed/");
    REQUIRE(latin1);
    Item projection;
    projection.id = "https://comite.example.fr/?p=77";
    projection.title = "Projection à Montréal : « Les usines récupérées »";
    projection.text = "Soirée débat après le film, avec des délégués syndicaux. Entrée libre, café offert.";
    projection.link = "https://comite.example.fr/projection-montreal";
    projection.categories = {"Cinéma"};
    projection.published = utc("2026-09-30T00:00:00Z");
    check_items(*latin1, {projection});

    auto cp1252 = parse_fixture("windows1252.xml", ItemKind::report, "https://strikefund.example.org/feed");
    REQUIRE(cp1252);
    Item appeal;
    appeal.id = "https://strikefund.example.org/appeal";
    appeal.title = "“Every €5 keeps the picket fed”";
    appeal.text = "The strikers’ kitchen needs €400 a week – give what you can…";
    appeal.link = "https://strikefund.example.org/appeal";
    appeal.published = utc("2026-10-03T10:00:00Z");
    check_items(*cp1252, {appeal});
}

TEST_CASE("a feed that says UTF-8 and holds other bytes is read, each bad sequence becoming U+FFFD") {
    const std::string xml =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>t</title>\n"
        "<item><title>Caf\xe9 meeting</title><guid>1</guid><description>Tea \xe2\x82 cake</description></item>\n"
        "</channel></rss>\n";
    auto items = parse_rss(xml, FeedOptions{ItemKind::report, "feed.xml", 600});
    REQUIRE_MESSAGE(items, items.error().to_string());
    REQUIRE(items->size() == 1);
    CHECK((*items)[0].title == "Caf\uFFFD meeting");
    CHECK((*items)[0].text == "Tea \uFFFD cake");
}

TEST_CASE("events come from the RSS event module, and those without a start date are left out") {
    auto items = parse_fixture("events.xml", ItemKind::event, "https://handstogether.example.org/events/feed/");
    REQUIRE(items);
    const std::string events = "https://handstogether.example.org/events/";
    Item film;
    film.kind = ItemKind::event;
    film.id = "event-301";
    film.title = "Film: Occupy, Resist, Produce";
    film.text =
        "A documentary about a glass factory run by its workers, followed by a discussion with a member of its "
        "assembly.";
    film.link = events + "film-occupy-resist-produce/";
    film.place = "Trades Hall, 4 Mill Lane, Room 2";
    film.categories = {"Film screenings"};
    film.published = utc("2026-10-12T10:00:00Z");
    film.starts = utc("2026-11-06T19:00:00Z");
    film.ends = utc("2026-11-06T21:30:00Z");

    Item school;
    school.kind = ItemKind::event;
    school.id = "event-302";
    school.title = "Weekend school on workers' control";
    school.text = "Two days of talks and workshops.";
    school.link = events + "weekend-school/";
    school.place = "Community Centre, Canal Street";
    // Dates alone: local midnights, and the end date is the last day.
    school.all_day = true;
    school.starts = from_local(test::london(), 2026, 11, 14);
    school.ends = from_local(test::london(), 2026, 11, 16);

    Item picket;
    picket.kind = ItemKind::event;
    picket.id = "event-303";
    picket.title = "Picket of the consulate";
    picket.text = "Bring placards.";
    picket.link = events + "consulate-picket/";
    picket.place = "Outside the consulate, Park Road";
    picket.starts = from_local(test::london(), 2026, 11, 20, 17, 30);  // no offset: local time

    check_items(*items, {film, school, picket});
}

TEST_CASE("a comments feed yields solidarity messages with the name and the place") {
    auto items = parse_fixture("messages.xml", ItemKind::message, "https://handstogether.example.org/comments/feed/");
    REQUIRE(items);
    const std::string site = "https://handstogether.example.org";
    Item maria;
    maria.kind = ItemKind::message;
    maria.id = site + "/?p=88#comment-5120";
    maria.title = "Comment on Solidarity messages by Maria Okafor";
    // content:encoded, the comment as written, in its two paragraphs.
    maria.text =
        "On behalf of the nurses’ union branch: your fight is our fight.\n\nWe send our warmest greetings to the "
        "workers of the occupied factories.";
    maria.link = site + "/solidarity-messages/#comment-5120";
    maria.author = "Maria Okafor";
    maria.place = "Lagos";
    maria.published = utc("2026-10-19T07:41:10Z");

    Item jan;
    jan.kind = ItemKind::message;
    jan.id = site + "/?p=88#comment-5117";
    jan.title = "Comment on Solidarity messages by Jan Kowalski";
    jan.text = "The shipyard workers of Gdańsk stand with you.";  // content:encoded, without "Continue reading"
    jan.link = site + "/solidarity-messages/#comment-5117";
    jan.author = "Jan Kowalski";
    jan.place = "Gdańsk";
    jan.categories = {"Messages"};
    jan.published = utc("2026-10-17T15:02:44Z");

    Item ana;
    ana.kind = ItemKind::message;
    ana.id = site + "/?p=1390#comment-5101";
    ana.title = "Comment on The aims we agreed by Ana";
    ana.text = "Our branch voted to affiliate. Count us in!";
    ana.link = site + "/2026/09/the-aims-we-agreed/#comment-5101";
    ana.author = "Ana";
    ana.published = utc("2026-09-25T11:20:00Z");

    check_items(*items, {maria, jan, ana});
}

TEST_CASE("a feed file on disk names its pictures as paths beside it") {
    std::string origin = test::data_path("feeds/local.xml").string();
    std::string folder = test::data_path("feeds").string();
    std::string data = test::data_path("").lexically_normal().string();
    auto items = parse_rss(fixture("local.xml"), FeedOptions{ItemKind::report, origin, 600});
    REQUIRE(items);
    Item poster;
    poster.id = "notice-1";
    poster.title = "Poster: caravan send-off";
    poster.text = "Meet at the town square.";
    poster.image = folder + "/pictures/caravan send-off.jpg";  // %20 decoded; a relative link is dropped
    Item fund;
    fund.id = "notice-2";
    fund.title = "Poster: the strike fund";
    fund.link = "https://strikefund.example.org/appeal";
    fund.image = data + "posters/fund.png";
    Item outside;
    outside.id = "notice-3";
    outside.title = "No picture from outside the folder's files";
    outside.image = "https://strikefund.example.org/fund.jpg";
    check_items(*items, {poster, fund, outside});
}

TEST_CASE("external entities are never loaded") {
    auto items = parse_fixture("external_entity.xml", ItemKind::report, "https://handstogether.example.org/feed/");
    REQUIRE(items);
    REQUIRE(items->size() == 1);
    CHECK((*items)[0].title == "News from Hands Together[]");
    CHECK((*items)[0].text == "Nothing from the disk:");
}

TEST_CASE("an empty channel is zero items, not an error") {
    auto items = parse_fixture("empty_channel.xml", ItemKind::report, "https://handstogether.example.org/feed/");
    REQUIRE(items);
    CHECK(items->empty());
}

TEST_CASE("documents that are not RSS feeds give an error that says what they are") {
    const std::string origin = "https://handstogether.example.org/feed/";
    check_error("truncated.xml", origin + ":29:75", "the feed ends too early: CData section not finished",
                "the download was cut short or the site stopped writing the feed; it is fetched again at the next "
                "refresh");
    check_error("html_page.html", origin, "an HTML page, not an RSS feed", check_url);
    check_error("nginx_503.html", origin, "an HTML page, not an RSS feed", check_url);
    check_error("not_xml.json", origin,
                "not XML, so not an RSS feed: it begins \"{\"code\":\"rest_no_route\",\"message\":\"No…\"", check_url);
    check_error("atom.xml", origin, "an Atom feed, not an RSS feed",
                "write \"type\": \"atom\" for this source in the playlist, or point it at the site's RSS feed (on "
                "WordPress sites /feed/ rather than /feed/atom/)");
    check_error("opml.xml", origin, "an XML document with a <opml> root element, not an RSS feed", check_url);
}

TEST_CASE("small broken documents give the place where they break") {
    struct Case {
        std::string xml, where, what;
    };
    const Case cases[] = {
        {"", "feed.xml", "the document is empty, not an RSS feed"},
        {" \n ", "feed.xml", "the document is empty, not an RSS feed"},
        {"Service Unavailable", "feed.xml", "not XML, so not an RSS feed: it begins \"Service Unavailable\""},
        {"<rss><channel><item><title>x</title>\n<link>http://x</li", "feed.xml:2:19",
         "the feed ends too early: expected '>'"},
        {"<rss><channel>\n<item></channel></rss>", "feed.xml:2:17",
         "broken XML: Opening and ending tag mismatch: item line 2 and channel"},
        // Recovered, but its only item was broken.
        {"<rss><channel>\n<item><title>B\x01</title></item></channel></rss>", "feed.xml:2:15",
         "broken XML: PCDATA invalid Char value 1"},
        {"<html xmlns=\"http://www.w3.org/1999/xhtml\"><body/></html>", "feed.xml", "an HTML page, not an RSS feed"},
    };
    for (const auto& c : cases) {
        INFO(c.xml);
        auto items = parse_rss(c.xml, FeedOptions{ItemKind::report, "feed.xml", 600});
        REQUIRE_FALSE(items);
        CHECK(items.error().where == c.where);
        CHECK(items.error().what == c.what);
        CHECK_FALSE(items.error().hint.empty());
    }
}

TEST_CASE("parses on several threads report their own errors") {
    std::vector<std::string> wheres(8);
    std::vector<std::thread> threads;
    for (size_t i = 0; i < wheres.size(); ++i) {
        threads.emplace_back([&wheres, i] {
            std::string xml = "<rss><channel>" + std::string(i + 1, '\n') + "<item></channel></rss>";
            for (int round = 0; round < 20; ++round) {
                auto items = parse_rss(xml, FeedOptions{ItemKind::report, "feed" + std::to_string(i), 600});
                wheres[i] = items ? "parsed" : items.error().where;
            }
        });
    }
    for (auto& t : threads) t.join();
    for (size_t i = 0; i < wheres.size(); ++i) CHECK(wheres[i] == fmt::format("feed{}:{}:17", i, i + 2));
}

TEST_CASE("excerpts are cut to max_text_chars at a word boundary") {
    std::string xml =
        "<rss><channel><item><guid>1</guid><description>The caravan left at nine with twelve buses"
        "</description></item></channel></rss>";
    auto items = parse_rss(xml, FeedOptions{ItemKind::report, "", 25});
    REQUIRE(items);
    REQUIRE(items->size() == 1);
    CHECK((*items)[0].text == "The caravan left at nine…");
    CHECK(code_point_count((*items)[0].text) <= 25);
}

TEST_CASE("html_to_text reduces HTML to the text a screen shows") {
    struct Case {
        std::string html, text;
    };
    const Case cases[] = {
        {"", ""},
        {"plain words", "plain words"},
        {"  spaces\n\tand\r\nnewlines   collapse  ", "spaces and newlines collapse"},
        {"<p>One</p><p>Two</p>", "One\n\nTwo"},
        {"<p>Two<br>lines</p>", "Two\nlines"},
        {"a<br><br><br><br>b", "a\n\nb"},
        {"<div>one</div><div>two</div>", "one\ntwo"},
        {"<div><div><p>deep</p></div></div><div>next</div>", "deep\n\nnext"},
        {"<h2>Aims</h2><ul><li>Organise</li><li>Strike</li></ul>", "Aims\n\n• Organise\n• Strike"},
        {"<blockquote>Your fight is our fight</blockquote>signed", "Your fight is our fight\n\nsigned"},
        {"<table><tr><td>Date</td><td>Place</td></tr><tr><td>6 Nov</td><td>Hall</td></tr></table>",
         "Date Place\n6 Nov Hall"},
        {"Hello <script>alert('x')</script><style>p { color: red }</style><noscript>Enable JS</noscript>world",
         "Hello world"},
        {"<b>bold</b> and <em>em</em>phasis", "bold and emphasis"},
        {"workers&nbsp;&nbsp;control", "workers control"},
        {"&lt;b&gt; is a tag", "<b> is a tag"},
        {"Fish &amp; chips &#8211; &#x20AC;5 &hellip;", "Fish & chips – €5 …"},
        {"&amp;amp;", "&"},
        {"workers&amp;#8217; control", "workers’ control"},
        {"&amp;quot;Hasta la vista&amp;quot;", "\"Hasta la vista\""},
        {"AT&amp;T &amp;amp; co", "AT&T & co"},
        {"&amp;amp;amp;", "&amp;"},
        {"&amp;lt;b&amp;gt;", "<b>"},
        {"a < b and c > d", "a < b and c > d"},
        {"<!-- a comment -->visible", "visible"},
        {"unclosed <p>paragraph <b>bold", "unclosed\n\nparagraph bold"},
        {"The excerpt&#8230; <a href=\"/x\">Continue reading <span>“The title”</span> &#8594;</a>", "The excerpt…"},
        {"The excerpt. Continue reading →", "The excerpt."},
        {"The excerpt. Continue reading...", "The excerpt."},
        {"The excerpt.<p><a href=\"/x\">Read more</a></p>", "The excerpt."},
        {"The excerpt. <a>Read more ...</a>", "The excerpt."},
        {"The excerpt. <a>Read More &raquo;</a>", "The excerpt."},
        {"The excerpt [&hellip;]", "The excerpt"},
        {"The excerpt [...]", "The excerpt"},
        {"<p>Text.</p><p>The post <a>Picket</a> appeared first on <a>Hands Together</a>.</p>", "Text."},
        {"<p>Text&#8230; <a>Continue reading</a></p><p>The post <a>T</a> appeared first on <a>S</a>.</p>", "Text…"},
        {"Read more about the caravan on our site.", "Read more about the caravan on our site."},
        {"Please continue reading our bulletin every week", "Please continue reading our bulletin every week"},
        {"The excerpt. Continue Reading", "The excerpt."},
        {"bad \xff bytes \xc3", "bad \xEF\xBF\xBD bytes \xEF\xBF\xBD"},
        {"overlong \xc0\xaf and surrogate \xed\xa0\x80",
         "overlong \xEF\xBF\xBD\xEF\xBF\xBD and surrogate "
         "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},
        {"<p>caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x93\xa2</p>", "café — 📢"},
    };
    for (const auto& c : cases) {
        INFO(c.html);
        CHECK(html_to_text(c.html) == c.text);
    }
}

TEST_CASE("unescaped_html uncovers HTML escaped once too often, and leaves everything else") {
    struct Case {
        std::string html, unescaped, text;
    };
    const Case cases[] = {
        {"&lt;strong&gt;Bon voyage&lt;/strong&gt; to all &#038; sundry", "<strong>Bon voyage</strong> to all & sundry",
         "Bon voyage to all & sundry"},
        {"&lt;p&gt;One&lt;/p&gt;&lt;p&gt;Two&lt;br/&gt;lines&lt;/p&gt;", "<p>One</p><p>Two<br/>lines</p>",
         "One\n\nTwo\nlines"},
        {"&lt;a href=\"/x\"&gt;the appeal&lt;/a&gt;", "<a href=\"/x\">the appeal</a>", "the appeal"},
        // No element HTML knows: text about signs, kept as it is.
        {"a &lt; b and 3 &lt;5", "a &lt; b and 3 &lt;5", "a < b and 3 <5"},
        {"&lt;unknown&gt; tag", "&lt;unknown&gt; tag", "<unknown> tag"},
        {"Fish &amp; chips", "Fish &amp; chips", "Fish & chips"},
        // Markup of its own: the format's escaping is already undone.
        {"<p>&lt;b&gt; is a tag</p>", "<p>&lt;b&gt; is a tag</p>", "<b> is a tag"},
        {"plain words", "plain words", "plain words"},
        {"", "", ""},
    };
    for (const auto& c : cases) {
        INFO(c.html);
        CHECK(unescaped_html(c.html) == c.unescaped);
        CHECK(html_to_text(unescaped_html(c.html)) == c.text);
    }
}

TEST_CASE("html_to_text cuts long text at a word") {
    CHECK(html_to_text("<p>Solidarity with the occupied factories</p>", 20) == "Solidarity with the…");
    CHECK(html_to_text("<p>Solidarity</p>", 20) == "Solidarity");
}

TEST_CASE("cut_at_word keeps whole words and whole characters") {
    struct Case {
        std::string text;
        size_t max_chars;
        std::string cut;
    };
    const Case cases[] = {
        {"short", 10, "short"},
        {"exactly ten", 11, "exactly ten"},
        {"anything", 0, "anything"},
        {"one two three four", 12, "one two…"},
        {"one two three four", 9, "one two…"},
        {"one two three four", 8, "one two…"},
        {"one two, three", 10, "one two…"},
        {"Solidaritätsbewegung", 8, "Solidar…"},
        {"ÉÉÉÉÉÉ ÉÉÉ", 8, "ÉÉÉÉÉÉ…"},
        {"📢📢📢📢📢", 3, "📢📢…"},
        {"a b", 1, "…"},
        {"line one\nline two", 12, "line one…"},
    };
    for (const auto& c : cases) {
        INFO(c.text, " at ", c.max_chars);
        std::string cut = cut_at_word(c.text, c.max_chars);
        CHECK(cut == c.cut);
        if (c.max_chars > 0) CHECK(code_point_count(cut) <= c.max_chars);
        CHECK(valid_utf8(cut) == cut);
    }
}

TEST_CASE("first_image finds the first real img") {
    struct Case {
        std::string html, src;
    };
    const Case cases[] = {
        {"", ""},
        {"no pictures here", ""},
        {"<p>text</p><img src=\" /a.jpg \"><img src=\"/b.jpg\">", "/a.jpg"},
        {"<figure><img alt=\"no src\"><img src=\"data:image/gif;base64,R0lG\"><img src=\"c.png\"></figure>", "c.png"},
        {"<div><p><img src=\"https://x.example/wp-content/uploads/d.webp\" /></p></div>",
         "https://x.example/wp-content/uploads/d.webp"},
    };
    for (const auto& c : cases) {
        INFO(c.html);
        CHECK(first_image(c.html) == c.src);
    }
}

TEST_CASE("links and pictures resolve against the feed's address") {
    struct Case {
        std::string reference, origin, link, picture;
    };
    const std::string feed = "https://news.example.net/caravan/feed/";
    const Case cases[] = {
        {"/img/a.jpg", feed, "https://news.example.net/img/a.jpg", "https://news.example.net/img/a.jpg"},
        {"a b.jpg", feed, "https://news.example.net/caravan/feed/a%20b.jpg",
         "https://news.example.net/caravan/feed/a%20b.jpg"},
        {"../x.jpg", feed, "https://news.example.net/caravan/x.jpg", "https://news.example.net/caravan/x.jpg"},
        {"//cdn.example.net/x.jpg", feed, "https://cdn.example.net/x.jpg", "https://cdn.example.net/x.jpg"},
        {" http://other.example/p ", feed, "http://other.example/p", "http://other.example/p"},
        {"javascript:alert(1)", feed, "", ""},
        {"data:image/png;base64,AAAA", feed, "", ""},
        {"file:///etc/passwd", feed, "", ""},
        {"ftp://files.example/x.jpg", feed, "", ""},
        {"relative.jpg", "", "", ""},
        {"https://x.example/p", "", "https://x.example/p", "https://x.example/p"},
        {"pics/a%20b.jpg", "/srv/hall feeds/news.xml", "", "/srv/hall feeds/pics/a b.jpg"},
        {"../posters/./x.png?v=2#top", "/srv/feeds/news.xml", "", "/srv/posters/x.png"},
        {"/srv/posters/y.png", "/srv/feeds/news.xml", "", "/srv/posters/y.png"},
        {"//elsewhere/x.png", "/srv/feeds/news.xml", "", ""},
        {"file:///etc/passwd", "/srv/feeds/news.xml", "", ""},
    };
    for (const auto& c : cases) {
        INFO(c.reference, " against ", c.origin);
        CHECK(resolve_link(c.reference, c.origin) == c.link);
        CHECK(resolve_picture(c.reference, c.origin) == c.picture);
    }
}

TEST_CASE("every cut-off copy of a feed parses or names where it stopped") {
    const std::string xml = fixture("wordpress.xml");
    const std::string origin = "https://handstogether.example.org/feed/";
    size_t cut_short = 0, copies = 0;
    for (size_t length = 0; length < xml.size(); length += 23, ++copies) {
        INFO("first ", length, " bytes");
        auto items = parse_rss(std::string_view(xml).substr(0, length), FeedOptions{ItemKind::report, origin, 600});
        REQUIRE_FALSE(items);
        CHECK(items.error().where.starts_with(origin));
        if (items.error().what.starts_with("the feed ends too early")) ++cut_short;
    }
    // All but the empty one, which says it is empty.
    CHECK(cut_short == copies - 1);
}

TEST_CASE("html_to_text always returns valid UTF-8, whatever bytes come in") {
    const std::string pieces[] = {"<p>",      "</p>",        "<br>", "<li>",   "&amp;",       "&amp;#8217;",
                                  "&#xD800;", "&#0;",        "\xc3", "\xa9",   "\xff",        "\xe2\x80",
                                  "\xf0\x9f", " ",           "\n",   "word",   "<script>",    "Read more",
                                  "[…]",      "<img src=x>", "\x00", "&nbsp;", "\xed\xa0\x80"};
    std::mt19937 random(2026);
    std::uniform_int_distribution<size_t> pick(0, std::size(pieces) - 1);
    std::uniform_int_distribution<size_t> count(0, 40);
    for (int round = 0; round < 300; ++round) {
        std::string html;
        for (size_t n = count(random); n > 0; --n) html += pieces[pick(random)];
        std::string text = html_to_text(html, round % 2 ? 30 : 0);
        INFO(html);
        CHECK(valid_utf8(text) == text);
        if (round % 2) CHECK(code_point_count(text) <= 30);
    }
}

// ---- what real sites serve (tests/data/feeds/sites, made by make-fixtures.sh there) ----

namespace {

Result<std::vector<Item>> parse_site(const char* name, const std::string& content_type = "",
                                     const std::string& origin = "https://strikefund.example.org/feed/") {
    FeedOptions options{ItemKind::report, origin, 600};
    options.content_type = content_type;
    return parse_rss(fixture((std::string("sites/") + name).c_str()), options);
}

std::vector<Item> strike_fund_items() {
    Item appeal;
    appeal.id = "https://strikefund.example.org/appeal";
    appeal.title = "“Every €5 keeps the picket fed”";
    appeal.text = "The strikers’ kitchen needs €400 a week – don’t wait, give what you can…";
    appeal.link = "https://strikefund.example.org/appeal";
    appeal.published = utc("2026-10-03T10:00:00Z");
    Item cafe;
    cafe.id = "https://strikefund.example.org/cafe";
    cafe.title = "Café meeting — Thursday";
    cafe.text = "At the Café Müller, 7pm. ‘Bring a friend’.";
    cafe.link = "https://strikefund.example.org/cafe";
    cafe.published = utc("2026-10-05T09:00:00Z");
    return {appeal, cafe};
}

}  // namespace

TEST_CASE("Windows-1252 bytes keep their quotes, dashes and euro signs under ISO-8859-1, US-ASCII or no charset") {
    test::CapturedLog log;
    for (const char* name : {"cp1252-declared-latin1.xml", "cp1252-declared-ascii.xml", "cp1252-undeclared.xml"}) {
        INFO(name);
        auto items = parse_site(name);
        REQUIRE_MESSAGE(items, items.error().to_string());
        check_items(*items, strike_fund_items());
    }
    // Served as text/xml without a charset, and no encoding in its declaration either: not
    // UTF-8, so windows-1252, and said once.
    auto items = parse_site("cp1252-undeclared.xml", "text/xml");
    REQUIRE(items);
    check_items(*items, strike_fund_items());
    CHECK(log.count("https://strikefund.example.org/feed/: repaired not UTF-8 and no charset given: read as "
                    "windows-1252; nothing left out") == 1);
    // What declares its charset is no repair.
    CHECK(log.lines().size() == 1);
}

TEST_CASE("the HTTP charset wins over the XML declaration, unless it calls UTF-8 what is not") {
    // Declared UTF-8 in the document, ISO-8859-1 by the server (RFC 7303).
    auto items = parse_site("cp1252-declared-utf8.xml", "application/rss+xml; charset=\"iso-8859-1\"");
    REQUIRE(items);
    check_items(*items, strike_fund_items());
    // The same bytes without the header: UTF-8 as declared, each stray byte a U+FFFD.
    items = parse_site("cp1252-declared-utf8.xml");
    REQUIRE(items);
    CHECK((*items)[0].title == "\uFFFDEvery \uFFFD5 keeps the picket fed\uFFFD");
    // A server's default "charset=UTF-8" over a feed that declares ISO-8859-1 and is not UTF-8.
    test::CapturedLog log;
    items = parse_site("cp1252-declared-latin1.xml", "text/xml; charset=UTF-8");
    REQUIRE(items);
    check_items(*items, strike_fund_items());
    CHECK(
        log.contains("repaired not UTF-8 as its HTTP charset \"UTF-8\" says: read as windows-1252, as its XML "
                     "declaration says"));
}

TEST_CASE("a feed in UTF-16 with a byte order mark is read") {
    auto items = parse_site("utf16.xml", "application/rss+xml; charset=ISO-8859-1");
    REQUIRE_MESSAGE(items, items.error().to_string());
    check_items(*items, strike_fund_items());
}

TEST_CASE("charset labels mean what the WHATWG Encoding Standard says") {
    CHECK(whatwg_encoding("ISO-8859-1") == "windows-1252");
    CHECK(whatwg_encoding(" Latin1\t") == "windows-1252");
    CHECK(whatwg_encoding("us-ascii") == "windows-1252");
    CHECK(whatwg_encoding("ASCII") == "windows-1252");
    CHECK(whatwg_encoding("iso_8859-1:1987") == "windows-1252");
    CHECK(whatwg_encoding("iso-8859-9") == "windows-1254");
    CHECK(whatwg_encoding("tis-620") == "windows-874");
    CHECK(whatwg_encoding("utf8") == "UTF-8");
    CHECK(whatwg_encoding("gb2312") == "GBK");
    CHECK(whatwg_encoding("ks_c_5601-1987") == "EUC-KR");
    CHECK(whatwg_encoding("utf-16") == "UTF-16LE");
    CHECK_FALSE(whatwg_encoding("ebcdic-cp-us"));
    CHECK_FALSE(whatwg_encoding(""));
    CHECK_FALSE(whatwg_encoding("latin"));

    CHECK(charset_parameter("text/xml; charset=ISO-8859-1") == "ISO-8859-1");
    CHECK(charset_parameter("application/rss+xml;type=feed; Charset = \"windows-1252\"") == "windows-1252");
    CHECK(charset_parameter("text/xml") == "");
    CHECK(charset_parameter("") == "");

    // Decoded by ICU: the five bytes Windows leaves undefined are the C1 controls, as the
    // standard says, and Windows-1252 has no byte that fails.
    DecodedXml decoded = decode_xml("<a>\x80\x81\x93\x9d</a>", "text/xml; charset=latin1");
    CHECK(decoded.encoding == "windows-1252");
    CHECK(decoded.text == "<a>€\u0081“\u009d</a>");
    // A UTF-16 label on text that reads as ASCII: UTF-8.
    CHECK(decode_xml("<?xml version=\"1.0\" encoding=\"UTF-16\"?><a>é</a>", "").encoding == "UTF-8");
    // A label the standard does not know counts as none.
    CHECK(decode_xml("<?xml version=\"1.0\" encoding=\"ebcdic-cp-us\"?><a/>", "").encoding == "UTF-8");
}

TEST_CASE("HTML entities, a bare ampersand and a control character cost at most the broken item, said once") {
    test::CapturedLog log;
    const std::string origin = "https://comite.example.fr/feed/";
    Result<std::vector<Item>> items = Error{};
    for (int parse = 0; parse < 2; ++parse) items = parse_site("php-htmlentities.xml", "", origin);
    REQUIRE_MESSAGE(items, items.error().to_string());
    Item dockers;
    dockers.id = "https://comite.example.fr/dockers";
    dockers.title = "Solidarité avec les dockers";
    dockers.text = "Réunion publique jeudi : les délégués — venus du port — parleront à 19 h.";  // &nbsp; too
    dockers.link = "https://comite.example.fr/dockers";
    Item questions;
    questions.id = "https://comite.example.fr/qa";
    questions.title = "Q&A with the strikers";
    questions.text = "Bring your questions: the strikers answer them live.";
    questions.link = "https://comite.example.fr/qa";
    // The third holds a vertical tab, which XML 1.0 has no place for: it is left out.
    check_items(*items, {dockers, questions});
    const std::string line =
        "feeds: warning: https://comite.example.fr/feed/: repaired 10 HTML entities XML does not know (the first "
        "&eacute; at 9:15); a bare \"&\" at 12:9; broken XML at 19:39 (PCDATA invalid Char value 11); 1 of 3 "
        "entries left out";
    CHECK(log.lines() == std::vector<std::string>{line});
}

TEST_CASE("a blank line before the XML declaration, as a WordPress plugin prints it, is passed over") {
    test::CapturedLog log;
    const std::string origin = "http://hall.example/feed/";
    auto blank = parse_rss(test::read_file(test::data_path("wordpress/blank-line/feed.xml")),
                           FeedOptions{ItemKind::report, origin, 600});
    REQUIRE_MESSAGE(blank, blank.error().to_string());
    auto clean =
        parse_rss(test::read_file(test::data_path("wordpress/feed.xml")), FeedOptions{ItemKind::report, origin, 600});
    REQUIRE(clean);
    CHECK(blank->size() == 8);
    check_items(*blank, *clean);
    CHECK(log.lines() == std::vector<std::string>{"feeds: warning: http://hall.example/feed/: repaired a blank line "
                                                  "before the XML declaration; nothing left out"});

    // Byte order marks and spaces too, and lines and columns stay those of the feed.
    auto marks = parse_rss(
        "\xEF\xBB\xBF \n\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<rss><channel><item><title>A</title>"
        "</item></channel></rss>",
        FeedOptions{ItemKind::report, "feed.xml", 600});
    REQUIRE_MESSAGE(marks, marks.error().to_string());
    CHECK(marks->size() == 1);
    // A mark in UTF-8 before a declaration of another charset: the included file's.
    auto latin1 = parse_rss(
        "\n\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<rss><channel><item>"
        "<title>Caf\xE9 \x96 th\xE9</title></item></channel></rss>",
        FeedOptions{ItemKind::report, "feed.xml", 600});
    REQUIRE_MESSAGE(latin1, latin1.error().to_string());
    REQUIRE(latin1->size() == 1);
    CHECK((*latin1)[0].title == "Café – thé");
    auto broken = parse_rss("\n\n<?xml version=\"1.0\"?>\n<rss><channel></item></channel></rss>",
                            FeedOptions{ItemKind::report, "feed.xml", 600});
    CHECK((broken && broken->empty()));
    CHECK(log.contains("feed.xml: repaired a blank line before the XML declaration; broken XML at 4:22"));
}

TEST_CASE("a bare ampersand and content after the end of the feed are mended, as feed readers do") {
    test::CapturedLog log;
    auto items = parse_fixture("bare_ampersand.xml", ItemKind::report, "https://handstogether.example.org/feed/");
    REQUIRE(items);
    REQUIRE(items->size() == 1);
    CHECK((*items)[0].text == "Forty people & their drums");
    CHECK(log.contains("repaired a bare \"&\" at 7:33; nothing left out"));

    // PHP's warning printed after the feed.
    auto warned = parse_rss(fixture("wordpress.xml") +
                                "<br />\n<b>Warning</b>:  Undefined variable $x in <b>/srv/www/"
                                "feed.php</b> on line <b>12</b><br />\n",
                            FeedOptions{ItemKind::report, "https://handstogether.example.org/feed/", 600});
    REQUIRE(warned);
    CHECK(*warned == *parse_fixture("wordpress.xml", ItemKind::report, "https://handstogether.example.org/feed/"));
}

TEST_CASE("HTML entities a DTD would declare are read, though the DTD is not") {
    // RSS 0.91 names Netscape's DTD, which declares HTML's entities; it is never fetched.
    const std::string xml =
        "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"
        "<!DOCTYPE rss PUBLIC \"-//Netscape Communications//DTD RSS 0.91//EN\"\n"
        " \"http://my.netscape.com/publish/formats/rss-0.91.dtd\">\n"
        "<rss version=\"0.91\"><channel><title>t</title><item><title>Caf&eacute; &amp; th&eacute;</title>"
        "<link>https://example.org/cafe</link></item></channel></rss>";
    auto items = parse_rss(xml, FeedOptions{ItemKind::report, "feed.xml", 600});
    REQUIRE(items);
    REQUIRE(items->size() == 1);
    CHECK((*items)[0].title == "Café & thé");
}

TEST_CASE("RSS 2.0 in Userland's namespace is read as RSS, as the default namespace or with a prefix") {
    Item first;
    first.id = "http://scripting.example.com/2026/10/12#a1";
    first.title = "Solidarity with the dockers";
    first.text = "A message of support was read at the rally.";
    first.published = utc("2026-10-12T18:30:00Z");
    Item second;
    second.id = "http://scripting.example.com/2026/10/13#a2";
    second.title = "The fund reaches its target";
    second.text = "Four thousand pounds in six weeks.";
    second.published = utc("2026-10-13T08:00:00Z");
    for (const char* name : {"userland-default.xml", "userland-prefixed.xml"}) {
        INFO(name);
        auto items = parse_site(name, "", "http://scripting.example.com/rss.xml");
        REQUIRE_MESSAGE(items, items.error().to_string());
        check_items(*items, {first, second});
    }
}

TEST_CASE("a link whose host holds a %-escape that is no UTF-8 is no link") {
    // The fuzz finding, replayed by fuzz_replay_rss from tests/data/fuzz-regressions/rss.
    CHECK(resolve_link("https://solidar%dad.example.com/boletin/40", "") == "");
    CHECK(resolve_link("//solidar%dad.example.com/", "https://example.org/feed/") == "");
    // A host in UTF-8, escaped, is a host.
    CHECK(resolve_link("https://solidar%C3%ADad.example.com/", "") == "https://solidar\u00edad.example.com/");
    auto items = parse_rss(test::read_file(test::data_path("fuzz-regressions/rss/percent-escape-not-utf8-in-host.xml")),
                           FeedOptions{ItemKind::report, "https://solidaridad.example.com/feed/", 600});
    REQUIRE(items);
    REQUIRE(items->size() == 1);
    CHECK((*items)[0].link == "");
    CHECK(valid_utf8((*items)[0].id) == (*items)[0].id);
}
