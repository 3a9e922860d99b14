#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "kinds/kinds.hpp"
#include "schedule/schedule.hpp"
#include "support/test_support.hpp"
#include "util/time.hpp"

using namespace placard;
using namespace std::chrono_literals;
using schedule::SlideSpec;

namespace {

// Local wall time in London.
SysTime at(int y, int mo, int d, int h = 0, int mi = 0, int s = 0) {
    return from_local(test::london(), y, mo, d, h, mi, s);
}

SysTime utc(int y, int mo, int d, int h = 0, int mi = 0) {
    return SysTime(std::chrono::sys_days(std::chrono::year(y) / mo / d)) + std::chrono::hours(h) +
           std::chrono::minutes(mi);
}

config::HourRange hours(int h1, int m1, int h2, int m2) {
    return {h1 * 60 + m1, h2 * 60 + m2};
}

config::Slide slide(const config::SlideKind* type, std::string source = {}) {
    config::Slide s;
    s.kind = type;
    s.source = std::move(source);
    return s;
}

config::Source source(std::string name, std::string url, config::SourceType type = config::SourceType::rss,
                      std::optional<std::chrono::seconds> max_age = {}) {
    config::Source s;
    s.name = std::move(name);
    s.type = type;
    s.url = std::move(url);
    s.max_age = max_age;
    return s;
}

feeds::Item report(std::string id, std::optional<SysTime> published, std::string image = {}) {
    feeds::Item item;
    item.kind = feeds::ItemKind::report;
    item.id = id;
    item.title = "Report " + id;
    item.text = "Text of " + id;
    item.link = "https://example.org/" + id + "/";
    item.author = "Ana";
    item.image = std::move(image);
    item.published = published;
    return item;
}

feeds::Item event(std::string id, SysTime starts, std::optional<SysTime> ends, bool all_day = false) {
    feeds::Item item;
    item.kind = feeds::ItemKind::event;
    item.id = id;
    item.title = "Event " + id;
    item.place = "Trades Hall";
    item.starts = starts;
    item.ends = ends;
    item.all_day = all_day;
    return item;
}

std::vector<std::string> ids(const std::vector<SlideSpec>& slides) {
    std::vector<std::string> out;
    for (const auto& s : slides) out.push_back(s.id);
    return out;
}

SlideSpec timed(SysTime starts, std::optional<SysTime> ends = std::nullopt) {
    SlideSpec s;
    s.kind = &kinds::events;
    s.starts = starts;
    s.ends = ends;
    return s;
}

SlideSpec all_day(SysTime starts, std::optional<SysTime> ends = std::nullopt) {
    SlideSpec s = timed(starts, ends);
    s.all_day = true;
    return s;
}

}  // namespace

TEST_CASE("a when allows days, hours, wrapping ranges and from/until by local time") {
    config::When weekend_evening;
    weekend_evening.days = {5, 6};  // Friday, Saturday
    weekend_evening.hours = {hours(18, 0, 23, 0)};
    config::When night;
    night.hours = {hours(22, 0, 2, 0)};
    config::When night_on_friday = night;
    night_on_friday.days = {5};
    config::When two_ranges;
    two_ranges.hours = {hours(8, 0, 9, 0), hours(17, 30, 18, 0)};
    config::When december;
    december.from = at(2026, 12, 1);
    december.until = at(2026, 12, 8);

    struct Case {
        const config::When* when;
        SysTime now;
        bool allowed;
    };
    // 4 December 2026 is a Friday.
    const Case cases[] = {
        {&weekend_evening, at(2026, 12, 4, 18, 0), true},  // from inclusive
        {&weekend_evening, at(2026, 12, 4, 17, 59, 59), false},
        {&weekend_evening, at(2026, 12, 4, 22, 59, 59), true},
        {&weekend_evening, at(2026, 12, 4, 23, 0), false},  // until exclusive
        {&weekend_evening, at(2026, 12, 5, 20, 0), true},   // Saturday
        {&weekend_evening, at(2026, 12, 6, 20, 0), false},  // Sunday
        {&night, at(2026, 12, 4, 21, 59), false},
        {&night, at(2026, 12, 4, 22, 0), true},
        {&night, at(2026, 12, 5, 0, 0), true},
        {&night, at(2026, 12, 5, 1, 59, 59), true},
        {&night, at(2026, 12, 5, 2, 0), false},
        // Hours past midnight belong to the evening they start on: Saturday 01:00 is
        // "Friday night", Friday 01:00 is Thursday's.
        {&night_on_friday, at(2026, 12, 4, 23, 0), true},
        {&night_on_friday, at(2026, 12, 4, 1, 0), false},
        {&night_on_friday, at(2026, 12, 5, 1, 0), true},
        {&night_on_friday, at(2026, 12, 5, 2, 0), false},
        {&night_on_friday, at(2026, 12, 5, 23, 0), false},
        {&two_ranges, at(2026, 12, 4, 8, 30), true},
        {&two_ranges, at(2026, 12, 4, 12, 0), false},
        {&two_ranges, at(2026, 12, 4, 17, 45), true},
        {&december, at(2026, 11, 30, 23, 59, 59), false},
        {&december, at(2026, 12, 1), true},
        {&december, at(2026, 12, 7, 23, 59, 59), true},
        {&december, at(2026, 12, 8), false},
    };
    for (const auto& c : cases) {
        CAPTURE(format_iso8601_utc(c.now));
        CHECK(schedule::allows(*c.when, c.now, test::london()) == c.allowed);
    }
}

