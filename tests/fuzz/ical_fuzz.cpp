// parse_ical over any bytes, expanded over a fixed year, as the worker expands a calendar
// (from "now" to a year ahead): the same input always does the same work, and a run's
// time per input is what one refresh of a hostile calendar would cost the worker.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <set>

#include "feeds/ical.hpp"
#include "fuzz/fuzz_check.hpp"
#include "util/time.hpp"

using namespace placard;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    static const SysTime now = *parse_iso8601("2026-10-01T09:00:00Z", Zone());
    // As in rss_fuzz.cpp, the options follow the length: the origin, and whether floating
    // times are placed in London or in the process's zone (TZ, unset under libFuzzer: UTC).
    feeds::IcalOptions options;
    options.feed = feeds::FeedOptions{
        feeds::ItemKind::event, size % 2 ? "/srv/placard/feeds/events.ics" : "https://example.org/events.ics", 80};
    options.from = now;
    options.until = now + std::chrono::days(365);
    options.display_zone = size / 2 % 2 ? "" : "Europe/London";

    auto events = feeds::parse_ical(text, options);
    if (!events) {
        fuzz::check_error(events.error());
        return 0;
    }
    for (const Error& problem : events->problems) fuzz::check_error(problem);
    fuzz::require(events->items.size() <= options.max_items, "at most max_items occurrences");
    std::set<std::string> ids;
    for (size_t i = 0; i < events->items.size(); ++i) {
        const feeds::Item& item = events->items[i];
        fuzz::check_item(item, options.feed);
        fuzz::require(ids.insert(item.id).second, "each occurrence has its own id", item.id);
        fuzz::require(item.starts && item.ends, "occurrences have a start and an end", item.id);
        fuzz::require(*item.ends >= *item.starts, "occurrences end no earlier than they start", item.id);
        // ical.hpp: what overlaps [from, until); an occurrence of no length, if it starts within.
        const bool overlaps = *item.ends == *item.starts ? options.from <= *item.starts && *item.starts < options.until
                                                         : *item.starts<options.until&& * item.ends> options.from;
        fuzz::require(overlaps, "occurrences overlap the window", item.id);
        fuzz::require(i == 0 || *events->items[i - 1].starts <= *item.starts, "occurrences are sorted by start",
                      item.id);
    }
    return 0;
}
