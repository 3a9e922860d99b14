#pragma once
// Who may steer the screen. No password exists until someone in the hall sets one with the
// one-time setup code the screen shows; then logins, each checked against the Argon2id hash
// one at a time and backed off per address after failures, give sessions: random tokens kept
// only as hashes, each with its CSRF token. Scripts use API tokens (`placard token`), kept
// hashed in the state folder and revocable. Every member is thread-safe (libmicrohttpd's
// threads call them).
#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "control/secrets.hpp"
#include "util/result.hpp"

namespace placard::control {

struct Session {
    std::string token;  // the cookie's value: known only to the browser
    std::string csrf;   // sent back in X-CSRF-Token with every change
};

struct LoginResult {
    std::optional<Session> session;
    std::chrono::seconds retry_after{0};  // refused without a check: too many failures from there
    std::string error;                    // why not, for the person at the phone
    bool bad_input = false;               // not a failed try: a password too short, say
};

// The files in the state folder.
std::filesystem::path password_file(const std::filesystem::path& state);
std::filesystem::path tokens_file(const std::filesystem::path& state);

// `placard passwd`: the password, hashed, written whole (mode 0600).
Result<void> write_password(const std::filesystem::path& state, std::string_view password,
                            PasswordCost cost = interactive_cost());
// `placard token`: a new API token, printed once; only its hash is kept. `name` says whose.
Result<std::string> add_api_token(const std::filesystem::path& state, const std::string& name);
// The tokens made, as `placard token --list` shows them: never the token, nor its hash.
struct TokenInfo {
    std::string id, name, made;
};
std::vector<TokenInfo> list_api_tokens(const std::filesystem::path& state);
// Removes the token `id` (the first 8 characters of its hash, as listed): refused from then
// on. An error when there is none of that id.
Result<void> revoke_api_token(const std::filesystem::path& state, const std::string& id);

class Auth {
public:
    // `notice_changed` is called when the words the screen should show change (a new setup
    // code, a password set): the player wakes and paints them.
    Auth(std::filesystem::path state, std::function<void()> notice_changed, PasswordCost cost = interactive_cost());

    bool has_password() const;
    // While no password is set, the one-time code that the screen shows; empty after.
    std::string setup_code() const;
    // Sets the first password with the setup code, and logs in.
    LoginResult set_up(std::string_view code, std::string_view password, const std::string& address);
    LoginResult login(std::string_view password, const std::string& address);
    // The session of a cookie's token; none when unknown or expired.
    std::optional<Session> session(std::string_view token);
    void logout(std::string_view token);
    // Whether a Bearer token is one that `placard token` made and that was not revoked.
    bool api_token_ok(std::string_view token);

    // Limits, public for the tests.
    static constexpr int free_failures = 3;                       // before the backoff starts
    static constexpr std::chrono::seconds longest_backoff{300};   // 1 s, 2 s, 4 s... up to this
    static constexpr std::chrono::hours session_idle{12};         // a session unused this long ends
    static constexpr std::chrono::hours session_longest{24 * 7};  // and any after a week

private:
    using steady = std::chrono::steady_clock;
    struct Failures {
        int count = 0;
        steady::time_point until;  // no check before then
        steady::time_point last;
    };
    struct SessionEntry {
        std::string csrf;
        steady::time_point made, used;
    };
    // Refused for now (retry_after set), or go ahead.
    std::optional<LoginResult> backing_off(const std::string& address);
    void failed(const std::string& address);
    Session open_session();
    std::string read_password_hash() const;

    const std::filesystem::path state_;
    const std::function<void()> notice_changed_;
    const PasswordCost cost_;
    mutable std::atomic<bool> password_seen_{false};
    mutable std::mutex mutex_;  // everything below
    std::string setup_code_;
    int wrong_codes_ = 0;
    std::map<std::string, Failures> failures_;      // by address
    std::map<std::string, SessionEntry> sessions_;  // by the token's hash
    std::filesystem::file_time_type tokens_seen_{};
    std::vector<std::string> token_hashes_;
    // One Argon2id check at a time: each takes 64 MiB.
    std::mutex verifying_;
};

}  // namespace placard::control
