#include "net/retry.hpp"

#include <algorithm>

namespace placard::net {

std::chrono::seconds wait_after_success(std::chrono::seconds refresh, std::optional<std::chrono::seconds> max_age) {
    return std::max(refresh, std::min(max_age.value_or(std::chrono::seconds(0)), max_age_cap));
}

std::chrono::seconds next_backoff(std::chrono::seconds previous, std::optional<std::chrono::seconds> retry_after,
                                  std::chrono::seconds refresh) {
    std::chrono::seconds backoff = std::min(previous.count() == 0 ? first_backoff : previous * 2, refresh);
    // The server's own word outweighs the refresh, as max-age does, and up to the same day.
    if (retry_after) backoff = std::max(backoff, std::min(*retry_after, max_age_cap));
    return backoff;
}

std::chrono::seconds jitter(std::chrono::seconds interval, std::mt19937& rng) {
    long long tenth = interval.count() / 10;
    if (tenth <= 0) return std::chrono::seconds(0);
    return std::chrono::seconds(std::uniform_int_distribution<long long>(0, tenth)(rng));
}

}  // namespace placard::net
