#include "store/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>

#include <fmt/format.h>

namespace placard::store {
namespace {

class Fd {
public:
    explicit Fd(int fd) : fd_(fd) {}
    ~Fd() {
        if (fd_ >= 0) ::close(fd_);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return fd_; }
    int release() { return std::exchange(fd_, -1); }

private:
    int fd_;
};

std::string advice(int err) {
    switch (err) {
        case ENOSPC:
        case EDQUOT:
            return "the disk is full: free some space on the SD card (or give the cache a smaller budget)";
        case EFBIG:
            return "the file is larger than this system allows: free some space on the SD card";
        case EROFS:
            return "the file system is read-only: pass --cache DIR with a writable folder";
        case EACCES:
        case EPERM:
            return "placard may not write there: make it writable by the placard user or pass --cache DIR";
        case ENOENT:
        case ENOTDIR:
            return "the folder is missing: check the cache folder, or pass --cache DIR";
        default:
            return "check the cache folder, or pass --cache DIR";
    }
}

Error failure(const std::filesystem::path& where, const char* step, int err) {
    return Error{where.string(), fmt::format("cannot {} ({})", step, std::strerror(err)), advice(err)};
}

}  // namespace

Result<void> write_atomic(const std::filesystem::path& file, std::string_view bytes) {
    thread_local std::mt19937_64 rng{std::random_device{}()};
    std::filesystem::path dir = file.parent_path();
    if (dir.empty()) dir = ".";
    std::filesystem::path temp = file;
    temp += fmt::format(".{:016x}{}", rng(), temp_suffix);

    Fd fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
    if (fd.get() < 0) return failure(file, "create a file", errno);
    const char* p = bytes.data();
    size_t left = bytes.size();
    while (left > 0) {
        ssize_t n = ::write(fd.get(), p, left);
        if (n < 0) {
            if (errno == EINTR) continue;
            int err = errno;
            ::unlink(temp.c_str());
            return failure(file, "write", err);
        }
        p += n;
        left -= static_cast<size_t>(n);
    }
    if (::fsync(fd.get()) != 0) {
        int err = errno;
        ::unlink(temp.c_str());
        return failure(file, "write to disk (fsync)", err);
    }
    if (::close(fd.release()) != 0) {
        int err = errno;
        ::unlink(temp.c_str());
        return failure(file, "write", err);
    }
    if (::rename(temp.c_str(), file.c_str()) != 0) {
        int err = errno;
        ::unlink(temp.c_str());
        return failure(file, "replace the file", err);
    }
    // The rename itself is durable only once the folder is synced.
    Fd dir_fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dir_fd.get() >= 0) ::fsync(dir_fd.get());
    return {};
}

}  // namespace placard::store
