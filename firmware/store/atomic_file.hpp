#pragma once
// Power can be cut at any moment: a file is replaced whole or not at all.
#include <filesystem>
#include <string_view>

#include "util/result.hpp"

namespace placard::store {

// Writes `bytes` to a temporary file beside `file`, fsyncs it, renames it over `file`
// and fsyncs the folder. On any failure the old file is untouched and the temporary
// one removed. Errors name the path and say what to do (full disk, read-only folder).
Result<void> write_atomic(const std::filesystem::path& file, std::string_view bytes);

// The suffix of temporary files, so that leftovers of a crash can be swept.
inline constexpr std::string_view temp_suffix = ".placard-tmp";

}  // namespace placard::store