TEST_CASE("the screen's hours: on within any span, per weekday, past midnight, and when it next changes") {
    config::Display always;
    CHECK(schedule::screen_on(always, at(2026, 12, 4, 3, 0)));
    CHECK_FALSE(schedule::screen_changes_at(always, at(2026, 12, 4, 3, 0)));

    // Weekdays 07:00-23:30; Saturday 10:00 to 01:00 the next morning; Sunday off.
    config::Display hall;
    config::When weekdays;
    weekdays.days = {1, 2, 3, 4, 5};
    weekdays.hours = {hours(7, 0, 23, 30)};
    config::When saturday;
    saturday.days = {6};
    saturday.hours = {hours(10, 0, 1, 0)};
    hall.hours = {weekdays, saturday};
    struct Case {
        SysTime now;
        bool on;
        SysTime changes;
    };
    // 4 December 2026 is a Friday.
    const Case cases[] = {
        {at(2026, 12, 4, 6, 59, 59), false, at(2026, 12, 4, 7, 0)},
        {at(2026, 12, 4, 7, 0), true, at(2026, 12, 4, 23, 30)},
        {at(2026, 12, 4, 23, 29, 59), true, at(2026, 12, 4, 23, 30)},
        {at(2026, 12, 4, 23, 30), false, at(2026, 12, 5, 10, 0)},
        {at(2026, 12, 5, 10, 0), true, at(2026, 12, 6, 1, 0)},
        {at(2026, 12, 6, 0, 30), true, at(2026, 12, 6, 1, 0)},  // Saturday night, on Sunday
        {at(2026, 12, 6, 1, 0), false, at(2026, 12, 7, 7, 0)},  // all Sunday off
        {at(2026, 12, 6, 12, 0), false, at(2026, 12, 7, 7, 0)},
    };
    for (const auto& c : cases) {
        CAPTURE(format_iso8601_utc(c.now));
        CHECK(schedule::screen_on(hall, c.now) == c.on);
        const auto changes = schedule::screen_changes_at(hall, c.now);
        REQUIRE(changes);
        CHECK(format_iso8601_utc(*changes) == format_iso8601_utc(c.changes));
    }
    // On the night the clocks go back (25 October 2026) 23:30 is still 23:30 local time.
    config::Display every_day;
    every_day.hours = {config::When{{}, {hours(7, 0, 23, 30)}, {}, {}}};
    CHECK(format_iso8601_utc(*schedule::screen_changes_at(every_day, at(2026, 10, 25, 12, 0))) ==
          format_iso8601_utc(at(2026, 10, 25, 23, 30)));
    CHECK(format_iso8601_utc(at(2026, 10, 25, 23, 30)) == "2026-10-25T23:30:00Z");  // GMT again
}

TEST_CASE("hours follow the wall clock on the days London changes to and from summer time") {
    config::When office;
    office.hours = {hours(9, 0, 17, 0)};
    config::When small_hours;
    small_hours.hours = {hours(1, 0, 2, 0)};
    struct Case {
        const config::When* when;
        SysTime now;
        bool allowed;
    };
    const Case cases[] = {
        // 29 March 2026: 01:00 GMT becomes 02:00 BST. 09:00 local is 08:00 UTC.
        {&office, utc(2026, 3, 29, 7, 59), false},
        {&office, utc(2026, 3, 29, 8, 0), true},
        {&office, utc(2026, 3, 29, 15, 59), true},
        {&office, utc(2026, 3, 29, 16, 0), false},
        {&small_hours, utc(2026, 3, 29, 0, 59), false},  // 00:59 GMT
        {&small_hours, utc(2026, 3, 29, 1, 0), false},   // 02:00 BST: the hour 01:00-02:00 never happened
        // 25 October 2026: 02:00 BST becomes 01:00 GMT, so 01:00-02:00 local happens twice.
        {&small_hours, utc(2026, 10, 25, 0, 0), true},  // 01:00 BST
        {&small_hours, utc(2026, 10, 25, 0, 59), true},
        {&small_hours, utc(2026, 10, 25, 1, 0), true},  // 01:00 GMT
        {&small_hours, utc(2026, 10, 25, 1, 59), true},
        {&small_hours, utc(2026, 10, 25, 2, 0), false},  // 02:00 GMT
        {&office, utc(2026, 10, 25, 8, 59), false},
        {&office, utc(2026, 10, 25, 9, 0), true},  // 09:00 GMT
    };
    for (const auto& c : cases) {
        CAPTURE(format_iso8601_utc(c.now));
        CHECK(schedule::allows(*c.when, c.now, test::london()) == c.allowed);
    }
}

TEST_CASE("a when is read in the zone it is given, as in Caracas") {
    const Zone caracas = test::zone("America/Caracas");  // UTC-4 all year
    config::When evening;
    evening.days = {5};
    evening.hours = {hours(18, 0, 23, 0)};
    CHECK(schedule::allows(evening, utc(2026, 12, 4, 22, 0), caracas));  // Friday 18:00 in Caracas
    CHECK_FALSE(schedule::allows(evening, utc(2026, 12, 4, 21, 59), caracas));
    CHECK(schedule::allows(evening, utc(2026, 12, 5, 2, 59), caracas));  // Friday 22:59, Saturday in UTC
    CHECK_FALSE(schedule::allows(evening, utc(2026, 12, 5, 3, 0), caracas));
}

TEST_CASE("a build in Caracas ends an all-day event at Caracas midnight") {
    const Zone caracas = test::zone("America/Caracas");
    config::Playlist playlist;
    playlist.display.zone = caracas;
    playlist.slides = {slide(&kinds::events, "events")};
    content::Snapshot snapshot;
    snapshot.sources["events"].items.push_back(
        event("fair", from_local(caracas, 2026, 12, 4), from_local(caracas, 2026, 12, 5), true));
    CHECK(schedule::build(playlist, snapshot, utc(2026, 12, 5, 3, 59)).size() == 1);  // 23:59 in Caracas
    CHECK(schedule::build(playlist, snapshot, utc(2026, 12, 5, 4, 0)).empty());
    CHECK(schedule::build(playlist, snapshot, utc(2026, 12, 4, 4, 0)).size() == 1);
}

TEST_CASE("text and donate slides come out in playlist order, gated by their when") {
    config::Playlist playlist;
    auto aims = slide(&kinds::text);
    aims.title = "Our aims";
    aims.body = "We campaign for";
    aims.bullets = {"Solidarity with workers' control", "An end to the blockade"};
    auto donate = slide(&kinds::donate);
    donate.title = "Make a donation!";
    donate.body = "Every pound pays for the caravan.";
    donate.url = "https://example.org/donate";
    donate.when = config::When{};
    donate.when->days = {5, 6};
    playlist.slides = {aims, donate};
    content::Snapshot snapshot;

    auto friday = schedule::build(playlist, snapshot, at(2026, 12, 4, 12, 0));
    REQUIRE(friday.size() == 2);
    CHECK(friday[0].kind == &kinds::text);
    CHECK(friday[0].id == "0");
    CHECK(friday[0].playlist_index == 0);
    CHECK(friday[0].title == "Our aims");
    CHECK(friday[0].text == "We campaign for");
    CHECK(friday[0].bullets == aims.bullets);
    CHECK(friday[0].qr.empty());
    CHECK(friday[1].kind == &kinds::donate);
    CHECK(friday[1].id == "1");
    CHECK(friday[1].playlist_index == 1);
    CHECK(friday[1].text == "Every pound pays for the caravan.");
    CHECK(friday[1].qr == "https://example.org/donate");
    CHECK(friday[1].link == "https://example.org/donate");

    auto monday = schedule::build(playlist, snapshot, at(2026, 12, 7, 12, 0));
    CHECK(ids(monday) == std::vector<std::string>{"0"});
}

