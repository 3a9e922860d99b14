#pragma once
// Fonts found through fontconfig (Debian's DejaVu or Noto), opened with SDL_ttf at each
// size as it is asked for, with the fallback fonts for what they lack, and the
// TextMeasurer that layout uses (measuring shaped text, see text_line.hpp). Main thread only.
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>

#include "layout/text_fit.hpp"
#include "render/fallback.hpp"
#include "util/result.hpp"

typedef struct _TTF_Font TTF_Font;

namespace placard::render {

class Fonts final : public layout::TextMeasurer {
public:
    // Looks up the regular and bold faces of `family` (fontconfig pattern syntax), falling
    // back to what fontconfig offers for "sans-serif".
    static Result<std::unique_ptr<Fonts>> open(const std::string& family = "DejaVu Sans");
    ~Fonts() override;
    Fonts(const Fonts&) = delete;
    Fonts& operator=(const Fonts&) = delete;

    // Never null once open() succeeded (sizes are clamped to 4..1000 px).
    TTF_Font* get(layout::Weight weight, int px);
    const std::string& file(layout::Weight weight) const;
    // A fallback font at `px` (a bitmap font at its one size), opened once and kept.
    // Null if it cannot be opened (logged once).
    TTF_Font* face(const FallbackFace& face, int px);
    FontFallback& fallback() { return *fallback_; }

    int width(std::string_view text, layout::Weight weight, int px) override;
    int line_height(layout::Weight weight, int px) override;

private:
    Fonts() = default;
    std::string regular_file_;
    std::string bold_file_;
    std::map<std::pair<int, int>, TTF_Font*> open_;                  // (weight, px) -> font
    std::map<std::tuple<std::string, int, bool>, TTF_Font*> faces_;  // (file, px, embolden) -> font
    std::unique_ptr<FontFallback> fallback_;
};

// The file fontconfig picks for a pattern such as "DejaVu Sans:bold"; empty if none.
std::string find_font_file(const std::string& pattern);

}  // namespace placard::render
