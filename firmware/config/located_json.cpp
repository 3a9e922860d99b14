#include "config/located_json.hpp"

#include <cctype>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "config/text_position.hpp"

namespace placard::config {

using nlohmann::json;

std::string member_path(const std::string& parent, std::string_view key) {
    bool plain = !key.empty();
    for (char c : key) {
        const auto byte = static_cast<unsigned char>(c);
        if (!std::isalnum(byte) && byte < 0x80 && c != '_' && c != '-' && c != '$') plain = false;
    }
    if (plain) return fmt::format("{}.{}", parent, key);
    return fmt::format("{}[{}]", parent, json(std::string(key)).dump());
}

std::string element_path(const std::string& parent, std::size_t index) {
    return fmt::format("{}[{}]", parent, index);
}

namespace {

// JSON's whitespace (RFC 8259 2), narrower than util/text's is_space.
bool is_json_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}
bool is_number_char(char c) {
    return std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}
bool is_word_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

// The length of the UTF-8 character at text[at], or 0 when the bytes there are not one
// (Unicode 15, table 3-7: no overlongs, no surrogates, nothing past U+10FFFF).
std::size_t utf8_length(std::string_view text, std::size_t at) {
    const auto byte = [&](std::size_t i) {
        return at + i < text.size() ? static_cast<unsigned char>(text[at + i]) : 0U;
    };
    const unsigned lead = byte(0);
    if (lead < 0x80) return 1;
    unsigned low = 0x80;
    unsigned high = 0xBF;
    std::size_t n = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {
        n = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        n = 3;
        if (lead == 0xE0) low = 0xA0;
        if (lead == 0xED) high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        n = 4;
        if (lead == 0xF0) low = 0x90;
        if (lead == 0xF4) high = 0x8F;
    } else {
        return 0;
    }
    if (byte(1) < low || byte(1) > high) return 0;
    for (std::size_t i = 2; i < n; ++i)
        if (byte(i) < 0x80 || byte(i) > 0xBF) return 0;
    return n;
}

// Text from the playlist for a message, with control characters and the bytes that are
// no UTF-8 written as \xFF: messages are shown and logged as UTF-8, one to a line.
std::string printable(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t n = utf8_length(text, i);
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

// What lies between the end of one token and the start of the next: whitespace and at
// most one separator, since the parser reports no event for separators.
struct Gap {
    std::size_t separator = no_offset;  // offset of ',' or ':' when there is one
    char separator_char = 0;
    std::size_t next = 0;  // offset of the next token (the text's size at the end)
};

// Builds the value as nlohmann's own DOM parser does, and records where each value and
// key starts. A token's end is found by scanning the text from its start: the lexer has
// read one character ahead after a number, so its count cannot be used as is.
class LocatingHandler {
public:
    explicit LocatingHandler(std::string_view text) : text_(text) {
        if (text_.substr(0, 3) == "\xEF\xBB\xBF") end_ = 3;  // the lexer skips a byte-order mark
    }

    bool null() { return scalar(nullptr, 4); }
    bool boolean(bool value) { return scalar(value, value ? 4 : 5); }
    bool number_integer(json::number_integer_t value) { return number(value); }
    bool number_unsigned(json::number_unsigned_t value) { return number(value); }
    bool number_float(json::number_float_t value, const std::string&) { return number(value); }
    bool string(std::string& value) { return scalar(std::move(value), string_length()); }
    bool binary(json::binary_t&) { return false; }  // JSON text has no binary values

    bool start_object(std::size_t) { return open(json::object(), false); }
    bool start_array(std::size_t) { return open(json::array(), true); }
    bool end_object() { return close(); }
    bool end_array() { return close(); }

    bool key(std::string& name) {
        const std::size_t start = gap(end_).next;
        end_ = start + string_length_at(start);
        Frame& frame = stack_.back();
        frame.key_path = member_path(frame.path, name);
        frame.key_offset = start;
        if (!frame.keys.insert(name).second) result_.duplicate_keys.push_back({frame.key_path, start});
        frame.key = std::move(name);
        last_ = Last::key;
        return true;
    }

    bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& error) {
        error_ = diagnose(position, error);
        return false;
    }

    std::variant<LocatedJson, JsonSyntaxError> take(bool ok) {
        if (!ok) return std::move(error_);
        return std::move(result_);
    }

private:
    enum class Last { nothing, open, key, value };
    struct Frame {
        json* container = nullptr;
        std::string path;
        bool is_array = false;
        std::size_t open_offset = 0;
        std::size_t count = 0;  // elements so far
        std::string key;        // the member being read
        std::string key_path;
        std::size_t key_offset = no_offset;
        std::set<std::string> keys;
    };

    Gap gap(std::size_t from) const {
        Gap g;
        std::size_t i = from;
        while (i < text_.size() && is_json_space(text_[i])) ++i;
        if (i < text_.size() && (text_[i] == ',' || text_[i] == ':')) {
            g.separator = i;
            g.separator_char = text_[i];
            ++i;
            while (i < text_.size() && is_json_space(text_[i])) ++i;
        }
        g.next = i;
        return g;
    }

    std::size_t number_length() const { return number_length_at(gap(end_).next); }
    std::size_t string_length() const { return string_length_at(gap(end_).next); }
    // As the JSON grammar reads a number, so that "01" ends after the 0, where the lexer stopped.
    std::size_t number_length_at(std::size_t start) const {
        std::size_t i = start;
        auto digit = [&](std::size_t k) {
            return k < text_.size() && std::isdigit(static_cast<unsigned char>(text_[k]));
        };
        auto digits = [&] {
            while (digit(i)) ++i;
        };
        if (i < text_.size() && text_[i] == '-') ++i;
        if (i < text_.size() && text_[i] == '0')
            ++i;
        else
            digits();
        if (i < text_.size() && text_[i] == '.' && digit(i + 1)) {
            ++i;
            digits();
        }
        if (i < text_.size() && (text_[i] == 'e' || text_[i] == 'E')) {
            std::size_t k = i + 1;
            if (k < text_.size() && (text_[k] == '+' || text_[k] == '-')) ++k;
            if (digit(k)) {
                i = k;
                digits();
            }
        }
        return i - start;
    }
    std::size_t string_length_at(std::size_t start) const {
        std::size_t i = start + 1;
        while (i < text_.size() && text_[i] != '"') i += text_[i] == '\\' ? 2 : 1;
        return std::min(i + 1, text_.size()) - start;
    }

    // Puts a value where the parser is (root, next element, or the member whose key was
    // read) and returns it with its path.
    std::pair<json*, std::string> place(json value, std::size_t start) {
        if (stack_.empty()) {
            result_.value = std::move(value);
            result_.where["$"] = Where{no_offset, start};
            return {&result_.value, "$"};
        }
        Frame& frame = stack_.back();
        if (frame.is_array) {
            std::string path = element_path(frame.path, frame.count++);
            frame.container->push_back(std::move(value));
            result_.where[path] = Where{no_offset, start};
            return {&frame.container->back(), path};
        }
        json& slot = (*frame.container)[frame.key];
        slot = std::move(value);
        result_.where[frame.key_path] = Where{frame.key_offset, start};
        return {&slot, frame.key_path};
    }

    bool number(json value) {
        const bool ok = scalar(std::move(value), number_length());
        last_was_number_ = true;
        return ok;
    }

    bool scalar(json value, std::size_t length) {
        last_was_number_ = false;
        const std::size_t start = gap(end_).next;
        last_path_ = place(std::move(value), start).second;
        last_start_ = start;
        end_ = start + length;
        last_ = Last::value;
        return true;
    }

    bool open(json value, bool is_array) {
        const std::size_t start = gap(end_).next;
        auto [container, path] = place(std::move(value), start);
        Frame frame;
        frame.container = container;
        frame.path = std::move(path);
        frame.is_array = is_array;
        frame.open_offset = start;
        stack_.push_back(std::move(frame));
        end_ = start + 1;
        last_ = Last::open;
        return true;
    }

    bool close() {
        last_was_number_ = false;
        const std::size_t start = gap(end_).next;
        last_start_ = stack_.back().open_offset;
        stack_.pop_back();
        end_ = start + 1;
        last_ = Last::value;
        return true;
    }

    // The parser stopped: find out what it met where, and say it in the organizer's terms.
    JsonSyntaxError diagnose(std::size_t reported, const nlohmann::detail::exception& error) {
        const std::string path = stack_.empty() ? "$" : stack_.back().path;
        const Gap g = gap(end_);
        if (error.id == 406) {  // a number literal too large for a double
            std::string at = path;
            if (!stack_.empty())
                at = stack_.back().is_array ? element_path(path, stack_.back().count) : stack_.back().key_path;
            return {g.next, at, fmt::format("the number {} is too large", token_at(g.next))};
        }
        if (stack_.empty()) {
            if (last_ == Last::nothing) {
                if (g.next >= text_.size())
                    return {0, "$", "the file is empty: a playlist is a JSON object that starts with {"};
                return bad_value(g.next, path);
            }
            return {
                g.next, "$",
                "extra text after the end of the playlist: the } that closes it comes before this; remove the rest"};
        }
        const Frame& frame = stack_.back();
        if (g.next >= text_.size()) return end_of_file(path);
        switch (last_) {
            case Last::open:
                if (frame.is_array)
                    return bad_value(g.separator_char ? g.separator : g.next, element_path(path, frame.count));
                if (g.separator_char)
                    return {g.separator, path,
                            fmt::format("a {} with no member before it: remove it", separator_name(g.separator_char))};
                return bad_key(g.next, path);
            case Last::key:
                if (g.separator_char == ':') return bad_value(g.next, frame.key_path);
                return {end_, path,
                        fmt::format("missing colon after the key \"{}\": write \"{}\": followed by its value",
                                    frame.key, frame.key)};
            case Last::value: {
                if (g.separator_char == ',') {
                    const char c = text_[g.next];
                    if (c == '}' || c == ']')
                        return {g.separator, path,
                                fmt::format("a comma after the last {}: remove this comma",
                                            frame.is_array ? "element" : "member")};
                    return frame.is_array ? bad_value(g.next, element_path(path, frame.count)) : bad_key(g.next, path);
                }
                if (g.separator_char == ':')
                    return {g.separator, path,
                            "unexpected colon: a colon goes only between a key and its value; write , between members"};
                const char c = text_[g.next];
                // 01: the lexer took the 0 for a number and stopped at the 1.
                if (g.next == end_ && last_was_number_ && is_number_char(c))
                    return {last_start_, last_path_,
                            fmt::format("{} is not a JSON number: write numbers such as 3, -2 or 2.5 "
                                        "(no leading zeros, no + sign)",
                                        token_at(last_start_))};
                // 10s without quotes: the lexer took 10 for a number and stopped at the s.
                if (g.next == end_ && last_was_number_ && is_word_char(c)) {
                    const std::string written = token_at(last_start_);
                    return {last_start_, last_path_,
                            fmt::format(
                                "{} is not a JSON value: durations and other text take double quotes, such as \"{}\"",
                                written, written)};
                }
                if ((c == '}' && frame.is_array) || (c == ']' && !frame.is_array))
                    return mismatched(g.next, frame, path);
                const char* close = frame.is_array ? "]" : "}";
                const char* items = frame.is_array ? "elements" : "members";
                return {end_, path,
                        fmt::format("missing comma or closing bracket: write , between {}, or {} to end the {}", items,
                                    close, frame.is_array ? "array" : "object")};
            }
            case Last::nothing:
                break;
        }
        return generic(reported, path, error);
    }

    JsonSyntaxError bad_value(std::size_t at, const std::string& path) const {
        if (at >= text_.size()) return end_of_file(path);
        const char c = text_[at];
        if (c == '"') return bad_string(at, path);
        if (c == '\'') return {at, path, "text in single quotes: JSON takes double quotes, such as \"text\""};
        if (c == '/' || c == '#') return {at, path, "JSON has no comments: remove this comment"};
        if (c == ',') return {at, path, "a value is missing before this comma"};
        if (c == '}' || c == ']') {
            if (!stack_.empty() && ((c == '}') == stack_.back().is_array)) return mismatched(at, stack_.back(), path);
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
        if (at >= text_.size()) return end_of_file(path);
        const char c = text_[at];
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
        while (i < text_.size()) {
            const auto c = static_cast<unsigned char>(text_[i]);
            if (c == '"') break;
            if (c == '\n' || c == '\r')
                return {at, path,
                        "this text is not closed on its line: add the closing \" (a line break inside text is written "
                        "\\n)"};
            if (c == '\t') return {i, path, "a tab inside text: write \\t or a space"};
            if (c < 0x20) return {i, path, "a control character inside text: remove it"};
            if (c == '\\') {
                if (i + 1 >= text_.size()) return {at, path, "unexpected end of file: this text has no closing \""};
                const char e = text_[i + 1];
                if (e == 'u') {
                    bool hex = i + 5 < text_.size();
                    for (std::size_t k = i + 2; hex && k < i + 6; ++k)
                        hex = std::isxdigit(static_cast<unsigned char>(text_[k]));
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
        if (i >= text_.size()) return {at, path, "unexpected end of file: this text has no closing \""};
        return {at, path, "this text is not valid UTF-8: save the file as UTF-8"};
    }

    JsonSyntaxError mismatched(std::size_t at, const Frame& frame, const std::string& path) const {
        const TextPosition open = position_of(text_, frame.open_offset);
        return {at, path,
                fmt::format("this {} does not match the {} at line {}, column {}: write {}", text_[at],
                            frame.is_array ? '[' : '{', open.line, open.column, frame.is_array ? ']' : '}')};
    }

    JsonSyntaxError end_of_file(const std::string& path) const {
        if (stack_.empty()) return {text_.size(), path, "unexpected end of file: a value is missing"};
        const Frame& frame = stack_.back();
        const TextPosition open = position_of(text_, frame.open_offset);
        return {text_.size(), path,
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
        while (i < text_.size() && (is_word_char(text_[i]) || is_number_char(text_[i]))) ++i;
        return std::string(text_.substr(at, std::max<std::size_t>(i - at, 1)));
    }

    std::string character_at(std::size_t at) const {
        const std::size_t n = utf8_length(text_, at);
        return printable(text_.substr(at, std::max<std::size_t>(n, 1)));
    }

    static const char* separator_name(char c) { return c == ',' ? "comma" : "colon"; }

    std::string_view text_;
    std::vector<Frame> stack_;
    LocatedJson result_;
    JsonSyntaxError error_;
    std::size_t end_ = 0;         // just after the last token an event was reported for
    std::size_t last_start_ = 0;  // where the last complete value started
    Last last_ = Last::nothing;
    bool last_was_number_ = false;
    std::string last_path_;  // of the last scalar
};

}  // namespace

std::variant<LocatedJson, JsonSyntaxError> parse_located_json(std::string_view text) {
    LocatingHandler handler(text);
    const bool ok = json::sax_parse(text.begin(), text.end(), &handler);
    return handler.take(ok);
}

}  // namespace placard::config
