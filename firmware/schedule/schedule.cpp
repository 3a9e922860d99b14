#include "schedule/schedule.hpp"

#include <algorithm>
#include <limits>
#include <set>

#include <fmt/format.h>

#include "schedule/event_time.hpp"

namespace placard::schedule {
namespace {

using config::Slide;
using feeds::Item;

// count 0 (or less) means all; the loader keeps counts of reports and messages positive.
size_t limit(int count) {
    return count > 0 ? static_cast<size_t>(count) : std::numeric_limits<size_t>::max();
}

std::optional<SysTime> item_event_end(const Item& item, const Zone& zone) {
    return event_end(item.starts, item.ends, item.all_day, zone);
}

}  // namespace

std::string prepared(const content::Snapshot& snapshot, const std::string& original) {
    if (original.empty()) return {};
    if (auto it = snapshot.images.find(original); it != snapshot.images.end()) return it->second.file;
    // A PDF where a picture is wanted (a poster by its address, a report's enclosure): its first page.
    if (auto it = snapshot.pages.find(original); it != snapshot.pages.end() && !it->second.empty())
        return it->second.front().file;
    return {};
}

SlideSpec make_spec(const Slide& slide, int index, const Item* item) {
    SlideSpec spec;
    spec.kind = slide.kind;
    spec.playlist_index = index;
    spec.id = item ? fmt::format("{}:{}", index, item->id) : fmt::format("{}", index);
    spec.source = slide.source;
    spec.fit = slide.fit;
    return spec;
}

void build_images(const BuildInput& input, const Slide& slide, int index, std::vector<SlideSpec>& out) {
    const auto& [playlist, snapshot, now] = input;
    if (slide.source.empty()) {
        std::string file = prepared(snapshot, slide.file.string());
        if (file.empty()) return;
        SlideSpec spec = make_spec(slide, index, nullptr);
        spec.image = std::move(file);
        spec.image_url = slide.file.string();
        out.push_back(std::move(spec));
        return;
    }
    // The first `count` pictures in the folder's order that are ready: build() is pure, so
    // a rotation through a larger folder would be the caller's (or the folder's) business.
    size_t room = limit(slide.count);
    for (const Item* item : fresh_items(playlist, snapshot, slide, now)) {
        if (room == 0) break;
        std::string file = prepared(snapshot, item->image);
        if (file.empty()) continue;
        SlideSpec spec = make_spec(slide, index, item);
        spec.title = item->title;
        spec.image = std::move(file);
        spec.image_url = item->image;
        out.push_back(std::move(spec));
        --room;
    }
}

void build_reports(const BuildInput& input, const Slide& slide, int index, std::vector<SlideSpec>& out) {
    const auto& [playlist, snapshot, now] = input;
    auto items = fresh_items(playlist, snapshot, slide, now);
    // Newest first; undated items keep their feed order after the dated ones.
    std::stable_sort(items.begin(), items.end(), [](const Item* a, const Item* b) {
        if (a->published && b->published) return *a->published > *b->published;
        return a->published.has_value() && !b->published.has_value();
    });
    if (items.size() > limit(slide.count)) items.resize(limit(slide.count));
    for (const Item* item : items) {
        SlideSpec spec = make_spec(slide, index, item);
        spec.title = item->title;
        spec.text = item->text;
        spec.author = item->author;
        spec.published = item->published;
        spec.link = item->link;
        // A report is news even without its picture: shown now, with the picture once ready.
        spec.image = prepared(snapshot, item->image);
        if (!spec.image.empty()) spec.image_url = item->image;
        if (slide.qr && !item->link.empty()) spec.qr = item->link;
        out.push_back(std::move(spec));
    }
}

void build_events(const BuildInput& input, const Slide& slide, int index, std::vector<SlideSpec>& out) {
    const auto& [playlist, snapshot, now] = input;
    std::vector<const Item*> items;
    for (const Item* item : fresh_items(playlist, snapshot, slide, now)) {
        auto end = item_event_end(*item, playlist.display.zone);
        if (!end || *end <= now) continue;                  // over (or no date to place it)
        if (*item->starts >= now + slide.within) continue;  // too far ahead
        items.push_back(item);
    }
    std::stable_sort(items.begin(), items.end(), [](const Item* a, const Item* b) { return *a->starts < *b->starts; });
    if (items.size() > limit(slide.count)) items.resize(limit(slide.count));
    for (const Item* item : items) {
        SlideSpec spec = make_spec(slide, index, item);
        spec.title = item->title;
        spec.text = item->text;
        spec.place = item->place;
        spec.link = item->link;
        spec.starts = item->starts;
        spec.ends = item->ends;
        spec.all_day = item->all_day;
        spec.image = prepared(snapshot, item->image);
        if (!spec.image.empty()) spec.image_url = item->image;
        if (slide.qr && !item->link.empty()) spec.qr = item->link;
        out.push_back(std::move(spec));
    }
}

void build_messages(const BuildInput& input, const Slide& slide, int index, std::vector<SlideSpec>& out) {
    const auto& [playlist, snapshot, now] = input;
    auto items = fresh_items(playlist, snapshot, slide, now);
    if (items.size() > limit(slide.count)) items.resize(limit(slide.count));
    for (const Item* item : items) {
        // The item's title is what the feed called the comment ("Comment on ... by ..."):
        // not for the screen.
        SlideSpec spec = make_spec(slide, index, item);
        spec.text = item->text;
        spec.author = item->author;
        spec.place = item->place;
        out.push_back(std::move(spec));
    }
}

void build_text(const BuildInput&, const Slide& slide, int index, std::vector<SlideSpec>& out) {
    SlideSpec spec = make_spec(slide, index, nullptr);
    spec.title = slide.title;
    spec.text = slide.body;
    spec.bullets = slide.bullets;
    out.push_back(std::move(spec));
}

void build_donate(const BuildInput&, const Slide& slide, int index, std::vector<SlideSpec>& out) {
    SlideSpec spec = make_spec(slide, index, nullptr);
    spec.title = slide.title;
    spec.text = slide.body;
    spec.qr = slide.url;
    spec.link = slide.url;
    out.push_back(std::move(spec));
}

std::string event_live_words(const SlideSpec& event, SysTime now, const std::string& locale, const Zone& zone) {
    return countdown(event, now, locale, zone);
}

std::optional<SysTime> event_words_change_at(const SlideSpec& event, SysTime now, const Zone& zone) {
    return countdown_changes_at(event, now, zone);
}

std::optional<SysTime> event_leaves_at(const SlideSpec& event, const Zone& zone) {
    return event_end(event.starts, event.ends, event.all_day, zone);
}

namespace {

// The source's last good fetch, when that is longer ago than its stale_after.
std::optional<SysTime> stale_since(const config::Playlist& playlist, const content::Snapshot& snapshot,
                                   const std::string& source, SysTime now) {
    if (source.empty()) return std::nullopt;
    auto config = playlist.sources.find(source);
    auto state = snapshot.sources.find(source);
    if (config == playlist.sources.end() || !config->second.stale_after || state == snapshot.sources.end() ||
        !state->second.updated)
        return std::nullopt;
    if (now - *state->second.updated <= *config->second.stale_after) return std::nullopt;
    return state->second.updated;
}

}  // namespace

// Within max_age by published; events by their end; items without that date are kept.
// Each id once, so that slide ids stay unique.
std::vector<const Item*> fresh_items(const config::Playlist& playlist, const content::Snapshot& snapshot,
                                     const Slide& slide, SysTime now) {
    std::vector<const Item*> items;
    auto state = snapshot.sources.find(slide.source);
    if (state == snapshot.sources.end()) return items;
    std::optional<std::chrono::seconds> max_age;
    if (auto source = playlist.sources.find(slide.source); source != playlist.sources.end())
        max_age = source->second.max_age;
    // One source can feed several kinds of slide (a feed read as reports and as messages):
    // the worker keeps the items of each kind side by side, and a slide takes its own.
    if (!slide.kind->items) return items;
    const feeds::ItemKind wanted = *slide.kind->items;
    std::set<std::string> seen;
    for (const Item& item : state->second.items) {
        if (item.kind != wanted) continue;
        std::optional<SysTime> dated =
            wanted == feeds::ItemKind::event ? item_event_end(item, playlist.display.zone) : item.published;
        if (max_age && dated && now - *dated > *max_age) continue;
        if (!seen.insert(item.id).second) continue;
        items.push_back(&item);
    }
    return items;
}

std::vector<SlideSpec> build(const config::Playlist& playlist, const content::Snapshot& snapshot, SysTime now) {
    std::vector<SlideSpec> out;
    for (size_t i = 0; i < playlist.slides.size(); ++i) {
        const Slide& slide = playlist.slides[i];
        if (slide.when && !allows(*slide.when, now, playlist.display.zone)) continue;
        int index = static_cast<int>(i);
        size_t first = out.size();
        slide.kind->build(BuildInput{playlist, snapshot, now}, slide, index, out);
        const auto stale = stale_since(playlist, snapshot, slide.source, now);
        for (size_t k = first; k < out.size(); ++k) {
            out[k].duration = slide.duration ? *slide.duration : reading_time(out[k]);
            if (stale) out[k].stale_since = stale;  // else a kind's own (a web page's last picture)
        }
    }
    return out;
}

std::optional<size_t> next_index(const std::vector<SlideSpec>& slides, const std::string& current,
                                 int current_playlist_index) {
    if (slides.empty()) return std::nullopt;
    if (current.empty()) return 0;
    for (size_t i = 0; i < slides.size(); ++i)
        if (slides[i].id == current) return (i + 1) % slides.size();
    // The current slide is gone (its item dropped, the playlist edited): carry on from
    // where it stood in the playlist rather than starting over.
    for (size_t i = 0; i < slides.size(); ++i)
        if (slides[i].playlist_index > current_playlist_index) return i;
    return 0;
}

std::optional<ClockSlot> slot_at(const std::vector<SlideSpec>& slides, std::chrono::system_clock::time_point now) {
    using std::chrono::milliseconds;
    milliseconds turn{0};
    for (const SlideSpec& s : slides) turn += std::max<milliseconds>(s.duration, std::chrono::seconds(1));
    if (slides.empty() || turn.count() <= 0) return std::nullopt;
    const auto since_epoch = std::chrono::duration_cast<milliseconds>(now.time_since_epoch());
    milliseconds into{since_epoch.count() % turn.count()};
    if (into.count() < 0) into += turn;
    for (size_t i = 0; i < slides.size(); ++i) {
        const milliseconds length = std::max<milliseconds>(slides[i].duration, std::chrono::seconds(1));
        if (into < length) return ClockSlot{i, length - into};
        into -= length;
    }
    return ClockSlot{0, milliseconds(1)};  // not reached: `into` < turn
}

}  // namespace placard::schedule
