#pragma once
// The on-disk cache: bytes by (kind, key) under one folder, one subfolder per kind.
// Files are named by the SHA-256 of the key, never by a name that came from the network,
// and replaced atomically, so that a power cut leaves the old or the new content.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "util/result.hpp"

namespace placard::store {

class Store {
public:
    // Creates the folder if needed and removes temporary files a crash left behind.
    // Errors name the folder and say what to do.
    static Result<Store> open(const std::filesystem::path& dir);

    // `kind` is a word of the program's ("feed", "items", "image"), never from the network.
    Result<void> put(std::string_view kind, std::string_view key, std::string_view bytes);
    // nullopt when nothing is stored (or it cannot be read).
    std::optional<std::string> get(std::string_view kind, std::string_view key) const;
    bool contains(std::string_view kind, std::string_view key, std::string_view extension = {}) const;
    void remove(std::string_view kind, std::string_view key, std::string_view extension = {});
    // Where (kind, key) lives, for files written by others (prepared pictures): the
    // extension (".jpg", or empty) is appended. Creates the kind's folder.
    std::filesystem::path path_for(std::string_view kind, std::string_view key, std::string_view extension = {}) const;

    const std::filesystem::path& dir() const { return dir_; }

    struct Trimmed {
        std::uintmax_t total = 0;    // bytes in the cache afterwards
        std::uintmax_t kept = 0;     // of those, the bytes in `keep`
        std::uintmax_t removed = 0;  // bytes removed
        int files_removed = 0;
    };
    // Least recently used first, removes files until the cache holds at most `budget`
    // bytes, never one in `keep` (absolute paths, as path_for gives them). A file's use is
    // its modification time: the files in `keep` are marked used now.
    Trimmed trim(std::uintmax_t budget, const std::set<std::filesystem::path>& keep);

private:
    explicit Store(std::filesystem::path dir) : dir_(std::move(dir)) {}
    std::filesystem::path dir_;
};

}  // namespace placard::store
