#include "content/pictures.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "content/local_file.hpp"
#include "content/worker.hpp"
#include "util/log.hpp"

namespace placard::content {

namespace {
constexpr std::size_t picture_cap = std::size_t{32} << 20;
constexpr std::size_t max_fetches = 4;
// Pictures (or a document's pages) prepared per loop turn before publishing: keeps the
// thread responsive to stop() and to the feeds.
constexpr int per_turn = 4;
// A document's pages shown at most: a brochure of 300 pages is not a poster.
constexpr int most_pages = 50;
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
    auto meta = store.get("image-meta", key);
    if (!meta) return false;
    try {
        auto j = nlohmann::json::parse(*meta);
        if (j.contains("pages")) {
            if (!adopt_cached_pages(origin, p, key, j)) return false;
        } else {
            if (!store.contains("image", key, extension())) return false;
            p.prepared = PreparedImage{store.path_for("image", key, extension()).string(), j.at("width").get<int>(),
                                       j.at("height").get<int>()};
            p.pages.clear();
        }
    } catch (const nlohmann::json::exception&) {
        return false;
    }
    p.state = Picture::State::done;
    p.signature = signature;
    changed_ = true;
    return true;
}

int Pictures::pages_wanted(const std::string& origin, int count) const {
    const bool whole = context_.whole_documents && context_.whole_documents().count(origin) > 0;
    return std::min(count, whole ? most_pages : 1);
}

bool Pictures::adopt_cached_pages(const std::string& origin, Picture& p, const std::string& key,
                                  const nlohmann::json& meta) {
    store::Store& store = *context_.cache->store();
    // Prepared for a picture (its first page), now wanted whole: prepared again.
    const int of = meta.value("of", 0);
    if (static_cast<int>(meta.at("pages").size()) < pages_wanted(origin, of)) return false;
    std::vector<PreparedImage> pages;
    for (const auto& size : meta.at("pages")) {
        const std::string page_key = fmt::format("{}|page={}", key, pages.size() + 1);
        PreparedImage page{"", size.at(0).get<int>(), size.at(1).get<int>()};
        if (page.width > 0) {
            if (!store.contains("image", page_key, extension())) return false;
            page.file = store.path_for("image", page_key, extension()).string();
        }
        pages.push_back(std::move(page));
    }
    if (pages.empty()) return false;
    p.page_count = static_cast<int>(pages.size());
    p.pages = std::move(pages);
    p.finished = p.pages;
    return true;
}

void Pictures::fail(const std::string& origin, Picture& p, const Error& error, bool quiet) {
    p.document.clear();
    p.pages.clear();
    p.state = Picture::State::failed;
    p.error = error.to_string();
    stale_ = true;  // a folder's next picture takes its place
    if (!quiet) log::write_once(log::Level::warning, "content", "picture|" + origin, p.error);
    changed_ = true;
}

void Pictures::prepare(const std::string& origin, Picture& p, std::string_view bytes, const std::string& signature) {
    if (context_.options->images->is_document(bytes)) return start_document(origin, p, bytes, signature);
    p.pages.clear();
    p.finished.clear();
    p.page_count = 0;
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

// A document's pages are prepared a few at a time (process()), from its bytes kept meanwhile.
void Pictures::start_document(const std::string& origin, Picture& p, std::string_view bytes,
                              const std::string& signature) {
    p.signature = signature;
    auto count = context_.options->images->count_pages(bytes, origin);
    if (!count) return fail(origin, p, count.error());
    p.page_count = pages_wanted(origin, *count);
    p.document_pages = *count;
    if (p.page_count < *count && p.page_count > 1)
        log::write_once(log::Level::warning, "content", "pages|" + origin,
                        fmt::format("{}: has {} pages; its first {} are shown", origin, *count, most_pages));
    p.document.assign(bytes);
    p.pages.clear();
    p.state = Picture::State::rendering;
}

void Pictures::render_page(const std::string& origin, Picture& p) {
    const std::string key = cache_key(origin, p.signature);
    const std::string page_key = fmt::format("{}|page={}", key, p.pages.size() + 1);
    const std::string out = context_.cache->store()->path_for("image", page_key, extension()).string();
    auto r = context_.options->images->prepare_page(p.document, static_cast<int>(p.pages.size()), origin, out);
    if (r) {
        if (r->file.empty()) r->file = out;
        p.pages.push_back(*r);
    } else {
        // The other pages are shown without it.
        log::write_once(log::Level::warning, "content", fmt::format("page|{}|{}", origin, p.pages.size() + 1),
                        r.error().to_string());
        p.pages.push_back(PreparedImage{});
    }
    if (static_cast<int>(p.pages.size()) < p.page_count) return;
    p.document.clear();
    p.document.shrink_to_fit();
    p.state = Picture::State::done;
    p.finished = p.pages;
    nlohmann::json sizes = nlohmann::json::array();
    for (const PreparedImage& page : p.pages) sizes.push_back({page.width, page.height});
    context_.cache->put("image-meta", key, nlohmann::json{{"pages", sizes}, {"of", p.document_pages}}.dump());
    log::write_once(log::Level::info, "content", "picture|" + origin,
                    fmt::format("{}: {} page{} ready", origin, p.pages.size(), p.pages.size() == 1 ? "" : "s"));
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
        while (p.state == Picture::State::rendering) {
            if (stopping) return false;
            if (prepared >= per_turn) return true;
            ++prepared;
            render_page(origin, p);
        }
    }
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
    // A failure here: the picture that takes its place is local work; so are the pages of a
    // document that started rendering in this turn.
    return stale_ || std::any_of(pictures_.begin(), pictures_.end(),
                                 [](const auto& entry) { return entry.second.state == Picture::State::rendering; });
}

void Pictures::on_fetched(const std::string& origin, net::Outcome outcome) {
    auto it = pictures_.find(origin);
    if (it == pictures_.end() || it->second.state != Picture::State::fetching) return;
    if (!outcome.response) return fail(origin, it->second, outcome.response.error());
    prepare(origin, it->second, outcome.response->body, "");
}

bool Pictures::settled() const {
    for (const auto& [origin, p] : pictures_)
        if (p.state == Picture::State::pending || p.state == Picture::State::fetching ||
            p.state == Picture::State::rendering)
            return false;
    return true;
}

void Pictures::files_in_use(std::set<std::filesystem::path>& keep) const {
    if (!enabled()) return;
    const store::Store& store = *context_.cache->store();
    for (const auto& [origin, p] : pictures_) {
        if (p.state != Picture::State::done && p.state != Picture::State::rendering) continue;
        std::string key = cache_key(origin, p.signature);
        if (p.pages.empty()) keep.insert(store.path_for("image", key, extension()));
        for (size_t i = 0; i < p.pages.size(); ++i)
            keep.insert(store.path_for("image", fmt::format("{}|page={}", key, i + 1), extension()));
        keep.insert(store.path_for("image-meta", key));
    }
    for (const auto& [origin, p] : pictures_)
        for (const PreparedImage& page : p.finished)
            if (!page.file.empty()) keep.insert(page.file);
}

void Pictures::publish(Snapshot& s) const {
    for (const auto& [origin, p] : pictures_) {
        if (!p.finished.empty()) s.pages.emplace(origin, p.finished);
        if (p.state == Picture::State::done && p.pages.empty()) s.images.emplace(origin, p.prepared);
        if (p.state == Picture::State::failed) s.image_errors.emplace(origin, p.error);
    }
}

}  // namespace placard::content