TEST_CASE("image slides wait until their picture is prepared") {
    config::Playlist playlist;
    auto poster = slide(&kinds::image);
    poster.file = "/srv/placard/posters/screening.jpg";
    poster.fit = config::Fit::contain;
    auto photos = slide(&kinds::image, "photos");
    photos.count = 2;
    auto all_photos = slide(&kinds::image, "photos");
    all_photos.count = 0;
    playlist.slides = {poster, photos, all_photos};
    playlist.sources["photos"] = source("photos", "", config::SourceType::folder);

    content::Snapshot snapshot;
    for (const char* name : {"a", "b", "c", "d"}) {
        feeds::Item item;
        item.kind = feeds::ItemKind::image;
        item.id = name;
        item.title = name;
        item.image = std::string("/srv/photos/") + name + ".jpg";
        snapshot.sources["photos"].items.push_back(item);
    }
    SysTime now = at(2026, 12, 4, 12, 0);
    CHECK(schedule::build(playlist, snapshot, now).empty());

    snapshot.images["/srv/placard/posters/screening.jpg"] = {"/cache/p1.png", 1920, 1080};
    snapshot.images["/srv/photos/b.jpg"] = {"/cache/b.png", 1920, 1080};
    snapshot.images["/srv/photos/c.jpg"] = {"/cache/c.png", 1920, 1080};
    snapshot.images["/srv/photos/d.jpg"] = {"/cache/d.png", 1920, 1080};
    auto slides = schedule::build(playlist, snapshot, now);
    CHECK(ids(slides) == std::vector<std::string>{"0", "1:b", "1:c", "2:b", "2:c", "2:d"});
    CHECK(slides[0].kind == &kinds::image);
    CHECK(slides[0].image == "/cache/p1.png");
    CHECK(slides[0].fit == config::Fit::contain);
    CHECK(slides[1].image == "/cache/b.png");
    CHECK(slides[1].source == "photos");
}

TEST_CASE("reports: the newest first, undated last, at most count, picture and QR when there") {
    config::Playlist playlist;
    auto news = slide(&kinds::reports, "news");
    news.count = 3;
    news.qr = true;
    auto plain = slide(&kinds::reports, "news");
    plain.count = 5;
    playlist.slides = {news, plain};
    playlist.sources["news"] = source("news", "https://example.org/feed/");

    content::Snapshot snapshot;
    auto& items = snapshot.sources["news"].items;
    items.push_back(report("undated", std::nullopt));
    items.push_back(report("oct05", at(2009, 10, 5, 14, 0), "https://example.org/picket.jpg"));
    items.push_back(report("oct18", at(2009, 10, 18, 9, 0), "https://example.org/gresik.jpg"));
    items.push_back(report("sep29", at(2009, 9, 29, 20, 0)));
    items.back().link.clear();
    items.push_back(report("oct05", at(2009, 10, 5, 14, 0)));  // the same item twice in the feed
    snapshot.images["https://example.org/picket.jpg"] = {"/cache/picket.png", 800, 600};

    auto slides = schedule::build(playlist, snapshot, at(2009, 10, 20, 12, 0));
    CHECK(ids(slides) ==
          std::vector<std::string>{"0:oct18", "0:oct05", "0:sep29", "1:oct18", "1:oct05", "1:sep29", "1:undated"});
    REQUIRE(slides.size() == 7);
    const auto& oct18 = slides[0];
    CHECK(oct18.kind == &kinds::reports);
    CHECK(oct18.title == "Report oct18");
    CHECK(oct18.text == "Text of oct18");
    CHECK(oct18.author == "Ana");
    CHECK(oct18.published == at(2009, 10, 18, 9, 0));
    CHECK(oct18.link == "https://example.org/oct18/");
    CHECK(oct18.qr == "https://example.org/oct18/");
    CHECK(oct18.image.empty());  // its picture is not ready, the report is shown anyway
    CHECK(slides[1].image == "/cache/picket.png");
    CHECK(slides[2].qr.empty());  // no link, no QR code
    CHECK(slides[3].qr.empty());  // qr is off on the second slide
    CHECK(slides[3].link == "https://example.org/oct18/");
}

TEST_CASE("items past their source's max_age are dropped") {
    config::Playlist playlist;
    playlist.slides = {slide(&kinds::reports, "news"), slide(&kinds::events, "events")};
    playlist.slides[0].count = 10;
    playlist.slides[1].within = std::chrono::days(400);
    playlist.sources["news"] = source("news", "u", config::SourceType::rss, std::chrono::days(30));
    playlist.sources["events"] = source("events", "u", config::SourceType::rss, std::chrono::days(1));
    content::Snapshot snapshot;
    SysTime now = at(2026, 12, 4, 12, 0);
    auto& news = snapshot.sources["news"].items;
    news.push_back(report("fresh", now - std::chrono::days(29)));
    news.push_back(report("edge", now - std::chrono::days(30)));
    news.push_back(report("stale", now - std::chrono::days(30) - 1s));
    news.push_back(report("undated", std::nullopt));
    // Events are aged by their end: one that is still on is never too old.
    snapshot.sources["events"].items.push_back(event("long", now - std::chrono::days(10), now + 1h));
    auto slides = schedule::build(playlist, snapshot, now);
    CHECK(ids(slides) == std::vector<std::string>{"0:fresh", "0:edge", "0:undated", "1:long"});
}

