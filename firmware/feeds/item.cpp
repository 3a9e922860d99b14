#include "feeds/item.hpp"

#include <nlohmann/json.hpp>

namespace placard::feeds {
namespace {

constexpr std::pair<ItemKind, const char*> kinds[] = {{ItemKind::report, "report"},
                                                      {ItemKind::event, "event"},
                                                      {ItemKind::message, "message"},
                                                      {ItemKind::image, "image"},
                                                      {ItemKind::clip, "clip"}};

void put_time(nlohmann::json& j, const char* key, const std::optional<SysTime>& t) {
    if (t) j[key] = t->time_since_epoch().count();
}

std::optional<SysTime> get_time(const nlohmann::json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_number_integer()) return std::nullopt;
    return SysTime(std::chrono::seconds(it->get<long long>()));
}

std::string get_string(const nlohmann::json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

const char* to_string(ItemKind kind) {
    for (auto [k, name] : kinds)
        if (k == kind) return name;
    return "report";
}

void to_json(nlohmann::json& j, const Item& item) {
    j = nlohmann::json::object();
    j["kind"] = to_string(item.kind);
    j["id"] = item.id;
    j["title"] = item.title;
    j["text"] = item.text;
    j["link"] = item.link;
    j["image"] = item.image;
    if (!item.video.empty()) j["video"] = item.video;
    j["author"] = item.author;
    j["place"] = item.place;
    j["categories"] = item.categories;
    put_time(j, "published", item.published);
    put_time(j, "starts", item.starts);
    put_time(j, "ends", item.ends);
    j["all_day"] = item.all_day;
}

// Lenient: the cache may hold items written by an older version; unknown or missing
// fields take their defaults rather than throwing.
void from_json(const nlohmann::json& j, Item& item) {
    item = Item{};
    std::string kind = get_string(j, "kind");
    for (auto [k, name] : kinds)
        if (kind == name) item.kind = k;
    item.id = get_string(j, "id");
    item.title = get_string(j, "title");
    item.text = get_string(j, "text");
    item.link = get_string(j, "link");
    item.image = get_string(j, "image");
    item.video = get_string(j, "video");
    item.author = get_string(j, "author");
    item.place = get_string(j, "place");
    if (auto it = j.find("categories"); it != j.end() && it->is_array())
        for (const auto& c : *it)
            if (c.is_string()) item.categories.push_back(c.get<std::string>());
    item.published = get_time(j, "published");
    item.starts = get_time(j, "starts");
    item.ends = get_time(j, "ends");
    if (auto it = j.find("all_day"); it != j.end() && it->is_boolean()) item.all_day = it->get<bool>();
}

}  // namespace placard::feeds
