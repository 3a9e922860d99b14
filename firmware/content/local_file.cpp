#include "content/local_file.hpp"

#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include <fmt/format.h>

namespace placard::content {

namespace fs = std::filesystem;

Result<std::string> read_whole(const fs::path& p, std::size_t cap) {
    std::error_code ec;
    auto size = fs::file_size(p, ec);
    if (ec)
        return Error{p.string(), fmt::format("cannot read it ({})", ec.message()), "check the path in the playlist"};
    if (size > cap) return Error{p.string(), fmt::format("it is larger than {} MB", cap >> 20), "use a smaller file"};
    std::ifstream in(p, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    if (!in) return Error{p.string(), "cannot read it", "check that the placard user may read it"};
    return std::move(out).str();
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
