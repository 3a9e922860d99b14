#pragma once
// Which installed font has a character that the slide's font lacks, asked of fontconfig:
// its fonts in order of likeness to the slide's font, first (for emoji) the colour emoji
// fonts. Each answer is remembered. Main thread only.
#include <array>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

typedef struct _FcConfig FcConfig;
typedef struct _FcFontSet FcFontSet;
typedef struct _FcCharSet FcCharSet;

namespace placard::render {

struct FallbackFace {
    std::string file;
    bool embolden = false;  // asked for bold, found only a regular face: SDL_ttf thickens it
    int bitmap_px = 0;      // a bitmap font (colour emoji): the one size it has, else 0
};

class FontFallback {
public:
    // `family` is the slide's font, in fontconfig pattern syntax ("DejaVu Sans").
    explicit FontFallback(std::string family);
    ~FontFallback();
    FontFallback(const FontFallback&) = delete;
    FontFallback& operator=(const FontFallback&) = delete;

    // The font most like `family` at that weight that has `c`; nullopt if none has it.
    std::optional<FallbackFace> find(char32_t c, bool bold);
    // A colour emoji font that has `c`; nullopt if none is installed or none has it.
    std::optional<FallbackFace> find_emoji(char32_t c);

private:
    struct Candidate {
        FallbackFace face;
        FcCharSet* chars = nullptr;  // owned by the font set it came from
        bool color = false;
    };
    enum List { regular, bold, emoji };
    const std::vector<Candidate>& candidates(List list);
    std::optional<FallbackFace> search(List list, char32_t c, bool color_only);

    struct ConfigClose {
        void operator()(FcConfig* c) const noexcept;
    };
    struct SetClose {
        void operator()(FcFontSet* s) const noexcept;
    };

    std::string family_;
    std::unique_ptr<FcConfig, ConfigClose> config_;
    std::vector<std::unique_ptr<FcFontSet, SetClose>> sets_;
    std::array<std::optional<std::vector<Candidate>>, 3> lists_;
    std::unordered_map<char32_t, std::optional<FallbackFace>> found_[3];
};

}  // namespace placard::render
