#pragma once
// HTTP(S) GET on libcurl's multi interface, driven by one thread (the content worker):
// start() transfers, then call poll() in a loop; callbacks run inside poll(). Only
// wakeup() may be called from another thread. Polite and defensive by default: timeouts,
// a body cap, gzip, at most 5 redirects and only to http/https, TLS always verified.
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "net/curl_handles.hpp"
#include "util/result.hpp"

namespace placard::net {

struct Request {
    std::string url;
    std::vector<std::string> headers;  // extra request headers, "Name: value"
    std::string etag;                  // from the previous response: sent as If-None-Match
    std::string last_modified;         // from the previous response: sent as If-Modified-Since
    std::chrono::milliseconds connect_timeout{std::chrono::seconds(10)};
    std::chrono::milliseconds total_timeout{std::chrono::seconds(60)};
    // A transfer slower than this many bytes a second for low_speed_time is aborted.
    long low_speed_bytes_per_second = 10;
    std::chrono::seconds low_speed_time{20};
    size_t max_body_bytes = size_t{16} << 20;
    // A download (a clip): the body goes to this file, not to Response::body, and is not
    // asked for compressed. When the file holds bytes already they are resumed from
    // (Range), provided the resource is still the one `if_range` (its ETag or
    // Last-Modified, from the outcome that cut it) names; otherwise the server sends it
    // whole and the file starts again. max_body_bytes caps the whole file.
    std::filesystem::path to_file;
    std::string if_range;
};

struct Response {
    long status = 0;            // 2xx, or 304 when the conditional request matched
    std::string body;           // decoded (gzip already undone); empty on 304
    std::string effective_url;  // after redirects
    std::string etag;
    std::string last_modified;
    std::string content_type;
    // Cache-Control: max-age: the server asks not to be asked again sooner (also on 304).
    std::optional<std::chrono::seconds> max_age;
    // X-WP-TotalPages, as sent: how many pages a list of WordPress's REST API has.
    std::string wp_total_pages;
    // A download's: the bytes now in Request::to_file, and whether the server sent only
    // what was missing (206).
    size_t file_bytes = 0;
    bool resumed = false;
    bool not_modified() const { return status == 304; }
};

// The max-age of a Cache-Control header value ("public, max-age=600"), if it has one.
std::optional<std::chrono::seconds> parse_max_age(std::string_view cache_control);

struct Outcome {
    Result<Response> response;  // an error for non-2xx (except 304) and every transport failure
    // From a 429 or 503's Retry-After (seconds, or an HTTP date turned into seconds from now).
    std::optional<std::chrono::seconds> retry_after;
    // A download that failed with bytes in its file: what a resume sends as If-Range (the
    // ETag, else the Last-Modified of the response that was cut), and how many bytes.
    std::string resume_validator;
    size_t file_bytes = 0;
    bool over_cap = false;  // the body was larger than max_body_bytes
};

using Callback = std::function<void(Outcome)>;

class HttpClient {
public:
    HttpClient();
    ~HttpClient();  // drops transfers still running, without calling their callbacks
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    // Queues a GET. The callback runs later, inside poll(), exactly once (unless the
    // client is destroyed first). A URL curl refuses at once is reported the same way.
    void start(Request request, Callback callback);
    // Waits up to `timeout` for network activity or wakeup(), moves the transfers on and
    // runs the callbacks of those that finished. Also a plain sleep when nothing runs.
    void poll(std::chrono::milliseconds timeout);
    // Makes a poll() that is waiting return now. Thread-safe; the only such member.
    void wakeup();
    size_t active() const { return transfers_.size(); }

private:
    struct Transfer;
    void finish(CURL* easy, CURLcode code);

    CurlGlobal global_;
    Multi multi_;
    std::map<CURL*, std::unique_ptr<Transfer>> transfers_;
    std::vector<std::pair<Callback, Outcome>> finished_;
};

}  // namespace placard::net
