#pragma once
// The organizers' keys: Ed25519 (libsodium). The secret half stays in a file on the
// organizer's machine and signs cues; the public half, a line of text such as
// "ed25519:3q2+7w...=", is what a display trusts.
#include <array>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.hpp"

namespace placard::broker {

struct PublicKey {
    std::array<unsigned char, 32> bytes{};
    // "ed25519:" and the key in base64: as keygen prints it and the playlist trusts it.
    std::string text() const;
    // For the journal: "ed25519:3q2+7wAb…", enough to tell keys apart.
    std::string short_text() const;
    bool operator==(const PublicKey&) const = default;
};

struct SecretKey {
    std::array<unsigned char, 64> bytes{};  // libsodium's form: the seed, then the public key
    PublicKey public_key() const;
};

// libsodium, started once; an error when it cannot be (no entropy source).
Result<void> start_sodium();

SecretKey generate_key();
// "ed25519:BASE64" -> the key; errors say what a key looks like.
Result<PublicKey> parse_public_key(std::string_view text);

// The secret key file: a comment and one line. Written with mode 0600, never over a file
// already there (a key lost is every display's trust to change).
Result<void> write_secret_key(const std::filesystem::path& file, const SecretKey& key);
Result<SecretKey> read_secret_key(const std::filesystem::path& file);
// A public key file (.pub): the key's line, and a comment naming it.
Result<void> write_public_key(const std::filesystem::path& file, const PublicKey& key, std::string_view name);
// The keys a display trusts from one entry of display.broker.trust: a key itself, or a
// file of keys (one per line; '#' starts a comment).
Result<std::vector<PublicKey>> read_trusted(std::string_view entry);
// Every *.pub file in `folder` (/etc/placard/keys); none when it does not exist.
Result<std::vector<PublicKey>> read_trusted_folder(const std::filesystem::path& folder);

// Ed25519 over `message`.
std::array<unsigned char, 64> sign(std::string_view message, const SecretKey& key);
bool verify(std::string_view message, const std::array<unsigned char, 64>& signature, const PublicKey& key);

// Standard base64 with padding, as the keys and signatures are written.
std::string to_base64(const unsigned char* bytes, size_t size);
// Exactly `size` bytes from base64, or false.
bool from_base64(std::string_view text, unsigned char* out, size_t size);

}  // namespace placard::broker
