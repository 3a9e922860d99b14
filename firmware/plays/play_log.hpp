#pragma once
// Proof of play: what was on screen, from when to when, written only for what reached
// the screen. One JSON Lines file a day (the display's local day) in the cache's plays/
// folder, kept 30 days and within the cache's budget (its files are the oldest, so the
// cache's trim takes them first). Main thread only; the control page reads the files.
//
// A line: {"start": "2026-12-05T19:00:05+00:00", "end": "...", "seconds": 12.0,
//          "kind": "event", "title": "...", "source": "calendar", "id": "3:abc",
//          "cue": "", "screen_on": true}
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "util/clock.hpp"
#include "util/result.hpp"
#include "util/time.hpp"

namespace placard::plays {

// What is on screen: a slide, a cue's slide, the waiting frame, or black.
struct Showing {
    std::string kind;  // the slide's kind, "waiting", or "off" (outside display.hours)
    std::string title;
    std::string source;  // the source's name, when the slide came from one
    std::string id;      // the slide's id: the playlist's index and the item's
    std::string cue;     // a cue's slide: the cue's id
    bool screen_on = true;
    bool operator==(const Showing& o) const {
        return kind == o.kind && id == o.id && cue == o.cue && screen_on == o.screen_on && title == o.title;
    }
};

inline constexpr int kept_days = 30;

using Instant = std::chrono::system_clock::time_point;

class PlayLog {
public:
    // `dir` is created at the first line written; files older than kept_days are removed
    // then, and at each new day.
    explicit PlayLog(std::filesystem::path dir) : dir_(std::move(dir)) {}
    ~PlayLog() = default;
    PlayLog(const PlayLog&) = delete;
    PlayLog& operator=(const PlayLog&) = delete;

    // A frame of `what` reached the screen at `at`: a showing begins unless it is the one
    // already open, which then ends at `at`.
    void presented(const Showing& what, Instant at, const Zone& zone);
    // The showing open ends at `at` (the program stops). Showings under a second (a
    // slide skipped at once) are not written.
    void close(Instant at);

    const std::filesystem::path& dir() const { return dir_; }
    // The last failure to write, for the page; empty while writing works.
    const std::string& problem() const { return problem_; }

private:
    void write(const Showing& s, Instant from, Instant to);
    void sweep(Instant now);

    std::filesystem::path dir_;
    std::optional<Showing> open_;
    Instant open_at{};
    Zone zone_;
    std::string swept_day_;
    std::string problem_;
};

// "2026-12-05T19:00:05+00:00", local to `zone`.
std::string local_iso8601(SysTime t, const Zone& zone);
// "2026-12-05", the local day of `t`.
std::string local_day(SysTime t, const Zone& zone);

// The showings written for `day` ("2026-12-05"), oldest first; an empty list for a day
// with none. A malformed day is refused; broken lines (a power cut mid-write) are skipped.
Result<std::vector<nlohmann::json>> read_day(const std::filesystem::path& dir, const std::string& day);
// The days that have a log, newest first.
std::vector<std::string> days(const std::filesystem::path& dir);
// start,end,seconds,kind,title,source,id,cue,screen_on with a header line, RFC 4180
// quoting; cells that a spreadsheet would take for a formula are prefixed with '.
std::string to_csv(const std::vector<nlohmann::json>& showings);

}  // namespace placard::plays
