#pragma once
// Posters uploaded from the control page into one of the playlist's folder sources. The
// bytes are judged before any is decoded: their size, their format by its signature, and
// the width and height their header gives (a decompression bomb is a small file that says
// it is 50000 pixels square); only then decoded whole, to refuse a broken file. The name
// is never the upload's: it is made here from the time and random digits, with the
// extension of the format found, so that no upload names a path.
#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "util/clock.hpp"
#include "util/result.hpp"

namespace placard::control {

struct PosterLimits {
    std::size_t bytes = std::size_t{25} << 20;  // a print-quality A3 poster as JPEG is ~10 MB
    long long pixels = 40'000'000;              // as the worker prepares pictures (media::Limits)
    int side = 16384;                           // the largest side SDL's surfaces take
};

struct PictureSize {
    int width = 0, height = 0;
};

// The picture's size from its header alone; an error when it is not a picture.
using PictureProbe = std::function<Result<PictureSize>(std::string_view bytes)>;
// The picture decoded whole and thrown away: an error when it is broken.
using PictureDecode = std::function<Result<void>(std::string_view bytes)>;

// "jpg", "png", "webp", "gif" from the first bytes; empty for anything else.
std::string picture_format(std::string_view bytes);

// A poster saved, or why not: the HTTP status that says so, and the words.
struct PosterOutcome {
    unsigned status = 201;
    std::filesystem::path file;  // saved: where
    PictureSize size;
    Error error;  // refused: why, and what to do
};

// Checks `bytes` against `limits` and saves them atomically into `folder` (made if
// missing) under a name of its own. The file appears whole or not at all.
PosterOutcome save_poster(const std::filesystem::path& folder, std::string_view bytes, const PosterLimits& limits,
                          const PictureProbe& probe, const PictureDecode& decode, SysTime now);

}  // namespace placard::control
