#include "render/text_line.hpp"

#include <algorithm>
#include <cmath>
#include <memory>

#include <SDL.h>
#include <SDL_ttf.h>
#include <fmt/format.h>
#include <unicode/ubidi.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include "media/sdl_ptr.hpp"
#include "render/fonts.hpp"
#include "util/log.hpp"

namespace placard::render {
namespace {

using layout::Direction;

struct BidiClose {
    void operator()(UBiDi* b) const noexcept { ubidi_close(b); }
};

bool ascii(std::string_view text) {
    for (unsigned char c : text)
        if (c >= 0x80) return false;
    return true;
}

// The line's code points, where each starts in the UTF-8 and in the UTF-16 that ICU's
// bidi algorithm reads.
struct Decoded {
    std::vector<UChar32> code_points;
    std::vector<size_t> byte_at;
    std::vector<int32_t> unit_at;
    std::vector<UChar> utf16;
};

Decoded decode(std::string_view text) {
    Decoded d;
    const auto* s = reinterpret_cast<const uint8_t*>(text.data());
    const auto n = static_cast<int32_t>(text.size());
    int32_t i = 0;
    while (i < n) {
        const int32_t start = i;
        UChar32 c = 0;
        U8_NEXT(s, i, n, c);
        if (c < 0) c = 0xFFFD;
        d.code_points.push_back(c);
        d.byte_at.push_back(static_cast<size_t>(start));
        d.unit_at.push_back(static_cast<int32_t>(d.utf16.size()));
        if (U_IS_BMP(c)) {
            d.utf16.push_back(static_cast<UChar>(c));
        } else {
            d.utf16.push_back(U16_LEAD(c));
            d.utf16.push_back(U16_TRAIL(c));
        }
    }
    return d;
}

// Emoji presentation (UTS #51): a character shown as emoji by default, or any asked for
// with VS16 or given a skin tone; VS15 asks for text.
bool wants_emoji(const UChar32* c, size_t n) {
    bool asked = false;
    for (size_t i = 0; i < n; ++i) {
        if (c[i] == 0xFE0E) return false;
        if (c[i] == 0xFE0F || u_hasBinaryProperty(c[i], UCHAR_EMOJI_MODIFIER)) asked = true;
    }
    return asked || u_hasBinaryProperty(c[0], UCHAR_EMOJI_PRESENTATION);
}

// Whether `font` has every visible character of a cluster (joiners and variation
// selectors draw nothing, so fonts need not have them).
bool covers(TTF_Font* font, const UChar32* c, size_t n) {
    for (size_t i = 0; i < n; ++i) {
        if (u_hasBinaryProperty(c[i], UCHAR_DEFAULT_IGNORABLE_CODE_POINT)) continue;
        if (!TTF_GlyphIsProvided32(font, static_cast<Uint32>(c[i]))) return false;
    }
    return true;
}

struct Choice {
    TTF_Font* font = nullptr;
    double scale = 1;
};

Choice fallback_font(Fonts& fonts, const FallbackFace& face, TTF_Font* primary, int px) {
    TTF_Font* font = fonts.face(face, px);
    if (!font) return {};
    double scale = 1;
    if (face.bitmap_px > 0) scale = static_cast<double>(TTF_FontHeight(primary)) / std::max(1, TTF_FontHeight(font));
    return {font, scale};
}

// The slide's font if it has the cluster, else the closest installed font that does;
// an emoji comes from a colour emoji font when there is one.
Choice choose_font(Fonts& fonts, layout::Weight weight, int px, TTF_Font* primary, const UChar32* c, size_t n) {
    if (wants_emoji(c, n)) {
        if (auto face = fonts.fallback().find_emoji(static_cast<char32_t>(c[0]))) {
            if (Choice e = fallback_font(fonts, *face, primary, px); e.font) return e;
        }
    }
    if (covers(primary, c, n)) return {primary, 1};
    if (auto face = fonts.fallback().find(static_cast<char32_t>(c[0]), weight == layout::Weight::bold)) {
        // A font that will not open has been logged by Fonts::face: draw boxes.
        Choice f = fallback_font(fonts, *face, primary, px);
        return f.font ? f : Choice{primary, 1};
    }
    UErrorCode status = U_ZERO_ERROR;
    const UScriptCode script = uscript_getScript(c[0], &status);
    const char* name = U_SUCCESS(status) ? uscript_getName(script) : "these";
    log::write_once(log::Level::warning, "render", fmt::format("glyphs:{}", name),
                    fmt::format("no installed font has {} characters (such as U+{:04X}): they show as boxes; "
                                "install a font that has them (fonts-noto-core covers most scripts)",
                                name, static_cast<unsigned>(c[0])));
    return {primary, 1};
}

// Han, kana and bopomofo mix in one line of Japanese or Chinese and shape alike.
UScriptCode script_group(UScriptCode s) {
    switch (s) {
        case USCRIPT_HIRAGANA:
        case USCRIPT_KATAKANA:
        case USCRIPT_KATAKANA_OR_HIRAGANA:
        case USCRIPT_BOPOMOFO:
            return USCRIPT_HAN;
        default:
            return s;
    }
}

struct Cluster {
    size_t begin = 0, end = 0;  // bytes
    Choice font;
    UBiDiLevel level = 0;
    UScriptCode script = USCRIPT_INVALID_CODE;  // until resolved from its neighbours
};

// Spaces, digits, punctuation and marks take the script of the letters around them, so
// that "سلام!" is one run.
void resolve_scripts(std::vector<Cluster>& clusters) {
    UScriptCode last = USCRIPT_INVALID_CODE;
    for (auto& c : clusters) {
        if (c.script == USCRIPT_INVALID_CODE)
            c.script = last;
        else
            last = c.script;
    }
    last = USCRIPT_LATIN;
    for (auto it = clusters.rbegin(); it != clusters.rend(); ++it) {
        if (it->script == USCRIPT_INVALID_CODE)
            it->script = last;
        else
            last = it->script;
    }
}

void measure(TextRun& run) {
    TTF_SetFontDirection(run.font, run.direction == Direction::rtl ? TTF_DIRECTION_RTL : TTF_DIRECTION_LTR);
    TTF_SetFontScriptName(run.font, run.script.c_str());
    int w = 0, h = 0;
    if (TTF_SizeUTF8(run.font, run.text.c_str(), &w, &h) != 0) w = 0;
    run.width = static_cast<int>(std::lround(w * run.scale));
    run.ascent = static_cast<int>(std::lround(TTF_FontAscent(run.font) * run.scale));
}

}  // namespace

ShapedLine shape_line(Fonts& fonts, std::string_view text, layout::Weight weight, int px,
                      std::optional<Direction> paragraph) {
    ShapedLine line;
    TTF_Font* primary = fonts.get(weight, px);
    line.ascent = TTF_FontAscent(primary);
    if (text.empty()) return line;
    if (ascii(text)) {
        // Most lines: Latin in the slide's font, left to right, with no ICU in the way.
        TextRun run;
        run.text = std::string(text);
        run.font = primary;
        measure(run);
        line.width = run.width;
        line.runs.push_back(std::move(run));
        return line;
    }

    const Decoded d = decode(text);
    const auto units = static_cast<int32_t>(d.utf16.size());
    std::vector<UBiDiLevel> levels(d.utf16.size(), paragraph == Direction::rtl ? 1 : 0);
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<UBiDi, BidiClose> bidi(ubidi_openSized(units, 0, &status));
    if (U_SUCCESS(status)) {
        const UBiDiLevel para =
            !paragraph ? UBIDI_DEFAULT_LTR : static_cast<UBiDiLevel>(*paragraph == Direction::rtl ? 1 : 0);
        ubidi_setPara(bidi.get(), d.utf16.data(), units, para, nullptr, &status);
        const UBiDiLevel* found = U_SUCCESS(status) ? ubidi_getLevels(bidi.get(), &status) : nullptr;
        if (found && U_SUCCESS(status)) levels.assign(found, found + units);
    }

    // A font, a level and a script per grapheme cluster, so that a cluster (a letter and
    // its marks, an emoji and its modifiers) is never split between two runs.
    std::vector<Cluster> clusters;
    const auto starts = layout::cluster_offsets(text);
    size_t cp = 0;
    for (size_t k = 0; k < starts.size(); ++k) {
        Cluster c;
        c.begin = starts[k];
        c.end = k + 1 < starts.size() ? starts[k + 1] : text.size();
        while (cp < d.byte_at.size() && d.byte_at[cp] < c.begin) ++cp;
        size_t last = cp;
        while (last < d.byte_at.size() && d.byte_at[last] < c.end) ++last;
        if (last == cp) continue;
        const UChar32* first = d.code_points.data() + cp;
        c.font = choose_font(fonts, weight, px, primary, first, last - cp);
        c.level = levels[static_cast<size_t>(d.unit_at[cp])];
        UErrorCode script_status = U_ZERO_ERROR;
        UScriptCode script = uscript_getScript(*first, &script_status);
        if (U_SUCCESS(script_status) && script != USCRIPT_COMMON && script != USCRIPT_INHERITED)
            c.script = script_group(script);
        clusters.push_back(c);
        cp = last;
    }
    resolve_scripts(clusters);

    // Runs in logical order, then in the order they are seen (UAX #9 L2, done on runs).
    std::vector<Cluster> runs;
    for (const auto& c : clusters) {
        if (!runs.empty()) {
            Cluster& r = runs.back();
            if (r.font.font == c.font.font && r.font.scale == c.font.scale && r.level == c.level &&
                r.script == c.script) {
                r.end = c.end;
                continue;
            }
        }
        runs.push_back(c);
    }
    std::vector<UBiDiLevel> run_levels;
    run_levels.reserve(runs.size());
    for (const auto& r : runs) run_levels.push_back(r.level);
    std::vector<int32_t> order(runs.size());
    ubidi_reorderVisual(run_levels.data(), static_cast<int32_t>(runs.size()), order.data());

    for (int32_t logical : order) {
        const Cluster& r = runs[static_cast<size_t>(logical)];
        TextRun run;
        run.text = std::string(text.substr(r.begin, r.end - r.begin));
        run.font = r.font.font;
        run.scale = r.font.scale;
        run.direction = (r.level & 1) ? Direction::rtl : Direction::ltr;
        run.script = uscript_getShortName(r.script);
        measure(run);
        line.width += run.width;
        line.runs.push_back(std::move(run));
    }
    return line;
}

void draw_line(SDL_Surface* dst, const ShapedLine& line, int x, int y, const SDL_Color& color) {
    for (const auto& run : line.runs) {
        TTF_SetFontDirection(run.font, run.direction == Direction::rtl ? TTF_DIRECTION_RTL : TTF_DIRECTION_LTR);
        TTF_SetFontScriptName(run.font, run.script.c_str());
        SurfacePtr rendered(TTF_RenderUTF8_Blended(run.font, run.text.c_str(), color));
        if (rendered && run.scale != 1) {
            const int w = std::max(1, static_cast<int>(std::lround(rendered->w * run.scale)));
            const int h = std::max(1, static_cast<int>(std::lround(rendered->h * run.scale)));
            SurfacePtr scaled(SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, rendered->format->format));
            if (scaled && SDL_SoftStretchLinear(rendered.get(), nullptr, scaled.get(), nullptr) == 0)
                rendered = std::move(scaled);
            else
                rendered.reset();
        }
        if (rendered) {
            SDL_SetSurfaceBlendMode(rendered.get(), SDL_BLENDMODE_BLEND);
            SDL_Rect at{x, y + line.ascent - run.ascent, rendered->w, rendered->h};
            SDL_BlitSurface(rendered.get(), nullptr, dst, &at);
        }
        x += run.width;
    }
}

}  // namespace placard::render
