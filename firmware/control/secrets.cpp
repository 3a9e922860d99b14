#include "control/secrets.hpp"

#include <sodium.h>

#include <fmt/format.h>

#include "util/hash.hpp"

namespace placard::control {

Result<void> start_sodium() {
    if (sodium_init() < 0)
        return Error{"libsodium", "cannot start (no source of random numbers?)", "check that /dev/urandom exists"};
    return {};
}

PasswordCost interactive_cost() {
    return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

PasswordCost test_cost() {
    return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
}

Result<std::string> hash_password(std::string_view password, PasswordCost cost) {
    if (password.size() < shortest_password)
        return Error{"password", fmt::format("is shorter than {} characters", shortest_password),
                     "choose a longer one: a few words are easy to remember"};
    if (auto started = start_sodium(); !started) return started.error();
    std::string out(crypto_pwhash_STRBYTES, '\0');
    if (crypto_pwhash_str(out.data(), password.data(), password.size(), cost.passes, cost.memory) != 0)
        return Error{"password", "cannot be hashed (out of memory?)", "free some memory and try again"};
    out.resize(out.find('\0'));
    return out;
}

bool password_matches(const std::string& hash, std::string_view password) {
    if (!start_sodium() || hash.empty()) return false;
    return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string random_token(size_t bytes) {
    (void)start_sodium();
    std::string raw(bytes, '\0');
    randombytes_buf(raw.data(), raw.size());
    std::string out(sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()), raw.size(),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    out.resize(out.find('\0'));
    sodium_memzero(raw.data(), raw.size());
    return out;
}

std::string token_hash(std::string_view token) {
    return sha256_hex(token);
}

bool same_secret(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string random_digits(int digits) {
    (void)start_sodium();
    std::string out;
    for (int i = 0; i < digits; ++i) out += static_cast<char>('0' + randombytes_uniform(10));
    return out;
}

}  // namespace placard::control
