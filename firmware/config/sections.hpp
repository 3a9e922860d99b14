#pragma once
// The parts of a playlist, each checked by its own reader. They report every problem to
// the Checker and return what they could read; load.cpp puts the parts together.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "config/checker.hpp"
#include "config/playlist.hpp"

namespace placard::config {

// $.display
Display read_display(Checker& checker, const Json& value, const std::string& path);

// $.sources. Every name written is in `types`, mapped to its type when that could be read,
// so that slides naming a source with a mistake in it are not blamed a second time.
struct SourceTypes {
    std::map<std::string, std::optional<SourceType>> types;
};
std::map<std::string, Source> read_sources(Checker& checker, const Json& value, const std::string& path,
                                           SourceTypes& types);

// $.slides[N].when
std::optional<When> read_when(Checker& checker, const Json& value, const std::string& path);

// $.display.hours: the spans of the week when the screen is on.
std::vector<When> read_screen_hours(Checker& checker, const Json& value, const std::string& path);

// $.slides
// $.display.strip's "ticker" (a source), "show" (reports or events) and "count": read as
// the slide that would show them; none without a ticker.
std::optional<Slide> read_strip_ticker(Checker& checker, const Json& strip, const std::string& path,
                                       const SourceTypes& sources, SlideKinds kinds);

std::vector<Slide> read_slides(Checker& checker, const Json& value, const std::string& path, const SourceTypes& sources,
                               SlideKinds kinds);

}  // namespace placard::config
