// The calendar driver: an iCalendar file at a URL or a path. Its occurrences are worked out
// (feeds::parse_ical) from now to a year ahead: further than any slide's "within" looks,
// and bounded, so that a weekly meeting with no end gives 52 items, not an endless list.
// The window moves on with the clock, so an unchanged calendar is expanded again every
// few hours, and its cached body at every start.
#include <fmt/format.h>

#include "content/source_driver.hpp"
#include "feeds/ical.hpp"
#include "util/log.hpp"

namespace placard::content {
namespace {

constexpr std::chrono::seconds horizon = std::chrono::hours(24 * 366);
constexpr std::chrono::seconds reexpand = std::chrono::hours(6);

struct Expanded final : DriverState {
    std::optional<SysTime> at;  // when its occurrences were last worked out
};

class CalendarDriver final : public SourceDriver {
public:
    std::vector<FeedPlan> plan(const config::Source& source, const std::set<ItemKind>& kinds,
                               const std::function<int(ItemKind)>& most_shown) const override {
        auto plans = SourceDriver::plan(source, kinds, most_shown);
        for (auto& p : plans) p.state = [] { return std::make_unique<Expanded>(); };
        return plans;
    }

    void begin(Feed& f, FeedHost& host) const override {
        // Unchanged for a while, it still needs its occurrences worked out again: forget
        // what would make the next answer a 304 or the next read a skip.
        const auto& expanded = f.state_as<Expanded>().at;
        if (expanded && host.now_seconds() - *expanded > reexpand) {
            f.polite.forget();
            f.local_signature.clear();
        }
        if (f.url.empty()) return read_local_file(f, host);
        fetch_body(f, host);
    }

    Result<std::vector<Item>> parse(Feed& f, const std::string& body, ItemKind kind, const std::string& origin,
                                    FeedHost& host) const override {
        if (kind != ItemKind::event)
            return Error{origin, fmt::format("a calendar holds events, not {}", plural(kind)),
                         "show it with an \"events\" slide, or give this slide an rss, atom or jsonfeed source"};
        feeds::IcalOptions io;
        io.feed = host.feed_options(kind, origin);
        io.feed.content_type = f.content_type;
        io.from = host.now_seconds();
        io.until = io.from + horizon;
        io.display_zone = io.feed.zone.name();
        auto parsed = feeds::parse_ical(body, io);
        if (!parsed) return parsed.error();
        for (const Error& problem : parsed->problems)
            log::write_once(log::Level::warning, "feeds", origin + "|" + problem.where, problem.to_string());
        f.state_as<Expanded>().at = io.from;
        return std::move(parsed->items);
    }

    bool parses_again_at_start() const override { return true; }
};

}  // namespace

const SourceDriver& calendar_driver() {
    static const CalendarDriver driver;
    return driver;
}

}  // namespace placard::content
