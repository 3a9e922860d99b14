#include "config/located_json.hpp"

#include <cctype>
#include <utility>

#include <fmt/format.h>

#include "config/json_diagnosis.hpp"

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

Gap ParseState::gap(std::size_t from) const {
    Gap g;
    std::size_t i = from;
    while (i < text.size() && is_json_space(text[i])) ++i;
    if (i < text.size() && (text[i] == ',' || text[i] == ':')) {
        g.separator = i;
        g.separator_char = text[i];
        ++i;
        while (i < text.size() && is_json_space(text[i])) ++i;
    }
    g.next = i;
    return g;
}

std::size_t ParseState::number_length_at(std::size_t start) const {
    std::size_t i = start;
    auto digit = [&](std::size_t k) { return k < text.size() && std::isdigit(static_cast<unsigned char>(text[k])); };
    auto digits = [&] {
        while (digit(i)) ++i;
    };
    if (i < text.size() && text[i] == '-') ++i;
    if (i < text.size() && text[i] == '0')
        ++i;
    else
        digits();
    if (i < text.size() && text[i] == '.' && digit(i + 1)) {
        ++i;
        digits();
    }
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        std::size_t k = i + 1;
        if (k < text.size() && (text[k] == '+' || text[k] == '-')) ++k;
        if (digit(k)) {
            i = k;
            digits();
        }
    }
    return i - start;
}
std::size_t ParseState::string_length_at(std::size_t start) const {
    std::size_t i = start + 1;
    while (i < text.size() && text[i] != '"') i += text[i] == '\\' ? 2 : 1;
    return std::min(i + 1, text.size()) - start;
}

namespace {

// Builds the value as nlohmann's own DOM parser does, and records where each value and
// key starts. A token's end is found by scanning the text from its start: the lexer has
// read one character ahead after a number, so its count cannot be used as is.
class LocatingHandler {
public:
    explicit LocatingHandler(std::string_view text) {
        s_.text = text;
        if (text.substr(0, 3) == "\xEF\xBB\xBF") s_.end = 3;  // the lexer skips a byte-order mark
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
        const std::size_t start = s_.gap(s_.end).next;
        s_.end = start + s_.string_length_at(start);
        Frame& frame = s_.stack.back();
        frame.key_path = member_path(frame.path, name);
        frame.key_offset = start;
        if (!frame.keys.insert(name).second) result_.duplicate_keys.push_back({frame.key_path, start});
        frame.key = std::move(name);
        s_.last = Last::key;
        return true;
    }

    bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& error) {
        error_ = diagnose(s_, position, error);
        return false;
    }

    std::variant<LocatedJson, JsonSyntaxError> take(bool ok) {
        if (!ok) return std::move(error_);
        return std::move(result_);
    }

private:
    using Frame = ParseState::Frame;
    using Last = ParseState::Last;

    std::size_t number_length() const { return s_.number_length_at(s_.gap(s_.end).next); }
    std::size_t string_length() const { return s_.string_length_at(s_.gap(s_.end).next); }
    // Puts a value where the parser is (root, next element, or the member whose key was
    // read) and returns it with its path.
    std::pair<json*, std::string> place(json value, std::size_t start) {
        if (s_.stack.empty()) {
            result_.value = std::move(value);
            result_.where["$"] = Where{no_offset, start};
            return {&result_.value, "$"};
        }
        Frame& frame = s_.stack.back();
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
        s_.last_was_number = true;
        return ok;
    }

    bool scalar(json value, std::size_t length) {
        s_.last_was_number = false;
        const std::size_t start = s_.gap(s_.end).next;
        s_.last_path = place(std::move(value), start).second;
        s_.last_start = start;
        s_.end = start + length;
        s_.last = Last::value;
        return true;
    }

    bool open(json value, bool is_array) {
        const std::size_t start = s_.gap(s_.end).next;
        auto [container, path] = place(std::move(value), start);
        Frame frame;
        frame.container = container;
        frame.path = std::move(path);
        frame.is_array = is_array;
        frame.open_offset = start;
        s_.stack.push_back(std::move(frame));
        s_.end = start + 1;
        s_.last = Last::open;
        return true;
    }

    bool close() {
        s_.last_was_number = false;
        const std::size_t start = s_.gap(s_.end).next;
        s_.last_start = s_.stack.back().open_offset;
        s_.stack.pop_back();
        s_.end = start + 1;
        s_.last = Last::value;
        return true;
    }

    ParseState s_;
    LocatedJson result_;
    JsonSyntaxError error_;
};

}  // namespace

std::variant<LocatedJson, JsonSyntaxError> parse_located_json(std::string_view text) {
    LocatingHandler handler(text);
    const bool ok = json::sax_parse(text.begin(), text.end(), &handler);
    return handler.take(ok);
}

}  // namespace placard::config
