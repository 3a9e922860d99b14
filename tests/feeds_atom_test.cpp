#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "feeds/atom.hpp"
#include "feeds/rss.hpp"
#include "support/hall_example.hpp"
#include "support/test_support.hpp"
#include "util/hash.hpp"

using namespace placard;
using namespace placard::feeds;
using test::check_items;
using test::utc;

namespace {

const std::string atom_url = "http://hall.example/feed/atom/";

std::string wordpress_file(const char* name) {
    return test::read_file(test::data_path(std::string("wordpress/") + name));
}

Result<std::vector<Item>> atom(const std::string& xml, const std::string& origin = "feed.atom",
                               ItemKind kind = ItemKind::report) {
    return parse_atom(xml, FeedOptions{kind, origin, 600});
}

const std::string check_url =
    "check the source's url in the playlist; it should point at the site's Atom feed (on WordPress sites "
    "/feed/atom/)";
const std::string truncated_hint =
    "the download was cut short or the site stopped writing the feed; it is fetched again at the next refresh";
const std::string broken_hint =
    "the site's feed is broken at that place; it is read again at the next refresh, meanwhile the cached items stay";

}  // namespace

TEST_CASE("WordPress's Atom feed yields its posts with excerpts, authors, categories and pictures") {
    auto items = atom(wordpress_file("atom.xml"), atom_url);
    REQUIRE(items);
    test::HallExamplePosts site;
    // WordPress puts no featured image in its feeds: pictures come from the content.
    // The block editor's <img> names the "large" size; the srcset beside it is not read.
    site.film_night.image = "http://hall.example/wp-content/uploads/2026/10/film-night-1024x683.jpg";
    site.consulate.image = "http://hall.example/wp-content/uploads/2026/09/consulate-banner-1024x576.jpg";
    check_items(*items, site.all());
}

TEST_CASE("one WordPress site's RSS and Atom feeds give the same items") {
    auto from_atom = atom(wordpress_file("atom.xml"), "http://hall.example/feed/atom/");
    auto from_rss = parse_rss(wordpress_file("feed.xml"), FeedOptions{ItemKind::report, "http://hall.example/feed/"});
    REQUIRE(from_atom);
    REQUIRE(from_rss);
    REQUIRE(from_atom->size() == 8);
    check_items(*from_atom, *from_rss);
}

TEST_CASE("an Atom feed's items are of the kind asked for, and Atom holds no events") {
    auto messages = atom(wordpress_file("atom.xml"), atom_url, ItemKind::message);
    REQUIRE(messages);
    REQUIRE(messages->size() == 8);
    for (const auto& item : *messages) CHECK(item.kind == ItemKind::message);
    auto events = atom(wordpress_file("atom.xml"), atom_url, ItemKind::event);
    REQUIRE(events);
    CHECK(events->empty());
}

TEST_CASE("the small Atom feed of the RSS tests gives its one entry") {
    auto items =
        atom(test::read_file(test::data_path("feeds/atom.xml")), "https://handstogether.example.org/feed/atom/");
    REQUIRE(items);
    Item screening;
    screening.id = "https://handstogether.example.org/?p=1412";
    screening.title = "Screening in Surabaya: the workers who kept the looms running";
    screening.text = "Thirty people came to the union hall in Surabaya.";
    screening.link = "https://handstogether.example.org/2026/10/screening-in-surabaya/";
    screening.author = "Dewi Hartono";
    screening.published = utc("2026-10-18T19:30:00Z");
    check_items(*items, {screening});
}