TEST_CASE("the slides of a source past its stale_after carry when it was last fetched") {
    config::Playlist playlist;
    playlist.slides = {slide(&kinds::reports, "news"), slide(&kinds::messages, "letters"),
                       slide(&kinds::reports, "never")};
    playlist.slides[2].count = 1;
    playlist.sources["news"] = source("news", "u");
    playlist.sources["news"].stale_after = 6h;
    playlist.sources["letters"] = source("letters", "u");  // no stale_after: never marked
    playlist.sources["never"] = source("never", "u");
    playlist.sources["never"].stale_after = 6h;
    SysTime now = at(2026, 12, 4, 12, 0);
    content::Snapshot snapshot;
    snapshot.sources["news"].items = {report("a", now - std::chrono::days(2)), report("b", now - std::chrono::days(3))};
    snapshot.sources["news"].updated = now - 7h;
    feeds::Item letter;
    letter.kind = feeds::ItemKind::message;
    letter.id = "l";
    letter.text = "From the dockers of Genoa: we are with you.";
    snapshot.sources["letters"].items = {letter};
    snapshot.sources["letters"].updated = now - std::chrono::days(9);
    // Items that never came from a fetch (none recorded) say nothing about their age.
    snapshot.sources["never"].items = {report("c", now - std::chrono::days(1))};

    auto slides = schedule::build(playlist, snapshot, now);
    REQUIRE(ids(slides) == std::vector<std::string>{"0:a", "0:b", "1:l", "2:c"});
    CHECK(slides[0].stale_since == now - 7h);
    CHECK(slides[1].stale_since == now - 7h);
    CHECK_FALSE(slides[2].stale_since);
    CHECK_FALSE(slides[3].stale_since);
    CHECK(schedule::updated_ago(*slides[0].stale_since, now, "en") == "updated 7 h ago");

    // Exactly at stale_after it is not stale yet; a second later it is.
    snapshot.sources["news"].updated = now - 6h;
    CHECK_FALSE(schedule::build(playlist, snapshot, now)[0].stale_since);
    CHECK(schedule::build(playlist, snapshot, now + 1s)[0].stale_since == now - 6h);
}

TEST_CASE("how long ago a source was updated, in every language, rounded down") {
    SysTime now = at(2026, 12, 4, 12, 0);
    struct Case {
        std::chrono::seconds ago;
        const char* locale;
        const char* expected;
    };
    const Case cases[] = {
        {20s, "en", "updated 1 min ago"},
        {59min + 59s, "en", "updated 59 min ago"},
        {60min, "en", "updated 1 h ago"},
        {7h + 59min, "en", "updated 7 h ago"},
        {47h + 59min, "en", "updated 47 h ago"},
        {48h, "en", "updated 2 days ago"},
        {std::chrono::days(9) + 23h, "en", "updated 9 days ago"},
        {3h, "de", "aktualisiert vor 3 Std."},
        {std::chrono::days(3), "de", "aktualisiert vor 3 Tagen"},
        {45min, "es", "actualizado hace 45 min"},
        {3h, "fr-FR", "mis à jour il y a 3 h"},
        {3h, "pt", "updated 3 h ago"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.expected);
        CHECK(schedule::updated_ago(now - c.ago, now, c.locale) == c.expected);
    }
}

TEST_CASE("events: sorted by start, within the window, gone at the minute they end") {
    config::Playlist playlist;
    auto events = slide(&kinds::events, "events");
    events.count = 10;
    events.within = std::chrono::days(14);
    auto next_two = events;
    next_two.count = 2;
    playlist.slides = {events, next_two};
    content::Snapshot snapshot;
    auto& items = snapshot.sources["events"].items;
    items.push_back(event("far", at(2026, 12, 18, 12, 0), std::nullopt));  // exactly 14 days ahead
    items.push_back(event("screening", at(2026, 12, 5, 18, 0), at(2026, 12, 5, 21, 0)));
    items.push_back(event("picket", at(2026, 12, 4, 11, 0), at(2026, 12, 4, 13, 0)));  // on now
    items.push_back(event("fair", at(2026, 12, 4), at(2026, 12, 5), true));            // today, all day
    items.push_back(event("meeting", at(2026, 12, 17, 19, 0), at(2026, 12, 17, 21, 0)));
    items.push_back(event("no-start", at(2026, 12, 6), std::nullopt));
    items.back().starts.reset();
    items.back().ends = at(2026, 12, 6, 12, 0);
    snapshot.images["https://example.org/poster.jpg"] = {"/cache/poster.png", 1080, 1920};
    items[1].image = "https://example.org/poster.jpg";
    items[1].link = "https://example.org/events/screening/";
    items[1].text = "No Volverán, and a discussion.";

    SysTime now = at(2026, 12, 4, 12, 0);
    auto slides = schedule::build(playlist, snapshot, now);
    CHECK(ids(slides) ==
          std::vector<std::string>{"0:fair", "0:picket", "0:screening", "0:meeting", "1:fair", "1:picket"});
    REQUIRE(slides.size() == 6);
    const auto& screening = slides[2];
    CHECK(screening.kind == &kinds::events);
    CHECK(screening.title == "Event screening");
    CHECK(screening.text == "No Volverán, and a discussion.");
    CHECK(screening.place == "Trades Hall");
    CHECK(screening.link == "https://example.org/events/screening/");
    CHECK(screening.starts == at(2026, 12, 5, 18, 0));
    CHECK(screening.ends == at(2026, 12, 5, 21, 0));
    CHECK_FALSE(screening.all_day);
    CHECK(screening.image == "/cache/poster.png");
    CHECK(slides[0].all_day);

    auto ids_at = [&](SysTime t) { return ids(schedule::build(playlist, snapshot, t)); };
    auto contains = [](const std::vector<std::string>& v, const std::string& id) {
        return std::find(v.begin(), v.end(), id) != v.end();
    };
    CHECK(contains(ids_at(at(2026, 12, 4, 12, 59, 59)), "0:picket"));
    CHECK_FALSE(contains(ids_at(at(2026, 12, 4, 13, 0)), "0:picket"));
    // An all-day event lasts until the end of its last day.
    CHECK(contains(ids_at(at(2026, 12, 4, 23, 59, 59)), "0:fair"));
    CHECK_FALSE(contains(ids_at(at(2026, 12, 5)), "0:fair"));
    // The far one comes into the window a second later; one without an end goes at its start.
    CHECK(contains(ids_at(now + 1s), "0:far"));
    CHECK(contains(ids_at(at(2026, 12, 18, 11, 59, 59)), "0:far"));
    CHECK_FALSE(contains(ids_at(at(2026, 12, 18, 12, 0)), "0:far"));
}

