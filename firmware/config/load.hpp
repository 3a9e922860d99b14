#pragma once
// Reading and validating a playlist. Every problem is reported, not just the first, with
// the line and column in the file and the JSON path, and says what to write instead.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/playlist.hpp"

namespace placard::config {

struct Problem {
    std::string file;     // as given to the loader
    int line = 0;         // 1-based; 0 when unknown
    int column = 0;       // 1-based
    std::string path;     // "$.slides[2].duration"
    std::string message;  // what is wrong and what to write instead
};

// "FILE:LINE:COLUMN: JSON-PATH: message"
std::string format(const Problem& problem);

struct LoadResult {
    std::optional<Playlist> playlist;  // set only when there are no problems
    std::vector<Problem> problems;
};

// `text` is the file's content; `file` names it in problems and is the base for
// relative paths. Local files a slide or source names must exist. When `file` is a web
// address (the playlist was fetched), paths on the display must be absolute. `kinds` are
// the slide types it knows (kinds::all(); kinds/kinds.hpp has the short forms of these two).
LoadResult load_playlist(std::string_view text, const std::filesystem::path& file, SlideKinds kinds);
// Reads the file first; an unreadable file is one problem.
LoadResult load_playlist_file(const std::filesystem::path& file, SlideKinds kinds);

// "http://..." or "https://..."
bool is_web_address(std::string_view text);
// Whether a file name is a clip's, by its extension, in any case: .mp4, .m4v, .mkv, .webm,
// .mov, .ogv, .avi, .ts, .mpg, .mpeg (what a video slide plays; the schema says the same).
bool is_clip_name(std::string_view name);

}  // namespace placard::config
