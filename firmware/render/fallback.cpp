#include "render/fallback.hpp"

#include <fontconfig/fontconfig.h>

namespace placard::render {

void FontFallback::ConfigClose::operator()(FcConfig* c) const noexcept {
    FcConfigDestroy(c);
}
void FontFallback::SetClose::operator()(FcFontSet* s) const noexcept {
    FcFontSetDestroy(s);
}

FontFallback::FontFallback(std::string family) : family_(std::move(family)) {}

FontFallback::~FontFallback() = default;

const std::vector<FontFallback::Candidate>& FontFallback::candidates(List list) {
    auto& slot = lists_[list];
    if (slot) return *slot;
    slot.emplace();
    // Loaded when first needed: a hall whose messages are all in Latin never pays for it.
    if (!config_) config_.reset(FcInitLoadConfigAndFonts());
    if (!config_) return *slot;
    // "emoji" is the generic family that Debian's fontconfig maps to Noto Color Emoji.
    std::string pattern = list == emoji ? "emoji" : family_ + (list == bold ? ":bold" : ":style=Book");
    FcPattern* pat = FcNameParse(reinterpret_cast<const FcChar8*>(pattern.c_str()));
    if (!pat) return *slot;
    FcConfigSubstitute(config_.get(), pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult result = FcResultNoMatch;
    // Trimmed: a font that adds no character to those before it is left out.
    FcFontSet* set = FcFontSort(config_.get(), pat, FcTrue, nullptr, &result);
    FcPatternDestroy(pat);
    if (!set) return *slot;
    sets_.emplace_back(set);
    for (int i = 0; i < set->nfont; ++i) {
        FcPattern* font = set->fonts[i];
        Candidate c;
        FcChar8* file = nullptr;
        if (FcPatternGetString(font, FC_FILE, 0, &file) != FcResultMatch || !file) continue;
        if (FcPatternGetCharSet(font, FC_CHARSET, 0, &c.chars) != FcResultMatch || !c.chars) continue;
        c.face.file = reinterpret_cast<const char*>(file);
        FcBool color = FcFalse, outline = FcTrue;
        FcPatternGetBool(font, FC_COLOR, 0, &color);
        FcPatternGetBool(font, FC_OUTLINE, 0, &outline);
        c.color = color == FcTrue;
        if (!outline) {
            double size = 0;
            if (FcPatternGetDouble(font, FC_PIXEL_SIZE, 0, &size) == FcResultMatch && size > 0)
                c.face.bitmap_px = static_cast<int>(size + 0.5);
            else
                continue;  // a bitmap font with no size to open it at
        }
        int weight = FC_WEIGHT_REGULAR;
        FcPatternGetInteger(font, FC_WEIGHT, 0, &weight);
        c.face.embolden = list == bold && outline && weight < FC_WEIGHT_DEMIBOLD;
        slot->push_back(std::move(c));
    }
    return *slot;
}

std::optional<FallbackFace> FontFallback::search(List list, char32_t c, bool color_only) {
    auto& found = found_[list];
    if (auto it = found.find(c); it != found.end()) return it->second;
    std::optional<FallbackFace> face;
    for (const auto& candidate : candidates(list)) {
        if (color_only && !candidate.color) continue;
        if (FcCharSetHasChar(candidate.chars, c)) {
            face = candidate.face;
            break;
        }
    }
    found.emplace(c, face);
    return face;
}

std::optional<FallbackFace> FontFallback::find(char32_t c, bool bold_weight) {
    return search(bold_weight ? bold : regular, c, false);
}

std::optional<FallbackFace> FontFallback::find_emoji(char32_t c) {
    return search(emoji, c, true);
}

}  // namespace placard::render
