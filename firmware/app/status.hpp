#pragma once
// The quiet line in the corner: what the screen is still waiting for.
#include <optional>
#include <string>

#include "config/playlist.hpp"
#include "content/snapshot.hpp"
#include "schedule/schedule.hpp"

namespace placard::app {

// Empty when every source that a slide uses has content. Otherwise, for example:
// "Waiting for reports (example.org: connection refused) · events (fetching)".
std::string waiting_status(const config::Playlist& playlist, const content::Snapshot& snapshot);

// For systemd's STATUS= (`systemctl status placard`): what is showing and which sources
// are stale, e.g. "report 3 of 12: Picket outside the embassy; stale: news (connection
// refused), events (updated 7 h ago)". `shown` is null while the waiting frame is up.
std::string service_status(const config::Playlist& playlist, const content::Snapshot& snapshot,
                           const schedule::SlideSpec* shown, size_t index, size_t count, SysTime now);

// The same outside the screen's hours: "screen off (display.hours) until Mon 07:00; stale: ...".
// `until` is absent when the screen stays off all week.
std::string off_status(const config::Playlist& playlist, const content::Snapshot& snapshot,
                       std::optional<SysTime> until, SysTime now);

}  // namespace placard::app