TEST_CASE("messages keep the feed's order and show the quote, the name and the place") {
    config::Playlist playlist;
    auto messages = slide(&kinds::messages, "messages");
    messages.count = 2;
    playlist.slides = {messages};
    content::Snapshot snapshot;
    for (const char* id : {"m3", "m1", "m2"}) {
        feeds::Item item;
        item.kind = feeds::ItemKind::message;
        item.id = id;
        item.title = std::string("Comment on Aims by ") + id;
        item.text = std::string("Solidarity from ") + id;
        item.author = "Jorge";
        item.place = "Caracas";
        item.published = at(2026, 12, 1);
        snapshot.sources["messages"].items.push_back(item);
    }
    auto slides = schedule::build(playlist, snapshot, at(2026, 12, 4, 12, 0));
    CHECK(ids(slides) == std::vector<std::string>{"0:m3", "0:m1"});
    REQUIRE(slides.size() == 2);
    CHECK(slides[0].kind == &kinds::messages);
    CHECK(slides[0].text == "Solidarity from m3");
    CHECK(slides[0].author == "Jorge");
    CHECK(slides[0].place == "Caracas");
    CHECK(slides[0].title.empty());
}

TEST_CASE("a source that has nothing yet gives no slides, the others still play") {
    config::Playlist playlist;
    playlist.slides = {slide(&kinds::reports, "news"), slide(&kinds::text)};
    playlist.slides[1].title = "Welcome";
    CHECK(ids(schedule::build(playlist, content::Snapshot{}, at(2026, 12, 4))) == std::vector<std::string>{"1"});
}

TEST_CASE("next_index continues after the current slide across rebuilds") {
    auto spec = [](std::string id, int index) {
        SlideSpec s;
        s.id = std::move(id);
        s.playlist_index = index;
        return s;
    };
    std::vector<SlideSpec> slides = {spec("0", 0), spec("1:a", 1), spec("1:b", 1), spec("3", 3)};
    CHECK(schedule::next_index({}, "0", 0) == std::nullopt);
    CHECK(schedule::next_index(slides, "", 0) == 0u);
    CHECK(schedule::next_index(slides, "0", 0) == 1u);
    CHECK(schedule::next_index(slides, "1:a", 1) == 2u);
    CHECK(schedule::next_index(slides, "3", 3) == 0u);  // wraps
    // 1:b's item was dropped in the rebuild: carry on with the next playlist slide.
    std::vector<SlideSpec> rebuilt = {spec("0", 0), spec("1:a", 1), spec("3", 3)};
    CHECK(schedule::next_index(rebuilt, "1:b", 1) == 2u);
    // Slide 2 was shown, then its when closed: what follows it in the playlist is next.
    CHECK(schedule::next_index(rebuilt, "2", 2) == 2u);
    // The last slide went away: start over.
    CHECK(schedule::next_index(rebuilt, "4", 4) == 0u);
    // The same id after a rebuild that inserted slides before it still finds it.
    std::vector<SlideSpec> grown = {spec("0", 0), spec("1:new", 1), spec("1:a", 1), spec("1:b", 1), spec("3", 3)};
    CHECK(schedule::next_index(grown, "1:a", 1) == 3u);
}

TEST_CASE("durations: the playlist's when given, else the reading time, longer for longer text") {
    config::Playlist playlist;
    auto fixed = slide(&kinds::text);
    fixed.title = "Hello";
    fixed.duration = 42s;
    auto read = slide(&kinds::text);
    read.title = "Hello";
    playlist.slides = {fixed, read};
    auto slides = schedule::build(playlist, content::Snapshot{}, at(2026, 12, 4));
    REQUIRE(slides.size() == 2);
    CHECK(slides[0].duration == 42s);
    CHECK(slides[1].duration == schedule::reading_time(slides[1]));

    SlideSpec s;
    s.kind = &kinds::reports;
    CHECK(schedule::reading_time(s) == 8s);  // the shortest
    std::chrono::seconds previous{0};
    std::string text;
    for (int words = 0; words <= 200; words += 5) {
        CAPTURE(words);
        s.text = text;
        auto d = schedule::reading_time(s);
        CHECK(d >= previous);
        CHECK(d >= 8s);
        CHECK(d <= 30s);
        previous = d;
        text += "the caravan reached Caracas today ";
    }
    CHECK(previous == 30s);  // the longest
    s.text = std::string(40 * 6, 'x');
    for (int i = 0; i < 40; ++i) s.text[static_cast<size_t>(i) * 6 + 5] = ' ';  // 40 words
    auto forty = schedule::reading_time(s);
    s.text.resize(20 * 6);
    CHECK(schedule::reading_time(s) < forty);
    auto without_qr = schedule::reading_time(s);
    s.qr = "https://example.org/";
    CHECK(schedule::reading_time(s) > without_qr);
}

TEST_CASE("event_when in every language") {
    // Saturday 5 December 2026.
    SlideSpec at_six = timed(at(2026, 12, 5, 18, 0));
    SlideSpec evening = timed(at(2026, 12, 5, 18, 0), at(2026, 12, 5, 21, 0));
    SlideSpec overnight = timed(at(2026, 12, 5, 22, 0), at(2026, 12, 6, 2, 0));
    SlideSpec weekend = timed(at(2026, 12, 5, 18, 0), at(2026, 12, 6, 14, 30));
    SlideSpec day = all_day(at(2026, 12, 5), at(2026, 12, 6));
    SlideSpec day_no_end = all_day(at(2026, 12, 5));
    SlideSpec three_days = all_day(at(2026, 12, 5), at(2026, 12, 8));
    SlideSpec months = all_day(at(2026, 11, 30), at(2026, 12, 3));
    SlideSpec years = all_day(at(2026, 12, 30), at(2027, 1, 2));
    SlideSpec first = timed(at(2026, 12, 1, 9, 5));

    struct Case {
        const SlideSpec* event;
        const char* locale;
        const char* expected;
    };
    const Case cases[] = {
        {&at_six, "en", "Saturday 5 December, 18:00"},
        {&at_six, "de", "Samstag, 5. Dezember, 18:00"},
        {&at_six, "es", "sábado 5 de diciembre, 18:00"},
        {&at_six, "fr", "samedi 5 décembre, 18:00"},
        {&at_six, "pt", "Saturday 5 December, 18:00"},  // unknown: English
        {&at_six, "de-AT", "Samstag, 5. Dezember, 18:00"},
        {&evening, "en", "Saturday 5 December, 18:00–21:00"},
        {&evening, "de", "Samstag, 5. Dezember, 18:00–21:00"},
        {&evening, "es", "sábado 5 de diciembre, 18:00–21:00"},
        {&evening, "fr", "samedi 5 décembre, 18:00–21:00"},
        {&overnight, "en", "Saturday 5 December, 22:00–02:00"},
        {&weekend, "en", "Sat 5 December, 18:00 – Sun 6 December, 14:30"},
        {&weekend, "de", "Sa., 5. Dezember, 18:00 – So., 6. Dezember, 14:30"},
        {&day, "en", "Saturday 5 December"},
        {&day, "de", "Samstag, 5. Dezember"},
        {&day, "es", "sábado 5 de diciembre"},
        {&day, "fr", "samedi 5 décembre"},
        {&day_no_end, "en", "Saturday 5 December"},
        {&three_days, "en", "Sat 5 – Mon 7 December"},
        {&three_days, "de", "Sa., 5. – Mo., 7. Dezember"},
        {&three_days, "es", "sáb 5 – lun 7 de diciembre"},
        {&three_days, "fr", "sam. 5 – lun. 7 décembre"},
        {&months, "en", "Mon 30 November – Wed 2 December"},
        {&months, "de", "Mo., 30. November – Mi., 2. Dezember"},
        {&months, "es", "lun 30 de noviembre – mié 2 de diciembre"},
        {&months, "fr", "lun. 30 novembre – mer. 2 décembre"},
        {&years, "en", "Wed 30 December 2026 – Fri 1 January 2027"},
        {&first, "en", "Tuesday 1 December, 09:05"},
        {&first, "fr", "mardi 1er décembre, 09:05"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.locale);
        CHECK(schedule::event_when(*c.event, c.locale, test::london()) == c.expected);
    }
    CHECK(schedule::event_when(SlideSpec{}, "en", test::london()).empty());
}

