#pragma once
// What the WordPress site of tests/data/wordpress/ (made by make-fixtures.sh from
// content.php) holds, as Items: the same posts reach a display through its RSS feed, its
// Atom feed and its REST API. Pictures differ between these, so they are left empty here.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "feeds/item.hpp"
#include "support/items.hpp"
#include "util/time.hpp"

namespace placard::test {

// The eight posts, newest first, as the site's feeds give them.
struct HallExamplePosts {
    feeds::Item embassy, caravan, film_night, appeal, meeting, assembly, screening, consulate;

    std::vector<feeds::Item> all() const {
        return {embassy, caravan, film_night, appeal, meeting, assembly, screening, consulate};
    }

    HallExamplePosts() {
        const std::string site = "http://hall.example/";
        auto post = [&](feeds::Item& item, const std::string& path, const char* date) {
            item.id = site + path;
            item.link = site + path + "/";
            item.published = utc(date);
        };
        post(embassy, "2026/11/sixty-outside-the-embassy-for-the-jailed-dockers", "2026-11-10T16:40:00Z");
        embassy.title = "Sixty outside the embassy for the jailed dockers";
        embassy.text =
            "Sixty people picketed the embassy for two hours on Monday, the day the jailed dockers’ trial opened. "
            "Speakers from the rail, postal and teaching unions sent greetings, and the strikers phoned in from the "
            "port to thank everyone. We collected £318 for the strike fund. The next picket is on Monday 24 November "
            "at 5pm.";
        embassy.author = "Dev Anand";
        embassy.categories = {"Pickets & protests", "embassy", "strike fund"};

        post(caravan, "2026/10/the-solidarity-caravan-sets-off-on-saturday", "2026-10-27T08:00:00Z");
        caravan.title = "The solidarity caravan sets off on Saturday";
        caravan.text =
            "Three minibuses leave the Hall Street car park at 6am on Saturday, carrying tents, medicines and letters "
            "of support to the occupied mill. We stop for rallies in Manchester and Bristol on the way. There are "
            "still four seats: ring the office if you can come, and bring a sleeping bag.";
        caravan.author = "Rosa Kettle";
        caravan.categories = {"Campaign news", "Pickets & protests", "caravan"};

        // The theme's "… Continue reading <title>" is gone; WordPress's own "…" stays.
        post(film_night, "2026/10/film-night-report-salt-of-the-earth-at-the-co-op-hall", "2026-10-20T21:10:00Z");
        film_night.title = "Film night report: ‘Salt of the Earth’ at the Co-op hall";
        film_night.text =
            "The Co-op hall was full on Tuesday for Salt of the Earth, the 1954 film about the miners’ wives who took "
            "over the picket line when an injunction stopped the men. Afterwards Margaret, a retired shop steward, "
            "told us how the women of her own town ran the soup kitchens in 1984. £212 was collected…";
        film_night.author = "Dev Anand";
        film_night.categories = {"Screenings", "film"};

        post(appeal, "2026/10/donation-appeal-the-strike-fund-needs-4000-by-november", "2026-10-13T12:15:00Z");
        appeal.title = "Donation appeal: the strike fund needs £4,000 by November";
        appeal.text =
            "The dockers have now been on strike for nine weeks. Their families live on what the strike fund pays: "
            "£40 a week for each striker, and it runs out in November unless we raise £4,000. Every pound counts. "
            "Collect at your workplace, pass a hat round at your branch meeting, or give online. Our campaign’s…";
        appeal.author = "Rosa Kettle";
        appeal.categories = {"Campaign news", "strike fund"};

        // A manual excerpt: no "Continue reading" to remove.
        post(meeting, "2026/10/public-meeting-solidarity-with-the-mill-occupation", "2026-10-06T09:00:00Z");
        meeting.title = "Public meeting: solidarity with the mill occupation";
        meeting.text =
            "Thursday 15 October, 7pm, Friends Meeting House: two of the occupying spinners speak by video link.";
        meeting.author = "Dev Anand";
        meeting.categories = {"Campaign news", "public meeting", "workers’ control"};

        // Stored as "Workers' & tenants'"; the feeds send "Workers&#8217; &#038; tenants&#8217;".
        // WordPress strips the list's markup from automatic excerpts, so its items run on.
        post(assembly, "2026/09/workers-tenants-assembly-what-we-agreed", "2026-09-29T19:00:00Z");
        assembly.title = "Workers’ & tenants’ assembly: what we agreed";
        assembly.text =
            "Sixty people came to the joint assembly of the trades council and the tenants’ union. After two hours "
            "of discussion we agreed three aims for the winter: Defend every worker sacked for organising Support "
            "occupations of closed workplaces Stop evictions on our estates The full minutes are below, with the "
            "names of the delegates who…";
        assembly.author = "Rosa Kettle";
        assembly.categories = {"Campaign news", "public meeting", "workers’ control"};

        post(screening, "2026/09/screening-of-the-occupied-mill-in-leeds", "2026-09-15T20:45:00Z");
        screening.title = "Screening of “The Occupied Mill” in Leeds";
        screening.text =
            "Forty-five people filled the community centre on Chapeltown Road on Sunday for The Occupied Mill, a "
            "documentary about the spinners who took over their factory when the owners walked away and have run it "
            "for three years under workers’ control. The questions afterwards went on for an hour: how the workers "
            "set their wages, how…";
        screening.author = "Dev Anand";
        screening.categories = {"Screenings", "film", "workers’ control"};

        post(consulate, "2026/09/picket-at-the-consulate-release-the-dockers-now", "2026-09-08T17:30:00Z");
        consulate.title = "Picket at the consulate: “Release the dockers now”";
        consulate.text =
            "About thirty of us stood outside the consulate on Tuesday evening with banners and a drum, to demand the "
            "release of the eleven dockers arrested after the port strike. The police kept us across the road, which "
            "only made us louder. A letter signed by fourteen union branches was handed in at the door. The…";
        consulate.author = "Rosa Kettle";
        consulate.categories = {"Pickets & protests", "embassy"};
    }
};

}  // namespace placard::test
