#include "app/options.hpp"

#include <getopt.h>

#include <cctype>
#include <cstdio>
#include <cstring>

#include <fmt/format.h>

#include "util/duration.hpp"
#include "util/time.hpp"

namespace placard::app {

const char* const usage_text = R"(placard: a signage player for the halls of solidarity campaigns

Usage:
  placard run [PLAYLIST] [--window WxH | --headless] [--exit-after DURATION]
              [--screenshots DIR] [--cache DIR] [--cache-size SIZE]
              [--renderer auto|software|accelerated] [--at TIME] [--offline]
              [--frame-log FILE] [--state DIR]
      Plays the playlist, fullscreen unless --window is given. PLAYLIST defaults to
      /etc/placard/playlist.json, then the bundled demo; it may be a web address
      (https://...), fetched every 5 minutes, the last good one kept in the cache.
      Keys: Esc or q quits, right/left arrow skips, space pauses, b blanks the screen
      (and brings it back). --frame-log writes a JSON line for each frame shown: when,
      which slide, where in a clip, how bright. The cues in force (announcements, a
      blank, a pause) are kept in --state DIR: $STATE_DIRECTORY under systemd, else
      /var/lib/placard, else $XDG_STATE_HOME/placard (~/.local/state/placard).
  placard check PLAYLIST
      Validates the playlist; prints every problem as FILE:LINE:COLUMN: PATH: message.
  placard slides PLAYLIST [--at TIME] [--offline] [--json] [--cache DIR]
      Fetches the sources (with --offline: the cache only) and lists the slides that
      would be shown at TIME (ISO 8601, e.g. 2026-12-05T18:30), in order.
  placard preview PLAYLIST --out DIR [--size WxH] [--at TIME] [--offline] [--cache DIR]
      Renders every slide to DIR/NN-type.png and DIR/contact-sheet.png, with no display.
  placard passwd [--state DIR]
      Sets the control page's password: read from standard input when that is not a
      terminal, else asked for twice. Sessions already open stay open until they end.
  placard token [--name WORDS] [--state DIR]
      Prints a new API token for scripts (Authorization: Bearer TOKEN); only its hash is
      kept, in the state folder's tokens.json, with WORDS to say whose it is.
  placard token --list | --revoke ID [--state DIR]
      Lists the tokens (their id, name and date, never the token), or revokes one: it is
      refused from then on, by the running player too.
  placard keygen --out DIR [--name WORDS]
      Makes an organizer's key for signing cues: DIR/placard-organizer.key (secret, mode
      0600) and DIR/placard-organizer.pub, and prints the public key for display.broker.trust.
  placard cue announce [TEXT] [--picture URL] | blank | clear --broker URL --org ORG
              --key FILE [--hall HALL | --display ID] [--for DURATION | --until TIME]
              [--starts TIME] [--priority N] [--banner] [--wait DURATION]
              [--username NAME] [--password-file FILE] [--ca-file FILE]
      Signs a cue and sends it through the broker to every display of the campaign, a hall
      or one display, where it stays (retained) until it expires or is cleared. --picture
      shows the picture at URL above the words (fetched here once: the cue carries its
      SHA-256, and displays show no other picture). --wait (default 5s) lists the displays
      that put it on screen.
  placard fleet --broker URL --org ORG [--json] [--wait DURATION]
                [--username NAME] [--password-file FILE] [--ca-file FILE]
      Lists the campaign's displays from their status at the broker: online or not, what
      they show, their cues and health.
  placard web-helper
      Draws one web page for a web slide and answers with its picture, over the
      connection on its standard input and output: what systemd starts for each page
      on placard-web.socket (/run/placard-web.sock), as a user of its own. Not for
      running by hand.
  placard --help | --version

Durations are written like 10s, 15m, 1h30m. The cache defaults to
$XDG_CACHE_HOME/placard (~/.cache/placard), or $CACHE_DIRECTORY under systemd; it holds
at most --cache-size (default 512MB), removing what the playlist no longer shows.
)";

std::optional<std::uintmax_t> parse_byte_size(const std::string& text) {
    double number = 0;
    int used = 0;
    if (std::sscanf(text.c_str(), "%lf%n", &number, &used) != 1 || !(number >= 0) || text[0] == '-')
        return std::nullopt;
    std::string unit = text.substr(static_cast<size_t>(used));
    for (char& c : unit) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (unit.size() == 2 && unit[1] == 'B') unit.pop_back();
    double scale = 0;
    if (unit == "" || unit == "B")
        scale = 1;
    else if (unit == "K")
        scale = 1e3;
    else if (unit == "M")
        scale = 1e6;
    else if (unit == "G")
        scale = 1e9;
    else if (unit == "T")
        scale = 1e12;
    else
        return std::nullopt;
    double bytes = number * scale;
    if (bytes > 1e15) return std::nullopt;
    return static_cast<std::uintmax_t>(bytes);
}

