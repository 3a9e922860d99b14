#pragma once
// What every feed format yields: one Item per report, event, message or picture.
// Plain data; text fields are UTF-8 plain text (HTML already reduced), never markup.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "util/clock.hpp"

namespace placard::feeds {

enum class ItemKind { report, event, message, image, clip };

struct Item {
    ItemKind kind = ItemKind::report;
    std::string id;      // stable: guid, else link, else a hash of title and date
    std::string title;   // headline; for a message, what the feed called it
    std::string text;    // plain-text excerpt, event description or the quote
    std::string link;    // the item's page (http/https), shown as a QR code when asked
    std::string image;   // picture: an http(s) URL, or an absolute local path
    std::string video;   // a clip: an absolute local path (a folder source's clips)
    std::string author;  // a report's author; a message's name
    std::string place;   // an event's location; a message's place
    std::vector<std::string> categories;
    std::optional<SysTime> published;  // when it was published or last updated
    std::optional<SysTime> starts;     // events
    std::optional<SysTime> ends;       // events; absent when unknown
    bool all_day = false;              // events: starts/ends are local midnights

    bool operator==(const Item&) const = default;
};

const char* to_string(ItemKind kind);

// The cache stores items as JSON; these read back exactly what they wrote.
void to_json(nlohmann::json& j, const Item& item);
void from_json(const nlohmann::json& j, Item& item);

}  // namespace placard::feeds
