#include "config/json_diagnosis.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "config/text_position.hpp"
#include "util/utf8.hpp"

namespace placard::config {
namespace {

bool is_number_char(char c) {
    return std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}
bool is_word_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

// Text from the playlist for a message, with control characters and the bytes that are
// no UTF-8 written as \xFF: messages are shown and logged as UTF-8, one to a line.
std::string printable(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t n = utf8_length_at(text, i);
        if (n == 0 || static_cast<unsigned char>(text[i]) < 0x20) {
            out += fmt::format("\\x{:02X}", static_cast<unsigned char>(text[i]));
            ++i;
        } else {
            out += text.substr(i, n);
            i += n;
        }
    }
    return out;
}

class Diagnoser {
public:
    explicit Diagnoser(const ParseState& state) : s_(state) {}

    JsonSyntaxError run(std::size_t reported, const nlohmann::detail::exception& error) const {
        const std::string path = s_.stack.empty() ? "$" : s_.stack.back().path;
        const Gap g = s_.gap(s_.end);
        if (error.id == 406) {  // a number literal too large for a double
            std::string at = path;
            if (!s_.stack.empty())
                at = s_.stack.back().is_array ? element_path(path, s_.stack.back().count) : s_.stack.back().key_path;
            return {g.next, at, fmt::format("the number {} is too large", token_at(g.next))};
        }
        if (s_.stack.empty()) {
            if (s_.last == ParseState::Last::nothing) {
                if (g.next >= s_.text.size())
                    return {0, "$", "the file is empty: a playlist is a JSON object that starts with {"};
                return bad_value(g.next, path);
            }
            return {
                g.next, "$",
                "extra text after the end of the playlist: the } that closes it comes before this; remove the rest"};
        }
        const ParseState::Frame& frame = s_.stack.back();
        if (g.next >= s_.text.size()) return end_of_file(path);
        switch (s_.last) {
            case ParseState::Last::open:
                if (frame.is_array)
                    return bad_value(g.separator_char ? g.separator : g.next, element_path(path, frame.count));
                if (g.separator_char)
                    return {g.separator, path,
                            fmt::format("a {} with no member before it: remove it", separator_name(g.separator_char))};
                return bad_key(g.next, path);
            case ParseState::Last::key:
                if (g.separator_char == ':') return bad_value(g.next, frame.key_path);
                return {s_.end, path,
                        fmt::format("missing colon after the key \"{}\": write \"{}\": followed by its value",
                                    frame.key, frame.key)};
            case ParseState::Last::value: {
                if (g.separator_char == ',') {
                    const char c = s_.text[g.next];
                    if (c == '}' || c == ']')
                        return {g.separator, path,
                                fmt::format("a comma after the last {}: remove this comma",
                                            frame.is_array ? "element" : "member")};
                    return frame.is_array ? bad_value(g.next, element_path(path, frame.count)) : bad_key(g.next, path);
                }
                if (g.separator_char == ':')
                    return {g.separator, path,
                            "unexpected colon: a colon goes only between a key and its value; write , between members"};
                const char c = s_.text[g.next];
                // 01: the lexer took the 0 for a number and stopped at the 1.
                if (g.next == s_.end && s_.last_was_number && is_number_char(c))
                    return {s_.last_start, s_.last_path,
                            fmt::format("{} is not a JSON number: write numbers such as 3, -2 or 2.5 "
                                        "(no leading zeros, no + sign)",
                                        token_at(s_.last_start))};
                // 10s without quotes: the lexer took 10 for a number and stopped at the s.
                if (g.next == s_.end && s_.last_was_number && is_word_char(c)) {
                    const std::string written = token_at(s_.last_start);
                    return {s_.last_start, s_.last_path,
                            fmt::format(
                                "{} is not a JSON value: durations and other text take double quotes, such as \"{}\"",
                                written, written)};
                }
                if ((c == '}' && frame.is_array) || (c == ']' && !frame.is_array))
                    return mismatched(g.next, frame, path);
                const char* close = frame.is_array ? "]" : "}";
                const char* items = frame.is_array ? "elements" : "members";
                return {s_.end, path,
                        fmt::format("missing comma or closing bracket: write , between {}, or {} to end the {}", items,
                                    close, frame.is_array ? "array" : "object")};
            }
            case ParseState::Last::nothing:
                break;
        }
        return generic(reported, path, error);
    }

