#pragma once
// ASCII text as the formats placard reads define it (HTTP headers, XML, HTML, iCalendar, URLs):
// whitespace, trimming and case without the C locale's opinions. Pure; safe on any thread.
#include <string>
#include <string_view>

namespace placard {

// ASCII whitespace (WHATWG Infra: tab, LF, FF, CR, space), and the vertical tab that
// iCalendar writers leave at line ends. JSON's grammar is narrower: config/located_json has
// its own.
constexpr bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// ASCII letters only: "İ" and "ß" stay as they are, as the formats' keywords are ASCII.
constexpr char lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}
std::string lower(std::string_view s);

std::string_view trim_view(std::string_view s);
std::string trim(std::string_view s);

bool starts_with_nocase(std::string_view s, std::string_view prefix);
bool contains_nocase(std::string_view s, std::string_view needle);

}  // namespace placard
