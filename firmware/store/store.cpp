#include "store/store.hpp"

#include <algorithm>
#include <cassert>
#include <fstream>
#include <sstream>
#include <system_error>
#include <vector>

#include <fmt/format.h>

#include "store/atomic_file.hpp"
#include "util/hash.hpp"
#include "util/log.hpp"

namespace placard::store {
namespace {

const std::string folder_hint = "make it writable by the placard user or pass --cache DIR";

[[maybe_unused]] bool is_word(std::string_view kind) {
    if (kind.empty()) return false;
    for (char c : kind)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return false;
    return true;
}

bool is_temporary(const std::filesystem::path& p) {
    std::string name = p.filename().string();
    return name.size() > temp_suffix.size() &&
           name.compare(name.size() - temp_suffix.size(), temp_suffix.size(), temp_suffix) == 0;
}

// Calls fn(entry) for every regular file in the store's folder and its kind folders.
template <class Fn>
void for_each_file(const std::filesystem::path& dir, Fn fn) {
    std::error_code ec;
    for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
        if (it.depth() > 1) {
            it.disable_recursion_pending();
            continue;
        }
        std::error_code e2;
        if (it->is_regular_file(e2)) fn(*it);
    }
}

// The leftovers of writes that a crash or power cut interrupted: never complete files.
void sweep(const std::filesystem::path& dir) {
    int removed = 0;
    for_each_file(dir, [&](const std::filesystem::directory_entry& e) {
        std::error_code ec;
        if (is_temporary(e.path()) && std::filesystem::remove(e.path(), ec)) ++removed;
    });
    if (removed > 0)
        log::info("store", "{}: removed {} unfinished file(s) left by an interrupted write", dir.string(), removed);
}

}  // namespace

Result<Store> Store::open(const std::filesystem::path& dir) {
    std::error_code ec;
    std::filesystem::path absolute = std::filesystem::absolute(dir, ec);
    if (ec) absolute = dir;
    std::filesystem::create_directories(absolute, ec);
    if (ec || !std::filesystem::is_directory(absolute))
        return Error{absolute.string(),
                     fmt::format("cannot create the cache folder ({})", ec ? ec.message() : "it is not a folder"),
                     folder_hint};
    sweep(absolute);
    return Store(absolute);
}

std::filesystem::path Store::path_for(std::string_view kind, std::string_view key, std::string_view extension) const {
    assert(is_word(kind));
    std::filesystem::path folder = dir_ / std::string(kind);
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);  // a failure shows in the write that follows
    return folder / (sha256_hex(key) + std::string(extension));
}

Result<void> Store::put(std::string_view kind, std::string_view key, std::string_view bytes) {
    std::filesystem::path file = path_for(kind, key);
    std::error_code ec;
    if (!std::filesystem::is_directory(file.parent_path(), ec))
        return Error{file.parent_path().string(), "cannot create a cache folder", folder_hint};
    return write_atomic(file, bytes);
}

std::optional<std::string> Store::get(std::string_view kind, std::string_view key) const {
    assert(is_word(kind));
    std::ifstream in(dir_ / std::string(kind) / sha256_hex(key), std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream out;
    out << in.rdbuf();
    if (in.bad()) return std::nullopt;
    return std::move(out).str();
}

bool Store::contains(std::string_view kind, std::string_view key, std::string_view extension) const {
    std::error_code ec;
    return std::filesystem::is_regular_file(dir_ / std::string(kind) / (sha256_hex(key) + std::string(extension)), ec);
}

void Store::remove(std::string_view kind, std::string_view key, std::string_view extension) {
    std::error_code ec;
    std::filesystem::remove(dir_ / std::string(kind) / (sha256_hex(key) + std::string(extension)), ec);
}

Store::Trimmed Store::trim(std::uintmax_t budget, const std::set<std::filesystem::path>& keep) {
    struct Entry {
        std::filesystem::path file;
        std::filesystem::file_time_type used;
        std::uintmax_t size;
    };
    std::vector<Entry> candidates;
    Trimmed t;
    const auto now = std::filesystem::file_time_type::clock::now();
    for_each_file(dir_, [&](const std::filesystem::directory_entry& e) {
        if (is_temporary(e.path())) return;  // being written now
        std::error_code ec;
        const std::uintmax_t size = e.file_size(ec);
        if (ec) return;
        t.total += size;
        if (keep.count(e.path())) {
            t.kept += size;
            std::filesystem::last_write_time(e.path(), now, ec);
            return;
        }
        auto used = e.last_write_time(ec);
        if (!ec) candidates.push_back({e.path(), used, size});
    });
    std::sort(candidates.begin(), candidates.end(), [](const Entry& a, const Entry& b) { return a.used < b.used; });
    for (const Entry& e : candidates) {
        if (t.total <= budget) break;
        std::error_code e2;
        if (!std::filesystem::remove(e.file, e2)) continue;
        t.total -= e.size;
        t.removed += e.size;
        ++t.files_removed;
    }
    return t;
}

}  // namespace placard::store