std::optional<layout::Size> parse_size(const std::string& text) {
    int w = 0, h = 0;
    char extra = 0;
    if (std::sscanf(text.c_str(), "%dx%d%c", &w, &h, &extra) != 2) return std::nullopt;
    if (w < 16 || h < 16 || w > 16384 || h > 16384) return std::nullopt;
    return layout::Size{w, h};
}

Result<Options> parse_options(int argc, char** argv) {
    Options o;
    if (argc < 2) return o;
    std::string command = argv[1];
    if (command == "--help" || command == "-h" || command == "help") return o;
    if (command == "--version" || command == "-V") {
        o.command = Command::version;
        return o;
    }
    if (command == "run")
        o.command = Command::run;
    else if (command == "check")
        o.command = Command::check;
    else if (command == "slides")
        o.command = Command::slides;
    else if (command == "preview")
        o.command = Command::preview;
    else if (command == "passwd")
        o.command = Command::passwd;
    else if (command == "token")
        o.command = Command::token;
    else if (command == "keygen")
        o.command = Command::keygen;
    else if (command == "cue")
        o.command = Command::cue;
    else if (command == "fleet")
        o.command = Command::fleet;
    else if (command == "web-helper") {
        o.command = Command::web_helper;
        if (argc > 2)
            return Error{"", "placard web-helper takes no arguments",
                         "systemd starts it on placard-web.socket; see `placard --help`"};
        return o;
    } else
        return Error{"", fmt::format("unknown command \"{}\"", command), "run `placard --help` for the commands"};

    enum {
        window = 1000,
        headless,
        exit_after,
        screenshots,
        frame_log,
        cache,
        cache_size,
        state,
        renderer,
        at,
        offline,
        json,
        out,
        size,
        name,
        list,
        revoke,
        broker,
        org,
        key,
        hall,
        display,
        username,
        password_file,
        ca_file,
        cue_for,
        cue_until,
        cue_starts,
        priority,
        banner,
        picture,
        wait,
        help
    };
    static const option longs[] = {
        {"window", required_argument, nullptr, window},
        {"headless", no_argument, nullptr, headless},
        {"exit-after", required_argument, nullptr, exit_after},
        {"screenshots", required_argument, nullptr, screenshots},
        {"frame-log", required_argument, nullptr, frame_log},
        {"cache", required_argument, nullptr, cache},
        {"cache-size", required_argument, nullptr, cache_size},
        {"state", required_argument, nullptr, state},
        {"renderer", required_argument, nullptr, renderer},
        {"at", required_argument, nullptr, at},
        {"offline", no_argument, nullptr, offline},
        {"json", no_argument, nullptr, json},
        {"out", required_argument, nullptr, out},
        {"size", required_argument, nullptr, size},
        {"name", required_argument, nullptr, name},
        {"list", no_argument, nullptr, list},
        {"revoke", required_argument, nullptr, revoke},
        {"broker", required_argument, nullptr, broker},
        {"org", required_argument, nullptr, org},
        {"key", required_argument, nullptr, key},
        {"hall", required_argument, nullptr, hall},
        {"display", required_argument, nullptr, display},
        {"username", required_argument, nullptr, username},
        {"password-file", required_argument, nullptr, password_file},
        {"ca-file", required_argument, nullptr, ca_file},
        {"for", required_argument, nullptr, cue_for},
        {"until", required_argument, nullptr, cue_until},
        {"starts", required_argument, nullptr, cue_starts},
        {"priority", required_argument, nullptr, priority},
        {"banner", no_argument, nullptr, banner},
        {"picture", required_argument, nullptr, picture},
        {"wait", required_argument, nullptr, wait},
        {"help", no_argument, nullptr, help},
        {nullptr, 0, nullptr, 0},
    };
    optind = 2;
    opterr = 0;
    int c = 0;
    while ((c = getopt_long(argc, argv, "", longs, nullptr)) != -1) {
        std::string arg = optarg ? optarg : "";
        switch (c) {
            case window:
                o.window = parse_size(arg);
                if (!o.window)
                    return Error{"--window", fmt::format("\"{}\" is not a size", arg),
                                 "write it as WxH, e.g. 1280x720"};
                break;
            case headless:
                o.headless = true;
                break;
            case exit_after: {
                auto d = parse_duration(arg);
                if (!d) return Error{"--exit-after", d.error().what, d.error().hint};
                o.exit_after = *d;
                break;
            }
            case screenshots:
                o.screenshots = arg;
                break;
            case frame_log:
                o.frame_log = arg;
                break;
            case state:
                o.state = arg;
                break;
            case cache:
                o.cache = arg;
                break;
            case cache_size:
                o.cache_size = parse_byte_size(arg);
                if (!o.cache_size)
                    return Error{"--cache-size", fmt::format("\"{}\" is not a size in bytes", arg),
                                 "write it like 512MB or 2GB"};
                break;
            case renderer:
                if (arg != "auto" && arg != "software" && arg != "accelerated")
                    return Error{"--renderer", fmt::format("unknown renderer \"{}\"", arg),
                                 "use auto, software or accelerated"};
                o.renderer = arg;
                break;
            case at: {
                // Checked here, read in the display's zone once the playlist is loaded.
                if (!parse_iso8601(arg, Zone()))
                    return Error{"--at", fmt::format("\"{}\" is not an ISO 8601 time", arg),
                                 "write it like 2026-12-05T18:30"};
                o.at = arg;
                break;
            }
            case offline:
                o.offline = true;
                break;
            case json:
                o.json = true;
                break;
            case out:
                o.out = arg;
                break;
            case size:
                o.size = parse_size(arg);
                if (!o.size)
                    return Error{"--size", fmt::format("\"{}\" is not a size", arg), "write it as WxH, e.g. 1920x1080"};
                break;
            case name:
                o.name = arg;
                break;
            case list:
                o.list = true;
                break;
            case revoke:
                o.revoke = arg;
                break;
            case broker:
                o.broker = arg;
                break;
            case org:
                o.org = arg;
                break;
            case key:
                o.key = arg;
                break;
            case hall:
                o.hall = arg;
                break;
            case display:
                o.display_id = arg;
                break;
            case username:
                o.username = arg;
                break;
            case password_file:
                o.password_file = arg;
                break;
            case ca_file:
                o.ca_file = arg;
                break;
            case cue_for:
                o.cue_for = arg;
                break;
            case cue_until:
                o.cue_until = arg;
                break;
            case cue_starts:
                o.cue_starts = arg;
                break;
            case priority: {
                char* end = nullptr;
                const long n = std::strtol(arg.c_str(), &end, 10);
                if (arg.empty() || *end || n < -100 || n > 100)
                    return Error{"--priority", fmt::format("\"{}\" is not a priority", arg),
                                 "give a whole number from -100 to 100; the highest takes the screen"};
                o.priority = static_cast<int>(n);
                break;
            }
            case banner:
                o.banner = true;
                break;
            case picture:
                o.picture = arg;
                break;
            case wait: {
                auto d = parse_duration(arg);
                if (!d) return Error{"--wait", d.error().what, d.error().hint};
                o.wait = *d;
                break;
            }
            case help:
                o.command = Command::help;
                return o;
            default: {
                const char* bad = optind - 1 < argc ? argv[optind - 1] : "?";
                return Error{"", fmt::format("unknown or incomplete option \"{}\"", bad),
                             "run `placard --help` for the options"};
            }
        }
    }
    if (o.command == Command::cue) {
        while (optind < argc) o.words.push_back(argv[optind++]);
        if (o.words.empty())
            return Error{"", "`placard cue` needs what to do", "placard cue announce \"TEXT\" | blank | clear ..."};
    }
    const bool organizer = o.command == Command::keygen || o.command == Command::cue || o.command == Command::fleet;
    const bool organizer_options = !o.broker.empty() || !o.org.empty() || !o.key.empty() || !o.hall.empty() ||
                                   !o.display_id.empty() || !o.username.empty() || !o.password_file.empty() ||
                                   !o.ca_file.empty() || !o.cue_for.empty() || !o.cue_until.empty() ||
                                   !o.cue_starts.empty() || o.priority || o.banner || o.wait || !o.picture.empty();
    if (!organizer && organizer_options)
        return Error{"", "--broker, --org, --key and the cue's options are `placard cue` and `placard fleet`'s",
                     "run `placard --help` for the options"};
    if (organizer) {
        if (optind < argc)
            return Error{"", fmt::format("unexpected argument \"{}\"", argv[optind]), "run `placard --help`"};
        if (o.command == Command::keygen && o.out.empty())
            return Error{"", "`placard keygen` needs --out DIR", "for example: placard keygen --out ~/.config/placard"};
        if (o.command != Command::keygen && (o.broker.empty() || o.org.empty()))
            return Error{"", fmt::format("`placard {}` needs --broker URL and --org ORG", command),
                         "for example: --broker mqtts://broker.example.org --org our-campaign"};
        return o;
    }
    if (optind < argc) o.playlist = argv[optind++];
    if (optind < argc) return Error{"", fmt::format("unexpected argument \"{}\"", argv[optind]), "give one playlist"};
    const bool takes_playlist = o.command != Command::passwd && o.command != Command::token;
    if (!takes_playlist && !o.playlist.empty())
        return Error{"", fmt::format("unexpected argument \"{}\"", o.playlist),
                     fmt::format("`placard {}` takes only --state DIR", command)};
    if (takes_playlist && o.command != Command::run && o.playlist.empty())
        return Error{"", fmt::format("`placard {}` needs a playlist", command),
                     "for example: placard " + command + " config/demo.json"};
    if (o.command != Command::token && (!o.name.empty() || o.list || !o.revoke.empty()))
        return Error{"", "--name, --list and --revoke are `placard token`'s", "run `placard --help` for the options"};
    if (o.command == Command::preview && o.out.empty())
        return Error{"", "`placard preview` needs --out DIR",
                     "for example: placard preview config/demo.json --out /tmp/preview"};
    return o;
}

std::optional<SysTime> at_time(const Options& o, const Zone& zone) {
    if (!o.at) return std::nullopt;
    return parse_iso8601(*o.at, zone);
}

}  // namespace placard::app
