#pragma once
// When a polite client asks a server again: after a success, its refresh (or longer when
// the server's Cache-Control asks for it); after a failure, a backoff that doubles up to
// the refresh, longer when Retry-After asks for it; and always a little later than that at random, so
// that many displays started together do not ask together.
#include <chrono>
#include <optional>
#include <random>

namespace placard::net {

inline constexpr std::chrono::seconds first_backoff{30};
// A max-age longer than this is not waited for: a year's max-age must not freeze the screen.
inline constexpr std::chrono::seconds max_age_cap{24 * 3600};

// The wait after a success: refresh, or max_age (up to a day) when that is longer.
std::chrono::seconds wait_after_success(std::chrono::seconds refresh, std::optional<std::chrono::seconds> max_age);

// The next backoff after a failure: first_backoff, then doubling up to refresh; a longer
// Retry-After wins, up to a day.
std::chrono::seconds next_backoff(std::chrono::seconds previous, std::optional<std::chrono::seconds> retry_after,
                                  std::chrono::seconds refresh);

// Up to a tenth of the interval, at random.
std::chrono::seconds jitter(std::chrono::seconds interval, std::mt19937& rng);

}  // namespace placard::net
