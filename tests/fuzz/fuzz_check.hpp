#pragma once
// What every fuzz target checks besides "no crash": the promises the parsers' headers
// make about what comes out. A broken promise aborts, which libFuzzer reports as a crash.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "feeds/item.hpp"
#include "feeds/rss.hpp"
#include "util/log.hpp"
#include "util/utf8.hpp"

namespace placard::fuzz {

// `detail` (what came out) is printed with the promise, to start the fix from.
inline void require(bool ok, const char* promise, std::string_view detail = {}) {
    if (ok) return;
    std::fprintf(stderr, "fuzz: broken promise: %s\n", promise);
    if (!detail.empty())
        std::fprintf(stderr, "fuzz: it came out as: %.*s\n", static_cast<int>(detail.size()), detail.data());
    std::abort();
}

inline bool is_valid_utf8(std::string_view text) {
    return valid_utf8(text) == text;
}

// Log lines are formatted as the player formats them (that code is fuzzed too), then
// checked and dropped: a line written to stderr for every input slows a target several
// times over. Promise of util/log.hpp: a line is valid UTF-8 and one line.
inline const bool log_checked = [] {
    log::set_sink([](log::Level, const std::string& line) {
        require(is_valid_utf8(line), "a log line is valid UTF-8", line);
        require(line.find('\n') == std::string::npos, "a log line is one line", line);
    });
    return true;
}();

inline bool is_web_url(std::string_view url) {
    return url.starts_with("http://") || url.starts_with("https://");
}

// feeds/item.hpp: text fields are UTF-8 plain text; links are http(s); pictures are
// http(s) or absolute paths; excerpts fit max_text_chars.
inline void check_item(const feeds::Item& item, const feeds::FeedOptions& options) {
    require(!item.id.empty(), "every item has an id");
    require(item.kind == options.kind, "items are of the kind asked for");
    for (const std::string* text : {&item.id, &item.title, &item.text, &item.author, &item.place})
        require(is_valid_utf8(*text), "text fields are valid UTF-8");
    for (const std::string& category : item.categories)
        require(!category.empty() && is_valid_utf8(category), "categories are valid, non-empty UTF-8");
    require(code_point_count(item.text) <= options.max_text_chars, "excerpts fit max_text_chars");
    require(item.link.empty() || is_web_url(item.link), "links are http(s)");
    require(item.image.empty() || is_web_url(item.image) || item.image.starts_with('/'),
            "pictures are http(s) URLs or absolute paths");
}

// Errors reach the status line as text.
inline void check_error(const Error& error) {
    require(is_valid_utf8(error.to_string()), "errors are valid UTF-8", error.to_string());
    require(!error.what.empty(), "errors say what is wrong");
}

}  // namespace placard::fuzz
