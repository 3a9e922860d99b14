// The table of source drivers: each source type has its driver, and the drivers plan the
// feeds their sources are fetched as. What they fetch is content_test's (on a real server).
#include <doctest/doctest.h>

#include <set>
#include <string>

#include "content/source_driver.hpp"
#include "feeds/wordpress.hpp"

using namespace placard;
using content::driver_for;
using feeds::ItemKind;

namespace {

constexpr config::SourceType all_types[] = {config::SourceType::rss,       config::SourceType::atom,
                                            config::SourceType::jsonfeed,  config::SourceType::ical,
                                            config::SourceType::wordpress, config::SourceType::folder};

config::Source source_of(config::SourceType type, std::string url) {
    config::Source s;
    s.name = "news";
    s.type = type;
    s.url = std::move(url);
    return s;
}

int three(ItemKind) {
    return 3;
}

}  // namespace

TEST_CASE("each source type has its row in the table of drivers") {
    std::set<const content::SourceDriver*> drivers;
    for (auto type : all_types) drivers.insert(&driver_for(type));
    // rss, atom and jsonfeed are one driver each (their parsers differ); ical, wordpress and
    // folder have theirs.
    CHECK(drivers.size() == 6);
    CHECK(&driver_for(config::SourceType::ical) == &content::calendar_driver());
    CHECK(&driver_for(config::SourceType::wordpress) == &content::wordpress_driver());
    CHECK(&driver_for(config::SourceType::folder) == &content::folder_driver());
}

TEST_CASE(
    "a feed or a calendar is one feed at its address, and a folder gives pictures and clips whatever its slides are") {
    for (auto type : {config::SourceType::rss, config::SourceType::ical}) {
        const auto& driver = driver_for(type);
        auto source = source_of(type, "https://example.org/feed/");
        auto kinds = driver.kinds({ItemKind::event, ItemKind::image});
        CHECK(kinds == std::set<ItemKind>{ItemKind::event});
        CHECK(driver.kinds({}) == std::set<ItemKind>{ItemKind::report});  // no slide says: reports
        auto plans = driver.plan(source, kinds, three);
        REQUIRE(plans.size() == 1);
        CHECK(plans[0].url == source.url);
        CHECK(plans[0].key == content::location_key(source));
        CHECK(driver.keeps_body());
    }
    // A calendar's occurrences are worked out again from its cached body at every start.
    CHECK(driver_for(config::SourceType::ical).parses_again_at_start());
    CHECK_FALSE(driver_for(config::SourceType::rss).parses_again_at_start());

    const auto& folder = driver_for(config::SourceType::folder);
    CHECK(folder.kinds({ItemKind::report}) == (std::set<ItemKind>{ItemKind::image, ItemKind::clip}));
    CHECK_FALSE(folder.keeps_body());
}

TEST_CASE("a WordPress site is fetched as a feed of posts and one of comments, a page the size its slides show") {
    const auto& driver = driver_for(config::SourceType::wordpress);
    auto source = source_of(config::SourceType::wordpress, "https://campaign.example.org");
    // No events from a WordPress site: the checker lets no events slide show one.
    auto kinds = driver.kinds({ItemKind::report, ItemKind::message, ItemKind::event});
    CHECK(kinds == std::set<ItemKind>{ItemKind::report, ItemKind::message});
    auto plans = driver.plan(source, kinds, [](ItemKind k) { return k == ItemKind::report ? 4 : 7; });
    REQUIRE(plans.size() == 2);
    CHECK(plans[0].kinds == std::set<ItemKind>{ItemKind::report});
    CHECK(plans[0].url == feeds::wordpress_posts_url(source.url, 4));
    CHECK(plans[1].kinds == std::set<ItemKind>{ItemKind::message});
    CHECK(plans[1].url == feeds::wordpress_comments_url(source.url, 7));
    CHECK(plans[0].key != plans[1].key);
    CHECK(plans[0].state);  // its site, filters and the pages of a fetch under way

    // The filters are part of what the posts are: another category is another feed.
    auto filtered = source;
    filtered.categories = {"Strike fund"};
    CHECK(driver.plan(filtered, kinds, three)[0].key != driver.plan(source, kinds, three)[0].key);
    CHECK_FALSE(driver.keeps_body());  // pages are parsed as they come
}
