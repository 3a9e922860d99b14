#include "render/painter.hpp"

#include <algorithm>
#include <array>

#include <SDL.h>
#include <SDL_ttf.h>
#include <fmt/format.h>

#include "layout/qr.hpp"
#include "media/image.hpp"
#include "render/text_line.hpp"
#include "util/log.hpp"

namespace placard::render {
namespace {

// Frames are screen-sized (8 MB at 1080p) and one is painted a slide. Made fresh, each had
// its pages faulted in and zeroed: as much CPU as all the fades of a deck (perf, on the
// bench's deck). So the painter keeps the last two and paints over one that nobody holds
// any more: SDL counts a surface's references, and one that only this pool refers to is
// free. Every pixel is painted again (paint() fills the background first). Main thread.
Result<SurfacePtr> frame_surface(int width, int height) {
    static std::array<SDL_Surface*, 2> pool{};
    for (SDL_Surface* s : pool)
        if (s && s->refcount == 1 && s->w == width && s->h == height) {
            ++s->refcount;
            return SurfacePtr(s);
        }
    auto made = make_surface(width, height);
    if (!made) return made;
    for (SDL_Surface*& s : pool)
        if (!s || s->refcount == 1) {
            SDL_FreeSurface(s);  // a free one of another size
            s = made->get();
            ++s->refcount;
            break;
        }
    return made;
}

Uint32 map(const SDL_Surface* s, layout::Color c) {
    return SDL_MapRGBA(s->format, c.r, c.g, c.b, c.a);
}

SDL_Rect to_sdl(const layout::Rect& r) {
    return SDL_Rect{r.x, r.y, r.w, r.h};
}

// Fills with alpha blending (SDL_FillRect only replaces pixels).
void fill(SDL_Surface* dst, const layout::Rect& r, layout::Color c) {
    SDL_Rect rect = to_sdl(r);
    if (c.a == 255) {
        SDL_FillRect(dst, &rect, map(dst, c));
        return;
    }
    SurfacePtr layer(
        SDL_CreateRGBSurfaceWithFormat(0, std::max(1, r.w), std::max(1, r.h), 32, SDL_PIXELFORMAT_ARGB8888));
    if (!layer) return;
    SDL_FillRect(layer.get(), nullptr, map(layer.get(), c));
    SDL_SetSurfaceBlendMode(layer.get(), SDL_BLENDMODE_BLEND);
    SDL_BlitSurface(layer.get(), nullptr, dst, &rect);
}

void draw_text(SDL_Surface* dst, const layout::TextBlock& block, Fonts& fonts) {
    SDL_Color color{block.style.color.r, block.style.color.g, block.style.color.b, block.style.color.a};
    // Clip to the block's box: layout guarantees the fit, this guards the promise.
    SDL_Rect clip = to_sdl(block.box);
    SDL_SetClipRect(dst, &clip);
    int y = block.used.y;
    for (size_t i = 0; i < block.lines.size(); ++i) {
        const auto& line = block.lines[i];
        if (!line.empty()) {
            const auto direction = i < block.directions.size() ? block.directions[i] : layout::Direction::ltr;
            ShapedLine shaped = shape_line(fonts, line, block.style.weight, block.px, direction);
            int x = block.box.x;
            const layout::Align align = layout::line_align(block.style.align, direction);
            if (align != layout::Align::left) {
                int free = block.box.w - shaped.width;
                x += align == layout::Align::center ? free / 2 : free;
            }
            draw_line(dst, shaped, x, y, color);
        }
        y += block.line_height;
    }
    SDL_SetClipRect(dst, nullptr);
}

void draw_image(SDL_Surface* dst, const layout::ImageOp& op) {
    auto loaded = media::load_prepared(op.file);
    if (!loaded) {
        log::write_once(log::Level::warning, "render", "image:" + op.file, loaded.error().to_string());
        return;
    }
    SDL_Surface* src = loaded->get();
    if (src->w <= 0 || src->h <= 0 || op.rect.w <= 0 || op.rect.h <= 0) return;
    SDL_Rect from{0, 0, src->w, src->h};
    SDL_Rect to = to_sdl(op.rect);
    const double src_aspect = static_cast<double>(src->w) / src->h;
    const double dst_aspect = static_cast<double>(op.rect.w) / op.rect.h;
    if (op.fit == config::Fit::cover) {
        // Crop the picture to the box's shape, keeping its centre.
        if (src_aspect > dst_aspect) {
            from.w = std::max(1, static_cast<int>(src->h * dst_aspect));
            from.x = (src->w - from.w) / 2;
        } else {
            from.h = std::max(1, static_cast<int>(src->w / dst_aspect));
            from.y = (src->h - from.h) / 2;
        }
    } else {
        // Fit inside the box, centred.
        if (src_aspect > dst_aspect) {
            to.h = std::max(1, static_cast<int>(op.rect.w / src_aspect));
            to.y = op.rect.y + (op.rect.h - to.h) / 2;
        } else {
            to.w = std::max(1, static_cast<int>(op.rect.h * src_aspect));
            to.x = op.rect.x + (op.rect.w - to.w) / 2;
        }
    }
    if (from.w == to.w && from.h == to.h) {
        SDL_BlitSurface(src, &from, dst, &to);
    } else {
        SDL_SoftStretchLinear(src, &from, dst, &to);
    }
}

void draw_qr(SDL_Surface* dst, const layout::QrOp& op) {
    auto code = layout::make_qr(op.text);
    if (!code) {
        log::write_once(log::Level::warning, "render", "qr:" + op.text, code.error().to_string());
        return;
    }
    // White square with a quiet zone of four modules, as the standard asks.
    const int modules = code->size + 8;
    const int side = std::min(op.rect.w, op.rect.h);
    const int cell = std::max(1, side / modules);
    const int drawn = cell * modules;
    const int x0 = op.rect.x + (op.rect.w - drawn) / 2;
    const int y0 = op.rect.y + (op.rect.h - drawn) / 2;
    SDL_Rect back{x0, y0, drawn, drawn};
    SDL_FillRect(dst, &back, SDL_MapRGB(dst->format, 255, 255, 255));
    const Uint32 black = SDL_MapRGB(dst->format, 0, 0, 0);
    for (int y = 0; y < code->size; ++y) {
        for (int x = 0; x < code->size; ++x) {
            if (!code->dark(x, y)) continue;
            SDL_Rect m{x0 + (x + 4) * cell, y0 + (y + 4) * cell, cell, cell};
            SDL_FillRect(dst, &m, black);
        }
    }
}

}  // namespace

Result<SurfacePtr> make_surface(int width, int height) {
    SurfacePtr s(SDL_CreateRGBSurfaceWithFormat(0, width, height, 32, SDL_PIXELFORMAT_ARGB8888));
    if (!s) return Error{"render", fmt::format("cannot make a {}x{} surface: {}", width, height, SDL_GetError()), ""};
    return s;
}

Result<SurfacePtr> paint(const layout::Frame& frame, Fonts& fonts) {
    auto surface = frame_surface(frame.size.width, frame.size.height);
    if (!surface) return surface.error();
    SDL_Surface* dst = surface->get();
    SDL_FillRect(dst, nullptr, map(dst, frame.background));
    for (const auto& op : frame.ops) {
        if (auto* f = std::get_if<layout::FillOp>(&op))
            fill(dst, f->rect, f->color);
        else if (auto* t = std::get_if<layout::TextOp>(&op))
            draw_text(dst, t->block, fonts);
        else if (auto* i = std::get_if<layout::ImageOp>(&op))
            draw_image(dst, *i);
        else if (auto* q = std::get_if<layout::QrOp>(&op))
            draw_qr(dst, *q);
    }
    return surface;
}

}  // namespace placard::render
