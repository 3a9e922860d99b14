#pragma once
// Durations as organizers write them: "10s", "15m", "1h30m", "14d", "90" (seconds).
#include <chrono>
#include <string>
#include <string_view>

#include "util/result.hpp"

namespace placard {

// Accepts one or more <number><unit> parts, units s, m, h, d, w; a bare number is seconds.
// Error.what says what is wrong, Error.hint gives an example; Error.where is left empty.
Result<std::chrono::seconds> parse_duration(std::string_view text);

// The shortest form that parse_duration reads back: "1h30m", "45s", "0s".
std::string format_duration(std::chrono::seconds d);

}  // namespace placard