TEST_CASE("event_when shows the local time of the display's zone") {
    const Zone caracas = test::zone("America/Caracas");
    SlideSpec e = timed(utc(2026, 12, 5, 22, 0), utc(2026, 12, 6, 1, 0));
    CHECK(schedule::event_when(e, "es", caracas) == "sábado 5 de diciembre, 18:00–21:00");
    CHECK(schedule::report_date(utc(2009, 10, 6, 2, 0), "es", caracas) == "5 de octubre de 2009");
}

TEST_CASE("report_date in every language") {
    struct Case {
        SysTime published;
        const char* locale;
        const char* expected;
    };
    const Case cases[] = {
        {at(2009, 10, 5, 14, 0), "en", "5 October 2009"},       {at(2009, 10, 5, 14, 0), "de", "5. Oktober 2009"},
        {at(2009, 10, 5, 14, 0), "es", "5 de octubre de 2009"}, {at(2009, 10, 5, 14, 0), "fr", "5 octobre 2009"},
        {at(2009, 10, 5, 14, 0), "xx", "5 October 2009"},       {at(2026, 3, 1, 0, 30), "fr", "1er mars 2026"},
        {at(2026, 3, 1, 0, 30), "de", "1. März 2026"},          {at(2026, 8, 15), "fr", "15 août 2026"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.locale);
        CHECK(schedule::report_date(c.published, c.locale, test::london()) == c.expected);
    }
}

TEST_CASE("month and weekday names in every language") {
    CHECK(schedule::month_name(12, "en") == "December");
    CHECK(schedule::month_name(3, "de") == "März");
    CHECK(schedule::month_name(9, "es") == "septiembre");
    CHECK(schedule::month_name(8, "fr") == "août");
    CHECK(schedule::month_name(1, "it") == "January");
    CHECK(schedule::month_name(13, "en").empty());
    CHECK(schedule::weekday_name(6, "en") == "Saturday");
    CHECK(schedule::weekday_name(0, "de") == "Sonntag");
    CHECK(schedule::weekday_name(3, "es") == "miércoles");
    CHECK(schedule::weekday_name(5, "fr") == "vendredi");
    CHECK(schedule::weekday_name(7, "fr").empty());
}

TEST_CASE("countdown: every branch in English") {
    // Saturday 5 December 2026, 18:00-21:00.
    SlideSpec e = timed(at(2026, 12, 5, 18, 0), at(2026, 12, 5, 21, 0));
    SlideSpec day = all_day(at(2026, 12, 10), at(2026, 12, 11));
    struct Case {
        const SlideSpec* event;
        SysTime now;
        const char* expected;
    };
    const Case cases[] = {
        {&e, at(2026, 12, 5, 21, 0), ""},  // ended
        {&e, at(2026, 12, 5, 20, 59, 59), "now"},
        {&e, at(2026, 12, 5, 18, 0), "now"},
        {&e, at(2026, 12, 5, 17, 59, 59), "in 1 min"},
        {&e, at(2026, 12, 5, 17, 35), "in 25 min"},
        {&e, at(2026, 12, 5, 17, 34, 30), "in 26 min"},  // rounded up
        {&e, at(2026, 12, 5, 17, 0), "in 1 h"},
        {&e, at(2026, 12, 5, 15, 45), "in 2 h 15 min"},
        {&e, at(2026, 12, 5, 12, 0, 1), "in 6 h"},
        {&e, at(2026, 12, 5, 12, 0), "today at 18:00"},
        {&e, at(2026, 12, 5, 0, 0), "today at 18:00"},
        {&e, at(2026, 12, 4, 23, 59), "tomorrow at 18:00"},
        {&e, at(2026, 12, 4, 0, 0), "tomorrow at 18:00"},
        {&e, at(2026, 12, 3, 23, 59), "in 2 days"},
        {&e, at(2026, 12, 2, 9, 0), "in 3 days"},
        {&e, at(2026, 11, 28, 9, 0), "in 1 week"},
        {&e, at(2026, 11, 22, 9, 0), "in 13 days"},
        {&e, at(2026, 11, 21, 9, 0), "in 2 weeks"},
        {&e, at(2026, 11, 1, 9, 0), "in 4 weeks"},
        {&day, at(2026, 12, 9, 23, 30), "tomorrow"},
        {&day, at(2026, 12, 7, 9, 0), "in 3 days"},
        {&day, at(2026, 12, 10, 9, 0), "now"},
        {&day, at(2026, 12, 11), ""},
    };
    for (const auto& c : cases) {
        CAPTURE(format_iso8601_utc(c.now));
        CHECK(schedule::countdown(*c.event, c.now, "en", test::london()) == c.expected);
    }
}

