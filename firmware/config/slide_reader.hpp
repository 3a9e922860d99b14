#pragma once
// Reading one slide of the playlist: the keys every slide has (type, duration, when) here,
// the keys of its kind through the kind's row (config/slide_kind.hpp), which may use the
// readers below for what kinds share.
#include <optional>
#include <string>
#include <string_view>

#include "config/checker.hpp"
#include "config/playlist.hpp"
#include "config/sections.hpp"
#include "config/slide_kind.hpp"

namespace placard::config {

class SlideReader {
public:
    SlideReader(Checker& checker, const SourceTypes& sources, SlideKinds kinds)
        : checker_(checker), sources_(sources), kinds_(kinds) {}

    std::optional<Slide> read(const Json& value, const std::string& path);

    Checker& checker() { return checker_; }
    // A slide's "source": it must name a source of the type the slide shows (any feed for
    // a feed slide, a folder for pictures).
    void read_source(const Json& value, const std::string& path, std::string_view slide_name, SourceType needed,
                     Slide& slide);
    // "source" (needed) and "count" (1 to 20) of a slide that shows a feed's items.
    void read_feed(const Json& value, const std::string& path, std::string_view slide_name, Slide& slide,
                   int default_count);

    // The kind of slide named so; null when this playlist's kinds have none.
    const SlideKind* find(std::string_view name) const;

private:
    std::string key_elsewhere(const SlideKind& here, const std::string& key) const;

    Checker& checker_;
    const SourceTypes& sources_;
    SlideKinds kinds_;
};

// "an image", "a reports": for messages that name a slide or source type.
const char* article(std::string_view name);

// The kinds placard started with read their keys here (their rows are in kinds/kinds.cpp).
void read_image_slide(SlideReader& reader, const Json& value, const std::string& path, Slide& slide);
void read_reports_slide(SlideReader& reader, const Json& value, const std::string& path, Slide& slide);
void read_events_slide(SlideReader& reader, const Json& value, const std::string& path, Slide& slide);
void read_messages_slide(SlideReader& reader, const Json& value, const std::string& path, Slide& slide);
void read_text_slide(SlideReader& reader, const Json& value, const std::string& path, Slide& slide);
void read_donate_slide(SlideReader& reader, const Json& value, const std::string& path, Slide& slide);

}  // namespace placard::config
