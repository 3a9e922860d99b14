// parse_jsonfeed over any bytes.
#include <cstddef>
#include <cstdint>

#include "feeds/jsonfeed.hpp"
#include "fuzz/fuzz_check.hpp"

using namespace placard;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    // As in rss_fuzz.cpp: options follow the length, the bytes stay a whole feed. Events
    // are refused before the items are read, so they are left out.
    constexpr feeds::ItemKind kinds[] = {feeds::ItemKind::report, feeds::ItemKind::message};
    const feeds::FeedOptions options{
        kinds[size % 2], size / 2 % 2 ? "/srv/placard/feeds/local.json" : "https://example.org/feed.json", 80};
    auto items = feeds::parse_jsonfeed(text, options);
    if (!items) {
        fuzz::check_error(items.error());
        return 0;
    }
    for (const auto& item : *items) fuzz::check_item(item, options);
    return 0;
}