    JsonSyntaxError bad_value(std::size_t at, const std::string& path) const {
        if (at >= s_.text.size()) return end_of_file(path);
        const char c = s_.text[at];
        if (c == '"') return bad_string(at, path);
        if (c == '\'') return {at, path, "text in single quotes: JSON takes double quotes, such as \"text\""};
        if (c == '/' || c == '#') return {at, path, "JSON has no comments: remove this comment"};
        if (c == ',') return {at, path, "a value is missing before this comma"};
        if (c == '}' || c == ']') {
            if (!s_.stack.empty() && ((c == '}') == s_.stack.back().is_array))
                return mismatched(at, s_.stack.back(), path);
            return {at, path, "a value is missing here: write one, such as \"text\", 3, true, [ ] or { }"};
        }
        if (is_number_char(c)) {
            return {
                at, path,
                fmt::format("{} is not a JSON number: write numbers such as 3, -2 or 2.5 (no leading zeros, no + sign)",
                            token_at(at))};
        }
        if (is_word_char(c)) {
            const std::string word = token_at(at);
            std::string lower;
            for (char w : word) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(w)));
            for (std::string_view literal : {"true", "false", "null"}) {
                if (lower == literal)
                    return {at, path, fmt::format("{} is not a JSON value: write {} in lower case", word, literal)};
                if (literal.starts_with(lower))
                    return {at, path, fmt::format("{} is not a JSON value: write true, false or null", word)};
            }
            return {at, path,
                    fmt::format("{} is not a JSON value: text takes double quotes, such as \"{}\"", word, word)};
        }
        return {at, path,
                fmt::format("unexpected character '{}': a value starts with \", a digit, {{, [, true, false or null",
                            character_at(at))};
    }

    JsonSyntaxError bad_key(std::size_t at, const std::string& path) const {
        if (at >= s_.text.size()) return end_of_file(path);
        const char c = s_.text[at];
        if (c == '"') return bad_string(at, path);
        if (c == '\'') return {at, path, "a key in single quotes: JSON takes double quotes, such as \"type\""};
        if (c == '/' || c == '#') return {at, path, "JSON has no comments: remove this comment"};
        if (is_word_char(c)) {
            const std::string word = token_at(at);
            return {at, path, fmt::format("a key without quotes: write \"{}\"", word)};
        }
        return {at, path,
                fmt::format("unexpected character '{}': expected a key in double quotes, such as \"type\"",
                            character_at(at))};
    }

    // A string the lexer rejected: say why, at the character to fix.
    JsonSyntaxError bad_string(std::size_t at, const std::string& path) const {
        std::size_t i = at + 1;
        while (i < s_.text.size()) {
            const auto c = static_cast<unsigned char>(s_.text[i]);
            if (c == '"') break;
            if (c == '\n' || c == '\r')
                return {at, path,
                        "this text is not closed on its line: add the closing \" (a line break inside text is written "
                        "\\n)"};
            if (c == '\t') return {i, path, "a tab inside text: write \\t or a space"};
            if (c < 0x20) return {i, path, "a control character inside text: remove it"};
            if (c == '\\') {
                if (i + 1 >= s_.text.size()) return {at, path, "unexpected end of file: this text has no closing \""};
                const char e = s_.text[i + 1];
                if (e == 'u') {
                    bool hex = i + 5 < s_.text.size();
                    for (std::size_t k = i + 2; hex && k < i + 6; ++k)
                        hex = std::isxdigit(static_cast<unsigned char>(s_.text[k]));
                    if (!hex) return {i, path, "\\u must be followed by four hexadecimal digits, such as \\u00e9"};
                    i += 6;
                    continue;
                }
                // The character after the backslash may be any UTF-8, or no UTF-8 at all.
                if (std::string_view("\"\\/bfnrt").find(e) == std::string_view::npos || e == '\0')
                    return {i, path,
                            fmt::format(
                                "\"\\{}\" is not an escape JSON knows: write \\\\ for a backslash (or / in file paths)",
                                character_at(i + 1))};
                i += 2;
                continue;
            }
            ++i;
        }
        if (i >= s_.text.size()) return {at, path, "unexpected end of file: this text has no closing \""};
        return {at, path, "this text is not valid UTF-8: save the file as UTF-8"};
    }

    JsonSyntaxError mismatched(std::size_t at, const ParseState::Frame& frame, const std::string& path) const {
        const TextPosition open = position_of(s_.text, frame.open_offset);
        return {at, path,
                fmt::format("this {} does not match the {} at line {}, column {}: write {}", s_.text[at],
                            frame.is_array ? '[' : '{', open.line, open.column, frame.is_array ? ']' : '}')};
    }

    JsonSyntaxError end_of_file(const std::string& path) const {
        if (s_.stack.empty()) return {s_.text.size(), path, "unexpected end of file: a value is missing"};
        const ParseState::Frame& frame = s_.stack.back();
        const TextPosition open = position_of(s_.text, frame.open_offset);
        return {s_.text.size(), path,
                fmt::format("unexpected end of file: a }} or ] is missing (the innermost one still open is the {} at "
                            "line {}, column {})",
                            frame.is_array ? '[' : '{', open.line, open.column)};
    }

    JsonSyntaxError generic(std::size_t reported, const std::string& path,
                            const nlohmann::detail::exception& error) const {
        std::string what = error.what();
        const std::size_t colon = what.find(": ");
        if (colon != std::string::npos) what = what.substr(colon + 2);
        // nlohmann quotes what it last read, which may be any bytes.
        return {reported > 0 ? reported - 1 : 0, path, "syntax error: " + printable(what)};
    }

    std::string token_at(std::size_t at) const {
        std::size_t i = at;
        while (i < s_.text.size() && (is_word_char(s_.text[i]) || is_number_char(s_.text[i]))) ++i;
        return std::string(s_.text.substr(at, std::max<std::size_t>(i - at, 1)));
    }

    std::string character_at(std::size_t at) const {
        const std::size_t n = utf8_length_at(s_.text, at);
        return printable(s_.text.substr(at, std::max<std::size_t>(n, 1)));
    }

    static const char* separator_name(char c) { return c == ',' ? "comma" : "colon"; }

private:
    const ParseState& s_;
};

}  // namespace

JsonSyntaxError diagnose(const ParseState& state, std::size_t reported, const nlohmann::detail::exception& error) {
    return Diagnoser(state).run(reported, error);
}

}  // namespace placard::config
