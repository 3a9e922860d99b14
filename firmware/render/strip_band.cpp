#include "render/strip_band.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <SDL.h>

#include "render/painter.hpp"
#include "render/text_line.hpp"
#include "util/utf8.hpp"

namespace placard::render {
namespace {

// A headline longer than this (in letters) is cut at a word, with "…": one of 300 letters would take a minute to pass.
constexpr std::size_t longest_headline = 160;

Uint32 map(const SDL_Surface* s, layout::Color c) {
    return SDL_MapRGBA(s->format, c.r, c.g, c.b, 255);
}

SDL_Color sdl(layout::Color c) {
    return SDL_Color{c.r, c.g, c.b, 255};
}

// One line: the words of a feed may hold line breaks and runs of spaces.
std::string one_line(const std::string& words) {
    std::string out;
    bool space = false;
    for (char c : words) {
        if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += c;
    }
    return cut_at_word(out, longest_headline);
}

}  // namespace

StripBand::StripBand(Fonts& fonts, layout::Size size, const layout::Theme& theme)
    : fonts_(fonts), size_(size), theme_(theme) {
    px_ = std::max(8, static_cast<int>(std::lround(size.height * 0.5)));
    if (auto made = make_surface(std::max(1, size.width), std::max(1, size.height))) band_ = std::move(*made);
    if (band_) SDL_SetSurfaceBlendMode(band_.get(), SDL_BLENDMODE_NONE);
}

StripBand::~StripBand() = default;

StripBand::Piece StripBand::piece(const std::string& words, layout::Weight weight, layout::Color ink,
                                  layout::Color ground) {
    Piece p;
    const ShapedLine line = shape_line(fonts_, words, weight, px_);
    const int gap = px_;  // the space between pieces, as wide as the words are high
    p.width = line.width + gap;
    const int h = fonts_.line_height(weight, px_);
    auto made = make_surface(std::max(1, p.width), std::max(1, h));
    if (!made) return {};
    p.pixels = std::move(*made);
    SDL_FillRect(p.pixels.get(), nullptr, map(p.pixels.get(), ground));
    draw_line(p.pixels.get(), line, gap / 2, 0, sdl(ink));
    SDL_SetSurfaceBlendMode(p.pixels.get(), SDL_BLENDMODE_NONE);
    return p;
}

bool StripBand::set_clock(const std::string& date, const std::string& time) {
    if (date == date_ && time == time_) return false;
    date_ = date;
    time_ = time;
    clock_ = {};
    if (date.empty() && time.empty()) return true;
    const ShapedLine d = shape_line(fonts_, date, layout::Weight::regular, px_);
    const ShapedLine t = shape_line(fonts_, time, layout::Weight::bold, px_);
    const int pad = px_ / 2, gap = date.empty() ? 0 : px_ / 2;
    clock_.width = pad + d.width + gap + t.width + pad;
    auto made = make_surface(std::max(1, clock_.width), std::max(1, size_.height));
    if (!made) return true;
    clock_.pixels = std::move(*made);
    SDL_FillRect(clock_.pixels.get(), nullptr, map(clock_.pixels.get(), theme_.accent));
    const int y = (size_.height - fonts_.line_height(layout::Weight::bold, px_)) / 2;
    draw_line(clock_.pixels.get(), d, pad, y, sdl(theme_.on_accent));
    draw_line(clock_.pixels.get(), t, pad + d.width + gap, y, sdl(theme_.on_accent));
    SDL_SetSurfaceBlendMode(clock_.pixels.get(), SDL_BLENDMODE_NONE);
    return true;
}

bool StripBand::set_headlines(const std::vector<std::string>& headlines) {
    if (headlines == (has_pending_ ? pending_ : headlines_)) return false;
    pending_ = headlines;
    has_pending_ = true;
    // Nothing running yet, or standing still: the new ones come at once.
    if (pieces_.empty() || !moving()) take_pending();
    return true;
}

void StripBand::take_pending() {
    if (!has_pending_) return;
    has_pending_ = false;
    headlines_ = std::move(pending_);
    pending_.clear();
    pieces_.clear();
    rebase_ = true;
    for (const std::string& h : headlines_) {
        const std::string line = one_line(h);
        if (line.empty()) continue;
        pieces_.push_back(piece(line + "  \u2022", layout::Weight::regular, theme_.text, theme_.panel));
    }
}

bool StripBand::set_banner(const std::string& banner) {
    if (banner == banner_) return false;
    banner_ = banner;
    banner_piece_ =
        banner.empty() ? Piece{} : piece(one_line(banner), layout::Weight::bold, {255, 255, 255, 255}, theme_.accent);
    rebase_ = true;
    return true;
}

int StripBand::ticker_width() const {
    return std::max(0, size_.width - clock_.width);
}

long long StripBand::pass() const {
    if (!banner_.empty()) return std::max(1, banner_piece_.width);
    return std::max(1LL, std::accumulate(pieces_.begin(), pieces_.end(), 0LL,
                                         [](long long sum, const Piece& p) { return sum + p.width; }));
}

bool StripBand::moving() const {
    return ticker_width() > 0 && pass() > ticker_width() && (!banner_.empty() || !pieces_.empty());
}

const SDL_Surface& StripBand::draw(long long offset) {
    auto along = [&] { return (((offset - base_) % pass()) + pass()) % pass(); };
    // New headlines take over where a pass begins again, and run from their start.
    if (has_pending_ && (along() < last_offset_ || !moving())) take_pending();
    if (rebase_) {
        base_ = offset;
        rebase_ = false;
    }
    const long long at = along();
    last_offset_ = at;
    SDL_Surface* band = band_.get();
    const bool banner = !banner_.empty();
    SDL_FillRect(band, nullptr, map(band, banner ? theme_.accent : theme_.panel));
    const int width = ticker_width();
    const SDL_Rect area{0, 0, width, size_.height};
    SDL_SetClipRect(band, &area);
    std::vector<const Piece*> run;
    if (banner)
        run.push_back(&banner_piece_);
    else
        for (const Piece& p : pieces_) run.push_back(&p);
    if (!run.empty()) {
        const int total = static_cast<int>(pass());
        const bool moves = moving();
        long long x = moves ? -at : (width - total) / 2;
        // Round the pieces again until the area is full: the words run on without a gap.
        for (bool first = true; x < width && (first || moves); first = false)
            for (const Piece* p : run) {
                if (p->pixels && x + p->width > 0 && x < width) {
                    SDL_Rect to{static_cast<int>(x), (size_.height - p->pixels->h) / 2, p->width, p->pixels->h};
                    SDL_BlitSurface(p->pixels.get(), nullptr, band, &to);
                }
                x += p->width;
                if (x >= width) break;
            }
    }
    SDL_SetClipRect(band, nullptr);
    if (clock_.pixels) {
        SDL_Rect to{width, 0, clock_.width, size_.height};
        SDL_BlitSurface(clock_.pixels.get(), nullptr, band, &to);
    }
    return *band;
}

}  // namespace placard::render
