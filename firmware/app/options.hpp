#pragma once
// The command line: `placard run|check|slides|preview ...`, parsed with getopt_long.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "layout/geometry.hpp"
#include "util/clock.hpp"
#include "util/result.hpp"
#include "util/time.hpp"

namespace placard::app {

enum class Command { run, check, slides, preview, passwd, token, keygen, cue, fleet, web_helper, help, version };

struct Options {
    Command command = Command::help;
    std::string playlist;                // as given; empty: the default
    std::optional<layout::Size> window;  // run --window WxH
    bool headless = false;               // run --headless
    std::optional<std::chrono::seconds> exit_after;
    std::string screenshots;                   // run --screenshots DIR
    std::string frame_log;                     // run --frame-log FILE
    std::string cache;                         // --cache DIR
    std::string state;                         // run --state DIR
    std::optional<std::uintmax_t> cache_size;  // --cache-size SIZE, in bytes
    std::string renderer = "auto";             // run --renderer auto|software|accelerated
    // --at TIME (slides, preview, run), as written: without an offset it is local to the
    // display's zone, which the playlist gives (at_time()).
    std::optional<std::string> at;
    bool offline = false;              // --offline
    bool json = false;                 // slides --json
    std::string out;                   // preview --out DIR
    std::optional<layout::Size> size;  // preview --size WxH
    std::string name;                  // token --name WORDS: whose the token is
    bool list = false;                 // token --list
    std::string revoke;                // token --revoke ID
    // keygen, cue, fleet: the organizer's side of a broker.
    std::vector<std::string> words;            // cue VERB [TEXT]
    std::string broker;                        // --broker URL
    std::string org;                           // --org ORG
    std::string key;                           // cue --key FILE
    std::string hall;                          // cue --hall HALL
    std::string display_id;                    // cue --display ID
    std::string username;                      // --username NAME
    std::string password_file;                 // --password-file FILE
    std::string ca_file;                       // --ca-file FILE
    std::string cue_for;                       // cue --for DURATION
    std::string cue_until;                     // cue --until TIME
    std::string cue_starts;                    // cue --starts TIME
    std::optional<int> priority;               // cue --priority N
    bool banner = false;                       // cue --banner
    std::string picture;                       // cue --picture URL
    std::optional<std::chrono::seconds> wait;  // cue, fleet --wait DURATION
};

// --at as an instant: a time without an offset is read in `zone`, the display's.
std::optional<SysTime> at_time(const Options& o, const Zone& zone);

// Error.what is the message to print, with the usage hint.
Result<Options> parse_options(int argc, char** argv);
// "512MB", "2G", "800M", "1.5GB" -> bytes (K, M, G: powers of 1000, as disks are sold).
std::optional<std::uintmax_t> parse_byte_size(const std::string& text);
// "1920x1080" -> {1920, 1080}
std::optional<layout::Size> parse_size(const std::string& text);

extern const char* const usage_text;

}  // namespace placard::app
