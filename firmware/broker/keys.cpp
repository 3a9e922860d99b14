#include "broker/keys.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <algorithm>
#include <system_error>

#include <fmt/format.h>

#include "util/file.hpp"
#include "util/unique_fd.hpp"

namespace placard::broker {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view public_prefix = "ed25519:";
constexpr std::string_view secret_prefix = "placard-secret-key-v1:";
constexpr size_t key_file_cap = size_t{64} * 1024;

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

// The lines of a key file that are not comments or blank.
std::vector<std::string_view> key_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    while (!text.empty()) {
        const size_t end = std::min(text.find('\n'), text.size());
        std::string_view line = trim(text.substr(0, end));
        text.remove_prefix(std::min(end + 1, text.size()));
        if (!line.empty() && line.front() != '#') lines.push_back(line);
    }
    return lines;
}

// Creates `file` with `mode`, refusing one already there, and writes `text` to it.
Result<void> write_new(const fs::path& file, std::string_view text, mode_t mode) {
    UniqueFd fd(::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode));
    if (!fd) {
        const int e = errno;
        if (e == EEXIST)
            return Error{file.string(), "is already there",
                         "a key is not written over: give another folder or remove it"};
        return Error{file.string(), fmt::format("cannot be written ({})", std::generic_category().message(e)),
                     "give a folder you may write to"};
    }
    size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd.get(), text.data() + done, text.size() - done);
        if (n <= 0) return Error{file.string(), "cannot be written", "check the disk"};
        done += static_cast<size_t>(n);
    }
    if (::fsync(fd.get()) != 0) return Error{file.string(), "cannot be written", "check the disk"};
    return {};
}

}  // namespace

Result<void> start_sodium() {
    if (sodium_init() < 0) return Error{"libsodium", "cannot start", "the system has no source of randomness"};
    return {};
}

std::string to_base64(const unsigned char* bytes, size_t size) {
    std::string out(sodium_base64_encoded_len(size, sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), bytes, size, sodium_base64_VARIANT_ORIGINAL);
    out.resize(std::strlen(out.c_str()));
    return out;
}

bool from_base64(std::string_view text, unsigned char* out, size_t size) {
    size_t got = 0;
    const char* end = nullptr;
    if (sodium_base642bin(out, size, text.data(), text.size(), nullptr, &got, &end, sodium_base64_VARIANT_ORIGINAL) !=
        0)
        return false;
    return got == size && end == text.data() + text.size();
}

std::string PublicKey::text() const {
    return std::string(public_prefix) + to_base64(bytes.data(), bytes.size());
}

std::string PublicKey::short_text() const {
    return text().substr(0, public_prefix.size() + 12) + "\u2026";
}

PublicKey SecretKey::public_key() const {
    PublicKey key;
    crypto_sign_ed25519_sk_to_pk(key.bytes.data(), bytes.data());
    return key;
}

SecretKey generate_key() {
    SecretKey secret;
    PublicKey pub;
    crypto_sign_keypair(pub.bytes.data(), secret.bytes.data());
    return secret;
}

Result<PublicKey> parse_public_key(std::string_view text) {
    text = trim(text);
    const std::string hint = "write it as placard keygen prints it: \"ed25519:\" and 44 letters and digits";
    PublicKey key;
    if (text.substr(0, public_prefix.size()) != public_prefix ||
        !from_base64(text.substr(public_prefix.size()), key.bytes.data(), key.bytes.size()))
        return Error{"", fmt::format("\"{}\" is not a public key", std::string(text.substr(0, 60))), hint};
    return key;
}

Result<void> write_secret_key(const fs::path& file, const SecretKey& key) {
    unsigned char seed[crypto_sign_SEEDBYTES];
    crypto_sign_ed25519_sk_to_seed(seed, key.bytes.data());
    std::string text = fmt::format(
        "# A placard organizer's secret key: it signs cues for every display that trusts\n"
        "# {}\n# Keep it secret; whoever has it can put words on those screens.\n{}{}\n",
        key.public_key().text(), secret_prefix, to_base64(seed, sizeof seed));
    sodium_memzero(seed, sizeof seed);
    auto written = write_new(file, text, 0600);
    sodium_memzero(text.data(), text.size());
    return written;
}

Result<SecretKey> read_secret_key(const fs::path& file) {
    auto text = read_file(file, key_file_cap, "give the file that placard keygen wrote");
    if (!text) return text.error();
    unsigned char seed[crypto_sign_SEEDBYTES];
    bool found = false;
    for (std::string_view line : key_lines(*text))
        if (line.substr(0, secret_prefix.size()) == secret_prefix)
            found = from_base64(line.substr(secret_prefix.size()), seed, sizeof seed);
    sodium_memzero(text->data(), text->size());
    if (!found)
        return Error{file.string(), "is not a placard secret key", "give the .key file that placard keygen wrote"};
    SecretKey key;
    PublicKey pub;
    crypto_sign_seed_keypair(pub.bytes.data(), key.bytes.data(), seed);
    sodium_memzero(seed, sizeof seed);
    return key;
}

Result<void> write_public_key(const fs::path& file, const PublicKey& key, std::string_view name) {
    return write_new(file, fmt::format("# {}: trusted to sign placard cues\n{}\n", name, key.text()), 0644);
}

Result<std::vector<PublicKey>> read_trusted(std::string_view entry) {
    if (entry.substr(0, public_prefix.size()) == public_prefix) {
        auto key = parse_public_key(entry);
        if (!key) return key.error();
        return std::vector<PublicKey>{*key};
    }
    const fs::path file{std::string(entry)};
    auto text = read_file(file, key_file_cap, "give a public key (\"ed25519:...\") or a file holding one");
    if (!text) return text.error();
    std::vector<PublicKey> keys;
    for (std::string_view line : key_lines(*text)) {
        auto key = parse_public_key(line);
        if (!key) return Error{file.string(), key.error().what, key.error().hint};
        keys.push_back(*key);
    }
    if (keys.empty())
        return Error{file.string(), "holds no public key", "copy into it the line placard keygen printed"};
    return keys;
}

Result<std::vector<PublicKey>> read_trusted_folder(const fs::path& folder) {
    std::vector<PublicKey> keys;
    std::error_code ec;
    if (!fs::is_directory(folder, ec)) return keys;
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(folder, ec))
        if (entry.path().extension() == ".pub") files.push_back(entry.path());
    if (ec) return Error{folder.string(), fmt::format("cannot be read ({})", ec.message()), "check its mode"};
    std::sort(files.begin(), files.end());
    for (const fs::path& f : files) {
        auto more = read_trusted(f.string());
        if (!more) return more.error();
        keys.insert(keys.end(), more->begin(), more->end());
    }
    return keys;
}

std::array<unsigned char, 64> sign(std::string_view message, const SecretKey& key) {
    std::array<unsigned char, 64> signature{};
    crypto_sign_detached(signature.data(), nullptr, reinterpret_cast<const unsigned char*>(message.data()),
                         message.size(), key.bytes.data());
    return signature;
}

bool verify(std::string_view message, const std::array<unsigned char, 64>& signature, const PublicKey& key) {
    return crypto_sign_verify_detached(signature.data(), reinterpret_cast<const unsigned char*>(message.data()),
                                       message.size(), key.bytes.data()) == 0;
}

}  // namespace placard::broker
