#pragma once
// The diagnoser of located_json: where nlohmann's parser stopped, what the parser had read
// up to there, and the sentence that tells the organizer what to fix. Internal to config.
#include <cstddef>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "config/located_json.hpp"

namespace placard::config {

// JSON's whitespace (RFC 8259 2), narrower than util/text's is_space.
inline bool is_json_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// What lies between the end of one token and the start of the next: whitespace and at
// most one separator, since the parser reports no event for separators.
struct Gap {
    std::size_t separator = no_offset;  // offset of ',' or ':' when there is one
    char separator_char = 0;
    std::size_t next = 0;  // offset of the next token (the text's size at the end)
};

// What the parser has read so far: the containers still open, and the last token.
struct ParseState {
    enum class Last { nothing, open, key, value };
    struct Frame {
        nlohmann::json* container = nullptr;
        std::string path;
        bool is_array = false;
        std::size_t open_offset = 0;
        std::size_t count = 0;  // elements so far
        std::string key;        // the member being read
        std::string key_path;
        std::size_t key_offset = no_offset;
        std::set<std::string> keys;
    };

    std::string_view text;
    std::vector<Frame> stack;
    std::size_t end = 0;         // just after the last token an event was reported for
    std::size_t last_start = 0;  // where the last complete value started
    Last last = Last::nothing;
    bool last_was_number = false;
    std::string last_path;  // of the last scalar

    Gap gap(std::size_t from) const;
    // As the JSON grammar reads them, so that "01" ends after the 0, where the lexer stopped.
    std::size_t number_length_at(std::size_t start) const;
    std::size_t string_length_at(std::size_t start) const;
};

// The parser stopped at `reported` with `error`: find out what it met where, and say it in
// the organizer's terms.
JsonSyntaxError diagnose(const ParseState& state, std::size_t reported, const nlohmann::detail::exception& error);

}  // namespace placard::config
