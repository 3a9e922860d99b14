#include "broker/signed_cue.hpp"

#include <fmt/format.h>

#include "util/time.hpp"

namespace placard::broker {
namespace {

using Json = nlohmann::json;

// What is signed: a label for this use of the key, the topic, and the cue's text.
std::string signed_bytes(std::string_view topic, std::string_view cue) {
    std::string bytes = "placard-cue-v1";
    bytes += '\0';
    bytes += topic;
    bytes += '\0';
    bytes += cue;
    return bytes;
}

}  // namespace

std::string format_millis(Millis t) {
    const auto seconds = std::chrono::floor<std::chrono::seconds>(t);
    const std::string whole = format_iso8601_utc(seconds);  // "…T18:00:00Z"
    return fmt::format("{}.{:03}Z", whole.substr(0, whole.size() - 1), (t - seconds).count());
}

std::optional<Millis> parse_millis(std::string_view text) {
    // "…:SS.mmmZ": the fraction apart, the rest as any instant.
    const size_t dot = text.rfind('.');
    if (dot == std::string_view::npos || text.size() != dot + 5 || text.back() != 'Z') return std::nullopt;
    int millis = 0;
    for (char c : text.substr(dot + 1, 3)) {
        if (c < '0' || c > '9') return std::nullopt;
        millis = millis * 10 + (c - '0');
    }
    auto whole = parse_iso8601(std::string(text.substr(0, dot)) + "Z", Zone());
    if (!whole) return std::nullopt;
    return Millis(*whole) + std::chrono::milliseconds(millis);
}

std::string seal(const Json& cue, std::string_view topic, const SecretKey& key) {
    const std::string text = cue.dump();
    const auto signature = sign(signed_bytes(topic, text), key);
    return Json{{"placard", 1},
                {"cue", text},
                {"key", key.public_key().text()},
                {"signature", to_base64(signature.data(), signature.size())}}
        .dump();
}

Result<Opened> open(std::string_view payload, std::string_view topic, const std::vector<PublicKey>& trusted) {
    const Json message = Json::parse(payload, nullptr, false);
    if (message.is_discarded() || !message.is_object() || !message.contains("cue"))
        return Error{"", "is not a placard cue", "publish cues with placard cue"};
    if (!message["cue"].is_string() || !message.contains("key") || !message["key"].is_string() ||
        !message.contains("signature") || !message["signature"].is_string())
        return Error{"", "is not signed", "sign cues with placard cue --key FILE"};
    const auto version = message.find("placard");
    if (version == message.end() || !version->is_number_integer() || version->get<long long>() != 1)
        return Error{"", "is of another version of placard", "update placard on this display"};
    auto key = parse_public_key(message["key"].get<std::string>());
    if (!key) return Error{"", "is not signed", "sign cues with placard cue --key FILE"};
    if (std::find(trusted.begin(), trusted.end(), *key) == trusted.end())
        return Error{"", fmt::format("is signed by {}, a key this display does not trust", key->short_text()),
                     fmt::format("if it is an organizer's, add \"{}\" to display.broker.trust", key->text())};
    std::array<unsigned char, 64> signature{};
    const std::string& cue_text = message["cue"].get_ref<const std::string&>();
    if (!from_base64(message["signature"].get<std::string>(), signature.data(), signature.size()) ||
        !verify(signed_bytes(topic, cue_text), signature, *key))
        return Error{"", fmt::format("has a signature of {} that does not match it", key->short_text()),
                     "it was changed on the way or signed for another topic: publish it again with placard cue"};
    Opened opened{Json::parse(cue_text, nullptr, false), *key, {}};
    if (!opened.cue.is_object()) return Error{"", "is signed but is not a cue", "publish cues with placard cue"};
    const Json* issued = opened.cue.contains("issued") ? &opened.cue["issued"] : nullptr;
    std::optional<Millis> when =
        issued && issued->is_string() ? parse_millis(issued->get<std::string>()) : std::nullopt;
    if (!when) return Error{"", "has no time of issue", "publish cues with placard cue"};
    opened.issued = *when;
    return opened;
}

}  // namespace placard::broker
