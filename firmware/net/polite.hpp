#pragma once
// How one resource on the web (a feed, the remote playlist) is asked for again and again
// without burdening its server: conditionally (ETag, Last-Modified), at its refresh or the
// longer max-age the server asks for, backing off after failures (longer when Retry-After
// says so), always a little later at random (net/retry.hpp), and with each error logged
// once until it changes or the resource recovers. A value owned by one thread (the
// worker's); the clock is passed in.
#include <chrono>
#include <optional>
#include <random>
#include <string>
#include <string_view>

#include "net/http_client.hpp"
#include "util/result.hpp"

namespace placard::net {

// What the content held now came with: the next request is conditional on it.
struct Validators {
    std::string etag;
    std::string last_modified;
    // SHA-256 of the body: a server that sends no validators still answers "unchanged".
    std::string body_sha;
    bool operator==(const Validators&) const = default;
};

// The validators of a whole answer (not a 304's).
Validators validators_of(const Response& response);

class Polite {
public:
    using TimePoint = std::chrono::system_clock::time_point;

    // `log_key`: the key its errors are logged once under (log::write_once), e.g. the URL.
    explicit Polite(std::string log_key = {}, std::chrono::seconds refresh = std::chrono::minutes(15));

    const std::string& log_key() const { return log_key_; }
    std::chrono::seconds refresh() const { return refresh_; }
    void set_refresh(std::chrono::seconds refresh) { refresh_ = refresh; }

    // ---- when ----

    // Whether a fetch should begin: none is under way and its time has come.
    bool due(TimePoint now) const { return !in_flight_ && now >= next_; }
    bool in_flight() const { return in_flight_; }
    // When the next fetch is due; TimePoint::max(): never.
    TimePoint next() const { return next_; }
    // Due at `t` instead (now: at once; max(): never), as long as no fetch is under way.
    void ask_at(TimePoint t) { next_ = t; }

    // ---- validators ----

    const Validators& validators() const { return validators_; }
    void remember(Validators v) { validators_ = std::move(v); }
    // The next answer is taken whole and as new.
    void forget() { validators_ = {}; }
    // Whether `response` brings nothing new: a 304, or the body of the content held now.
    // `fresh` (optional) receives the validators of a whole answer.
    bool unchanged(const Response& response, Validators* fresh = nullptr) const;

    // A fetch begins: it is under way until on_success() or on_failure(), and the request
    // is made conditional on the validators unless `conditional` is false.
    void prepare(Request& request, bool conditional = true);

    // ---- outcomes ----

    // A success: the next fetch is due after the refresh, or the server's longer max-age
    // (up to a day), plus jitter; the backoff starts over. Returns whether it recovers
    // from an error that was logged: its log key is then forgotten and the caller may say
    // so (a notice).
    bool on_success(TimePoint now, std::optional<std::chrono::seconds> max_age = std::nullopt);
    // A failure: the next fetch is due after a backoff that doubles up to the refresh
    // (longer when Retry-After asks), plus jitter. Returns whether this error is news:
    // other than the one before it since the last success. Then the caller words it and
    // logs it with warn_once().
    bool on_failure(const Error& error, std::optional<std::chrono::seconds> retry_after, TimePoint now);
    // The wait before the retry that the last failure set.
    std::chrono::seconds backoff() const { return backoff_; }
    // The error of the failure since the last success, if any.
    const std::optional<Error>& error() const { return error_; }
    // Logs `message` as a warning under the log key, replacing what was logged there before.
    void warn_once(std::string_view module, std::string_view message);

private:
    std::chrono::seconds wait_with_jitter(std::chrono::seconds wait);

    std::string log_key_;
    std::chrono::seconds refresh_;
    TimePoint next_{};
    bool in_flight_ = false;
    Validators validators_;
    std::chrono::seconds backoff_{0};
    std::optional<Error> error_;
    bool logged_ = false;  // an error was logged since the last success
    std::mt19937 rng_{std::random_device{}()};
};

}  // namespace placard::net
