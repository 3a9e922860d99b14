#include "broker/pictures.hpp"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

#include "net/http_client.hpp"
#include "util/hash.hpp"

namespace placard::broker {
namespace fs = std::filesystem;

namespace {
// A picture is kept while a cue may show it: no cue lasts longer than a week (cues::longest_cue).
constexpr auto kept_unused = std::chrono::hours(24 * 8);
}  // namespace

Pictures::Pictures(Options options, Callback done) : options_(std::move(options)), done_(std::move(done)) {
    thread_ = std::thread([this] { run(); });
}

Pictures::~Pictures() {
    stop();
}

void Pictures::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        queue_.clear();
        if (cut_short_) cut_short_();
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

fs::path Pictures::file_for(const cues::Picture& picture) const {
    return options_.folder / fmt::format("{}-{}", picture.sha256, options_.preparer->variant());
}

std::optional<fs::path> Pictures::kept(const cues::Picture& picture) const {
    std::error_code ec;
    fs::path file = file_for(picture);
    if (!fs::is_regular_file(file, ec)) return std::nullopt;
    fs::last_write_time(file, fs::file_time_type::clock::now(), ec);
    return file;
}

void Pictures::fetch(std::string topic, cues::Cue cue, bool post) {
    {
        std::lock_guard lock(mutex_);
        if (stopping_) return;
        queue_.push_back(Done{std::move(topic), std::move(cue), fs::path(), post});
    }
    wake_.notify_all();
}

void Pictures::run() {
    for (;;) {
        Done job;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (stopping_) return;
            job = std::move(queue_.front());
            queue_.pop_front();
        }
        job.file = get(*job.cue.picture, job.retry);
        {
            std::lock_guard lock(mutex_);
            if (stopping_) return;
        }
        done_(std::move(job));
    }
}

Result<fs::path> Pictures::get(const cues::Picture& picture, bool& retry) {
    retry = false;
    if (auto file = kept(picture)) return *file;  // fetched for a cue before this one
    net::HttpClient client;
    {
        std::lock_guard lock(mutex_);
        if (stopping_) return Error{picture.url, "not fetched: placard is stopping", ""};
        cut_short_ = [&client] { client.wakeup(); };
    }
    net::Request request;
    request.url = picture.url;
    request.total_timeout = options_.timeout;
    request.max_body_bytes = options_.max_bytes;
    std::optional<net::Outcome> outcome;
    client.start(std::move(request), [&outcome](net::Outcome o) { outcome = std::move(o); });
    for (;;) {
        {
            std::lock_guard lock(mutex_);
            if (stopping_ || outcome) {
                cut_short_ = nullptr;
                break;
            }
        }
        client.poll(std::chrono::milliseconds(500));
    }
    if (!outcome) return Error{picture.url, "not fetched: placard is stopping", ""};
    if (!outcome->response) {
        Error e = outcome->response.error();
        if (e.where.empty()) e.where = picture.url;
        retry = !outcome->over_cap;
        return e;
    }
    const std::string& bytes = outcome->response->body;
    const std::string sha = sha256_hex(bytes);
    if (sha != picture.sha256)
        return Error{picture.url,
                     fmt::format("is not the picture the cue was signed with (its SHA-256 is {}…, the cue's {}…)",
                                 sha.substr(0, 12), picture.sha256.substr(0, 12)),
                     "if the picture was changed on purpose, send the cue again with placard cue --picture"};
    std::error_code ec;
    fs::create_directories(options_.folder, ec);
    if (ec) {
        retry = true;
        return Error{options_.folder.string(), fmt::format("cannot be made ({})", ec.message()),
                     "check the state folder's owner and free space"};
    }
    const fs::path file = file_for(picture);
    auto prepared = options_.preparer->prepare(bytes, picture.url, file.string());
    if (!prepared) return prepared.error();
    remove_unused();
    return file;
}

// Those of cues long gone.
void Pictures::remove_unused() const {
    std::error_code ec;
    const auto before = fs::file_time_type::clock::now() - kept_unused;
    for (const auto& entry : fs::directory_iterator(options_.folder, ec))
        if (entry.is_regular_file(ec) && entry.last_write_time(ec) < before) fs::remove(entry.path(), ec);
}

}  // namespace placard::broker
