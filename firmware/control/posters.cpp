#include "control/posters.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>

#include <fmt/format.h>

#include "store/atomic_file.hpp"
#include "util/log.hpp"
#include "util/time.hpp"

namespace placard::control {
namespace {

PosterOutcome refused(unsigned status, std::string what, std::string hint) {
    PosterOutcome out;
    out.status = status;
    out.error = Error{"poster", std::move(what), std::move(hint)};
    return out;
}

}  // namespace

std::string picture_format(std::string_view b) {
    auto starts = [&](std::string_view magic, size_t at = 0) { return b.substr(at, magic.size()) == magic; };
    if (starts("\xFF\xD8\xFF")) return "jpg";
    if (starts("\x89PNG\r\n\x1A\n")) return "png";
    if (starts("RIFF") && starts("WEBP", 8)) return "webp";
    if (starts("GIF87a") || starts("GIF89a")) return "gif";
    return {};
}

PosterOutcome save_poster(const std::filesystem::path& folder, std::string_view bytes, const PosterLimits& limits,
                          const PictureProbe& probe, const PictureDecode& decode, SysTime now) {
    if (bytes.empty()) return refused(400, "the upload is empty", "choose a picture to send");
    if (bytes.size() > limits.bytes)
        return refused(413, fmt::format("the picture is larger than {} MB", limits.bytes >> 20),
                       "save it smaller (a screen needs no more than 4000 pixels across)");
    const std::string format = picture_format(bytes);
    if (format.empty()) return refused(415, "this is not a picture", "send a JPEG, PNG, WebP or GIF file");
    auto size = probe(bytes);
    if (!size) return refused(415, "this picture cannot be read: " + size.error().what, "send another copy of it");
    if (size->width <= 0 || size->height <= 0 || size->width > limits.side || size->height > limits.side ||
        static_cast<long long>(size->width) * size->height > limits.pixels)
        return refused(413,
                       fmt::format("the picture says it is {} x {} pixels: too many to open on this display",
                                   size->width, size->height),
                       fmt::format("save it at most {} pixels on a side and {} million pixels in all", limits.side,
                                   limits.pixels / 1'000'000));
    if (auto whole = decode(bytes); !whole)
        return refused(415, "the picture is broken: " + whole.error().what, "send another copy of it");

    static thread_local std::mt19937 rng{std::random_device{}()};
    const LocalTime t = to_local(now, Zone());
    const std::string name = fmt::format("upload-{:04}{:02}{:02}-{:02}{:02}{:02}-{:08x}.{}", t.year, t.month, t.day,
                                         t.hour, t.minute, t.second, rng(), format);
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    // A folder placard may not write (the package's demo under /usr, a folder of the
    // organizer's that the service's user does not own): said before anything is tried.
    if (::access(folder.c_str(), W_OK) != 0) {
        PosterOutcome out;
        out.status = 409;
        out.error = Error{folder.string(), fmt::format("placard may not write this folder ({})", std::strerror(errno)),
                          "make a folder for posters that it may write: sudo mkdir -p /srv/placard/posters && sudo "
                          "chown placard: /srv/placard/posters, and name it in the playlist's sources as "
                          "\"posters\": {\"type\": \"folder\", \"path\": \"/srv/placard/posters\"}"};
        return out;
    }
    const std::filesystem::path file = folder / name;
    if (auto written = store::write_atomic(file, bytes); !written) {
        PosterOutcome out;
        out.status = 500;
        out.error =
            Error{folder.string(), written.error().what,
                  "the folder of the source cannot be written: give it to placard's user (sudo chown placard: " +
                      folder.string() + ") or free some space on its disk"};
        return out;
    }
    PosterOutcome out;
    out.file = file;
    out.size = *size;
    log::notice("control", "{}: a poster uploaded, {} x {}", file.string(), size->width, size->height);
    return out;
}

}  // namespace placard::control
