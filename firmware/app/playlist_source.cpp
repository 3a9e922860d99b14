#include "app/playlist_source.hpp"

#include <linux/magic.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "config/load.hpp"
#include "content/worker.hpp"
#include "kinds/kinds.hpp"
#include "net/http_client.hpp"
#include "store/atomic_file.hpp"
#include "util/duration.hpp"
#include "util/log.hpp"
#include "util/unique_fd.hpp"

namespace placard::app {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

fs::path last_good_file(const fs::path& cache) {
    return cache / "playlist" / "last-good.json";
}

std::optional<std::string> read_text(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream out;
    out << in.rdbuf();
    if (in.bad()) return std::nullopt;
    return std::move(out).str();
}

// What tells one version of a file from the next: its modification time alone does not
// when two saves fall in the same tick of the kernel's coarse clock (4 ms).
struct Version {
    dev_t device;
    ino_t inode;
    off_t size;
    timespec modified;
    bool operator==(const Version& o) const {
        return device == o.device && inode == o.inode && size == o.size && modified.tv_sec == o.modified.tv_sec &&
               modified.tv_nsec == o.modified.tv_nsec;
    }
};

std::optional<Version> version_of(const fs::path& file) {
    struct stat st {};
    if (stat(file.c_str(), &st) != 0) return std::nullopt;
    return Version{st.st_dev, st.st_ino, st.st_size, st.st_mtim};
}

// The file systems whose files other machines change without telling inotify.
bool on_network_file_system(const fs::path& folder) {
    struct statfs s {};
    if (statfs(folder.c_str(), &s) != 0) return false;
    switch (static_cast<std::uint32_t>(s.f_type)) {
        case NFS_SUPER_MAGIC:
        case SMB_SUPER_MAGIC:
        case CIFS_SUPER_MAGIC:
        case SMB2_SUPER_MAGIC:
        case FUSE_SUPER_MAGIC:
        case V9FS_MAGIC:
        case CEPH_SUPER_MAGIC:
            return true;
        default:
            return false;
    }
}

class FileSource final : public PlaylistSource {
public:
    FileSource(const fs::path& file, fs::path cache, std::chrono::milliseconds every)
        : file_(file),
          name_(file.string()),
          cache_(std::move(cache)),
          every_(every),
          version_(version_of(file)),
          next_(std::chrono::steady_clock::now() + every) {
        watch();
    }
    FileSource(const FileSource&) = delete;
    FileSource& operator=(const FileSource&) = delete;

    const std::string& name() const override { return name_; }
    std::string status() const override { return {}; }
    void refresh_now() override {
        version_.reset();
        look_now_ = true;
    }
    int watch_fd() const override { return inotify_.get(); }
    std::optional<std::chrono::steady_clock::time_point> next_poll() const override {
        if (look_now_) return std::chrono::steady_clock::now();
        if (inotify_) return settle_;
        return next_;
    }

    std::optional<config::LoadResult> poll() override {
        bool look = std::exchange(look_now_, false);
        if (inotify_) {
            look = changed() || look;
        } else if (auto now = std::chrono::steady_clock::now(); now >= next_) {
            next_ = now + every_;
            look = true;
        }
        if (!look) return std::nullopt;
        auto version = version_of(file_);
        if (!version || version == version_) return std::nullopt;
        version_ = version;
        auto text = read_text(file_);
        if (!text) return kinds::load_playlist_file(file_);  // its problem says the file cannot be read
        auto loaded = kinds::load_playlist(*text, file_);
        if (loaded.playlist) remember_good(cache_, fs::absolute(file_).string(), *text);
        return loaded;
    }

private:
    // Watches the file, for a save in place or a touch, and its folder, for a new file
    // renamed over it (as editors save) or a link made anew; a symbolic link's target is
    // watched, and its folder too. The folders are watched for those two events alone, so
    // that files written beside the playlist (a log, a cache) do not wake the loop.
    void watch() {
        std::error_code ec;
        const fs::path absolute = fs::absolute(file_, ec);
        std::vector<fs::path> files{absolute};
        if (fs::path target = fs::canonical(absolute, ec); !ec && target != absolute) files.push_back(target);
        const std::string every = format_duration(std::chrono::duration_cast<std::chrono::seconds>(every_));
        for (const fs::path& f : files) {
            if (on_network_file_system(f.parent_path())) {
                log::info("config", "{}: on a network file system: looked at every {}", name_, every);
                return;
            }
        }
        inotify_.reset(inotify_init1(IN_NONBLOCK | IN_CLOEXEC));
        if (!inotify_) return;
        for (const fs::path& f : files) {
            if (!watch_folder(f)) {
                log::info("config", "{}: cannot watch its folder ({}): looked at every {}", name_, std::strerror(errno),
                          every);
                stop_watching();
                return;
            }
        }
        watch_file();
    }

