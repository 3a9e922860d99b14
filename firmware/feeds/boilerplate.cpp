#include "feeds/boilerplate.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace placard::feeds {
namespace {

// Last position of `needle` (lowercase ASCII) in `text`, ignoring ASCII case.
size_t rfind_ignoring_case(std::string_view text, std::string_view needle) {
    if (needle.size() > text.size()) return std::string_view::npos;
    for (size_t i = text.size() - needle.size() + 1; i-- > 0;) {
        bool match = true;
        for (size_t k = 0; k < needle.size() && match; ++k) match = lower(text[i + k]) == needle[k];
        if (match) return i;
    }
    return std::string_view::npos;
}

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// A phrase counts only as a whole word: at the start or after a space or an opening mark.
bool starts_word(std::string_view text, size_t pos) {
    if (pos == 0) return true;
    char before = text[pos - 1];
    return before == ' ' || before == '\n' || before == '[' || before == '(' || ends_with(text.substr(0, pos), "«");
}

// What may follow "Read more" on its line: dots, arrows, closing brackets.
bool only_trailing_marks(std::string_view rest) {
    constexpr std::array<std::string_view, 5> marks = {"…", "»", "→", "›", "\u00a0"};
    while (!rest.empty()) {
        if (std::string_view(" .!:>])").find(rest.front()) != std::string_view::npos) {
            rest.remove_prefix(1);
            continue;
        }
        auto mark = std::find_if(marks.begin(), marks.end(), [&](std::string_view m) { return rest.starts_with(m); });
        if (mark == marks.end()) return false;
        rest.remove_prefix(mark->size());
    }
    return true;
}

// After a removal, also the opening bracket that the removed phrase was in.
void trim_end(std::string& text, bool brackets) {
    while (!text.empty()) {
        char c = text.back();
        if (c == ' ' || c == '\n' || c == '\t' || (brackets && (c == '[' || c == '(')))
            text.pop_back();
        else if (brackets && ends_with(text, "«"))
            text.resize(text.size() - std::string_view("«").size());
        else
            break;
    }
}

// One removal from the end; false when the end is content.
bool strip_once(std::string& text) {
    size_t newline = text.rfind('\n');
    size_t line_start = newline == std::string::npos ? 0 : newline + 1;
    std::string_view line = std::string_view(text).substr(line_start);

    // WordPress's feed footer: "The post <title> appeared first on <site>."
    if (line.starts_with("The post ") && line.find(" appeared first on ") != std::string_view::npos) {
        text.resize(line_start);
        return true;
    }
    // "Continue reading", then perhaps the post's title and an arrow, up to the line's end.
    // Capitalised, as themes write the link; "please continue reading" in a sentence is text.
    if (size_t pos = rfind_ignoring_case(line, "continue reading");
        pos != std::string_view::npos && line[pos] == 'C' && starts_word(line, pos)) {
        text.resize(line_start + pos);
        return true;
    }
    if (size_t pos = rfind_ignoring_case(line, "read more");
        pos != std::string_view::npos && starts_word(line, pos) && only_trailing_marks(line.substr(pos + 9))) {
        text.resize(line_start + pos);
        return true;
    }
    for (std::string_view ellipsis : {"[…]", "[...]", "[ … ]"}) {
        if (ends_with(text, ellipsis)) {
            text.resize(text.size() - ellipsis.size());
            return true;
        }
    }
    return false;
}

}  // namespace

std::string strip_boilerplate(std::string text) {
    trim_end(text, false);
    while (strip_once(text)) trim_end(text, true);
    return text;
}

}  // namespace placard::feeds
