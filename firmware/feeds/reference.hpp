#pragma once
// Links and pictures named by a feed, made absolute with libcurl's URL parser. Only
// http(s) URLs come out, or, for a feed read from disk, paths of files beside it.
#include <string>
#include <string_view>

namespace placard::feeds {

// `origin` is the feed's http(s) URL, the absolute path of a feed file, or empty.
// Each returns "" for what must not be used: other schemes (file:, javascript:, data:),
// relative references with nothing to resolve them against, malformed URLs.

// An http(s) URL; relative references resolve against an http(s) origin.
std::string resolve_link(std::string_view reference, std::string_view origin);

// As resolve_link, and for a feed file a relative reference becomes the absolute,
// lexically normalised path beside it.
std::string resolve_picture(std::string_view reference, std::string_view origin);

}  // namespace placard::feeds