    bool watch_folder(const fs::path& file) {
        const int folder = inotify_add_watch(inotify_.get(), file.parent_path().c_str(), IN_MOVED_TO | IN_CREATE);
        if (folder < 0) return false;
        folders_.push_back(folder);
        names_.push_back(file.filename().string());
        return true;
    }

    // The file's inode, again after it was replaced. Absent (not made yet): its folder's
    // IN_CREATE tells when to try again.
    void watch_file() {
        const int before = file_watch_;
        file_watch_ = inotify_add_watch(inotify_.get(), file_.c_str(), IN_CLOSE_WRITE | IN_ATTRIB);
        // A link made anew may point into another folder.
        std::error_code ec;
        if (fs::path target = fs::canonical(file_, ec);
            !ec && fs::is_symlink(file_, ec) &&
            std::find(names_.begin(), names_.end(), target.filename().string()) == names_.end())
            watch_folder(target);
        // The old inode may live on under another name (an editor's backup): not ours now.
        if (before >= 0 && before != file_watch_) inotify_rm_watch(inotify_.get(), before);
    }

    void stop_watching() {
        inotify_.reset();
        next_ = std::chrono::steady_clock::now();
    }

    // Reads what inotify has: whether any of it is about the playlist.
    bool changed() {
        alignas(inotify_event) char buffer[4096];
        bool ours = false, replaced = false;
        ssize_t n;
        while ((n = read(inotify_.get(), buffer, sizeof(buffer))) > 0) {
            for (ssize_t at = 0; at < n;) {
                const auto* e = reinterpret_cast<const inotify_event*>(buffer + at);
                at += static_cast<ssize_t>(sizeof(inotify_event) + e->len);
                const bool folder = std::find(folders_.begin(), folders_.end(), e->wd) != folders_.end();
                if (e->mask & IN_Q_OVERFLOW) {
                    ours = replaced = true;  // events were lost
                } else if (e->mask & IN_IGNORED) {
                    if (!folder) continue;  // the file's old inode is gone
                    // The folder is gone or unmounted: back to looking now and then.
                    stop_watching();
                    return true;
                } else if (!folder) {
                    ours = ours || e->wd == file_watch_;
                } else if (e->len && std::find(names_.begin(), names_.end(), e->name) != names_.end()) {
                    replaced = true;
                    std::error_code ec;
                    // A file is created empty, then written: looked at once its writer
                    // closed it (IN_CLOSE_WRITE on the new watch), or a second later. A
                    // link and a file renamed into place are whole.
                    if ((e->mask & IN_CREATE) && !fs::is_symlink(file_, ec))
                        settle_ = std::chrono::steady_clock::now() + 1s;
                    else
                        ours = true;
                }
            }
        }
        if (replaced) watch_file();
        if (settle_ && std::chrono::steady_clock::now() >= *settle_) {
            settle_.reset();
            ours = true;
        }
        return ours;
    }

