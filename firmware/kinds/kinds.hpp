#pragma once
// The table of slide kinds: one row (config::SlideKind) for each "type" a playlist's slide
// may have. A new kind is one file here that defines its row, and one line in all() in
// kinds.cpp (its name below, for the tests); config/playlist.schema.json lists it too,
// which a test checks against this table.
#include <filesystem>
#include <string_view>

#include "config/load.hpp"
#include "config/slide_kind.hpp"

namespace placard::kinds {

extern const config::SlideKind image;     // a picture, or a folder's pictures
extern const config::SlideKind pdf;       // a PDF's pages, a slide each
extern const config::SlideKind web;       // a web page, drawn by a headless browser
extern const config::SlideKind reports;   // a feed's latest reports
extern const config::SlideKind events;    // upcoming events, with a countdown
extern const config::SlideKind messages;  // messages of solidarity
extern const config::SlideKind text;      // a title with a paragraph or a list
extern const config::SlideKind donate;    // a donation appeal with a QR code
extern const config::SlideKind clock;     // the time and the date, big
extern const config::SlideKind video;     // a clip, played in placard's own process

// The slides that cues put up (cues/board.hpp); not in all(): a playlist cannot name them.
extern const config::SlideKind announce;  // a message that takes the screen
extern const config::SlideKind blanked;   // black, for a film

// Every kind, in the order the playlist's documentation gives them.
config::SlideKinds all();
// The kind of that name, or null.
const config::SlideKind* find(std::string_view name);

// config::load_playlist and load_playlist_file with every kind.
config::LoadResult load_playlist(std::string_view playlist, const std::filesystem::path& file);
config::LoadResult load_playlist_file(const std::filesystem::path& file);

}  // namespace placard::kinds
