#include "content/clip_downloads.hpp"

#include <algorithm>
#include <cstdint>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "config/load.hpp"
#include "content/worker.hpp"
#include "util/duration.hpp"
#include "util/log.hpp"

namespace placard::content {

namespace {

namespace fs = std::filesystem;

constexpr std::size_t max_downloads = 2;
// A clip is large: the whole of it may take a while on a hall's connection. A server that
// stops sending is cut by the low-speed limit, and the next try resumes.
constexpr std::chrono::hours download_time{3};

// ".mp4" for "https://example.org/trailer.mp4?v=2"; none when the address names no clip file
// (mpv reads what it is from its bytes).
std::string extension_of(const std::string& url) {
    std::string path = url.substr(0, url.find_first_of("?#"));
    path = path.substr(path.rfind('/') + 1);
    if (!config::is_clip_name(path)) return {};
    std::string ext = path.substr(path.rfind('.'));
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext;
}

std::string megabytes(std::uintmax_t bytes) {
    return fmt::format("{:.1f} MB", static_cast<double>(bytes) / 1e6);
}

}  // namespace

fs::path ClipDownloads::file_of(const std::string& url) const {
    return context_.cache->store()->path_for("clip", url, extension_of(url));
}

fs::path ClipDownloads::part_of(const fs::path& file) {
    fs::path part = file;
    part += ".part";
    return part;
}

void ClipDownloads::update() {
    stale_ = false;
    auto wanted = context_.cache->store() ? context_.wanted() : std::set<std::string>{};
    for (auto it = downloads_.begin(); it != downloads_.end();)
        it = wanted.count(it->first) ? std::next(it) : downloads_.erase(it);
    for (const auto& url : wanted) {
        auto [it, added] = downloads_.try_emplace(url, url);
        if (!added) continue;
        // What an earlier run left: the clip whole, or a part and what resumes it.
        Download& d = it->second;
        std::error_code ec;
        d.whole = fs::is_regular_file(file_of(url), ec);
        if (auto meta = context_.cache->store()->get("clip-meta", url)) {
            try {
                const auto j = nlohmann::json::parse(*meta);
                if (d.whole) d.polite.remember(net::Validators{j.value("etag", ""), j.value("last_modified", ""), ""});
                d.part_validator = j.value("part_validator", "");
            } catch (const nlohmann::json::exception&) {
                // A meta file that cannot be read: the clip is asked for whole.
            }
        }
        if (d.whole) {
            // Looked at again after a while, not at every start.
            d.polite.ask_at(context_.now() + d.polite.refresh() / 6);
            changed_ = true;
        }
    }
}

void ClipDownloads::adopt_all_cached() {
    update();
}

void ClipDownloads::save_meta(const std::string& url, const Download& d) const {
    nlohmann::json j{{"etag", d.polite.validators().etag},
                     {"last_modified", d.polite.validators().last_modified},
                     {"part_validator", d.part_validator}};
    context_.cache->put("clip-meta", url, j.dump());
}

void ClipDownloads::process() {
    if (stale_) update();
    if (context_.options->offline) {
        for (auto& [url, d] : downloads_)
            if (!d.whole && d.error.empty()) {
                d.error = url + ": offline, and not downloaded before";
                changed_ = true;
            }
        return;
    }
    std::size_t running = 0;
    for (const auto& [url, d] : downloads_) running += d.polite.in_flight();
    const TimePoint now = context_.now();
    for (auto& [url, d] : downloads_) {
        if (running >= max_downloads) break;
        if (!d.polite.due(now)) continue;
        start(url, d);
        ++running;
    }
}

void ClipDownloads::start(const std::string& url, Download& d) {
    net::Request request = context_.request_for(url);
    request.total_timeout = std::max<std::chrono::milliseconds>(request.total_timeout, download_time);
    request.max_body_bytes = clip_cap;
    const fs::path file = file_of(url);
    request.to_file = part_of(file);
    std::error_code ec;
    if (fs::file_size(request.to_file, ec) > 0 && !ec) request.if_range = d.part_validator;
    // Conditional only with the clip whole in the cache: else the whole clip is wanted.
    d.polite.prepare(request, d.whole);
    if (d.part_validator.empty() || request.if_range.empty())
        log::info("content", "{}: downloading the clip", url);
    else
        log::info("content", "{}: resuming the clip's download at {}", url,
                  megabytes(fs::file_size(request.to_file, ec)));
    context_.client->start(std::move(request), [this, url](net::Outcome o) { on_done(url, std::move(o)); });
}

void ClipDownloads::on_done(const std::string& url, net::Outcome outcome) {
    auto it = downloads_.find(url);
    if (it == downloads_.end()) return;  // no longer in the playlist
    Download& d = it->second;
    const fs::path file = file_of(url);
    const TimePoint now = context_.now();
    if (outcome.response) {
        const net::Response& r = *outcome.response;
        if (!r.not_modified()) {
            std::error_code ec;
            fs::rename(part_of(file), file, ec);
            if (ec) {
                outcome.response = Error{url, fmt::format("cannot keep the clip in the cache ({})", ec.message()),
                                         "check that placard may write its cache folder"};
            } else {
                d.polite.remember(net::validators_of(r));
                log::notice("content", "{}: clip downloaded ({}{})", url, megabytes(r.file_bytes),
                            r.resumed ? ", resumed" : "");
            }
        }
        if (outcome.response) {
            d.whole = true;
            d.part_validator.clear();
            d.error.clear();
            save_meta(url, d);
            if (d.polite.on_success(now, r.max_age)) log::notice("content", "{}: the clip's site answers again", url);
            changed_ = true;
            return;
        }
    }
    const Error error = outcome.response.error();
    std::error_code ec;
    const auto part_bytes = fs::file_size(part_of(file), ec);
    const bool have_part = !ec && part_bytes > 0;
    if (outcome.over_cap) {
        fs::remove(part_of(file), ec);  // a clip over the cap is never resumed
        d.part_validator.clear();
    } else if (outcome.file_bytes > 0) {
        d.part_validator = outcome.resume_validator;
    } else if (!have_part) {
        d.part_validator.clear();
    }
    save_meta(url, d);
    if (!d.whole) {
        d.error = error.to_string();
        changed_ = true;
    }
    if (d.polite.on_failure(error, outcome.retry_after, now)) {
        std::string kept = d.whole ? "the clip downloaded before plays meanwhile" : "its slide is left out until then";
        if (!d.part_validator.empty() && have_part)
            kept += fmt::format(" ({} of it is here: the download resumes from there)", megabytes(part_bytes));
        d.polite.warn_once("content", fmt::format("{}: {}; trying again in {}, {}{}", url, error.what,
                                                  format_duration(d.polite.backoff()), kept,
                                                  error.hint.empty() ? "" : "; " + error.hint));
    }
}

ClipDownloads::TimePoint ClipDownloads::next_due() const {
    TimePoint next = TimePoint::max();
    if (context_.options->offline) return next;
    for (const auto& [url, d] : downloads_)
        if (!d.polite.in_flight()) next = std::min(next, d.polite.next());
    return next;
}

void ClipDownloads::files_in_use(std::set<fs::path>& keep) const {
    if (!context_.cache->store()) return;
    for (const auto& [url, d] : downloads_) {
        const fs::path file = file_of(url);
        keep.insert(file);
        keep.insert(part_of(file));
        keep.insert(context_.cache->store()->path_for("clip-meta", url));
    }
}

void ClipDownloads::publish(Snapshot& s) const {
    if (!context_.cache->store()) return;
    for (const auto& [url, d] : downloads_) {
        if (d.whole)
            s.clips.emplace(url, file_of(url).string());
        else if (!d.error.empty())
            s.clip_errors.emplace(url, d.error);
    }
}

}  // namespace placard::content
