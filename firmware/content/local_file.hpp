#pragma once
// Files on the Pi's own disk: a feed file, a poster, a folder's pictures.
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>

#include "util/result.hpp"

namespace placard::content {

// The whole file, or an error naming it that says what to do; refused above `cap` bytes.
Result<std::string> read_whole(const std::filesystem::path& p, std::size_t cap);

// A local file's identity for the cache (its modification time and size): a poster
// replaced under the same name must be prepared again.
std::optional<std::string> file_signature(const std::filesystem::path& p);

bool is_url(const std::string& s);

}  // namespace placard::content