TEST_CASE("Atom's text constructs, xml:base, links, authors and pictures are read as RFC 4287 says") {
    const std::string xml = R"(<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/"
      xml:base="https://strikefund.example.org/news/">
  <title>Strike fund news</title>
  <author><name>Strike fund committee</name></author>
  <entry xml:base="2026/">
    <title type="text">Tea &amp; cake: 3 &lt; 4 kinds</title>
    <link href="tea-and-cake.html"/>
    <link rel="alternate" type="application/pdf" href="/leaflet.pdf"/>
    <id> tag:strikefund.example.org,2026:tea </id>
    <updated>2026-11-02T15:00:00+01:00</updated>
    <content type="xhtml" xml:base="/pictures/"><div xmlns="http://www.w3.org/1999/xhtml"><p>Cakes for the
      <b>strike fund</b>.</p><p><img src="cakes.jpg" alt=""/>Raised £90.</p></div></content>
    <category term="fund" label="Strike fund"/>
    <category term="events"/>
    <category term="fund" label="Strike fund"/>
  </entry>
  <entry>
    <title type="html">&lt;b&gt;Picket&lt;/b&gt; at the depot &amp;amp; the gates</title>
    <link rel="enclosure" type="image/jpeg" href="/uploads/depot.jpg"/>
    <link rel="alternate" href="https://strikefund.example.org/depot"/>
    <link rel="replies" type="text/html" href="https://strikefund.example.org/depot#comments"/>
    <id>tag:strikefund.example.org,2026:depot</id>
    <published>2026-10-30T07:00:00Z</published>
    <updated>2026-10-31T09:00:00Z</updated>
    <author><name>Lena Brandt</name></author>
    <author><name>Omar Said</name></author>
    <summary>Forty at the depot gates at dawn.</summary>
    <content type="html">&lt;p&gt;The long report&lt;img src="/uploads/inline.jpg"&gt;&lt;/p&gt;</content>
    <media:thumbnail url="https://cdn.example.org/depot-thumb.jpg"/>
  </entry>
  <entry>
    <title>Poster for Saturday</title>
    <link rel="alternate" type="application/pdf" href="poster.pdf"/>
    <link rel="enclosure" type="image/png" href="poster.png"/>
    <updated>2026-10-29T12:00:00Z</updated>
    <content type="text/html" src="https://strikefund.example.org/poster.html"/>
  </entry>
</feed>)";
    auto items = atom(xml, "https://strikefund.example.org/feed.atom");
    REQUIRE(items);

    // The entry's xml:base resolves against the feed's, the content's against the entry's.
    Item tea;
    tea.id = "tag:strikefund.example.org,2026:tea";
    tea.title = "Tea & cake: 3 < 4 kinds";
    tea.text = "Cakes for the strike fund.\n\nRaised £90.";
    tea.link = "https://strikefund.example.org/news/2026/tea-and-cake.html";  // no rel: an alternate link
    tea.image = "https://strikefund.example.org/pictures/cakes.jpg";
    tea.author = "Strike fund committee";  // the feed's author stands in
    tea.categories = {"Strike fund", "events"};
    tea.published = utc("2026-11-02T14:00:00Z");

    // The summary before the content; Media RSS before an enclosure or an <img>.
    Item depot;
    depot.id = "tag:strikefund.example.org,2026:depot";
    depot.title = "Picket at the depot & the gates";
    depot.text = "Forty at the depot gates at dawn.";
    depot.link = "https://strikefund.example.org/depot";
    depot.image = "https://cdn.example.org/depot-thumb.jpg";
    depot.author = "Lena Brandt, Omar Said";
    depot.published = utc("2026-10-30T07:00:00Z");  // published, not updated

    // No id: the link; the only alternate is a PDF, which is still the entry's page.
    // Content given by src holds no text.
    Item poster;
    poster.id = "https://strikefund.example.org/news/poster.pdf";
    poster.title = "Poster for Saturday";
    poster.link = "https://strikefund.example.org/news/poster.pdf";
    poster.image = "https://strikefund.example.org/news/poster.png";
    poster.author = "Strike fund committee";
    poster.published = utc("2026-10-29T12:00:00Z");
    check_items(*items, {tea, depot, poster});
}

TEST_CASE("an Atom entry without id or link is known by its title and date") {
    auto items = atom(R"(<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>Caravan update</title>
        <updated>2026-10-28T18:00:00Z</updated><summary type="html">&lt;p&gt;Day two.&lt;/p&gt;</summary></entry></feed>)");
    REQUIRE(items);
    REQUIRE(items->size() == 1);
    CHECK((*items)[0].id == sha256_hex("Caravan update2026-10-28T18:00:00Z"));
    CHECK((*items)[0].text == "Day two.");
    CHECK((*items)[0].link.empty());
}

TEST_CASE("an Atom entry document is one item") {
    auto items = atom(R"(<entry xmlns="http://www.w3.org/2005/Atom"><id>urn:uuid:1f6a</id>
        <title>Letter from the occupied mill</title><updated>2026-10-12T10:00:00Z</updated>
        <author><name>The spinners' committee</name></author><summary>Thank you all.</summary></entry>)",
                      "https://strikefund.example.org/letter.atom", ItemKind::message);
    REQUIRE(items);
    Item letter;
    letter.kind = ItemKind::message;
    letter.id = "urn:uuid:1f6a";
    letter.title = "Letter from the occupied mill";
    letter.text = "Thank you all.";
    letter.author = "The spinners' committee";
    letter.published = utc("2026-10-12T10:00:00Z");
    check_items(*items, {letter});
}

TEST_CASE("pictures of an Atom feed read from disk are files beside it") {
    auto items = atom(R"(<feed xmlns="http://www.w3.org/2005/Atom">
        <entry><id>1</id><title>Poster</title><link rel="enclosure" type="image/jpeg" href="posters/rally.jpg"/></entry>
        <entry><id>2</id><title>Banner</title><content type="html">&lt;img src="../banner.png"&gt;</content></entry>
        <entry><id>3</id><title>Elsewhere</title><link rel="enclosure" type="image/jpeg" href="file:///etc/x.jpg"/>
        </entry></feed>)",
                      "/srv/placard/feeds/news.atom");
    REQUIRE(items);
    REQUIRE(items->size() == 3);
    CHECK((*items)[0].image == "/srv/placard/feeds/posters/rally.jpg");
    CHECK((*items)[1].image == "/srv/placard/banner.png");
    CHECK((*items)[2].image.empty());
}

