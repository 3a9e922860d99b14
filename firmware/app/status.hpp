#pragma once
// The quiet line in the corner: what the screen is still waiting for.
#include <string>

#include "config/playlist.hpp"
#include "content/snapshot.hpp"

namespace placard::app {

// Empty when every source that a slide uses has content. Otherwise, for example:
// "Waiting for reports (example.org: connection refused) · events (fetching)".
std::string waiting_status(const config::Playlist& playlist, const content::Snapshot& snapshot);

}  // namespace placard::app
