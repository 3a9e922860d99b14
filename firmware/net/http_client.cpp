#include "net/http_client.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <string_view>

#include <fmt/format.h>

#include "util/version.hpp"

namespace placard::net {
namespace {

// Hints say what the organizer can do. Whether and when the request is tried again is
// the caller's to say: the worker retries a feed, a failed picture waits for new content.
const std::string site_hint = "the site has a problem of its own; tell whoever runs it if this lasts";
const std::string network_hint = "check the network and the URL";

std::string seconds_words(std::chrono::milliseconds d) {
    if (d.count() % 1000 == 0) return fmt::format("{} s", d.count() / 1000);
    return fmt::format("{:.1f} s", static_cast<double>(d.count()) / 1000.0);
}

std::string size_words(size_t bytes) {
    if (bytes >= (size_t{1} << 20) && bytes % (size_t{1} << 20) == 0) return fmt::format("{} MB", bytes >> 20);
    if (bytes >= 1024 && bytes % 1024 == 0) return fmt::format("{} kB", bytes >> 10);
    return fmt::format("{} bytes", bytes);
}

std::string scheme_of(const std::string& url) {
    auto colon = url.find(':');
    if (colon == std::string::npos) return url;
    return url.substr(0, colon);
}

// The host part of a URL, or the URL itself when curl cannot parse it.
std::string host_of(const char* url) {
    Url u(curl_url());
    char* host = nullptr;
    if (!u || curl_url_set(u.get(), CURLUPART_URL, url, 0) != CURLUE_OK ||
        curl_url_get(u.get(), CURLUPART_HOST, &host, 0) != CURLUE_OK)
        return url;
    std::string out = host;
    curl_free(host);
    return out;
}

std::string header_value(CURL* easy, const char* name) {
    curl_header* h = nullptr;
    if (curl_easy_header(easy, name, 0, CURLH_HEADER, -1, &h) != CURLHE_OK || !h) return {};
    return h->value;
}

std::optional<std::chrono::seconds> parse_retry_after(const std::string& value) {
    if (value.empty()) return std::nullopt;
    if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        if (value.size() > 9) return std::nullopt;
        return std::chrono::seconds(std::stol(value));
    }
    std::time_t when = curl_getdate(value.c_str(), nullptr);
    if (when == -1) return std::nullopt;
    std::time_t now = std::time(nullptr);
    return std::chrono::seconds(when > now ? when - now : 0);
}

}  // namespace

