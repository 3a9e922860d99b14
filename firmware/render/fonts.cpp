#include "render/fonts.hpp"

#include <algorithm>
#include <mutex>

#include <SDL_ttf.h>
#include <fmt/format.h>
#include <fontconfig/fontconfig.h>

#include "render/text_line.hpp"
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
    fonts->fallback_ = std::make_unique<FontFallback>(family);
    int hb_major = 0, hb_minor = 0, hb_patch = 0;
    TTF_GetHarfBuzzVersion(&hb_major, &hb_minor, &hb_patch);
    log::info("render", "fonts: {} and {}, shaped by HarfBuzz {}.{}.{}", fonts->regular_file_, fonts->bold_file_,
              hb_major, hb_minor, hb_patch);
    if (hb_major == 0)
        log::warning("render",
                     "this SDL_ttf was built without HarfBuzz: Arabic letters will not join, and "
                     "right-to-left text may run the wrong way (Debian's libsdl2-ttf has it)");
    return fonts;
}

namespace {
// SDL_ttf opens every face on one FreeType library, which may open and close faces on one
// thread at a time: the slides' painter and the strip each have their Fonts, on two threads.
std::mutex faces_mutex;
}  // namespace

Fonts::~Fonts() {
    std::lock_guard lock(faces_mutex);
    for (auto& [key, font] : open_)
        if (font) TTF_CloseFont(font);
    for (auto& [key, font] : faces_)
        if (font) TTF_CloseFont(font);
}

const std::string& Fonts::file(layout::Weight weight) const {
    return weight == layout::Weight::bold ? bold_file_ : regular_file_;
}

TTF_Font* Fonts::get(layout::Weight weight, int px) {
    px = std::clamp(px, 4, 1000);
    auto key = std::make_pair(static_cast<int>(weight), px);
    if (auto it = open_.find(key); it != open_.end()) return it->second;
    TTF_Font* font = nullptr;
    {
        std::lock_guard lock(faces_mutex);
        font = TTF_OpenFont(file(weight).c_str(), px);
    }
    if (!font && !open_.empty()) return open_.begin()->second;  // keep drawing with what we have
    if (font) TTF_SetFontHinting(font, TTF_HINTING_LIGHT);
    open_[key] = font;
    return font;
}

TTF_Font* Fonts::face(const FallbackFace& face, int px) {
    px = face.bitmap_px > 0 ? face.bitmap_px : std::clamp(px, 4, 1000);
    auto key = std::make_tuple(face.file, px, face.embolden);
    if (auto it = faces_.find(key); it != faces_.end()) return it->second;
    TTF_Font* font = nullptr;
    {
        std::lock_guard lock(faces_mutex);
        font = TTF_OpenFont(face.file.c_str(), px);
    }
    if (!font) {
        log::write_once(log::Level::warning, "render", "font:" + face.file,
                        fmt::format("cannot open the fallback font {} ({}); its characters show as boxes", face.file,
                                    TTF_GetError()));
    } else {
        TTF_SetFontHinting(font, TTF_HINTING_LIGHT);
        if (face.embolden) TTF_SetFontStyle(font, TTF_STYLE_BOLD);
    }
    faces_[key] = font;
    return font;
}

int Fonts::width(std::string_view text, layout::Weight weight, int px) {
    if (text.empty()) return 0;
    return shape_line(*this, text, weight, px).width;
}

int Fonts::line_height(layout::Weight weight, int px) {
    return TTF_FontLineSkip(get(weight, px));
}

}  // namespace placard::render
