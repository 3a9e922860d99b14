#pragma once
// The topics of a campaign at its broker:
//   placard/v1/ORG/all/cue                every display of the campaign
//   placard/v1/ORG/hall/HALL/cue          the displays of one hall
//   placard/v1/ORG/display/ID/cue         one display
//   placard/v1/ORG/display/ID/status      what a display shows and how it is (retained)
//   placard/v1/ORG/display/ID/ack         a cue is on its screen
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace placard::broker::topics {

inline std::string all_cue(std::string_view org) {
    return fmt::format("placard/v1/{}/all/cue", org);
}
inline std::string hall_cue(std::string_view org, std::string_view hall) {
    return fmt::format("placard/v1/{}/hall/{}/cue", org, hall);
}
inline std::string display_cue(std::string_view org, std::string_view id) {
    return fmt::format("placard/v1/{}/display/{}/cue", org, id);
}
inline std::string status(std::string_view org, std::string_view id) {
    return fmt::format("placard/v1/{}/display/{}/status", org, id);
}
inline std::string every_status(std::string_view org) {
    return fmt::format("placard/v1/{}/display/+/status", org);
}
inline std::string ack(std::string_view org, std::string_view id) {
    return fmt::format("placard/v1/{}/display/{}/ack", org, id);
}
inline std::string every_ack(std::string_view org) {
    return fmt::format("placard/v1/{}/display/+/ack", org);
}

}  // namespace placard::broker::topics

namespace placard::broker {
// A campaign's, hall's or display's name in a topic: up to 64 letters, digits, '-', '_'
// (no MQTT wildcard or separator), as display.broker takes them.
inline bool valid_topic_part(std::string_view s) {
    if (s.empty() || s.size() > 64) return false;
    for (char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
            return false;
    return true;
}
}  // namespace placard::broker