std::optional<std::chrono::seconds> parse_max_age(std::string_view value) {
    // Directives are comma-separated tokens, case-insensitive (RFC 9111 section 5.2).
    size_t at = 0;
    while (at < value.size()) {
        size_t end = value.find(',', at);
        if (end == std::string_view::npos) end = value.size();
        std::string_view d = value.substr(at, end - at);
        while (!d.empty() && (d.front() == ' ' || d.front() == '\t')) d.remove_prefix(1);
        while (!d.empty() && (d.back() == ' ' || d.back() == '\t')) d.remove_suffix(1);
        constexpr std::string_view name = "max-age=";
        if (d.size() > name.size() && std::equal(name.begin(), name.end(), d.begin(), [](char a, char b) {
                return a == std::tolower(static_cast<unsigned char>(b));
            })) {
            std::string_view digits = d.substr(name.size());
            if (!digits.empty() && digits.front() == '"' && digits.back() == '"' && digits.size() >= 2)
                digits = digits.substr(1, digits.size() - 2);
            if (digits.empty() || digits.size() > 9 ||
                !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
                return std::nullopt;
            return std::chrono::seconds(std::stol(std::string(digits)));
        }
        at = end + 1;
    }
    return std::nullopt;
}

namespace {

Error status_error(const std::string& url, long status) {
    std::string hint;
    if (status == 404 || status == 410)
        hint = "check the URL in the playlist";
    else if (status == 401 || status == 403)
        hint = "the server refuses placard: check the URL, or ask its owner to allow it";
    else if (status == 429)
        hint = "the site limits how often it may be asked: give the source a longer refresh";
    else if (status >= 500)
        hint = site_hint;
    else if (status >= 300 && status < 400)
        hint = "the redirect had no usable target: check the URL";
    else
        hint = "check the URL in the playlist";
    return Error{url, fmt::format("the server answered {}", status), hint};
}

}  // namespace

struct HttpClient::Transfer {
    Easy easy;
    HeaderList headers;
    Request request;
    Callback callback;
    std::string body;
    bool too_large = false;
    // A download's: the file, opened at the first byte of a 2xx body (appended to on a
    // 206, started again on a 200); the bytes it held before, and holds now.
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> file{nullptr, &std::fclose};
    size_t had = 0;
    size_t file_bytes = 0;
    int write_errno = 0;
    std::string location;  // the last Location header seen, for a refused redirect's message
    char error_buffer[CURL_ERROR_SIZE] = {};

    static size_t write(char* data, size_t size, size_t count, void* user) {
        auto* self = static_cast<Transfer*>(user);
        size_t n = size * count;
        if (!self->request.to_file.empty()) return self->write_file(data, n);
        // Counted here too: CURLOPT_MAXFILESIZE only knows a Content-Length, and a gzip
        // body grows when decoded.
        if (self->body.size() + n > self->request.max_body_bytes) {
            self->too_large = true;
            return 0;
        }
        self->body.append(data, n);
        return n;
    }

    size_t write_file(const char* data, size_t n) {
        long status = 0;
        curl_easy_getinfo(easy.get(), CURLINFO_RESPONSE_CODE, &status);
        if (status < 200 || status >= 300) return n;  // an error page is not the file
        if (!file) {
            const bool resumed = status == 206 && had > 0;
            file_bytes = resumed ? had : 0;
            errno = 0;
            file.reset(std::fopen(request.to_file.c_str(), resumed ? "ab" : "wb"));
            if (!file) {
                write_errno = errno ? errno : EIO;
                return 0;
            }
        }
        if (file_bytes + n > request.max_body_bytes) {
            too_large = true;
            return 0;
        }
        errno = 0;
        const size_t written = std::fwrite(data, 1, n, file.get());
        file_bytes += written;
        if (written != n) {
            write_errno = errno ? errno : EIO;
            return 0;
        }
        return n;
    }

    // Closes the download's file; false (and write_errno) when what was buffered could not be written.
    bool close_file() {
        if (!file) return true;
        errno = 0;
        const bool ok = std::fflush(file.get()) == 0;
        if (!ok) write_errno = errno ? errno : EIO;
        file.reset();
        return ok;
    }

    static size_t header(char* data, size_t size, size_t count, void* user) {
        auto* self = static_cast<Transfer*>(user);
        size_t n = size * count;
        std::string_view line(data, n);
        constexpr std::string_view name = "location:";
        if (line.size() > name.size() &&
            std::equal(name.begin(), name.end(), line.begin(), [](char a, char b) { return a == std::tolower(b); })) {
            line.remove_prefix(name.size());
            while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
            while (!line.empty() && (line.back() == '\r' || line.back() == '\n' || line.back() == ' '))
                line.remove_suffix(1);
            self->location = std::string(line);
        }
        return n;
    }
};

HttpClient::HttpClient() : multi_(curl_multi_init()) {
    // Out of memory at start: nothing sensible to do but stop here.
    if (!global_.ok() || !multi_) std::abort();
}

HttpClient::~HttpClient() {
    for (auto& [easy, transfer] : transfers_) curl_multi_remove_handle(multi_.get(), easy);
}

void HttpClient::start(Request request, Callback callback) {
    auto t = std::make_unique<Transfer>();
    t->request = std::move(request);
    t->callback = std::move(callback);
    t->easy.reset(curl_easy_init());
    if (!t->easy) {
        finished_.emplace_back(
            std::move(t->callback),
            Outcome{Error{t->request.url, "cannot start a transfer (out of memory)", ""}, {}, {}, 0, false});
        return;
    }
    CURL* e = t->easy.get();
    const Request& r = t->request;
    curl_easy_setopt(e, CURLOPT_URL, r.url.c_str());
    curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_PRIVATE, t.get());
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t->error_buffer);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &Transfer::write);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, t.get());
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, &Transfer::header);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, t.get());
    curl_easy_setopt(e, CURLOPT_USERAGENT, fmt::format("placard/{}", placard::version).c_str());
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(e, CURLOPT_MAXREDIRS, 5L);
    if (r.to_file.empty()) {
        curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
        curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(r.max_body_bytes));
    } else {
        // A download: resumed from the bytes the file holds when the validator says from
        // what. A range, not curl's resume, which gives up when the server sends it whole.
        std::error_code ec;
        const auto size = std::filesystem::file_size(r.to_file, ec);
        if (!ec && size > 0 && !r.if_range.empty()) {
            t->had = static_cast<size_t>(size);
            curl_easy_setopt(e, CURLOPT_RANGE, fmt::format("{}-", t->had).c_str());
        }
    }
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(r.connect_timeout.count()));
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(r.total_timeout.count()));
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, r.low_speed_bytes_per_second);
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, static_cast<long>(r.low_speed_time.count()));

    curl_slist* list = nullptr;
    auto add = [&](const std::string& line) {
        if (curl_slist* next = curl_slist_append(list, line.c_str())) list = next;
    };
    for (const auto& h : r.headers) add(h);
    if (!r.etag.empty()) add("If-None-Match: " + r.etag);
    if (!r.last_modified.empty()) add("If-Modified-Since: " + r.last_modified);
    if (t->had > 0) add("If-Range: " + r.if_range);
    t->headers.reset(list);
    if (list) curl_easy_setopt(e, CURLOPT_HTTPHEADER, list);

    if (curl_multi_add_handle(multi_.get(), e) != CURLM_OK) {
        finished_.emplace_back(std::move(t->callback),
                               Outcome{Error{t->request.url, "cannot start a transfer", ""}, {}, {}, 0, false});
        return;
    }
    transfers_.emplace(e, std::move(t));
}

