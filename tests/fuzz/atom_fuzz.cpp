// parse_atom over any bytes.
#include <cstddef>
#include <cstdint>

#include "feeds/atom.hpp"
#include "fuzz/fuzz_check.hpp"

using namespace placard;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    // As in rss_fuzz.cpp: kind and origin follow the length, the bytes stay a whole feed.
    constexpr feeds::ItemKind kinds[] = {feeds::ItemKind::report, feeds::ItemKind::event, feeds::ItemKind::message};
    const feeds::FeedOptions options{
        kinds[size % 3], size / 3 % 2 ? "/srv/placard/feeds/local.xml" : "https://example.org/feed/atom/", 80};
    auto items = feeds::parse_atom(text, options);
    if (!items) {
        fuzz::check_error(items.error());
        return 0;
    }
    fuzz::require(options.kind != feeds::ItemKind::event || items->empty(), "Atom holds no events");
    for (const auto& item : *items) fuzz::check_item(item, options);
    return 0;
}
