#pragma once
// A cue: what a person does to a playing screen (announce a message, blank it for a film,
// skip a slide...), the same whatever sends it: the keyboard, the control page, a script
// through the API, later a broker. Plain data, read from and written as JSON. Pure: the
// time comes in as an argument.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "util/clock.hpp"
#include "util/result.hpp"
#include "util/time.hpp"

namespace placard::cues {

enum class Kind {
    announce,  // a message: a slide that takes the screen, or a banner along the bottom
    blank,     // black, for a film; optionally an intermission countdown at its end
    pause,     // the slides stop turning
    // Instant: done once, never kept.
    skip,    // the next slide now
    back,    // the slide before
    resume,  // lifts the pauses
    reload,  // reads the playlist again
    clear,   // lifts every cue
};

// Whether a cue of this kind stays until lifted or expired (announce, blank, pause), or is
// done at once and forgotten (skip, back, resume, reload, clear).
bool lasting(Kind kind);
std::string_view name(Kind kind);

enum class Style {
    slide,   // takes the whole screen
    banner,  // a band along the bottom, over the slides as they turn
};

// A picture an announcement shows, as a broker's cue names it: where to fetch it, and the
// SHA-256 of its bytes, signed with the cue, so that a picture swapped on the server is
// not shown. `file` is the display's own: where it keeps the picture prepared for the
// screen, once it has been fetched and checked (empty until then).
struct Picture {
    std::string url;     // http or https
    std::string sha256;  // 64 hex digits, lower case
    std::string file;
    bool operator==(const Picture&) const = default;
};

struct Cue {
    std::string id;  // 12 hex digits, random: made when it is read
    Kind kind = Kind::announce;
    std::string text;  // announce; blank's intermission title
    Style style = Style::slide;
    int priority = 0;              // the highest takes the screen; among equals, the newest
    SysTime made;                  // when it was given
    std::optional<SysTime> until;  // when it expires; none: until lifted
    // blank: a countdown slide for this long once the blank ends, counting down to the
    // film's next part.
    std::optional<std::chrono::seconds> intermission;
    // announce: the time left until it expires, under its words ("in 9 min").
    bool countdown = false;
    std::string from;                // who gave it: "keyboard", "page", "api", a user name...
    std::optional<Picture> picture;  // announce, as a slide: shown above its words, if any
};

inline constexpr int min_priority = -100;
inline constexpr int max_priority = 100;
// The longest an announcement or a blank may be given for: a cue forgotten is lifted in a
// week at the latest.
inline constexpr std::chrono::hours longest_cue{24 * 7};

// A cue as a script or the control page writes it:
//   {"kind": "announce", "text": "The film starts in 5 minutes", "for": "5m"}
//   {"kind": "announce", "text": "...", "until": "21:30", "style": "banner", "priority": 10}
//   {"kind": "announce", "text": "The film starts", "until": "19:30", "countdown": true}
//   {"kind": "blank", "until": "21:00", "intermission": "15m", "text": "Intermission"}
//   {"kind": "announce", "picture": {"url": "https://...", "sha256": "..."}, "for": "1h"}
//   {"kind": "skip"}
// "until" is a time of day (the next one, in the display's `zone`) or an ISO 8601 instant;
// "for" a duration. Errors name the key and say what to write.
Result<Cue> read_cue(const nlohmann::json& value, SysTime now, const Zone& zone, std::string from);
// The same, from the text of a request's body.
Result<Cue> parse_cue(std::string_view text, SysTime now, const Zone& zone, std::string from);

// As the API gives it and the state file keeps it: every field, times in UTC.
nlohmann::json to_json(const Cue& cue);
// Back from to_json()'s form (the state file): the id and times as they were.
Result<Cue> from_json(const nlohmann::json& value);

// For the journal and systemctl status: `announce "The film starts…" until 21:30`,
// `blank until lifted`.
std::string describe(const Cue& cue, const Zone& zone);

// A new cue id: 12 random hex digits.
std::string new_id();

}  // namespace placard::cues
