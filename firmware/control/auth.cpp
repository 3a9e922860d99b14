#include "control/auth.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "control/secrets.hpp"
#include "store/atomic_file.hpp"
#include "util/file.hpp"
#include "util/log.hpp"
#include "util/time.hpp"

namespace placard::control {
namespace {

using Json = nlohmann::json;
namespace fs = std::filesystem;

constexpr int setup_code_digits = 8;
constexpr int wrong_codes_before_new = 10;  // then the screen shows a new code
constexpr size_t most_sessions = 100;
constexpr size_t most_addresses = 1000;

// The file's text; empty when it is missing or cannot be read (as when it was never written).
std::string read_text(const fs::path& file) {
    return read_file(file, std::size_t{1} << 20, {}).value_or(std::string());
}

// Readable by the folder's owner only. Written by root (`sudo placard passwd`), it is given to
// the folder's owner: the service's user, which systemd made for it.
Result<void> write_private(const fs::path& file, const std::string& text) {
    if (auto written = store::write_atomic(file, text); !written) return written;
    ::chmod(file.c_str(), S_IRUSR | S_IWUSR);
    struct stat folder {};
    if (::geteuid() == 0 && ::stat(file.parent_path().c_str(), &folder) == 0 && folder.st_uid != 0 &&
        ::chown(file.c_str(), folder.st_uid, folder.st_gid) != 0)
        return Error{file.string(), "cannot be given to the state folder's owner", "run as that user"};
    return {};
}

}  // namespace

fs::path password_file(const fs::path& state) {
    return state / "password";
}

fs::path tokens_file(const fs::path& state) {
    return state / "tokens.json";
}

Result<void> write_password(const fs::path& state, std::string_view password, PasswordCost cost) {
    auto hash = hash_password(password, cost);
    if (!hash) return hash.error();
    return write_private(password_file(state), *hash + "\n");
}

namespace {
Json read_tokens(const fs::path& state) {
    Json doc = Json::parse(read_text(tokens_file(state)), nullptr, false);
    if (doc.is_discarded() || !doc.is_object() || !doc.contains("tokens") || !doc["tokens"].is_array())
        doc = {{"version", 1}, {"tokens", Json::array()}};
    return doc;
}

std::string member(const Json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}
}  // namespace

Result<std::string> add_api_token(const fs::path& state, const std::string& name) {
    Json doc = read_tokens(state);
    const std::string token = "placard_" + random_token(32);
    const std::string hash = token_hash(token);
    doc["tokens"].push_back({{"id", hash.substr(0, 8)},
                             {"name", name},
                             {"hash", hash},
                             {"made", format_iso8601_utc(std::chrono::time_point_cast<std::chrono::seconds>(
                                          std::chrono::system_clock::now()))}});
    if (auto written = write_private(tokens_file(state), doc.dump(2) + "\n"); !written) return written.error();
    return token;
}

std::vector<TokenInfo> list_api_tokens(const fs::path& state) {
    std::vector<TokenInfo> out;
    const Json doc = read_tokens(state);
    for (const Json& t : doc["tokens"])
        if (t.is_object()) out.push_back({member(t, "id"), member(t, "name"), member(t, "made")});
    return out;
}

Result<void> revoke_api_token(const fs::path& state, const std::string& id) {
    Json doc = read_tokens(state);
    Json kept = Json::array();
    bool found = false;
    for (const Json& t : doc["tokens"]) {
        if (!id.empty() && t.is_object() && member(t, "id") == id)
            found = true;
        else
            kept.push_back(t);
    }
    if (!found)
        return Error{tokens_file(state).string(), fmt::format("no token has the id \"{}\"", id),
                     "`placard token --list` shows the ids"};
    doc["tokens"] = kept;
    return write_private(tokens_file(state), doc.dump(2) + "\n");
}

namespace {
// "1234 5678", as the screen shows it: the journal's copy, for a display with no screen yet.
std::string spaced(const std::string& code) {
    return code.substr(0, code.size() / 2) + " " + code.substr(code.size() / 2);
}
}  // namespace

Auth::Auth(fs::path state, std::function<void()> notice_changed, PasswordCost cost)
    : state_(std::move(state)), notice_changed_(std::move(notice_changed)), cost_(cost) {
    if (!has_password()) {
        setup_code_ = random_digits(setup_code_digits);
        log::notice("control", "no password is set: the screen shows the setup code that sets one ({})",
                    spaced(setup_code_));
    }
}

std::string Auth::read_password_hash() const {
    std::string hash = read_text(password_file(state_));
    while (!hash.empty() && (hash.back() == '\n' || hash.back() == '\r')) hash.pop_back();
    return hash;
}

// Read from the file until there is one (placard passwd may set it meanwhile); a password
// is not unset while placard runs.
bool Auth::has_password() const {
    if (password_seen_) return true;
    if (read_password_hash().empty()) return false;
    password_seen_ = true;
    return true;
}

std::string Auth::setup_code() const {
    std::lock_guard lock(mutex_);
    return has_password() ? std::string() : setup_code_;
}

std::optional<LoginResult> Auth::backing_off(const std::string& address) {
    std::lock_guard lock(mutex_);
    auto it = failures_.find(address);
    const auto now = steady::now();
    if (it == failures_.end() || now >= it->second.until) return std::nullopt;
    LoginResult r;
    r.retry_after = std::chrono::ceil<std::chrono::seconds>(it->second.until - now);
    r.error = fmt::format("too many wrong tries from this address: wait {} s", r.retry_after.count());
    return r;
}

void Auth::failed(const std::string& address) {
    std::lock_guard lock(mutex_);
    const auto now = steady::now();
    if (failures_.size() >= most_addresses) {
        // The table is bounded: the address failed longest ago goes.
        auto oldest = std::min_element(failures_.begin(), failures_.end(),
                                       [](const auto& a, const auto& b) { return a.second.last < b.second.last; });
        failures_.erase(oldest);
    }
    Failures& f = failures_[address];
    ++f.count;
    f.last = now;
    if (f.count > free_failures) {
        const int doublings = std::min(f.count - free_failures - 1, 16);
        f.until = now + std::min<std::chrono::seconds>(std::chrono::seconds(1LL << doublings), longest_backoff);
    }
}

Session Auth::open_session() {
    Session s{random_token(32), random_token(24)};
    std::lock_guard lock(mutex_);
    const auto now = steady::now();
    std::erase_if(sessions_, [&](const auto& e) {
        return now - e.second.used > session_idle || now - e.second.made > session_longest;
    });
    if (sessions_.size() >= most_sessions) {
        auto oldest = std::min_element(sessions_.begin(), sessions_.end(),
                                       [](const auto& a, const auto& b) { return a.second.used < b.second.used; });
        sessions_.erase(oldest);
    }
    sessions_[token_hash(s.token)] = SessionEntry{s.csrf, now, now};
    return s;
}

LoginResult Auth::set_up(std::string_view code, std::string_view password, const std::string& address) {
    if (auto refused = backing_off(address)) return *refused;
    LoginResult r;
    std::string expected;
    {
        std::lock_guard lock(mutex_);
        expected = setup_code_;
    }
    if (has_password()) {
        r.error = "a password is set already: log in with it, or reset it with `placard passwd` on the display";
        return r;
    }
    if (!same_secret(code, expected)) {
        failed(address);
        bool renewed = false;
        {
            std::lock_guard lock(mutex_);
            if (++wrong_codes_ >= wrong_codes_before_new) {
                setup_code_ = random_digits(setup_code_digits);
                wrong_codes_ = 0;
                renewed = true;
            }
        }
        if (renewed) {
            log::warning("control", "{} wrong setup codes: the screen shows a new one ({})", wrong_codes_before_new,
                         spaced(setup_code()));
            if (notice_changed_) notice_changed_();
        }
        r.error = "that is not the code on the screen";
        return r;
    }
    {
        // Two phones with the right code at once: the first sets the password.
        std::lock_guard verifying(verifying_);
        if (has_password()) {
            r.error = "a password has just been set: log in with it";
            return r;
        }
        if (auto written = write_password(state_, password, cost_); !written) {
            r.error = written.error().to_string();
            r.bad_input = written.error().where == "password";
            return r;
        }
    }
    {
        std::lock_guard lock(mutex_);
        setup_code_.clear();
        failures_.erase(address);
    }
    log::notice("control", "the control page's password was set from {}", address);
    if (notice_changed_) notice_changed_();
    r.session = open_session();
    return r;
}

LoginResult Auth::login(std::string_view password, const std::string& address) {
    if (auto refused = backing_off(address)) return *refused;
    LoginResult r;
    const std::string hash = read_password_hash();
    if (hash.empty()) {
        r.error = "no password is set yet: enter the setup code that the screen shows";
        return r;
    }
    bool ok = false;
    {
        std::lock_guard verifying(verifying_);
        ok = password_matches(hash, password);
    }
    if (!ok) {
        failed(address);
        log::warning("control", "a wrong password from {}", address);
        r.error = "wrong password";
        return r;
    }
    {
        std::lock_guard lock(mutex_);
        failures_.erase(address);
    }
    log::info("control", "logged in from {}", address);
    r.session = open_session();
    return r;
}

std::optional<Session> Auth::session(std::string_view token) {
    if (token.empty()) return std::nullopt;
    const std::string key = token_hash(token);
    std::lock_guard lock(mutex_);
    auto it = sessions_.find(key);
    if (it == sessions_.end()) return std::nullopt;
    const auto now = steady::now();
    if (now - it->second.used > session_idle || now - it->second.made > session_longest) {
        sessions_.erase(it);
        return std::nullopt;
    }
    it->second.used = now;
    return Session{std::string(token), it->second.csrf};
}

void Auth::logout(std::string_view token) {
    std::lock_guard lock(mutex_);
    sessions_.erase(token_hash(token));
}

bool Auth::api_token_ok(std::string_view token) {
    if (token.empty()) return false;
    const fs::path file = tokens_file(state_);
    std::error_code ec;
    const auto changed = fs::last_write_time(file, ec);
    std::lock_guard lock(mutex_);
    if (ec) {
        token_hashes_.clear();
        return false;
    }
    if (changed != tokens_seen_) {
        // Written by `placard token` in another process, or revoked: read again.
        tokens_seen_ = changed;
        token_hashes_.clear();
        const Json doc = Json::parse(read_text(file), nullptr, false);
        if (!doc.is_discarded() && doc.is_object() && doc.contains("tokens") && doc["tokens"].is_array())
            for (const Json& t : doc["tokens"])
                if (t.is_object() && t.contains("hash") && t["hash"].is_string())
                    token_hashes_.push_back(t["hash"].get<std::string>());
    }
    const std::string hash = token_hash(token);
    bool found = false;
    for (const std::string& h : token_hashes_) found = same_secret(h, hash) || found;
    return found;
}

}  // namespace placard::control