TEST_CASE("countdown in every language") {
    SlideSpec e = timed(at(2026, 12, 5, 18, 0), at(2026, 12, 5, 21, 0));
    SlideSpec at_one = timed(at(2026, 12, 6, 1, 30), at(2026, 12, 6, 3, 0));
    SlideSpec day = all_day(at(2026, 12, 10));
    struct Case {
        const SlideSpec* event;
        SysTime now;
        const char* locale;
        const char* expected;
    };
    const SysTime running = at(2026, 12, 5, 19, 0), soon = at(2026, 12, 5, 17, 35),
                  hours_ahead = at(2026, 12, 5, 15, 45), today = at(2026, 12, 5, 9, 0),
                  tomorrow = at(2026, 12, 4, 9, 0), days = at(2026, 12, 2, 9, 0), week = at(2026, 11, 28, 9, 0),
                  weeks = at(2026, 11, 21, 9, 0);
    const Case cases[] = {
        {&e, running, "de", "läuft jetzt"},
        {&e, running, "es", "ahora"},
        {&e, running, "fr", "en cours"},
        {&e, soon, "de", "in 25 Min."},
        {&e, soon, "es", "en 25 min"},
        {&e, soon, "fr", "dans 25 min"},
        {&e, hours_ahead, "de", "in 2 Std. 15 Min."},
        {&e, hours_ahead, "es", "en 2 h 15 min"},
        {&e, hours_ahead, "fr", "dans 2 h 15 min"},
        {&e, at(2026, 12, 5, 16, 0), "de", "in 2 Std."},
        {&e, today, "de", "heute um 18:00"},
        {&e, today, "es", "hoy a las 18:00"},
        {&e, today, "fr", "aujourd’hui à 18:00"},
        {&e, tomorrow, "de", "morgen um 18:00"},
        {&e, tomorrow, "es", "mañana a las 18:00"},
        {&e, tomorrow, "fr", "demain à 18:00"},
        {&at_one, today, "es", "mañana a la 01:30"},
        {&at_one, today, "en", "tomorrow at 01:30"},
        {&e, days, "de", "in 3 Tagen"},
        {&e, days, "es", "en 3 días"},
        {&e, days, "fr", "dans 3 jours"},
        {&e, week, "de", "in 1 Woche"},
        {&e, week, "es", "en 1 semana"},
        {&e, week, "fr", "dans 1 semaine"},
        {&e, weeks, "de", "in 2 Wochen"},
        {&e, weeks, "es", "en 2 semanas"},
        {&e, weeks, "fr", "dans 2 semaines"},
        {&day, at(2026, 12, 9, 12, 0), "de", "morgen"},
        {&day, at(2026, 12, 9, 12, 0), "es", "mañana"},
        {&day, at(2026, 12, 9, 12, 0), "fr", "demain"},
        {&e, at(2026, 12, 5, 21, 0), "fr", ""},
    };
    for (const auto& c : cases) {
        CAPTURE(c.locale);
        CAPTURE(format_iso8601_utc(c.now));
        CHECK(schedule::countdown(*c.event, c.now, c.locale, test::london()) == c.expected);
    }
}

TEST_CASE("countdown counts calendar days across a DST change and in Caracas") {
    // 29 March 2026 has 23 hours: 00:30 on the 28th to 00:30 on the 30th is 47 hours, two days.
    SlideSpec monday = timed(at(2026, 3, 30, 0, 30));
    CHECK(schedule::countdown(monday, at(2026, 3, 28, 0, 30), "en", test::london()) == "in 2 days");
    CHECK(schedule::countdown(monday, at(2026, 3, 29, 0, 0), "en", test::london()) == "tomorrow at 00:30");
    {
        const Zone caracas = test::zone("America/Caracas");
        // 18:00 in Caracas is 22:00 UTC; at 02:00 UTC on the 5th it is still the 4th there.
        SlideSpec e = timed(utc(2026, 12, 5, 22, 0));
        CHECK(schedule::countdown(e, utc(2026, 12, 5, 2, 0), "en", caracas) == "tomorrow at 18:00");
        CHECK(schedule::countdown(e, utc(2026, 12, 5, 4, 0), "en", caracas) == "today at 18:00");
    }
}

TEST_CASE("countdown_changes_at is the instant the words change") {
    SlideSpec e = timed(at(2026, 12, 5, 18, 0), at(2026, 12, 5, 21, 0));
    SlideSpec day = all_day(at(2026, 12, 10), at(2026, 12, 12));
    SlideSpec spring = timed(at(2026, 3, 30, 18, 0));
    struct Case {
        const SlideSpec* event;
        SysTime now;
        SysTime changes;
    };
    const Case cases[] = {
        {&e, at(2026, 12, 5, 17, 35), at(2026, 12, 5, 17, 36)},      // "in 25 min" -> "in 24 min"
        {&e, at(2026, 12, 5, 17, 34, 30), at(2026, 12, 5, 17, 35)},  // "in 26 min" -> "in 25 min"
        {&e, at(2026, 12, 5, 17, 59, 10), at(2026, 12, 5, 18, 0)},   // "in 1 min" -> "now"
        {&e, at(2026, 12, 5, 15, 45), at(2026, 12, 5, 15, 46)},
        {&e, at(2026, 12, 5, 9, 0), at(2026, 12, 5, 12, 0, 1)},  // "today at" -> "in 6 h"
        {&e, at(2026, 12, 4, 9, 0), at(2026, 12, 5)},            // "tomorrow at" -> "today at"
        {&e, at(2026, 12, 4, 20, 0), at(2026, 12, 5)},
        {&e, at(2026, 12, 2, 9, 0), at(2026, 12, 3)},          // "in 3 days" -> "in 2 days"
        {&e, at(2026, 12, 5, 19, 0), at(2026, 12, 5, 21, 0)},  // "now" -> ""
        {&day, at(2026, 12, 8, 15, 0), at(2026, 12, 9)},       // "in 2 days" -> "tomorrow"
        {&day, at(2026, 12, 9, 15, 0), at(2026, 12, 10)},      // "tomorrow" -> "now"
        {&day, at(2026, 12, 11, 15, 0), at(2026, 12, 12)},     // "now" -> ""
        {&spring, at(2026, 3, 28, 12, 0), at(2026, 3, 29)},
        {&spring, at(2026, 3, 29, 12, 0), at(2026, 3, 30)},  // after a 23-hour night
    };
    for (const auto& c : cases) {
        CAPTURE(format_iso8601_utc(c.now));
        SysTime changes = schedule::countdown_changes_at(*c.event, c.now, test::london());
        CHECK(format_iso8601_utc(changes) == format_iso8601_utc(c.changes));
        // The words hold until then and change at it.
        std::string words = schedule::countdown(*c.event, c.now, "en", test::london());
        CHECK(schedule::countdown(*c.event, changes - 1s, "en", test::london()) == words);
        CHECK(schedule::countdown(*c.event, changes, "en", test::london()) != words);
    }
    // Over: nothing will change, but the answer still lies ahead.
    SysTime late = at(2026, 12, 6);
    CHECK(schedule::countdown_changes_at(e, late, test::london()) > late);
}

