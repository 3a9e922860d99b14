#include "feeds/reference.hpp"

#include <filesystem>
#include <memory>

#include <curl/curl.h>

#include "util/deleter.hpp"
#include "util/text.hpp"
#include "util/utf8.hpp"

namespace placard::feeds {
namespace {

using Url = std::unique_ptr<CURLU, Deleter<curl_url_cleanup>>;

// RFC 3986 3.1: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ), before the first ":".
// libcurl only recognises schemes followed by "//", which "data:" and "javascript:" are not.
std::string scheme_of(std::string_view reference) {
    size_t colon = reference.find(':');
    if (colon == std::string_view::npos || colon == 0) return {};
    std::string scheme;
    for (size_t i = 0; i < colon; ++i) {
        char c = lower(reference[i]);
        bool alpha = c >= 'a' && c <= 'z';
        bool other = (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
        if (!alpha && !(i > 0 && other)) return {};
        scheme += c;
    }
    return scheme;
}

bool is_web(std::string_view scheme) {
    return scheme == "http" || scheme == "https";
}

std::string get(CURLU* url, CURLUPart part, unsigned flags = 0) {
    char* value = nullptr;
    if (curl_url_get(url, part, &value, flags) != CURLUE_OK || !value) return {};
    std::string out(value);
    curl_free(value);
    return out;
}

// The reference resolved against `base` (or parsed alone when base is empty), as long as
// the result is an http(s) URL with a host.
std::string web_url(const std::string& reference, const std::string& base) {
    Url url(curl_url());
    if (!url) return {};
    if (!base.empty() && curl_url_set(url.get(), CURLUPART_URL, base.c_str(), 0) != CURLUE_OK) return {};
    if (curl_url_set(url.get(), CURLUPART_URL, reference.c_str(), CURLU_ALLOW_SPACE) != CURLUE_OK) return {};
    if (!is_web(get(url.get(), CURLUPART_SCHEME))) return {};
    // libcurl decodes %-escapes in the host ("solidar%dad" holds the byte 0xDA). The URL
    // Standard reads the decoded bytes as UTF-8 and, where they are not, fails the host
    // (U+FFFD is no part of a domain name): so is it here.
    std::string host = get(url.get(), CURLUPART_HOST);
    if (host.empty() || valid_utf8(host) != host) return {};
    return get(url.get(), CURLUPART_URL);
}

// A relative reference beside a feed file: the file's path as a file: URL is the base,
// which handles "..", "?query", "#fragment" and %-escapes as a browser would.
std::string local_path(const std::string& reference, const std::string& origin) {
    Url url(curl_url());
    if (!url) return {};
    if (curl_url_set(url.get(), CURLUPART_SCHEME, "file", 0) != CURLUE_OK ||
        curl_url_set(url.get(), CURLUPART_PATH, origin.c_str(), CURLU_URLENCODE) != CURLUE_OK ||
        curl_url_set(url.get(), CURLUPART_URL, reference.c_str(), CURLU_ALLOW_SPACE) != CURLUE_OK)
        return {};
    if (get(url.get(), CURLUPART_SCHEME) != "file") return {};
    // "//host/picture.jpg" names another machine.
    std::string host = get(url.get(), CURLUPART_HOST);
    if (!host.empty() && host != "localhost") return {};
    std::string path = get(url.get(), CURLUPART_PATH, CURLU_URLDECODE);
    if (path.empty() || path.front() != '/' || path.find('\0') != std::string::npos) return {};
    return std::filesystem::path(path).lexically_normal().string();
}

enum class Origin { none, web, file };

Origin kind_of(std::string_view origin) {
    if (is_web(scheme_of(origin))) return Origin::web;
    if (!origin.empty() && origin.front() == '/') return Origin::file;
    return Origin::none;
}

std::string resolve(std::string_view reference, std::string_view origin, bool pictures) {
    std::string ref(trim_view(reference));
    if (ref.empty()) return {};
    std::string scheme = scheme_of(ref);
    if (!scheme.empty()) return is_web(scheme) ? web_url(ref, {}) : std::string();
    switch (kind_of(origin)) {
        case Origin::web:
            return web_url(ref, std::string(origin));
        case Origin::file:
            return pictures ? local_path(ref, std::string(origin)) : std::string();
        case Origin::none:
            break;
    }
    return {};
}

}  // namespace

std::string resolve_link(std::string_view reference, std::string_view origin) {
    return resolve(reference, origin, false);
}

std::string resolve_picture(std::string_view reference, std::string_view origin) {
    return resolve(reference, origin, true);
}

}  // namespace placard::feeds
