#pragma once
// Which slides are shown now, in what order and for how long. Pure: the time comes in
// as an argument, the content as a snapshot.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "config/playlist.hpp"
#include "content/snapshot.hpp"
#include "util/clock.hpp"
#include "util/time.hpp"

namespace placard::schedule {

// One slide to show: plain data that the renderer lays out. Its kind's row says how
// (config/slide_kind.hpp).
struct SlideSpec {
    const config::SlideKind* kind = nullptr;  // never null in what build() returns
    std::string id;                           // stable across rebuilds: playlist index + item id
    int playlist_index = 0;                   // index in playlist.slides
    std::string source;                       // source name, when it came from one

    std::string title;
    std::string text;
    std::vector<std::string> bullets;
    std::string author;     // report author, message name
    std::string place;      // event location, message place
    std::string image;      // absolute path of the prepared picture, or empty
    std::string image_url;  // where that picture came from (URL or absolute path), with `image`
    config::Fit fit = config::Fit::cover;
    std::string qr;    // text to encode as a QR code, or empty
    std::string link;  // report link (also what qr holds when qr is on)
    std::optional<SysTime> published;
    std::optional<SysTime> starts;
    std::optional<SysTime> ends;
    bool all_day = false;
    // When the source was last fetched, set only once that is longer ago than the
    // source's stale_after: the slide then says so quietly.
    std::optional<SysTime> stale_since;
    std::chrono::seconds duration{10};
    // A clip (video slides): the file, the part of it and its sound; without a duration in
    // the playlist the slide lasts as long as the clip (until_clip_ends).
    std::string video;
    config::ClipPlay clip;
    bool until_clip_ends = false;
};

// What a kind's build() looks at.
struct BuildInput {
    const config::Playlist& playlist;
    const content::Snapshot& snapshot;
    SysTime now;
};

// The start of a slide of `slide` (its kind, id, source and fit), for an item or none.
SlideSpec make_spec(const config::Slide& slide, int index, const feeds::Item* item);
// The items of the slide's source of the slide's kind that may still be shown: within the
// source's max_age, each id once.
std::vector<const feeds::Item*> fresh_items(const config::Playlist& playlist, const content::Snapshot& snapshot,
                                            const config::Slide& slide, SysTime now);
// The prepared copy of a picture, or "" while it is not ready (or failed).
std::string prepared(const content::Snapshot& snapshot, const std::string& original);

// How the kinds placard started with build their slides (their rows are in kinds/).
void build_images(const BuildInput& input, const config::Slide& slide, int index, std::vector<SlideSpec>& out);
void build_reports(const BuildInput& input, const config::Slide& slide, int index, std::vector<SlideSpec>& out);
void build_events(const BuildInput& input, const config::Slide& slide, int index, std::vector<SlideSpec>& out);
void build_messages(const BuildInput& input, const config::Slide& slide, int index, std::vector<SlideSpec>& out);
void build_text(const BuildInput& input, const config::Slide& slide, int index, std::vector<SlideSpec>& out);
void build_donate(const BuildInput& input, const config::Slide& slide, int index, std::vector<SlideSpec>& out);

// The events kind's live words: its countdown, when that changes, and when it has ended.
std::string event_live_words(const SlideSpec& event, SysTime now, const std::string& locale, const Zone& zone);
std::optional<SysTime> event_words_change_at(const SlideSpec& event, SysTime now, const Zone& zone);
std::optional<SysTime> event_leaves_at(const SlideSpec& event, const Zone& zone);

// Default duration from the amount of text: longer text stays longer.
std::chrono::seconds reading_time(const SlideSpec& slide);

// Whether a `when` allows the time (its days and hours are local to `zone`).
bool allows(const config::When& when, SysTime now, const Zone& zone);

// The screen's hours (display.hours): whether the screen is on at `now`. Always, when
// the playlist gives no hours.
bool screen_on(const config::Display& display, SysTime now);
// The next minute after `now` at which the screen turns on or off, looked for up to eight
// days ahead; absent when it stays as it is all that time.
std::optional<SysTime> screen_changes_at(const config::Display& display, SysTime now);

// The slides that are due now, in playlist order, items expanded. Drops items older
// than their source's max_age, events that have ended or start after `within`, slides
// whose picture is not prepared yet. Marks the slides of sources past their stale_after.
std::vector<SlideSpec> build(const config::Playlist& playlist, const content::Snapshot& snapshot, SysTime now);

// The slide after the one with id `current` (wrapping around); the first slide when
// `current` is gone, keeping the position by playlist_index. nullopt when `slides` is empty.
std::optional<size_t> next_index(const std::vector<SlideSpec>& slides, const std::string& current,
                                 int current_playlist_index);

// display.sync: the slide that the wall clock gives. The turn is laid end to end from the
// Unix epoch, each slide for its duration, so that every display with the same slides and
// a synchronised clock shows the same one at the same moment, whatever it showed before.
struct ClockSlot {
    size_t index = 0;
    std::chrono::milliseconds left{0};  // until the next slide's turn
};
std::optional<ClockSlot> slot_at(const std::vector<SlideSpec>& slides, std::chrono::system_clock::time_point now);

// Words for the screen, in the display's language ("en", "de", "es", "fr"; others fall back to "en").
// "Saturday 5 December, 18:00" / "Sat 5 Dec – Sun 6 Dec" for all-day and multi-day events.
std::string event_when(const SlideSpec& event, const std::string& locale, const Zone& zone);
// "in 3 days", "tomorrow at 18:00", "in 2 h 15 min", "now", "" when ended.
std::string countdown(const SlideSpec& event, SysTime now, const std::string& locale, const Zone& zone);
// When countdown() next changes its words (at most a minute ahead).
SysTime countdown_changes_at(const SlideSpec& event, SysTime now, const Zone& zone);
// Names in the display's language: month 1-12 ("December"), weekday 0 = Sunday ("Saturday").
std::string month_name(int month, const std::string& locale);
std::string weekday_name(int weekday, const std::string& locale);

// "updated 7 h ago" (minutes below an hour, days from two days), in the display's language.
std::string updated_ago(SysTime updated, SysTime now, const std::string& locale);

// "5 October 2009" for a report's date.
std::string report_date(SysTime published, const std::string& locale, const Zone& zone);
// "Mon 7 December", for the strip's clock.
std::string short_date(SysTime now, const std::string& locale, const Zone& zone);
// "18:05", on the wall of the zone.
std::string time_of_day(SysTime now, const Zone& zone);

// The strip's ticker (display.strip.ticker): its source's headlines, as its slide would
// show them now: reports newest first, by their titles; events soonest first, each with
// its date and place. Empty without a ticker or while its source has nothing.
std::vector<std::string> ticker_headlines(const config::Playlist& playlist, const content::Snapshot& snapshot,
                                          SysTime now);

}  // namespace placard::schedule
