#pragma once
// A kind of slide, as one row: its name in the playlist, its keys and how they are read,
// the items it shows, how its slides are built, how long they stay, how they are laid out
// and how the player runs them. The rows are in kinds/; every module below reaches a kind
// only through its row, so that a new kind is one file there and one line in its table.
#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "util/clock.hpp"
#include "util/time.hpp"

namespace placard::feeds {
enum class ItemKind;
}
namespace placard::schedule {
struct SlideSpec;
struct BuildInput;
}  // namespace placard::schedule
namespace placard::layout {
class Builder;
struct SlideContext;
struct Frame;
}  // namespace placard::layout

namespace placard::config {

struct Slide;
class SlideReader;

// How the player runs a slide: a still frame for its duration, or something that moves and
// says itself when it has ended (a clip).
enum class Playback { still, moving };

struct SlideKind {
    std::string_view name;          // in the playlist's "type", in `slides --json` and screenshots' names
    std::vector<std::string> keys;  // besides type, duration and when
    // The items its slides show, from a source the slide names; none: the slide is its own content.
    std::optional<feeds::ItemKind> items;
    // Reads the keys into `slide`, reporting problems to the reader's checker (the keys are
    // checked against `keys` before).
    void (*read)(SlideReader& reader, const nlohmann::json& value, const std::string& path, Slide& slide) = nullptr;
    // Appends the slides it shows now.
    void (*build)(const schedule::BuildInput& input, const Slide& slide, int index,
                  std::vector<schedule::SlideSpec>& out) = nullptr;
    layout::Frame (*layout)(const schedule::SlideSpec& slide, layout::Builder& builder,
                            const layout::SlideContext& context) = nullptr;
    // Its `file` is a picture or a document the worker prepares (fetched, decoded, scaled),
    // whose result the slides show from the snapshot.
    bool prepares_file = false;
    // ...and that file is a document (a PDF) whose every page is a slide: the worker
    // prepares them all. Elsewhere a document stands for a picture by its first page.
    bool whole_document = false;
    // Its `url` is a web page that the worker has the browser draw (web/browser.hpp), again
    // every `redraw`; the slides show the picture from the snapshot's web_pages.
    bool draws_page = false;
    double extra_seconds = 0;   // added to the reading time of its text (a date line to read)
    bool fills_screen = false;  // a picture edge to edge: quiet words on it need a ground
    Playback playback = Playback::still;
    // Words that change while the slide is up (a countdown, the time), and when they next
    // may: the player paints the slide again when they have changed. Null: none.
    std::string (*live_words)(const schedule::SlideSpec& slide, SysTime now, const std::string& locale,
                              const Zone& zone) = nullptr;
    std::optional<SysTime> (*words_change_at)(const schedule::SlideSpec& slide, SysTime now,
                                              const Zone& zone) = nullptr;
    // When the slide leaves the screen before its duration is up (an event that has ended).
    std::optional<SysTime> (*leaves_at)(const schedule::SlideSpec& slide, const Zone& zone) = nullptr;
};

using SlideKinds = std::span<const SlideKind* const>;

}  // namespace placard::config
