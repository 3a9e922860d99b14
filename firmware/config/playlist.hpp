#pragma once
// The organizer's playlist, version 1, as the program sees it after loading and
// validation. config/playlist.schema.json describes the same shape for editors.
#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "config/slide_kind.hpp"
#include "util/clock.hpp"
#include "util/time.hpp"

namespace placard::config {

// Feeds (every type but folder) give reports, events or messages; a folder gives pictures.
// A wordpress source is a site's REST API: its posts as reports, its comments as messages.
enum class SourceType { rss, atom, jsonfeed, ical, wordpress, folder };
enum class Fit { cover, contain };

const char* to_string(SourceType type);
inline bool is_feed(SourceType type) {
    return type != SourceType::folder;
}

struct Source {
    std::string name;  // the key in "sources"
    SourceType type = SourceType::rss;
    std::string url;             // http(s); empty when path is used
    std::filesystem::path path;  // absolute (resolved against the playlist's folder)
    std::chrono::seconds refresh{std::chrono::minutes(15)};
    std::optional<std::chrono::seconds> max_age;  // items older than this are not shown
    // Items last fetched longer ago than this carry a quiet "updated 3 h ago".
    std::optional<std::chrono::seconds> stale_after;
    // wordpress: only posts in one of these categories, and with one of these tags, by the
    // names the site shows; empty keeps every post. Comments are not filtered.
    std::vector<std::string> categories;
    std::vector<std::string> tags;
};

// A span of the day in minutes since midnight; end < begin wraps past midnight
// ("22:00-02:00").
struct HourRange {
    int begin = 0;
    int end = 24 * 60;
};

struct When {
    std::vector<int> days;         // 0 = Sunday ... 6 = Saturday; empty = every day
    std::vector<HourRange> hours;  // empty = all day
    std::optional<SysTime> from;   // inclusive
    std::optional<SysTime> until;  // exclusive; a date alone means the end of that day
};

// What part of a clip plays, how, and how loud (video slides).
struct ClipPlay {
    std::optional<double> start, end;  // seconds into the file
    bool loop = false;                 // from its start again until the slide's duration is up
    std::optional<int> volume;         // 0 to 100; absent: display.volume
};

struct Slide {
    const SlideKind* kind = nullptr;               // never null once loaded: its row in kinds/
    std::string path;                              // JSON path, "$.slides[3]", for messages
    std::optional<std::chrono::seconds> duration;  // absent: from the amount of text
    std::optional<When> when;

    // image
    std::filesystem::path file;  // absolute; empty when a folder source is used
    Fit fit = Fit::cover;
    // image (folder), reports, events, messages
    std::string source;
    int count = 3;                                       // reports, messages; image from a folder: how many per pass
    bool qr = false;                                     // reports: QR code of the item's link
    std::chrono::seconds within{std::chrono::days(14)};  // events
    // text, donate
    std::string title;
    std::string body;
    std::vector<std::string> bullets;
    std::string url;  // donate: the QR code's target
    // video (and `file`, `fit`)
    ClipPlay clip;
    // pdf (and `file`, `fit`): the pages shown, from 1, as ranges first to last; empty: all
    std::vector<std::pair<int, int>> pages;
    // web (and `url`): time for the page's scripts after it has loaded, how often it is drawn
    // again, and a file of "Name: value" lines sent to its site (a login); empty: none.
    std::chrono::seconds wait{2};
    std::chrono::seconds redraw{std::chrono::minutes(10)};
    std::filesystem::path headers;
};

// Black bands between the picture and the panel's edges, in pixels of the panel as
// mounted (top is the panel's own top edge, whatever the rotation): for TVs that crop
// the edges of the picture (overscan).
struct Margins {
    int top = 0, right = 0, bottom = 0, left = 0;
    bool operator==(const Margins&) const = default;
};

// display.control: the control page, served by placard on the hall's network.
struct Control {
    std::string listen = "0.0.0.0:8080";  // address:port
    bool tls = true;                      // false: plain HTTP (a network where nobody listens in)
    std::vector<std::string> names;       // names the display is reached by, besides its own
    bool operator==(const Control&) const = default;
};

// display.broker: an MQTT broker that carries cues to many displays and their status back.
struct Broker {
    std::string url;                      // mqtt://host[:port] (a LAN) or mqtts://host[:port] (TLS, verified)
    std::string username;                 // empty: none
    std::filesystem::path password_file;  // absolute; empty: none
    std::filesystem::path ca_file;        // absolute; empty: the system's authorities
    std::string org;                      // the campaign: placard/v1/ORG/...
    std::string id;                       // this display; empty: the machine's host name
    std::string hall;                     // empty: in no hall
    // Organizers' public keys ("ed25519:...") and files of them (absolute paths).
    std::vector<std::string> trust;
    bool operator==(const Broker&) const = default;
};

// A band along an edge of the screen, over every slide: the time and a ticker of headlines.
struct Strip {
    bool top = false;   // "edge": "top"; else along the bottom
    bool clock = true;  // the time and the date, at the band's end
    // The headlines: a reports or events slide of the source that "ticker" names (with its
    // "count"), built as one would be; none: no ticker.
    std::optional<Slide> ticker;
    int speed = 120;  // pixels a second at 1080 lines: "slow" 80, "normal" 120, "fast" 170
};

struct Display {
    // Absent: the screen's own mode, at most 1920x1080 (a 4K TV gets its 1080p mode).
    // Given: that mode, or the nearest the screen has; the size of headless frames.
    std::optional<std::pair<int, int>> size;
    int rotation = 0;  // 0, 90, 180, 270
    Margins overscan;
    // When the screen is on; outside these spans it is black and the TV is put on
    // standby (HDMI-CEC). Empty: always on. Each span has the shape of a slide's "when".
    std::vector<When> hours;
    bool cec = true;                 // false: never send the TV HDMI-CEC commands
    std::string theme = "dark";      // "dark", "light"
    std::string timezone;            // as written; empty: the system's
    Zone zone = Zone::system();      // dates and hours are in this zone
    std::string locale = "en";       // language of dates and countdowns: "en", "de", "es", "fr"
    int volume = 100;                // clips' sound, 0 to 100, unless a slide says otherwise
    std::string audio;               // clips' sound device as mpv names it; "none"; empty: the default (HDMI)
    std::optional<Control> control;  // none: no control page
    std::optional<Broker> broker;    // none: no broker
    // The slide on screen is a function of the wall clock and the playlist, the same on every
    // display that has both: halls in step.
    bool sync = false;
    std::optional<Strip> strip;  // none: no strip
};

struct Playlist {
    int version = 1;
    Display display;
    std::map<std::string, Source> sources;
    std::vector<Slide> slides;
    std::filesystem::path file;  // where it was loaded from (absolute)
};

}  // namespace placard::config
