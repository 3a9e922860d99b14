#pragma once
// What a display makes of the signed cues that reach it through the broker, topic by
// topic: each topic (the campaign's, the hall's, the display's own) holds one cue at a
// time, the last one issued; a cue issued before the one a topic has is a replay and is
// refused, so that nobody can bring back a message an organizer has replaced or cleared.
// Kept in the state folder: it holds across restarts and offline spells. One thread only.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "broker/signed_cue.hpp"
#include "cues/cue.hpp"
#include "util/clock.hpp"
#include "util/result.hpp"

namespace placard::broker {

struct Decision {
    enum class Verdict {
        take,    // `cue` takes the screen now (and `lift` goes)
        wait,    // the cue is kept until it starts (and `lift` goes now)
        lift,    // a clear: `lift` goes
        same,    // the cue the topic has already, given again (as a broker does on reconnecting)
        refuse,  // `why`, in one line
    };
    Verdict verdict = Verdict::refuse;
    std::optional<cues::Cue> cue;
    std::string lift;  // the id of the topic's cue before this one, or empty
    std::string why;
    // Refused as issued ahead of this display's clock: worth judging again once the clock
    // has been set (a Pi boots with the time it was switched off at).
    bool clock_ahead = false;
};

class Ledger {
public:
    // A file missing is an empty ledger; a file that cannot be read is an error.
    static Result<Ledger> load(const std::filesystem::path& file);
    Result<void> save(const std::filesystem::path& file) const;

    // What to do with the `payload` published to `topic`, and the ledger brought up to date.
    Decision judge(std::string_view topic, std::string_view payload, const std::vector<PublicKey>& trusted,
                   SysTime now);
    // The cues kept until their start, whose start has come: taken out of the ledger's wait.
    // After load(), also the cues that were held for their picture: delivered again.
    std::vector<cues::Cue> due(SysTime now);
    // A cue taken whose picture is still to come: kept in the ledger until release(), so
    // that a restart meanwhile (a power cut) delivers it again rather than passing its
    // redelivery as the same cue.
    void hold(std::string_view topic, const cues::Cue& cue);
    void release(const std::string& cue_id);
    std::optional<SysTime> next_start() const;
    // The topic whose cue has this id, or empty.
    std::string topic_of(const std::string& cue_id) const;

private:
    struct Entry {
        Millis issued{};
        std::string id;
        std::optional<cues::Cue> waiting;  // with its start
        SysTime starts{};
        bool held = false;  // `waiting` is a cue taken, held for its picture
    };
    std::map<std::string, Entry, std::less<>> topics_;
};

}  // namespace placard::broker
