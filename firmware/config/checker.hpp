#pragma once
// What the playlist checks share: the text's positions, the problems found so far, and
// readers that turn one JSON value into a typed value or into a problem that says what
// was found and what to write instead.
#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "config/load.hpp"
#include "config/located_json.hpp"
#include "util/time.hpp"

namespace placard::config {

using Json = nlohmann::json;

// What an organizer wrote, for messages: "the number 15", "the string \"15\"", "an object".
std::string describe(const Json& value);

enum class PathKind { file, directory };

class Checker {
public:
    Checker(std::string_view text, const LocatedJson& document, std::string file, std::filesystem::path folder);

    // A problem at the value found at `path`, or at its key (for keys that should not be there).
    void at_value(const std::string& path, std::string message);
    void at_key(const std::string& path, std::string message);
    // In the order of the text.
    std::vector<Problem> take_problems();

    // The member `key` of `object`, or null when absent.
    static const Json* member(const Json& object, std::string_view key);

    // Every key of `object` that is not in `allowed` is a problem, with the nearest allowed
    // key suggested. `elsewhere` may explain a key that belongs to another kind of object
    // (it returns an empty string for keys it does not know).
    void check_keys(const Json& object, const std::string& path, const std::vector<std::string>& allowed,
                    const std::function<std::string(const std::string&)>& elsewhere = {});

    // The readers report a problem and return nothing when the value is not acceptable.
    // `example` is shown in the message as written, e.g. "\"15m\"" or "{ \"type\": \"rss\" }".
    bool expect_object(const Json& value, const std::string& path, std::string_view example);
    bool expect_array(const Json& value, const std::string& path, std::string_view example);
    std::optional<std::string> read_string(const Json& value, const std::string& path, std::string_view example);
    std::optional<int> read_int(const Json& value, const std::string& path, int min, int max);
    std::optional<bool> read_bool(const Json& value, const std::string& path);
    // `what` names the choice in messages: "theme" gives `unknown theme "drak"; did you mean "dark"?`.
    std::optional<std::string> read_choice(const Json& value, const std::string& path, std::string_view what,
                                           const std::vector<std::string>& choices);
    std::optional<std::chrono::seconds> read_duration(const Json& value, const std::string& path,
                                                      std::chrono::seconds min, std::chrono::seconds max,
                                                      std::string_view example);
    // http:// or https:// with a host.
    std::optional<std::string> read_url(const Json& value, const std::string& path);
    // Relative to the playlist's folder; the result is absolute and must exist as `kind`.
    // A playlist from the web (no folder) takes absolute paths only.
    std::optional<std::filesystem::path> read_path(const Json& value, const std::string& path, PathKind kind);
    // The same, not looked for: a file that only the display has (a password, a key), which
    // the machine checking the playlist may not.
    std::optional<std::filesystem::path> resolve_path(const Json& value, const std::string& path,
                                                      std::string_view example);

    // The display's time zone, in which dates written without an offset are read: the
    // system's until display.timezone has been read (it is read before anything dated).
    Zone zone = Zone::system();

private:
    void add(const std::string& path, std::size_t offset, std::string message);

    std::string_view text_;
    const LocatedJson& document_;
    std::string file_;
    std::filesystem::path folder_;
    std::vector<Problem> problems_;
};

}  // namespace placard::config
