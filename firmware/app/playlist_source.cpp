#include "app/playlist_source.hpp"

#include <fstream>
#include <random>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "config/load.hpp"
#include "net/http_client.hpp"
#include "net/retry.hpp"
#include "store/atomic_file.hpp"
#include "util/duration.hpp"
#include "util/hash.hpp"
#include "util/log.hpp"

namespace placard::app {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// A playlist is a few kilobytes; this is generous and still stops a runaway answer.
constexpr size_t playlist_cap = size_t{4} << 20;

fs::path last_good_file(const fs::path& cache) { return cache / "playlist" / "last-good.json"; }

std::optional<std::string> read_text(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream out;
    out << in.rdbuf();
    if (in.bad()) return std::nullopt;
    return std::move(out).str();
}

std::optional<fs::file_time_type> modified(const fs::path& file) {
    std::error_code ec;
    auto t = fs::last_write_time(file, ec);
    if (ec) return std::nullopt;
    return t;
}

class FileSource final : public PlaylistSource {
public:
    FileSource(const fs::path& file, fs::path cache, std::chrono::milliseconds every)
        : file_(file), name_(file.string()), cache_(std::move(cache)), every_(every), mtime_(modified(file)),
          next_(std::chrono::steady_clock::now() + every) {}

    const std::string& name() const override { return name_; }
    std::string status() const override { return {}; }
    void refresh_now() override {
        mtime_.reset();
        next_ = std::chrono::steady_clock::now();
    }

    std::optional<config::LoadResult> poll() override {
        auto now = std::chrono::steady_clock::now();
        if (now < next_) return std::nullopt;
        next_ = now + every_;
        auto mtime = modified(file_);
        if (!mtime || mtime == mtime_) return std::nullopt;
        mtime_ = mtime;
        auto text = read_text(file_);
        if (!text) return config::load_playlist_file(file_);  // its problem says the file cannot be read
        auto loaded = config::load_playlist(*text, file_);
        if (loaded.playlist) remember_good(cache_, fs::absolute(file_).string(), *text);
        return loaded;
    }

private:
    fs::path file_;
    std::string name_;
    fs::path cache_;
    std::chrono::milliseconds every_;
    std::optional<fs::file_time_type> mtime_;
    std::chrono::steady_clock::time_point next_;
};

net::Request playlist_request(const std::string& url) {
    net::Request r;
    r.url = url;
    r.max_body_bytes = playlist_cap;
    r.total_timeout = 30s;
    return r;
}

class WebSource final : public PlaylistSource {
public:
    WebSource(std::string url, fs::path cache, WebPlaylistOptions options)
        : url_(std::move(url)), cache_(std::move(cache)), options_(options), have_good_(options.have_good) {
        if (!options_.clock) options_.clock = &system_clock_;
        next_ = options_.clock->now();
    }

    const std::string& name() const override { return url_; }

    std::string status() const override {
        if (have_good_) return {};
        if (options_.offline) return fmt::format("Offline, and no playlist from {} is cached", url_);
        if (error_) return fmt::format("Waiting for the playlist from {} ({})", url_, error_->what);
        return fmt::format("Fetching the playlist from {}", url_);
    }

    void refresh_now() override {
        if (in_flight_) return;
        next_ = options_.clock->now();
        body_sha_.clear();  // the same text again is loaded again
    }

    std::optional<config::LoadResult> poll() override {
        if (options_.offline) return std::nullopt;
        if (!in_flight_ && options_.clock->now() >= next_) begin();
        if (in_flight_) client_.poll(0ms);
        return std::exchange(ready_, std::nullopt);
    }

private:
    void begin() {
        net::Request r = playlist_request(url_);
        r.etag = etag_;
        r.last_modified = last_modified_;
        in_flight_ = true;
        client_.start(std::move(r), [this](net::Outcome o) { finished(std::move(o)); });
    }

    void finished(net::Outcome outcome) {
        in_flight_ = false;
        if (!outcome.response) return failed(outcome.response.error(), outcome.retry_after);
        net::Response& r = *outcome.response;
        backoff_ = 0s;
        if (error_) {
            log::notice("config", "{}: the playlist can be fetched again", url_);
            log::clear_once("playlist|" + url_);
            error_.reset();
        }
        const auto wait = net::wait_after_success(options_.refresh, r.max_age);
        next_ = options_.clock->now() + wait + net::jitter(wait, rng_);
        if (r.not_modified()) return;
        std::string sha = sha256_hex(r.body);
        if (sha == body_sha_) return;  // the same text again: nothing new to load or to report
        body_sha_ = sha;
        etag_ = r.etag;
        last_modified_ = r.last_modified;
        auto loaded = config::load_playlist(r.body, url_);
        if (loaded.playlist) {
            remember_good(cache_, url_, r.body);
            have_good_ = true;
        }
        ready_ = std::move(loaded);
    }

    void failed(const Error& error, std::optional<std::chrono::seconds> retry_after) {
        backoff_ = net::next_backoff(backoff_, retry_after, options_.refresh);
        next_ = options_.clock->now() + backoff_ + net::jitter(backoff_, rng_);
        const bool same = error_ && error_->to_string() == error.to_string();
        error_ = error;
        if (same) return;
        log::clear_once("playlist|" + url_);
        log::write_once(log::Level::warning, "config", "playlist|" + url_,
                        fmt::format("{}: cannot fetch the playlist ({}); {}, retrying in {}", url_, error.what,
                                    have_good_ ? "the last good one plays on" : "nothing to play yet",
                                    format_duration(backoff_)));
    }

    std::string url_;
    fs::path cache_;
    WebPlaylistOptions options_;
    SystemClock system_clock_;
    net::HttpClient client_;
    std::mt19937 rng_{std::random_device{}()};
    bool have_good_ = false;
    bool in_flight_ = false;
    std::chrono::system_clock::time_point next_;
    std::chrono::seconds backoff_{0};
    std::string etag_, last_modified_, body_sha_;
    std::optional<Error> error_;
    std::optional<config::LoadResult> ready_;
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
    return config::load_playlist(j["text"].get<std::string>(), name).playlist;
}

config::LoadResult fetch_playlist(const std::string& url, std::chrono::seconds timeout) {
    net::HttpClient client;
    std::optional<net::Outcome> outcome;
    net::Request r = playlist_request(url);
    r.total_timeout = timeout;
    client.start(std::move(r), [&](net::Outcome o) { outcome.emplace(std::move(o)); });
    const auto give_up = std::chrono::steady_clock::now() + timeout + 5s;
    while (!outcome && std::chrono::steady_clock::now() < give_up) client.poll(200ms);
    if (!outcome || !outcome->response) {
        std::string why = outcome ? outcome->response.error().what : "no answer";
        config::LoadResult failed;
        failed.problems.push_back(config::Problem{
            url, 0, 0, "", fmt::format("cannot fetch the playlist ({}): check the address, and that the display is online", why)});
        return failed;
    }
    return config::load_playlist(outcome->response->body, url);
}

}  // namespace placard::app
