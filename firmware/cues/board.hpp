#pragma once
// The cues in force on a screen: an ordered set with priorities and expiry, kept in a file
// of the state directory so that they survive a restart. Which one takes the screen, which
// banner runs, whether the slides are paused. Main thread only; pure but for save().
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "cues/cue.hpp"
#include "util/clock.hpp"
#include "util/result.hpp"
#include "util/time.hpp"

namespace placard::cues {

class Board {
public:
    // Reads the state file, keeping the cues that have not expired at `now`. A file missing
    // is an empty board; a file that cannot be read is an error (the board starts empty).
    static Result<Board> load(const std::filesystem::path& file, SysTime now);
    // Writes the file whole or not at all (store/atomic_file.hpp).
    Result<void> save(const std::filesystem::path& file) const;

    // A lasting cue (announce, blank, pause); one with the id of a cue in force replaces it.
    void add(Cue cue);
    // Lifts a cue; false when no cue has that id.
    bool remove(const std::string& id);
    // Lifts every cue of that kind; returns how many.
    size_t remove_kind(Kind kind);
    void clear();
    // Drops the cues that have expired at `now`. A blank with an intermission becomes, as
    // it ends, an intermission slide (an announce) counting down to its own end. Returns
    // whether anything changed.
    bool expire(SysTime now);
    // When the next cue expires; none while none will.
    std::optional<SysTime> next_expiry() const;

    // The cue that takes the whole screen (a blank or an announce slide), if any: the one of
    // the highest priority, and of those the newest.
    const Cue* on_screen() const;
    // The banner to run along the bottom, if any, chosen the same way.
    const Cue* banner() const;
    bool paused() const;

    const std::vector<Cue>& cues() const { return cues_; }
    bool empty() const { return cues_.empty(); }
    // Counts add, remove, clear and expiry: whoever shows the board knows when to look again.
    unsigned long long version() const { return version_; }

    // For systemctl status: "cues: blank until 21:00; announce "Doors open" (banner) until lifted".
    // Empty without cues.
    std::string summary(const Zone& zone) const;

private:
    std::vector<Cue> cues_;  // in the order given
    unsigned long long version_ = 0;
};

// The intermission's title when its cue gives none, in the display's language.
std::string intermission_title(const std::string& locale);

}  // namespace placard::cues
