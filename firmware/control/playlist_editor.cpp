#include "control/playlist_editor.hpp"

#include <system_error>

#include <fmt/format.h>

#include "store/atomic_file.hpp"
#include "util/file.hpp"
#include "util/hash.hpp"
#include "util/log.hpp"

namespace placard::control {
namespace {

namespace fs = std::filesystem;

// A hand-written playlist is a few kilobytes; a megabyte is not one.
constexpr std::uintmax_t playlist_cap = std::uintmax_t{1} << 20;

Result<std::string> read_text(const fs::path& file) {
    return read_file(file, playlist_cap, "check that the playlist is there and that placard may read it");
}

// What to do when the file cannot be written, said where the page shows it.
Error cannot_write(const Error& e) {
    return Error{e.where, e.what,
                 "nothing was changed: the playlist playing is the one before. Make its folder writable by the user "
                 "placard runs as (the package's unit may write /etc/placard), or free some space on its disk"};
}

}  // namespace

fs::path PlaylistEditor::previous() const {
    fs::path p = file_;
    p += ".previous";
    return p;
}

std::string PlaylistEditor::etag_of(std::string_view text) {
    return "\"" + sha256_hex(text).substr(0, 32) + "\"";
}

Result<PlaylistEditor::Version> PlaylistEditor::read() const {
    auto text = read_text(file_);
    if (!text) return text.error();
    Version v;
    v.etag = etag_of(*text);
    v.text = std::move(*text);
    return v;
}

PlaylistEditor::Outcome PlaylistEditor::save(std::string_view text, std::string_view if_match) {
    std::lock_guard lock(saving_);
    Outcome out;
    auto current = read_text(file_);
    if (!current) {
        out.is = Outcome::Is::cannot_write;
        out.error = current.error();
        return out;
    }
    out.etag = etag_of(*current);
    if (if_match.empty()) {
        out.is = Outcome::Is::no_version;
        return out;
    }
    if (if_match != "*" && if_match != out.etag) {
        out.is = Outcome::Is::stale;
        return out;
    }
    out.problems = check_(text);
    if (!out.problems.empty()) {
        out.is = Outcome::Is::invalid;
        return out;
    }
    if (text == *current) {
        out.is = Outcome::Is::unchanged;
        return out;
    }
    std::error_code ec;
    const fs::perms mode = fs::status(file_, ec).permissions();
    if (auto kept = store::write_atomic(previous(), *current); !kept) {
        out.is = Outcome::Is::cannot_write;
        out.error = cannot_write(kept.error());
        return out;
    }
    if (auto written = store::write_atomic(file_, text); !written) {
        out.is = Outcome::Is::cannot_write;
        out.error = cannot_write(written.error());
        return out;
    }
    // As it was: readable by whoever could read it (the unit's umask would make it private).
    if (!ec) fs::permissions(file_, mode, ec);
    out.etag = etag_of(text);
    log::notice("control", "{}: saved from the control page (the version before is in {})", file_.string(),
                previous().filename().string());
    return out;
}

}  // namespace placard::control
