#include "content/pictures.hpp"

#include <nlohmann/json.hpp>

#include "content/local_file.hpp"
#include "content/worker.hpp"
#include "util/log.hpp"

namespace placard::content {

namespace {
constexpr std::size_t picture_cap = std::size_t{32} << 20;
constexpr std::size_t max_fetches = 4;
// Pictures prepared per loop turn before publishing: keeps the thread responsive to stop().
constexpr int per_turn = 4;
// Posters replaced under the same name, items that aged out of max_age and events that
// came near are looked for this often.
constexpr std::chrono::seconds check_interval{30};
}  // namespace

bool Pictures::enabled() const {
    return context_.options->images && context_.cache->store();
}

void Pictures::refresh_if_stale() {
    if (stale_) update();
}

void Pictures::update() {
    stale_ = false;
    auto wanted = enabled() ? context_.wanted() : std::set<std::string>{};
    for (auto it = pictures_.begin(); it != pictures_.end();)
        it = wanted.count(it->first) ? std::next(it) : pictures_.erase(it);
    for (const auto& origin : wanted) pictures_.try_emplace(origin);
}

bool Pictures::failed(const std::string& origin) const {
    auto p = pictures_.find(origin);
    return p != pictures_.end() && p->second.state == Picture::State::failed;
}

void Pictures::forgive(const std::string& origin) {
    if (failed(origin)) pictures_.erase(origin);
}

std::string Pictures::extension() const {
    std::string variant = context_.options->images->variant();
    auto dot = variant.rfind('.');
    return dot == std::string::npos ? std::string() : variant.substr(dot);
}

std::string Pictures::cache_key(const std::string& origin, const std::string& signature) const {
    std::string key = origin + "|" + context_.options->images->variant();
    if (!signature.empty()) key += "|" + signature;
    return key;
}

bool Pictures::adopt_cached(const std::string& origin, Picture& p, const std::string& signature) {
    store::Store& store = *context_.cache->store();
    std::string key = cache_key(origin, signature);
    if (!store.contains("image", key, extension())) return false;
    auto meta = store.get("image-meta", key);
    if (!meta) return false;
    try {
        auto j = nlohmann::json::parse(*meta);
        p.prepared = PreparedImage{store.path_for("image", key, extension()).string(), j.at("width").get<int>(),
                                   j.at("height").get<int>()};
    } catch (const nlohmann::json::exception&) {
        return false;
    }
    p.state = Picture::State::done;
    p.signature = signature;
    changed_ = true;
    return true;
}

void Pictures::fail(const std::string& origin, Picture& p, const Error& error, bool quiet) {
    p.state = Picture::State::failed;
    p.error = error.to_string();
    stale_ = true;  // a folder's next picture takes its place
    if (!quiet) log::write_once(log::Level::warning, "content", "picture|" + origin, p.error);
    changed_ = true;
}

void Pictures::prepare(const std::string& origin, Picture& p, std::string_view bytes, const std::string& signature) {
    std::string key = cache_key(origin, signature);
    std::string out = context_.cache->store()->path_for("image", key, extension()).string();
    auto r = context_.options->images->prepare(bytes, origin, out);
    p.signature = signature;  // a local file that failed is tried again once it changes
    if (!r) return fail(origin, p, r.error());
    p.prepared = *r;
    if (p.prepared.file.empty()) p.prepared.file = out;
    p.state = Picture::State::done;
    context_.cache->put("image-meta", key, nlohmann::json{{"width", r->width}, {"height", r->height}}.dump());
    log::write_once(log::Level::info, "content", "picture|" + origin, fmt::format("{}: picture ready", origin));
    changed_ = true;
}

void Pictures::adopt_all_cached() {
    if (!enabled()) return;
    update();
    for (auto& [origin, p] : pictures_) {
        std::string signature;
        if (!is_url(origin)) signature = file_signature(origin).value_or("");
        adopt_cached(origin, p, signature);
    }
}

bool Pictures::process(const std::atomic<bool>& stopping) {
    if (stale_) update();
    if (context_.now() >= next_check_) {
        next_check_ = context_.now() + check_interval;
        update();
        for (auto& [origin, p] : pictures_)
            if (!is_url(origin) && p.state != Picture::State::pending &&
                file_signature(origin).value_or("") != p.signature)
                p.state = Picture::State::pending;
    }
    size_t fetching = 0;
    for (const auto& [origin, p] : pictures_) fetching += p.state == Picture::State::fetching;
    int prepared = 0;
    for (auto& [origin, p] : pictures_) {
        if (stopping) return false;
        if (p.state != Picture::State::pending) continue;
        if (!is_url(origin)) {
            if (prepared >= per_turn) return true;
            auto signature = file_signature(origin);
            if (!signature) {
                fail(origin, p, Error{origin, "cannot read the picture", "check the path in the playlist"});
                p.signature = "";
                continue;
            }
            if (adopt_cached(origin, p, *signature)) continue;
            auto bytes = read_whole(origin, picture_cap);
            ++prepared;
            if (!bytes) {
                fail(origin, p, bytes.error());
                p.signature = *signature;
                continue;
            }
            prepare(origin, p, *bytes, *signature);
            continue;
        }
        if (adopt_cached(origin, p, "")) continue;
        if (context_.options->offline) {
            fail(origin, p, Error{origin, "offline: not cached yet", ""}, true);
            continue;
        }
        if (fetching >= max_fetches) continue;
        ++fetching;
        p.state = Picture::State::fetching;
        net::Request request = context_.request_for(origin);
        request.max_body_bytes = picture_cap;
        // A copy by name: clang 14 cannot capture a structured binding (C++20 P1091).
        context_.client->start(std::move(request),
                               [this, url = origin](net::Outcome o) { on_fetched(url, std::move(o)); });
    }
    return stale_;  // a failure here: the picture that takes its place is local work
}

void Pictures::on_fetched(const std::string& origin, net::Outcome outcome) {
    auto it = pictures_.find(origin);
    if (it == pictures_.end() || it->second.state != Picture::State::fetching) return;
    if (!outcome.response) return fail(origin, it->second, outcome.response.error());
    prepare(origin, it->second, outcome.response->body, "");
}

bool Pictures::settled() const {
    for (const auto& [origin, p] : pictures_)
        if (p.state == Picture::State::pending || p.state == Picture::State::fetching) return false;
    return true;
}

void Pictures::files_in_use(std::set<std::filesystem::path>& keep) const {
    if (!enabled()) return;
    const store::Store& store = *context_.cache->store();
    for (const auto& [origin, p] : pictures_) {
        if (p.state != Picture::State::done) continue;
        std::string key = cache_key(origin, p.signature);
        keep.insert(store.path_for("image", key, extension()));
        keep.insert(store.path_for("image-meta", key));
    }
}

void Pictures::publish(Snapshot& s) const {
    for (const auto& [origin, p] : pictures_) {
        if (p.state == Picture::State::done) s.images.emplace(origin, p.prepared);
        if (p.state == Picture::State::failed) s.image_errors.emplace(origin, p.error);
    }
}

}  // namespace placard::content
