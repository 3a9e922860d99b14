#include "util/file.hpp"

#include <fstream>
#include <sstream>
#include <system_error>

#include <fmt/format.h>

namespace placard {

Result<std::string> read_file(const std::filesystem::path& p, std::size_t cap, std::string_view hint) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(p, ec);
    if (ec) return Error{p.string(), fmt::format("cannot be read ({})", ec.message()), std::string(hint)};
    if (size > cap)
        return Error{p.string(),
                     fmt::format("is larger than {}",
                                 cap >= (1u << 20) ? fmt::format("{} MB", cap >> 20) : fmt::format("{} bytes", cap)),
                     "use a smaller file"};
    std::ifstream in(p, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    if (!in) return Error{p.string(), "cannot be read", "check that the placard user may read it"};
    return std::move(out).str();
}

}  // namespace placard
