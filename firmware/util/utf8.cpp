#include "util/utf8.hpp"

#include "util/text.hpp"

namespace placard {
namespace {

constexpr std::string_view replacement = "\xEF\xBF\xBD";
constexpr std::string_view ellipsis = "\u2026";

bool is_continuation(unsigned char c) {
    return (c & 0xC0) == 0x80;
}

}  // namespace

namespace {

// The sequence at bytes[at]: its length when it is one whole valid character, else 0; and
// how many bytes to step over (a maximal invalid subsequence is stepped over whole).
struct Sequence {
    size_t valid = 0;
    size_t span = 1;
};

Sequence sequence_at(std::string_view bytes, size_t at) {
    const auto c = static_cast<unsigned char>(bytes[at]);
    if (c < 0x80) return {1, 1};
    // Length of the sequence and the range its second byte must fall in; the ranges
    // exclude overlong forms, surrogates and code points above U+10FFFF.
    size_t length = 0;
    unsigned char low = 0x80, high = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        length = 2;
    } else if (c == 0xE0) {
        length = 3;
        low = 0xA0;
    } else if (c == 0xED) {
        length = 3;
        high = 0x9F;
    } else if (c >= 0xE1 && c <= 0xEF) {
        length = 3;
    } else if (c == 0xF0) {
        length = 4;
        low = 0x90;
    } else if (c >= 0xF1 && c <= 0xF3) {
        length = 4;
    } else if (c == 0xF4) {
        length = 4;
        high = 0x8F;
    } else {
        return {0, 1};
    }
    size_t n = 1;
    while (n < length && at + n < bytes.size()) {
        auto d = static_cast<unsigned char>(bytes[at + n]);
        if (n == 1 ? (d < low || d > high) : !is_continuation(d)) break;
        ++n;
    }
    return {n == length ? length : 0, n};
}

}  // namespace

size_t utf8_length_at(std::string_view text, size_t at) {
    return at < text.size() ? sequence_at(text, at).valid : 0;
}

std::string valid_utf8(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size());
    for (size_t i = 0; i < bytes.size();) {
        const Sequence s = sequence_at(bytes, i);
        if (s.valid)
            out.append(bytes.substr(i, s.valid));
        else
            out += replacement;
        i += s.span;
    }
    return out;
}

size_t code_point_count(std::string_view text) {
    size_t count = 0;
    for (char c : text)
        if (!is_continuation(static_cast<unsigned char>(c))) ++count;
    return count;
}

size_t code_point_offset(std::string_view text, size_t index) {
    size_t seen = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        if (is_continuation(static_cast<unsigned char>(text[i]))) continue;
        if (seen == index) return i;
        ++seen;
    }
    return text.size();
}

std::string cut_at_word(std::string_view text, size_t max_chars) {
    std::string valid = valid_utf8(text);
    if (max_chars == 0 || code_point_count(valid) <= max_chars) return valid;
    // Room for the ellipsis.
    size_t end = code_point_offset(valid, max_chars - 1);
    size_t cut = end;
    if (!is_space(valid[end])) {
        size_t space = std::string_view(valid).substr(0, end).find_last_of(" \n\t");
        if (space != std::string_view::npos && space > 0) cut = space;
    }
    valid.resize(cut);
    // A word cut off before its comma or full stop reads better without them.
    for (bool trimming = true; trimming && !valid.empty();) {
        if (std::string_view(" \n\t,;:.").find(valid.back()) != std::string_view::npos)
            valid.pop_back();
        else if (valid.ends_with(ellipsis))
            valid.resize(valid.size() - ellipsis.size());
        else
            trimming = false;
    }
    return valid + std::string(ellipsis);
}

}  // namespace placard