TEST_CASE("countdown_changes_at never skips a change of words") {
    // Walk a week up to and through an event, minute by minute, jumping by changes_at.
    SlideSpec e = timed(at(2026, 10, 26, 18, 0), at(2026, 10, 26, 20, 0));
    SysTime t = at(2026, 10, 19, 7, 13, 20);
    SysTime stop = at(2026, 10, 26, 21, 0);
    int jumps = 0;
    while (t < stop) {
        SysTime next = schedule::countdown_changes_at(e, t, test::london());
        REQUIRE(next > t);
        std::string words = schedule::countdown(e, t, "en", test::london());
        // Spot checks inside the jump: the same words throughout.
        for (SysTime probe : {t + (next - t) / 2, next - 1s})
            CHECK(schedule::countdown(e, probe, "en", test::london()) == words);
        t = next;
        ++jumps;
    }
    // Seven midnights, the 6-hour mark, 360 minutes, the start, the end: few wake-ups.
    CHECK(jumps < 400);
}

TEST_CASE("a source read as reports and as messages gives each slide only its own kind of item") {
    config::Playlist playlist;
    playlist.slides = {slide(&kinds::reports, "site"), slide(&kinds::messages, "site")};
    playlist.slides[0].count = 5;
    playlist.slides[1].count = 5;
    content::Snapshot snapshot;
    feeds::Item quote = report("c1", std::nullopt);
    quote.kind = feeds::ItemKind::message;
    quote.text = "Solidarity from Leeds";
    snapshot.sources["site"].items = {report("r1", std::nullopt), quote};
    auto slides = schedule::build(playlist, snapshot, SysTime(std::chrono::seconds(1'790'000'000)));
    REQUIRE(slides.size() == 2);
    CHECK(slides[0].kind == &kinds::reports);
    CHECK(slides[0].id == "0:r1");
    CHECK(slides[1].kind == &kinds::messages);
    CHECK(slides[1].id == "1:c1");
    CHECK(slides[1].text == "Solidarity from Leeds");
}

TEST_CASE("display.sync: the wall clock gives the slide and the time left, the same for any display") {
    std::vector<schedule::SlideSpec> slides(3);
    slides[0].duration = 10s;
    slides[1].duration = 5s;
    slides[2].duration = 15s;  // a turn of 30 s, laid end to end from the Unix epoch
    const auto at = [](long long ms) { return std::chrono::system_clock::time_point(std::chrono::milliseconds(ms)); };
    const long long turn_start = 1796600000000LL - 1796600000000LL % 30000;  // a multiple of 30 s
    auto slot = schedule::slot_at(slides, at(turn_start));
    REQUIRE(slot);
    CHECK(slot->index == 0);
    CHECK(slot->left == 10s);
    slot = schedule::slot_at(slides, at(turn_start + 9999));
    CHECK(slot->index == 0);
    CHECK(slot->left == 1ms);
    slot = schedule::slot_at(slides, at(turn_start + 10000));
    CHECK(slot->index == 1);
    CHECK(slot->left == 5s);
    slot = schedule::slot_at(slides, at(turn_start + 16500));
    CHECK(slot->index == 2);
    CHECK(slot->left == 13500ms);
    slot = schedule::slot_at(slides, at(turn_start + 30000));
    CHECK(slot->index == 0);
    // A slide written with no time at all still gets its second.
    slides[1].duration = 0s;
    const long long short_turn = 1796600000000LL - 1796600000000LL % 26000;  // 10 + 1 + 15 s
    CHECK(schedule::slot_at(slides, at(short_turn + 10500))->index == 1);
    CHECK(schedule::slot_at(slides, at(short_turn + 11000))->index == 2);
    CHECK_FALSE(schedule::slot_at({}, at(turn_start)));
}

TEST_CASE(
    "the strip's ticker: a feed's headlines newest first, a calendar's events soonest first with date and place") {
    config::Playlist playlist;
    playlist.display.zone = test::london();
    playlist.slides = {slide(&kinds::text)};
    content::Snapshot snapshot;
    auto& news = snapshot.sources["news"].items;
    news.push_back(report("older", at(2026, 12, 1, 9, 0)));
    news.push_back(report("newest", at(2026, 12, 3, 9, 0)));
    news.push_back(report("untitled", at(2026, 12, 2, 9, 0)));
    news.back().title.clear();
    auto& meetings = snapshot.sources["meetings"].items;
    meetings.push_back(event("meeting", at(2026, 12, 10, 19, 0), at(2026, 12, 10, 21, 0)));
    meetings.push_back(event("picket", at(2026, 12, 5, 11, 0), at(2026, 12, 5, 13, 0)));
    meetings.push_back(event("over", at(2026, 12, 3, 11, 0), at(2026, 12, 3, 13, 0)));
    const SysTime now = at(2026, 12, 4, 12, 0);

    // No strip, or a strip with only its clock: no headlines.
    CHECK(schedule::ticker_headlines(playlist, snapshot, now).empty());
    playlist.display.strip = config::Strip{};
    CHECK(schedule::ticker_headlines(playlist, snapshot, now).empty());

    config::Slide ticker = slide(&kinds::reports, "news");
    ticker.count = 10;
    playlist.display.strip->ticker = ticker;
    CHECK(schedule::ticker_headlines(playlist, snapshot, now) ==
          std::vector<std::string>{"Report newest", "Report older"});
    playlist.display.strip->ticker->count = 1;
    CHECK(schedule::ticker_headlines(playlist, snapshot, now) == std::vector<std::string>{"Report newest"});

    ticker = slide(&kinds::events, "meetings");
    ticker.count = 10;
    playlist.display.strip->ticker = ticker;
    CHECK(schedule::ticker_headlines(playlist, snapshot, now) ==
          std::vector<std::string>{"Saturday 5 December, 11:00–13:00: Event picket (Trades Hall)",
                                   "Thursday 10 December, 19:00–21:00: Event meeting (Trades Hall)"});
    // The source has nothing yet: nothing to run.
    playlist.display.strip->ticker->source = "elsewhere";
    CHECK(schedule::ticker_headlines(playlist, snapshot, now).empty());
}
