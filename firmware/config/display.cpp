#include <cstdlib>
#include <regex>
#include <system_error>
#include <tuple>

#include <fmt/format.h>

#include "config/sections.hpp"

namespace placard::config {
namespace {

namespace fs = std::filesystem;

// Absent for "auto" and for mistakes (which are reported).
std::optional<std::pair<int, int>> read_size(Checker& checker, const Json& value, const std::string& path) {
    auto s = checker.read_string(value, path, "\"1920x1080\"");
    if (!s) return std::nullopt;
    if (*s == "auto") return std::nullopt;
    // The schema spells out the range in its pattern; here the numbers are compared.
    static const std::regex shape(R"(^([1-9][0-9]{2,3})x([1-9][0-9]{2,3})$)");
    std::smatch m;
    if (!std::regex_match(*s, m, shape)) {
        checker.at_value(path,
                         fmt::format("{} is not a screen size; write \"auto\" or WIDTHxHEIGHT, such as \"1920x1080\"",
                                     Json(*s).dump()));
        return std::nullopt;
    }
    const int width = std::stoi(m[1].str()), height = std::stoi(m[2].str());
    if (width < 160 || width > 7680 || height < 160 || height > 7680) {
        checker.at_value(path,
                         fmt::format("{} is out of range: width and height go from 160 to 7680, such as \"1920x1080\"",
                                     Json(*s).dump()));
        return std::nullopt;
    }
    return std::pair(width, height);
}

// A TV's overscan crops a few percent of each edge: 400 px is already a fifth of 1080p.
constexpr int max_margin = 400;

Margins read_overscan(Checker& checker, const Json& value, const std::string& path) {
    Margins m;
    if (value.is_number()) {
        if (auto n = checker.read_int(value, path, 0, max_margin)) m = {*n, *n, *n, *n};
        return m;
    }
    if (!checker.expect_object(value, path, "{ \"top\": 20, \"right\": 32, \"bottom\": 20, \"left\": 32 }")) return m;
    checker.check_keys(value, path, {"top", "right", "bottom", "left"});
    for (auto [key, side] : {std::pair{"top", &m.top}, {"right", &m.right}, {"bottom", &m.bottom}, {"left", &m.left}}) {
        if (const Json* v = Checker::member(value, key))
            if (auto n = checker.read_int(*v, member_path(path, key), 0, max_margin)) *side = *n;
    }
    return m;
}

Control read_control(Checker& checker, const Json& value, const std::string& path) {
    Control control;
    if (!checker.expect_object(value, path, "{ \"listen\": \"0.0.0.0:8080\" }")) return control;
    checker.check_keys(value, path, {"listen", "tls", "names"});
    if (const Json* v = Checker::member(value, "listen")) {
        const std::string p = member_path(path, "listen");
        if (auto listen = checker.read_string(*v, p, "\"0.0.0.0:8080\"")) {
            // An address (IPv6 in brackets) and a port; 0 is any free port, which the log names.
            static const std::regex shape(R"(^(\d{1,3}(\.\d{1,3}){3}|\[[0-9A-Fa-f:.]+\]):(\d{1,5})$)");
            std::smatch m;
            if (listen->size() <= 64 && std::regex_match(*listen, m, shape) && std::stoi(m[3].str()) <= 65535)
                control.listen = *listen;
            else
                checker.at_value(p, fmt::format("{} is not an address and a port: write \"0.0.0.0:8080\" (every "
                                                "network of the display), \"[::]:8080\" or one address",
                                                Json(*listen).dump()));
        }
    }
    if (const Json* v = Checker::member(value, "tls")) {
        if (auto tls = checker.read_bool(*v, member_path(path, "tls"))) control.tls = *tls;
    }
    if (const Json* v = Checker::member(value, "names")) {
        const std::string p = member_path(path, "names");
        if (checker.expect_array(*v, p, "[\"hall-screen.lan\"]"))
            for (size_t i = 0; i < v->size(); ++i)
                if (auto name = checker.read_string((*v)[i], fmt::format("{}[{}]", p, i), "\"hall-screen.lan\""))
                    control.names.push_back(*name);
    }
    return control;
}

// A topic's part: the campaign, a hall, a display. MQTT's wildcards and separators are
// not letters of it.
bool topic_part(const std::string& s) {
    static const std::regex shape(R"(^[A-Za-z0-9_-]{1,64}$)");
    return s.size() <= 64 && std::regex_match(s, shape);
}

Broker read_broker(Checker& checker, const Json& value, const std::string& path) {
    Broker broker;
    const std::string example =
        R"({ "url": "mqtts://broker.example.org", "org": "our-campaign", "trust": ["ed25519:..."] })";
    if (!checker.expect_object(value, path, example)) return broker;
    checker.check_keys(value, path, {"url", "username", "password_file", "ca_file", "org", "id", "hall", "trust"});
    if (const Json* v = Checker::member(value, "url")) {
        const std::string p = member_path(path, "url");
        if (auto url = checker.read_string(*v, p, "\"mqtts://broker.example.org\"")) {
            static const std::regex shape(R"(^mqtts?://([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(:[0-9]{1,5})?/?$)");
            if (url->size() <= 255 && std::regex_match(*url, shape))
                broker.url = *url;
            else
                checker.at_value(p,
                                 fmt::format("{} is not a broker's address: write \"mqtts://HOST\" (TLS, port 8883), "
                                             "\"mqtt://HOST\" on a LAN (port 1883), or add \":PORT\"",
                                             Json(*url).dump()));
        }
    } else {
        checker.at_value(path, "has no \"url\": give the broker's address, such as \"mqtts://broker.example.org\"");
    }
    if (const Json* v = Checker::member(value, "username")) {
        if (auto name = checker.read_string(*v, member_path(path, "username"), "\"hall-screens\""))
            broker.username = *name;
    }
    if (const Json* v = Checker::member(value, "password_file")) {
        if (auto file =
                checker.resolve_path(*v, member_path(path, "password_file"), "\"/etc/placard/broker-password\""))
            broker.password_file = *file;
    }
    if (const Json* v = Checker::member(value, "ca_file")) {
        if (auto file = checker.resolve_path(*v, member_path(path, "ca_file"), "\"/etc/placard/broker-ca.pem\""))
            broker.ca_file = *file;
    }
    for (auto [key, field, required] :
         {std::tuple{"org", &broker.org, true}, {"id", &broker.id, false}, {"hall", &broker.hall, false}}) {
        const std::string p = member_path(path, key);
        const Json* v = Checker::member(value, key);
        if (!v) {
            if (required)
                checker.at_value(path, fmt::format("has no \"{}\": give the campaign's short name, such as "
                                                   "\"our-campaign\"; every display of it gives the same",
                                                   key));
            continue;
        }
        if (auto text = checker.read_string(*v, p, "\"north-hall\"")) {
            if (topic_part(*text))
                *field = *text;
            else
                checker.at_value(p, fmt::format("{} cannot be part of a topic: use up to 64 letters, digits, '-' and "
                                                "'_', such as \"north-hall\"",
                                                Json(*text).dump()));
        }
    }
    if (const Json* v = Checker::member(value, "trust")) {
        const std::string p = member_path(path, "trust");
        if (checker.expect_array(*v, p, "[\"ed25519:...\", \"keys/organizers.pub\"]"))
            for (size_t i = 0; i < v->size(); ++i) {
                const std::string item = fmt::format("{}[{}]", p, i);
                const Json& entry = (*v)[i];
                if (entry.is_string() && entry.get<std::string>().rfind("ed25519:", 0) == 0) {
                    static const std::regex key(R"(^ed25519:[A-Za-z0-9+/]{43}=$)");
                    if (std::regex_match(entry.get<std::string>(), key))
                        broker.trust.push_back(entry.get<std::string>());
                    else
                        checker.at_value(item,
                                         "is not a whole public key: copy the line placard keygen printed "
                                         "(\"ed25519:\" and 44 letters, digits, '+', '/' and '=')");
                } else if (auto file = checker.resolve_path(entry, item, "\"ed25519:...\"")) {
                    broker.trust.push_back(file->string());
                }
            }
    }
    return broker;
}

// The strip's look; its "ticker", "show" and "count" are read with the slides
// (read_strip_ticker), once the sources are known.
Strip read_strip(Checker& checker, const Json& value, const std::string& path) {
    Strip strip;
    if (!checker.expect_object(value, path, "{ \"clock\": true, \"ticker\": \"news\" }")) return strip;
    checker.check_keys(value, path, {"edge", "clock", "ticker", "show", "count", "speed"});
    if (const Json* v = Checker::member(value, "edge")) {
        if (auto edge = checker.read_choice(*v, member_path(path, "edge"), "edge", {"bottom", "top"}))
            strip.top = *edge == "top";
    }
    if (const Json* v = Checker::member(value, "clock")) {
        if (auto clock = checker.read_bool(*v, member_path(path, "clock"))) strip.clock = *clock;
    }
    if (const Json* v = Checker::member(value, "speed")) {
        if (auto speed = checker.read_choice(*v, member_path(path, "speed"), "speed", {"slow", "normal", "fast"}))
            strip.speed = *speed == "slow" ? 80 : (*speed == "fast" ? 170 : 120);
    }
    return strip;
}

}  // namespace

Display read_display(Checker& checker, const Json& value, const std::string& path) {
    Display display;
    if (!checker.expect_object(value, path, "{ \"theme\": \"dark\" }")) return display;
    checker.check_keys(value, path,
                       {"size", "rotation", "overscan", "hours", "cec", "theme", "timezone", "locale", "volume",
                        "audio", "control", "broker", "sync", "strip"});
    // The zone first: display.hours may hold dates, read in it.
    if (const Json* v = Checker::member(value, "timezone")) {
        const std::string p = member_path(path, "timezone");
        if (auto name = checker.read_string(*v, p, "\"Europe/London\"")) {
            // The same pattern as "timezone" in config/playlist.schema.json.
            static const std::regex zone_name(R"(^[A-Za-z0-9_+-]+(/[A-Za-z0-9_+-]+)*$)");
            // The length first: std::regex recurses once per character.
            auto zone =
                name->size() <= 255 && std::regex_match(*name, zone_name) ? Zone::named(*name) : Result<Zone>(Error{});
            if (zone) {
                display.timezone = *name;
                display.zone = *zone;
                checker.zone = *zone;
            } else {
                checker.at_value(p, fmt::format("unknown time zone {}: use a name from the zone database, such as "
                                                "\"Europe/London\" or \"America/Caracas\"",
                                                Json(*name).dump()));
            }
        }
    }
    if (const Json* v = Checker::member(value, "size"))
        display.size = read_size(checker, *v, member_path(path, "size"));
    if (const Json* v = Checker::member(value, "rotation")) {
        const std::string p = member_path(path, "rotation");
        if (!v->is_number()) {
            checker.at_value(p, fmt::format("expected one of 0, 90, 180, 270, found {}", describe(*v)));
        } else {
            const double r = v->get<double>();
            if (r == 0 || r == 90 || r == 180 || r == 270)
                display.rotation = static_cast<int>(r);
            else
                checker.at_value(
                    p,
                    fmt::format("rotation {} is not possible: write 0, 90, 180 or 270 (degrees clockwise)", v->dump()));
        }
    }
    if (const Json* v = Checker::member(value, "overscan"))
        display.overscan = read_overscan(checker, *v, member_path(path, "overscan"));
    if (const Json* v = Checker::member(value, "hours"))
        display.hours = read_screen_hours(checker, *v, member_path(path, "hours"));
    if (const Json* v = Checker::member(value, "cec")) {
        if (auto cec = checker.read_bool(*v, member_path(path, "cec"))) display.cec = *cec;
    }
    if (const Json* v = Checker::member(value, "theme")) {
        if (auto theme = checker.read_choice(*v, member_path(path, "theme"), "theme", {"dark", "light"}))
            display.theme = *theme;
    }
    if (const Json* v = Checker::member(value, "locale")) {
        if (auto locale = checker.read_choice(*v, member_path(path, "locale"), "locale", {"en", "de", "es", "fr"}))
            display.locale = *locale;
    }
    if (const Json* v = Checker::member(value, "volume")) {
        if (auto volume = checker.read_int(*v, member_path(path, "volume"), 0, 100)) display.volume = *volume;
    }
    if (const Json* v = Checker::member(value, "audio")) {
        if (auto audio = checker.read_string(*v, member_path(path, "audio"), "\"none\"")) display.audio = *audio;
    }
    if (const Json* v = Checker::member(value, "control"))
        display.control = read_control(checker, *v, member_path(path, "control"));
    if (const Json* v = Checker::member(value, "broker"))
        display.broker = read_broker(checker, *v, member_path(path, "broker"));
    if (const Json* v = Checker::member(value, "sync")) {
        if (auto sync = checker.read_bool(*v, member_path(path, "sync"))) display.sync = *sync;
    }
    if (const Json* v = Checker::member(value, "strip"))
        display.strip = read_strip(checker, *v, member_path(path, "strip"));
    return display;
}

}  // namespace placard::config