void HttpClient::poll(std::chrono::milliseconds timeout) {
    if (finished_.empty()) {
        long long ms = std::clamp<long long>(timeout.count(), 0, 24LL * 3600 * 1000);
        curl_multi_poll(multi_.get(), nullptr, 0, static_cast<int>(ms), nullptr);
    }
    int running = 0;
    curl_multi_perform(multi_.get(), &running);
    int left = 0;
    while (CURLMsg* message = curl_multi_info_read(multi_.get(), &left)) {
        if (message->msg == CURLMSG_DONE) finish(message->easy_handle, message->data.result);
    }
    // Callbacks may start new transfers: run them on a list of their own.
    auto done = std::move(finished_);
    finished_.clear();
    for (auto& [callback, outcome] : done) callback(std::move(outcome));
}

void HttpClient::wakeup() {
    curl_multi_wakeup(multi_.get());
}

void HttpClient::finish(CURL* easy, CURLcode code) {
    auto it = transfers_.find(easy);
    if (it == transfers_.end()) return;
    std::unique_ptr<Transfer> t = std::move(it->second);
    transfers_.erase(it);
    curl_multi_remove_handle(multi_.get(), easy);

    const Request& r = t->request;
    const std::string& url = r.url;
    long status = 0;
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
    std::optional<std::chrono::seconds> retry_after;
    if (status == 429 || status == 503) retry_after = parse_retry_after(header_value(easy, "Retry-After"));

    const bool download = !r.to_file.empty();
    const bool written = t->close_file();
    // A download cut short keeps its bytes, and what a resume must name.
    std::string validator;
    if (download && t->file_bytes > 0) {
        validator = header_value(easy, "ETag");
        if (validator.empty() || validator.starts_with("W/")) validator = header_value(easy, "Last-Modified");
    }
    auto fail = [&](std::string what, std::string hint) {
        finished_.emplace_back(std::move(t->callback), Outcome{Error{url, std::move(what), std::move(hint)},
                                                               retry_after, validator, t->file_bytes, t->too_large});
    };

    if (t->write_errno != 0 || !written) {
        const int e = t->write_errno;
        return fail(fmt::format("cannot write {} ({})", r.to_file.string(), std::strerror(e)),
                    e == ENOSPC ? "the disk is full: free space on it, or show a smaller file"
                                : "check that placard may write its cache folder");
    }
    if (download && status == 416 && t->had > 0) {
        // The server will not send from where the file stops: the next try starts afresh.
        std::error_code ec;
        std::filesystem::remove(r.to_file, ec);
        return fail("the server would not resume the download from where it stopped",
                    "it starts again from the beginning at the next try");
    }

    if (code == CURLE_FILESIZE_EXCEEDED) t->too_large = true;
    if (t->too_large) {
        // A gzip bomb is small on the wire: say that the cap is on what it unpacks to.
        const std::string encoding = header_value(easy, "Content-Encoding");
        const bool packed = !encoding.empty() && encoding != "identity";
        return fail(
            fmt::format("the body was larger than {}{}", size_words(r.max_body_bytes), packed ? " once unpacked" : ""),
            download ? "make the file smaller, or put it on the display and name its path"
                     : "check that the URL names a feed or a picture, not a large file");
    }
    switch (code) {
        case CURLE_OK:
            break;
        case CURLE_UNSUPPORTED_PROTOCOL: {
            // Refused while following: the last response's Location names the target.
            const std::string& target = t->location;
            if (!target.empty() && scheme_of(target) != "http" && scheme_of(target) != "https")
                return fail(fmt::format("redirected to {}:// which is not allowed", scheme_of(target)),
                            "only http and https are followed: ask the site for the feed's real URL");
            return fail(fmt::format("{}:// is not allowed", scheme_of(url)), "use an http:// or https:// URL");
        }
        case CURLE_URL_MALFORMAT:
            return fail("is not a valid URL", "check the URL in the playlist");
        case CURLE_COULDNT_RESOLVE_HOST: {
            // After a redirect the name that failed is the target's, not the playlist's.
            char* effective = nullptr;
            curl_easy_getinfo(easy, CURLINFO_EFFECTIVE_URL, &effective);
            return fail(
                fmt::format("the host name {} could not be resolved", host_of(effective ? effective : url.c_str())),
                "check the URL and the network (DNS)");
        }
        case CURLE_COULDNT_CONNECT: {
            long os_errno = 0;
            curl_easy_getinfo(easy, CURLINFO_OS_ERRNO, &os_errno);
            if (os_errno == ECONNREFUSED) return fail("connection refused", network_hint);
            return fail(fmt::format("could not connect ({})",
                                    os_errno ? std::strerror(static_cast<int>(os_errno)) : t->error_buffer),
                        network_hint);
        }
        case CURLE_OPERATION_TIMEDOUT: {
            curl_off_t connected_us = 0;
            curl_easy_getinfo(easy, CURLINFO_CONNECT_TIME_T, &connected_us);
            const bool too_slow = std::strstr(t->error_buffer, "too slow") != nullptr;
            if (connected_us == 0 && r.connect_timeout < r.total_timeout)
                return fail(fmt::format("could not connect within {}", seconds_words(r.connect_timeout)), network_hint);
            // Connected, and not one byte of an answer: the low-speed limit also ends a
            // server that hangs, and "less than 10 bytes a second" would not say what happened.
            if (status == 0 && t->body.empty() && t->file_bytes == t->had)
                return fail(fmt::format("the server accepted the connection but sent nothing for {}",
                                        too_slow ? seconds_words(r.low_speed_time) : seconds_words(r.total_timeout)),
                            "the server is overloaded or stuck; tell whoever runs it if this lasts");
            if (too_slow)
                return fail(fmt::format("the server sent less than {} bytes a second for {} s",
                                        r.low_speed_bytes_per_second, r.low_speed_time.count()),
                            network_hint);
            return fail(fmt::format("timed out after {}", seconds_words(r.total_timeout)),
                        "the server is too slow or does not answer");
        }
        case CURLE_TOO_MANY_REDIRECTS:
            return fail("redirected more than 5 times", "the site redirects in a loop: check the URL");
        case CURLE_PARTIAL_FILE:
            return fail(fmt::format("the connection closed before the whole body arrived ({} received)",
                                    size_words(download ? t->file_bytes : t->body.size())),
                        network_hint);
        case CURLE_GOT_NOTHING:
            return fail("the server closed the connection without answering", network_hint);
        case CURLE_RECV_ERROR:
        case CURLE_SEND_ERROR:
            return fail("the connection was reset", network_hint);
        case CURLE_PEER_FAILED_VERIFICATION:
            return fail(fmt::format("its TLS certificate could not be verified ({})", t->error_buffer),
                        "check the system clock (a Pi without network time starts in the past) and the URL");
        case CURLE_SSL_CONNECT_ERROR:
            return fail(fmt::format("the TLS handshake failed ({})", t->error_buffer), network_hint);
        case CURLE_BAD_CONTENT_ENCODING:
            return fail("the body's compression is broken", site_hint);
        default:
            return fail(t->error_buffer[0] ? t->error_buffer : curl_easy_strerror(code), network_hint);
    }
    if (status != 304 && (status < 200 || status >= 300)) {
        finished_.emplace_back(std::move(t->callback), Outcome{status_error(url, status), retry_after, {}, 0, false});
        return;
    }
    Response response;
    response.status = status;
    response.body = std::move(t->body);
    char* effective = nullptr;
    curl_easy_getinfo(easy, CURLINFO_EFFECTIVE_URL, &effective);
    response.effective_url = effective ? effective : url;
    response.etag = header_value(easy, "ETag");
    response.last_modified = header_value(easy, "Last-Modified");
    response.max_age = parse_max_age(header_value(easy, "Cache-Control"));
    response.content_type = header_value(easy, "Content-Type");
    response.wp_total_pages = header_value(easy, "X-WP-TotalPages");
    if (download && status != 304) {
        // An empty body never opened the file: it is empty now, as the server said.
        const bool resumed = status == 206 && t->had > 0;
        if (t->file_bytes == 0 && !resumed) std::ofstream(r.to_file, std::ios::binary | std::ios::trunc);
        response.file_bytes = resumed && t->file_bytes == 0 ? t->had : t->file_bytes;
        response.resumed = resumed;
    }
    finished_.emplace_back(std::move(t->callback), Outcome{std::move(response), retry_after, {}, 0, false});
}

}  // namespace placard::net