    fs::path file_;
    std::string name_;
    fs::path cache_;
    std::chrono::milliseconds every_;
    std::optional<Version> version_;
    std::chrono::steady_clock::time_point next_;  // without inotify: the next look
    UniqueFd inotify_;
    std::vector<int> folders_;        // watches of the folders
    std::vector<std::string> names_;  // in them: the file, and a link's target
    int file_watch_ = -1;
    std::optional<std::chrono::steady_clock::time_point> settle_;  // a file made anew is looked at then
    bool look_now_ = false;
};

// The worker fetches it (content::Worker::watch_playlist); this side takes what it hands
// over, woken by it, and never polls at a fixed rate.
class WebSource final : public PlaylistSource {
public:
    WebSource(std::string url, fs::path cache, WebPlaylistOptions options)
        : url_(std::move(url)), cache_(std::move(cache)), options_(options), have_good_(options.have_good) {
        if (!options_.offline) options_.worker->watch_playlist({url_, options_.refresh, have_good_, kinds::all()});
    }

    const std::string& name() const override { return url_; }

    std::string status() const override {
        if (have_good_) return {};
        if (options_.offline) return fmt::format("Offline, and no playlist from {} is cached", url_);
        if (error_) return fmt::format("Waiting for the playlist from {} ({})", url_, error_->what);
        return fmt::format("Fetching the playlist from {}", url_);
    }

    void refresh_now() override {
        if (!options_.offline) options_.worker->refresh_playlist();
    }

    // Nothing to look at until the worker wakes the loop.
    std::optional<std::chrono::steady_clock::time_point> next_poll() const override { return std::nullopt; }

    std::optional<config::LoadResult> poll() override {
        if (options_.offline) return std::nullopt;
        auto news = options_.worker->take_playlist();
        if (!news) return std::nullopt;
        error_ = std::move(news->error);
        if (news->loaded && news->loaded->playlist) {
            remember_good(cache_, url_, news->text);
            have_good_ = true;
        }
        return std::move(news->loaded);
    }

private:
    std::string url_;
    fs::path cache_;
    WebPlaylistOptions options_;
    bool have_good_ = false;
    std::optional<Error> error_;
};

}  // namespace

std::unique_ptr<PlaylistSource> watch_file(const fs::path& file, const fs::path& cache,
                                           std::chrono::milliseconds every) {
    return std::make_unique<FileSource>(file, cache, every);
}

std::unique_ptr<PlaylistSource> watch_web(const std::string& url, const fs::path& cache, WebPlaylistOptions options) {
    return std::make_unique<WebSource>(url, cache, options);
}

void remember_good(const fs::path& cache, const std::string& name, std::string_view text) {
    std::error_code ec;
    fs::create_directories(last_good_file(cache).parent_path(), ec);
    nlohmann::json j{{"file", name}, {"text", text}};
    if (auto w = store::write_atomic(last_good_file(cache), j.dump()); !w)
        log::write_once(log::Level::warning, "store", "last-good", w.error().to_string());
}

std::optional<config::Playlist> recall_good(const fs::path& cache, const std::string& name) {
    auto text = read_text(last_good_file(cache));
    if (!text) return std::nullopt;
    auto j = nlohmann::json::parse(*text, nullptr, false);
    if (!j.is_object() || !j.contains("file") || !j.contains("text") || !j["file"].is_string() ||
        !j["text"].is_string() || j["file"].get<std::string>() != name)
        return std::nullopt;
    return kinds::load_playlist(j["text"].get<std::string>(), name).playlist;
}

config::LoadResult fetch_playlist(const std::string& url, std::chrono::seconds timeout) {
    net::HttpClient client;
    std::optional<net::Outcome> outcome;
    net::Request r;
    r.url = url;
    r.max_body_bytes = content::playlist_cap;
    r.total_timeout = timeout;
    client.start(std::move(r), [&](net::Outcome o) { outcome.emplace(std::move(o)); });
    const auto give_up = std::chrono::steady_clock::now() + timeout + 5s;
    while (!outcome && std::chrono::steady_clock::now() < give_up) client.poll(200ms);
    if (!outcome || !outcome->response) {
        std::string why = outcome ? outcome->response.error().what : "no answer";
        config::LoadResult failed;
        failed.problems.push_back(config::Problem{
            url, 0, 0, "",
            fmt::format("cannot fetch the playlist ({}): check the address, and that the display is online", why)});
        return failed;
    }
    return kinds::load_playlist(outcome->response->body, url);
}

}  // namespace placard::app
