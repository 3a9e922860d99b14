#include "net/polite.hpp"

#include "net/retry.hpp"
#include "util/hash.hpp"
#include "util/log.hpp"

namespace placard::net {

Validators validators_of(const Response& response) {
    return Validators{response.etag, response.last_modified, sha256_hex(response.body)};
}

Polite::Polite(std::string log_key, std::chrono::seconds refresh) : log_key_(std::move(log_key)), refresh_(refresh) {}

bool Polite::unchanged(const Response& response, Validators* fresh) const {
    if (response.not_modified()) return true;
    Validators v = validators_of(response);
    const bool same = v.body_sha == validators_.body_sha;
    if (fresh) *fresh = std::move(v);
    return same;
}

void Polite::prepare(Request& request, bool conditional) {
    in_flight_ = true;
    if (!conditional) return;
    request.etag = validators_.etag;
    request.last_modified = validators_.last_modified;
}

std::chrono::seconds Polite::wait_with_jitter(std::chrono::seconds wait) {
    return wait + jitter(wait, rng_);
}

bool Polite::on_success(TimePoint now, std::optional<std::chrono::seconds> max_age) {
    in_flight_ = false;
    backoff_ = std::chrono::seconds(0);
    error_.reset();
    next_ = now + wait_with_jitter(wait_after_success(refresh_, max_age));
    if (!logged_) return false;
    logged_ = false;
    log::clear_once(log_key_);
    return true;
}

bool Polite::on_failure(const Error& error, std::optional<std::chrono::seconds> retry_after, TimePoint now) {
    in_flight_ = false;
    backoff_ = next_backoff(backoff_, retry_after, refresh_);
    next_ = now + wait_with_jitter(backoff_);
    const bool news = !error_ || error_->to_string() != error.to_string();
    error_ = error;
    return news;
}

void Polite::warn_once(std::string_view module, std::string_view message) {
    // Keyed by the resource: the retry interval in the message grows while the error stays.
    log::clear_once(log_key_);
    log::write_once(log::Level::warning, module, log_key_, message);
    logged_ = true;
}

}  // namespace placard::net
