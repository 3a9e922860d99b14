#pragma once
// How a repeated interval is spread: its quantiles and its longest, from a histogram of
// 0.1 ms steps up to a second (longer ones count in the last step and in the longest),
// so that adding is cheap and nothing grows with the number added. For the strip's ticker:
// the time between its steps and what one step costs. Not thread-safe.
#include <array>
#include <chrono>
#include <cstdint>
#include <string>

namespace placard {

class Spread {
public:
    using duration = std::chrono::steady_clock::duration;

    void add(duration d);
    std::uint64_t count() const { return count_; }
    // The smallest time that q of those added (0 < q <= 1) were at most, to the 0.1 ms above;
    // zero when none were added.
    duration quantile(double q) const;
    duration longest() const { return longest_; }
    // "16.7 ms (p50), 17.1 ms (p99), 33.4 ms at most"; "none" when empty.
    std::string to_string() const;

private:
    static constexpr int steps = 10'000;  // 0.1 ms each: up to a second
    std::array<std::uint32_t, steps> counts_{};
    std::uint64_t count_ = 0;
    duration longest_{};
};

}  // namespace placard
