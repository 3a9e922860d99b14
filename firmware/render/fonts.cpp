#include "render/fonts.hpp"

#include <algorithm>

#include <SDL_ttf.h>
#include <fontconfig/fontconfig.h>
#include <fmt/format.h>

#include "util/log.hpp"

namespace placard::render {

std::string find_font_file(const std::string& pattern) {
    FcConfig* config = FcInitLoadConfigAndFonts();
    if (!config) return {};
    std::string found;
    FcPattern* pat = FcNameParse(reinterpret_cast<const FcChar8*>(pattern.c_str()));
    if (pat) {
        FcConfigSubstitute(config, pat, FcMatchPattern);
        FcDefaultSubstitute(pat);
        FcResult result = FcResultNoMatch;
        FcPattern* match = FcFontMatch(config, pat, &result);
        if (match) {
            FcChar8* file = nullptr;
            if (FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch && file)
                found = reinterpret_cast<const char*>(file);
            FcPatternDestroy(match);
        }
        FcPatternDestroy(pat);
    }
    FcConfigDestroy(config);
    return found;
}

Result<std::unique_ptr<Fonts>> Fonts::open(const std::string& family) {
    std::unique_ptr<Fonts> fonts(new Fonts);
    fonts->regular_file_ = find_font_file(family + ":style=Book");
    if (fonts->regular_file_.empty()) fonts->regular_file_ = find_font_file("sans-serif");
    fonts->bold_file_ = find_font_file(family + ":bold");
    if (fonts->bold_file_.empty()) fonts->bold_file_ = fonts->regular_file_;
    if (fonts->regular_file_.empty())
        return Error{"fontconfig", "no font found", "install fonts-dejavu-core (apt-get install fonts-dejavu-core)"};
    // Open one size now, so that a broken font file fails here and not mid-show.
    if (!fonts->get(layout::Weight::regular, 24) || !fonts->get(layout::Weight::bold, 24))
        return Error{fonts->regular_file_, fmt::format("cannot open the font ({})", TTF_GetError()),
                     "reinstall fonts-dejavu-core"};
    log::info("render", "fonts: {} and {}", fonts->regular_file_, fonts->bold_file_);
    return fonts;
}

Fonts::~Fonts() {
    for (auto& [key, font] : open_)
        if (font) TTF_CloseFont(font);
}

const std::string& Fonts::file(layout::Weight weight) const {
    return weight == layout::Weight::bold ? bold_file_ : regular_file_;
}

TTF_Font* Fonts::get(layout::Weight weight, int px) {
    px = std::clamp(px, 4, 1000);
    auto key = std::make_pair(static_cast<int>(weight), px);
    if (auto it = open_.find(key); it != open_.end()) return it->second;
    TTF_Font* font = TTF_OpenFont(file(weight).c_str(), px);
    if (!font && !open_.empty()) return open_.begin()->second;  // keep drawing with what we have
    if (font) TTF_SetFontHinting(font, TTF_HINTING_LIGHT);
    open_[key] = font;
    return font;
}

int Fonts::width(std::string_view text, layout::Weight weight, int px) {
    if (text.empty()) return 0;
    int w = 0, h = 0;
    std::string s(text);
    if (TTF_SizeUTF8(get(weight, px), s.c_str(), &w, &h) != 0) return 0;
    return w;
}

int Fonts::line_height(layout::Weight weight, int px) { return TTF_FontLineSkip(get(weight, px)); }

}  // namespace placard::render
