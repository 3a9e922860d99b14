#pragma once
// Colours that a hall can read from 15 metres: strong contrast, one accent.
#include <string_view>

#include "layout/geometry.hpp"

namespace placard::layout {

struct Theme {
    Color background;
    Color panel;  // a surface a little apart from the background
    Color text;
    Color muted;      // secondary text: dates, places, status
    Color accent;     // the campaign's colour: kickers, date tiles, countdowns
    Color on_accent;  // text drawn on the accent
};

// "dark" (default) or "light"; an unknown name gives "dark" (the loader has already
// rejected it, so this only guards).
Theme theme_named(std::string_view name);

}  // namespace placard::layout
