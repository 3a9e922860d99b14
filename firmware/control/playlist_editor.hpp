#pragma once
// The playlist as the control page edits it: read with its version (an ETag, the hash of
// its bytes), checked by the same checker as `placard check`, and saved atomically only
// when it is valid and still the version the editor started from, keeping the one before
// beside it. The player sees the new file as it sees a hand edit, and takes it at the next
// slide. Saves are one at a time; any thread.
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.hpp"

namespace placard::control {

// A problem the checker found, where it is in the text.
struct PlaylistProblem {
    int line = 0, column = 0;  // 1-based; 0 when unknown
    std::string path;          // "$.slides[2].duration"
    std::string message;       // what is wrong and what to write instead
};

// The problems of a playlist's text; none: valid. The file's own path is the base for the
// files it names.
using PlaylistChecker = std::function<std::vector<PlaylistProblem>(std::string_view text)>;

class PlaylistEditor {
public:
    PlaylistEditor(std::filesystem::path file, PlaylistChecker check)
        : file_(std::move(file)), check_(std::move(check)) {}

    const std::filesystem::path& file() const { return file_; }
    // Where the version before the last save is kept: playlist.json.previous.
    std::filesystem::path previous() const;

    struct Version {
        std::string text;
        std::string etag;  // "\"<32 hex digits>\""
    };
    Result<Version> read() const;

    struct Outcome {
        enum class Is {
            saved,         // written; `etag` is the new version's
            unchanged,     // the same bytes: nothing written
            no_version,    // no If-Match: the editor must say which version it edited
            stale,         // If-Match is not the file's version: somebody saved meanwhile
            invalid,       // the checker found `problems`: nothing written
            cannot_write,  // `error` says why and what to do
        } is = Is::saved;
        std::string etag;  // the file's version now
        std::vector<PlaylistProblem> problems;
        Error error;
    };
    // Saves `text` if `if_match` is the file's version ("*": whatever it is).
    Outcome save(std::string_view text, std::string_view if_match);

    static std::string etag_of(std::string_view text);

private:
    std::filesystem::path file_;
    PlaylistChecker check_;
    std::mutex saving_;
};

}  // namespace placard::control
