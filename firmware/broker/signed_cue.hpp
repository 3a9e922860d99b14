#pragma once
// A cue as it travels through a broker: its fields as JSON text, exactly the bytes that
// were signed, with the organizer's public key and the Ed25519 signature over them and the
// topic it was published to. A broker, or anyone on the LAN, can hold a cue back, but
// cannot change a word of it, move it to another hall or make one up.
//
//   {"placard": 1,
//    "cue": "{\"id\":\"…\",\"kind\":\"announce\",\"text\":\"…\",\"issued\":\"2026-12-07T18:00:00.250Z\",…}",
//    "key": "ed25519:…", "signature": "…"}
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "broker/keys.hpp"
#include "util/result.hpp"

namespace placard::broker {

using Millis = std::chrono::sys_time<std::chrono::milliseconds>;

// The cue's fields are cues::read_cue's (kind, text, style, priority, countdown,
// intermission, picture, id), "until" an instant in UTC, plus "issued" (when it was signed, to the
// millisecond: of two cues to one topic the later wins) and "starts" (when it takes the
// screen; absent: at once).
std::string seal(const nlohmann::json& cue, std::string_view topic, const SecretKey& key);

struct Opened {
    nlohmann::json cue;  // the fields, as signed
    PublicKey key;       // whose key signed it
    Millis issued;
};

// The cue in `payload`, when it was signed for `topic` by one of the `trusted` keys. The
// error says why not, in words for one line of the journal.
Result<Opened> open(std::string_view payload, std::string_view topic, const std::vector<PublicKey>& trusted);

// "2026-12-07T18:00:00.250Z" and back.
std::string format_millis(Millis t);
std::optional<Millis> parse_millis(std::string_view text);

}  // namespace placard::broker