TEST_CASE("broken and truncated Atom feeds give the place where they break") {
    const std::string feed = wordpress_file("atom.xml");
    struct Case {
        std::string xml, where, what, hint;
    };
    const Case cases[] = {
        // Cut inside the last entry's summary, and inside a tag.
        {feed.substr(0, feed.find("kept us across the road")), atom_url + ":234:211",
         "the feed ends too early: CData section not finished", truncated_hint},
        {feed.substr(0, feed.find("<published>2026-10-13") + 5), atom_url + ":110:8",
         "the feed ends too early: Couldn't find end of Start Tag publ line 110", truncated_hint},
        // Recovered, but the broken entry was the only one.
        {"<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<entry><title>A</titel></entry></feed>", atom_url + ":2:24",
         "broken XML: Opening and ending tag mismatch: title line 2 and titel", broken_hint},
        {"", atom_url, "the document is empty, not an Atom feed", check_url},
        {"Service Unavailable", atom_url, "not XML, so not an Atom feed: it begins \"Service Unavailable\"", check_url},
        {wordpress_file("front-page.html"), atom_url, "an HTML page, not an Atom feed", check_url},
        {wordpress_file("posts-page1.json"), atom_url,
         "not XML, so not an Atom feed: it begins \"[{\"id\":16,\"date\":\"2026-11-10T16:40:00\"…\"", check_url},
        {test::read_file(test::data_path("feeds/opml.xml")), atom_url,
         "an XML document with a <opml> root element, not an Atom feed", check_url},
        {"<feed><entry/></feed>", atom_url, "an XML document with a <feed> root element, not an Atom feed", check_url},
    };
    for (const auto& c : cases) {
        INFO(c.what);
        auto items = atom(c.xml, atom_url);
        REQUIRE_FALSE(items);
        CHECK(items.error().where == c.where);
        CHECK(items.error().what == c.what);
        CHECK(items.error().hint == c.hint);
    }
}

TEST_CASE("an Atom feed broken outside its entries keeps them all, and one broken inside loses that entry") {
    test::CapturedLog log;
    const std::string feed = wordpress_file("atom.xml");
    auto whole = atom(feed, atom_url);
    REQUIRE(whole);
    // The feed's own title: no entry is lost.
    const size_t title = feed.find("</title>");
    auto recovered = atom(feed.substr(0, title) + "</titel>" + feed.substr(title + 8), atom_url);
    REQUIRE(recovered);
    CHECK(*recovered == *whole);
    CHECK(
        log.contains("http://hall.example/feed/atom/: repaired broken XML at 6:51 (Opening and ending tag mismatch: "
                     "title line 6 and titel); nothing left out"));
    // The third entry's title: that entry alone.
    size_t third = feed.find("<entry>");
    for (int i = 0; i < 2; ++i) third = feed.find("<entry>", third + 1);
    const size_t its_title = feed.find("</title>", third);
    auto lost_one = atom(feed.substr(0, its_title) + "</titel>" + feed.substr(its_title + 8), atom_url);
    REQUIRE(lost_one);
    std::vector<Item> expected = *whole;
    expected.erase(expected.begin() + 2);
    check_items(*lost_one, expected);
    CHECK(log.contains("1 of 8 entries left out"));
}

TEST_CASE("a password-protected WordPress post is left out of the Atom feed") {
    // The real site of tests/data/wordpress with one post behind a password, its newest.
    auto items = atom(wordpress_file("protected/atom.xml"), atom_url);
    REQUIRE(items);
    check_items(*items, *atom(wordpress_file("atom.xml"), atom_url));
}

TEST_CASE("an RSS feed read as Atom, or an Atom feed read as RSS, says which type to write") {
    auto rss_as_atom = atom(wordpress_file("feed.xml"), "http://hall.example/feed/");
    REQUIRE_FALSE(rss_as_atom);
    CHECK(rss_as_atom.error() == Error{"http://hall.example/feed/", "an RSS feed, not an Atom feed",
                                       "write \"type\": \"rss\" for this source in the playlist"});
    auto userland_as_atom = atom(test::read_file(test::data_path("feeds/sites/userland-default.xml")), "rss.xml");
    REQUIRE_FALSE(userland_as_atom);
    CHECK(userland_as_atom.error().what == "an RSS feed, not an Atom feed");
    auto rdf_as_atom = atom(test::read_file(test::data_path("feeds/rdf.xml")), "rdf.xml");
    REQUIRE_FALSE(rdf_as_atom);
    CHECK(rdf_as_atom.error().what == "an RSS feed, not an Atom feed");

    auto atom_as_rss = parse_rss(wordpress_file("atom.xml"), FeedOptions{ItemKind::report, atom_url});
    REQUIRE_FALSE(atom_as_rss);
    CHECK(atom_as_rss.error() ==
          Error{atom_url, "an Atom feed, not an RSS feed",
                "write \"type\": \"atom\" for this source in the playlist, or point it at the site's RSS feed (on "
                "WordPress sites /feed/ rather than /feed/atom/)"});
}
