#include "content/local_file.hpp"

#include <sys/stat.h>

#include <fmt/format.h>

#include "util/file.hpp"

namespace placard::content {

namespace fs = std::filesystem;

Result<std::string> read_whole(const fs::path& p, std::size_t cap) {
    return read_file(p, cap, "check the path in the playlist");
}

std::optional<std::string> file_signature(const fs::path& p) {
    struct stat st {};
    if (::stat(p.c_str(), &st) != 0) return std::nullopt;
    return fmt::format("{}.{:09}:{}", st.st_mtim.tv_sec, st.st_mtim.tv_nsec, st.st_size);
}

bool is_url(const std::string& s) {
    return s.rfind("http://", 0) == 0 || s.rfind("https://", 0) == 0;
}

}  // namespace placard::content
