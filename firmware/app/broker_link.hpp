#pragma once
// display.broker, started for `placard run`: the trusted keys read, the display's name
// found, its status drawn from the console.
#include <filesystem>
#include <memory>

#include "broker/link.hpp"
#include "config/playlist.hpp"
#include "control/console.hpp"

namespace placard::app {

// Where keys trusted on every playlist are: /etc/placard/keys/*.pub.
inline const std::filesystem::path trusted_keys_folder = "/etc/placard/keys";

// The link, or null when it cannot start (logged: the slides play on without it).
// Cues' pictures are prepared by `preparer` and kept in STATE/cue-pictures.
std::unique_ptr<broker::Link> start_broker_link(const config::Broker& broker, control::Console& console,
                                                const std::filesystem::path& state_dir,
                                                std::shared_ptr<content::ImagePreparer> preparer);

// The display's id when display.broker gives none: the machine's host name, made fit for a topic.
std::string default_display_id();

}  // namespace placard::app
