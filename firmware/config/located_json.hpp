#pragma once
// JSON text to a value that remembers where each of its parts was written, so that
// messages can point at a line and column. nlohmann/json 3.11 keeps no positions: a SAX
// handler builds the value and finds where each token starts. Syntax errors become a
// plain sentence at the place to fix.
#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

namespace placard::config {

// Paths as messages show them: "$", "$.slides[2].duration"; keys that are not plain
// words in brackets: "$.sources[\"my feed\"]".
std::string member_path(const std::string& parent, std::string_view key);
std::string element_path(const std::string& parent, std::size_t index);

inline constexpr std::size_t no_offset = static_cast<std::size_t>(-1);

struct Where {
    std::size_t key = no_offset;    // byte offset of the member's key; none for elements and the root
    std::size_t value = no_offset;  // byte offset of the value's first character
};

struct DuplicateKey {
    std::string path;        // of the member
    std::size_t offset = 0;  // of the second (or later) key
};

struct LocatedJson {
    nlohmann::json value;
    std::map<std::string, Where> where;        // by path, for every value in the text
    std::vector<DuplicateKey> duplicate_keys;  // the last one written counts
};

struct JsonSyntaxError {
    std::size_t offset = 0;  // byte offset of the place to fix
    std::string path;        // the object or array it is in
    std::string message;     // what is wrong and what to write instead
};

std::variant<LocatedJson, JsonSyntaxError> parse_located_json(std::string_view text);

}  // namespace placard::config
