// parse_rss over any bytes.
#include <cstddef>
#include <cstdint>

#include "feeds/rss.hpp"
#include "fuzz/fuzz_check.hpp"

using namespace placard;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    // Kind and origin follow the input's length rather than its first bytes, so that the
    // seeds stay whole feeds and each is still read as every kind, from the web and disk.
    constexpr feeds::ItemKind kinds[] = {feeds::ItemKind::report, feeds::ItemKind::event, feeds::ItemKind::message};
    const feeds::FeedOptions options{kinds[size % 3],
                                     size / 3 % 2 ? "/srv/placard/feeds/local.xml" : "https://example.org/feed/", 80};
    auto items = feeds::parse_rss(text, options);
    if (!items) {
        fuzz::check_error(items.error());
        return 0;
    }
    for (const auto& item : *items) fuzz::check_item(item, options);
    return 0;
}
