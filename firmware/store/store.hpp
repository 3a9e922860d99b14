#pragma once
// The on-disk cache: bytes by (kind, key) under one folder, one subfolder per kind.
// Files are named by the SHA-256 of the key, never by a name that came from the network,
// and replaced atomically, so that a power cut leaves the old or the new content.
#include <filesystem>
#include <optional>
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

private:
    explicit Store(std::filesystem::path dir) : dir_(std::move(dir)) {}
    std::filesystem::path dir_;
};

}  // namespace placard::store
