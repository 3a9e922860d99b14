#pragma once
// The control page's secrets: the password, hashed with Argon2id (libsodium's
// crypto_pwhash_str, sized for a 1 GB board: 64 MiB and two passes a check), random tokens,
// and the hashes that tokens are kept as. Safe on any thread.
#include <string>
#include <string_view>

#include "util/result.hpp"

namespace placard::control {

inline constexpr size_t shortest_password = 8;

// libsodium, started once; an error when it cannot be (no entropy source).
Result<void> start_sodium();

// What hashing a password costs. Checking it costs the same: the string keeps the cost.
struct PasswordCost {
    unsigned long long passes;
    size_t memory;  // bytes
};
// libsodium's "interactive" limits: 64 MiB, two passes; well within a 1 GB board.
PasswordCost interactive_cost();
// The least libsodium takes: for tests, which check what is refused, not how slowly.
PasswordCost test_cost();

// An Argon2id string ("$argon2id$v=19$m=65536,t=2,p=1$...") for the password; refuses a
// password under shortest_password characters.
Result<std::string> hash_password(std::string_view password, PasswordCost cost = interactive_cost());
// Whether `password` is the one `hash` was made from. Costs 64 MiB and about a second on a Pi.
bool password_matches(const std::string& hash, std::string_view password);

// `bytes` random bytes as URL-safe base64, no padding: session and API tokens.
std::string random_token(size_t bytes = 32);
// SHA-256 of a token, in hex: what is kept of it.
std::string token_hash(std::string_view token);
// Equal in time that does not depend on where they differ.
bool same_secret(std::string_view a, std::string_view b);
// A number of `digits` digits, uniformly random: the setup code.
std::string random_digits(int digits);

}  // namespace placard::control
