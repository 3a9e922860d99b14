#pragma once
// Fields of JSON that came through a broker, from anyone who may publish there: read
// without throwing, whatever their type.
#include <string>

#include <nlohmann/json.hpp>

namespace placard::broker {

// A string member of an object, or `fallback` when there is none or it is not a string.
inline std::string text_at(const nlohmann::json& j, const char* key, std::string fallback = {}) {
    if (!j.is_object()) return fallback;
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : fallback;
}

// A boolean member, or `fallback`.
inline bool flag_at(const nlohmann::json& j, const char* key, bool fallback) {
    if (!j.is_object()) return fallback;
    const auto it = j.find(key);
    return it != j.end() && it->is_boolean() ? it->get<bool>() : fallback;
}

}  // namespace placard::broker
