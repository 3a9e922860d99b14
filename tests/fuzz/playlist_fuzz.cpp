// load_playlist over any bytes, as the text of a playlist file beside the test playlists
// (so that the local files their slides name exist).
#include <cstddef>
#include <cstdint>
#include <filesystem>

#include "config/load.hpp"
#include "fuzz/fuzz_check.hpp"
#include "kinds/kinds.hpp"

using namespace placard;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const std::filesystem::path file = PLACARD_FUZZ_PLAYLIST;
    std::string_view text(reinterpret_cast<const char*>(data), size);
    const config::LoadResult result = kinds::load_playlist(text, file);
    fuzz::require(result.playlist.has_value() == result.problems.empty(), "a playlist comes only without problems");
    for (const auto& problem : result.problems) {
        fuzz::require(!problem.message.empty(), "problems say what is wrong");
        fuzz::require(problem.line >= 0 && problem.column >= 0, "positions are not negative");
        fuzz::require(fuzz::is_valid_utf8(config::format(problem)), "problems are valid UTF-8",
                      config::format(problem));
    }
    return 0;
}
