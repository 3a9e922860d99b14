#include "util/spread.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace placard {

namespace {

constexpr auto step = std::chrono::microseconds(100);

double ms(Spread::duration d) {
    return std::chrono::duration<double, std::milli>(d).count();
}

}  // namespace

void Spread::add(duration d) {
    d = std::max(d, duration::zero());
    const auto i = std::min<long long>(d / step, steps - 1);
    ++counts_[static_cast<std::size_t>(i)];
    ++count_;
    longest_ = std::max(longest_, d);
}

Spread::duration Spread::quantile(double q) const {
    if (count_ == 0) return duration::zero();
    const auto wanted = static_cast<std::uint64_t>(std::ceil(std::clamp(q, 0.0, 1.0) * static_cast<double>(count_)));
    std::uint64_t seen = 0;
    for (int i = 0; i < steps; ++i) {
        seen += counts_[static_cast<std::size_t>(i)];
        // The last step holds everything past a second: its top is the longest.
        if (seen >= std::max<std::uint64_t>(wanted, 1))
            return i == steps - 1 ? longest_ : std::min<duration>(longest_, step * (i + 1));
    }
    return longest_;
}

std::string Spread::to_string() const {
    if (count_ == 0) return "none";
    return fmt::format("{:.1f} ms (p50), {:.1f} ms (p99), {:.1f} ms at most", ms(quantile(0.5)), ms(quantile(0.99)),
                       ms(longest_));
}

}  // namespace placard
