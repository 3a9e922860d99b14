#include "util/duration.hpp"

#include <fmt/format.h>
#include <cctype>

namespace placard {

Result<std::chrono::seconds> parse_duration(std::string_view text) {
    const std::string hint = "write a number with a unit, such as \"10s\", \"15m\", \"1h30m\" or \"14d\"";
    if (text.empty()) return Error{"", "empty duration", hint};
    long long total = 0;
    size_t i = 0;
    bool any = false;
    while (i < text.size()) {
        if (!std::isdigit(static_cast<unsigned char>(text[i])))
            return Error{"", fmt::format("\"{}\" is not a duration", text), hint};
        long long n = 0;
        while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
            n = n * 10 + (text[i] - '0');
            if (n > 100'000'000) return Error{"", fmt::format("\"{}\" is too long a duration", text), hint};
            ++i;
        }
        long long unit = 1;
        if (i < text.size()) {
            switch (text[i]) {
                case 's':
                    unit = 1;
                    break;
                case 'm':
                    unit = 60;
                    break;
                case 'h':
                    unit = 3600;
                    break;
                case 'd':
                    unit = 86400;
                    break;
                case 'w':
                    unit = 7LL * 86400;
                    break;
                default:
                    return Error{"", fmt::format("\"{}\" has an unknown unit '{}'", text, text[i]),
                                 "units are s, m, h, d and w: " + hint};
            }
            ++i;
        } else if (any) {
            return Error{"", fmt::format("\"{}\" ends in a number without a unit", text), hint};
        }
        total += n * unit;
        any = true;
    }
    return std::chrono::seconds(total);
}

std::string format_duration(std::chrono::seconds d) {
    long long s = d.count();
    if (s == 0) return "0s";
    std::string out;
    const std::pair<long long, char> units[] = {{86400, 'd'}, {3600, 'h'}, {60, 'm'}, {1, 's'}};
    for (auto [size, letter] : units) {
        if (s >= size) {
            out += fmt::format("{}{}", s / size, letter);
            s %= size;
        }
    }
    return out;
}

}  // namespace placard
