#include "kinds/kinds.hpp"

#include <algorithm>
#include <array>

#include "config/slide_reader.hpp"
#include "feeds/item.hpp"
#include "layout/builder.hpp"
#include "schedule/schedule.hpp"

namespace placard::kinds {

using feeds::ItemKind;

const config::SlideKind image{
    .name = "image",
    .keys = {"file", "source", "fit", "count"},
    .items = ItemKind::image,
    .read = config::read_image_slide,
    .build = schedule::build_images,
    .layout = layout::layout_image,
    .prepares_file = true,
    .fills_screen = true,
};

const config::SlideKind reports{
    .name = "reports",
    .keys = {"source", "count", "qr"},
    .items = ItemKind::report,
    .read = config::read_reports_slide,
    .build = schedule::build_reports,
    .layout = layout::layout_report,
};

const config::SlideKind events{
    .name = "events",
    .keys = {"source", "within", "count"},
    .items = ItemKind::event,
    .read = config::read_events_slide,
    .build = schedule::build_events,
    .layout = layout::layout_event,
    .extra_seconds = 2,  // the date line
    .live_words = schedule::event_live_words,
    .words_change_at = schedule::event_words_change_at,
    .leaves_at = schedule::event_leaves_at,
};

const config::SlideKind messages{
    .name = "messages",
    .keys = {"source", "count"},
    .items = ItemKind::message,
    .read = config::read_messages_slide,
    .build = schedule::build_messages,
    .layout = layout::layout_message,
};

const config::SlideKind text{
    .name = "text",
    .keys = {"title", "body", "bullets"},
    .items = std::nullopt,
    .read = config::read_text_slide,
    .build = schedule::build_text,
    .layout = layout::layout_text,
};

const config::SlideKind donate{
    .name = "donate",
    .keys = {"title", "body", "url"},
    .items = std::nullopt,
    .read = config::read_donate_slide,
    .build = schedule::build_donate,
    .layout = layout::layout_donate,
};

config::SlideKinds all() {
    static const std::array<const config::SlideKind*, 10> table = {
        &image, &pdf, &web, &reports, &events, &messages, &text, &donate, &clock, &video,
    };
    return table;
}

const config::SlideKind* find(std::string_view name) {
    const auto kinds = all();
    auto it = std::find_if(kinds.begin(), kinds.end(), [&](const config::SlideKind* k) { return k->name == name; });
    return it == kinds.end() ? nullptr : *it;
}

config::LoadResult load_playlist(std::string_view playlist, const std::filesystem::path& file) {
    return config::load_playlist(playlist, file, all());
}

config::LoadResult load_playlist_file(const std::filesystem::path& file) {
    return config::load_playlist_file(file, all());
}

}  // namespace placard::kinds
