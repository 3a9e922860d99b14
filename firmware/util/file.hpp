#pragma once
// Reading a small file whole: a key, a password, a feed on the disk.
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include "util/result.hpp"

namespace placard {

// The whole file, or an error naming it; refused above `cap` bytes. `hint` says what to
// do when it cannot be read ("check the path in the playlist").
Result<std::string> read_file(const std::filesystem::path& p, std::size_t cap, std::string_view hint);

}  // namespace placard
