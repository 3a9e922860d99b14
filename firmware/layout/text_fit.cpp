#include "layout/text_fit.hpp"

#include <algorithm>

namespace placard::layout {
namespace {

constexpr std::string_view ellipsis = "\u2026";

struct Wrapped {
    std::vector<std::string> lines;
    std::vector<Direction> directions;  // one per line
};

// Runs of spaces and tabs become one space, leading and trailing ones go: wrapping then
// only ever has single spaces to break at, and a line never starts or ends with one.
std::string collapse_spaces(std::string_view paragraph) {
    std::string out;
    out.reserve(paragraph.size());
    bool space = false;
    for (char c : paragraph) {
        if (c == ' ' || c == '\t') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

std::string_view trim_end(std::string_view s) {
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return s;
}

// Breaks a word that is wider than max_width between grapheme clusters: as many per
// piece as fit (at least one, so that it always advances).
std::vector<std::string> break_word(TextMeasurer& m, std::string_view word, Weight weight, int px, int max_width) {
    std::vector<std::string> pieces;
    std::string piece;
    auto starts = cluster_offsets(word);
    for (size_t k = 0; k < starts.size(); ++k) {
        size_t end = k + 1 < starts.size() ? starts[k + 1] : word.size();
        std::string_view cluster = word.substr(starts[k], end - starts[k]);
        std::string candidate = piece + std::string(cluster);
        if (!piece.empty() && m.width(candidate, weight, px) > max_width) {
            pieces.push_back(piece);
            piece = std::string(cluster);
        } else {
            piece = std::move(candidate);
        }
    }
    if (!piece.empty()) pieces.push_back(piece);
    return pieces;
}

// Greedy: each line takes as many of the pieces between break opportunities as fit.
void wrap_paragraph(TextMeasurer& m, std::string_view raw, Weight weight, int px, int max_width,
                    std::vector<std::string>& out) {
    const std::string paragraph = collapse_spaces(raw);
    const std::string_view text = paragraph;
    std::string line;  // may end in a space, which is not measured
    size_t from = 0;
    for (size_t to : line_break_offsets(text)) {
        std::string_view piece = text.substr(from, to - from);
        from = to;
        std::string candidate = line + std::string(piece);
        if (m.width(trim_end(candidate), weight, px) <= max_width) {
            line = std::move(candidate);
            continue;
        }
        if (!trim_end(line).empty()) out.emplace_back(trim_end(line));
        line.clear();
        if (m.width(trim_end(piece), weight, px) <= max_width) {
            line = std::string(piece);
        } else {
            auto pieces = break_word(m, trim_end(piece), weight, px, max_width);
            for (size_t i = 0; i + 1 < pieces.size(); ++i) out.push_back(pieces[i]);
            if (!pieces.empty()) line = pieces.back() + (piece.back() == ' ' ? " " : "");
        }
    }
    if (!trim_end(line).empty()) out.emplace_back(trim_end(line));
}

Wrapped wrap_lines(TextMeasurer& measurer, std::string_view text, Weight weight, int px, int max_width) {
    Wrapped w;
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view paragraph = text.substr(start, end - start);
        size_t before = w.lines.size();
        wrap_paragraph(measurer, paragraph, weight, px, max_width, w.lines);
        // An empty paragraph between two others is kept as a blank line.
        if (w.lines.size() == before && end < text.size() && !w.lines.empty() && !w.lines.back().empty())
            w.lines.emplace_back();
        w.directions.resize(w.lines.size(), paragraph_direction(paragraph));
        start = end + 1;
    }
    while (!w.lines.empty() && w.lines.back().empty()) w.lines.pop_back();
    w.directions.resize(w.lines.size());
    return w;
}

bool fits(size_t lines, int line_height, const Rect& box, const TextStyle& style) {
    if (style.max_lines > 0 && lines > static_cast<size_t>(style.max_lines)) return false;
    return static_cast<long long>(lines) * line_height <= box.h;
}

// Drops words (or, in a line with no spaces, grapheme clusters) from the end of `line`
// until line + "…" fits.
std::string with_ellipsis(TextMeasurer& m, std::string line, Weight weight, int px, int max_width) {
    while (!line.empty()) {
        std::string candidate = line + std::string(ellipsis);
        if (m.width(candidate, weight, px) <= max_width) return candidate;
        size_t cut = line.find_last_of(' ');
        if (cut == std::string::npos) {
            auto starts = cluster_offsets(line);
            line.erase(starts.empty() ? 0 : starts.back());
        } else {
            line.erase(cut);
        }
    }
    return m.width(ellipsis, weight, px) <= max_width ? std::string(ellipsis) : std::string();
}

TextBlock finish(TextMeasurer& m, Wrapped wrapped, int px, const Rect& box, const TextStyle& style, bool truncated) {
    TextBlock block;
    block.px = px;
    block.line_height = m.line_height(style.weight, px);
    block.box = box;
    block.style = style;
    block.truncated = truncated;
    // `used` spans every line where it is drawn: a right-to-left line may sit at the other edge.
    int left = box.right(), right = box.x;
    for (size_t i = 0; i < wrapped.lines.size(); ++i) {
        const int w = m.width(wrapped.lines[i], style.weight, px);
        int x = box.x;
        const Align align = line_align(style.align, wrapped.directions[i]);
        if (align == Align::center) x = box.x + (box.w - w) / 2;
        if (align == Align::right) x = box.right() - w;
        left = std::min(left, x);
        right = std::max(right, x + w);
    }
    if (left > right) left = right = box.x;
    block.lines = std::move(wrapped.lines);
    block.directions = std::move(wrapped.directions);
    block.used = {left, box.y, right - left, static_cast<int>(block.lines.size()) * block.line_height};
    return block;
}

}  // namespace

Align line_align(Align align, Direction direction) {
    if (direction == Direction::ltr || align == Align::center) return align;
    return align == Align::left ? Align::right : Align::left;
}

std::vector<std::string> wrap(TextMeasurer& measurer, std::string_view text, Weight weight, int px, int max_width) {
    return wrap_lines(measurer, text, weight, px, max_width).lines;
}

TextBlock fit_text(TextMeasurer& measurer, std::string_view text, Rect box, const TextStyle& style) {
    const int max_px = std::max(style.max_px, 1);
    const int min_px = std::clamp(style.min_px, 1, max_px);
    auto lines_at = [&](int px) { return wrap_lines(measurer, text, style.weight, px, box.w); };
    auto fits_at = [&](int px, const Wrapped& wrapped) {
        return fits(wrapped.lines.size(), measurer.line_height(style.weight, px), box, style);
    };

    auto best = lines_at(max_px);
    if (fits_at(max_px, best)) return finish(measurer, std::move(best), max_px, box, style, false);

    // The number of lines only grows as the size grows, so the largest size that fits
    // can be found by bisection.
    int lo = min_px, hi = max_px - 1, found = 0;
    Wrapped found_lines;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        auto lines = lines_at(mid);
        if (fits_at(mid, lines)) {
            found = mid;
            found_lines = std::move(lines);
            lo = mid + 1;
        } else {
            hi = mid - 1;
        }
    }
    if (found > 0) return finish(measurer, std::move(found_lines), found, box, style, false);

    // Too much text even at the smallest size: keep what fits, end with an ellipsis.
    auto wrapped = lines_at(min_px);
    auto& lines = wrapped.lines;
    int lh = std::max(1, measurer.line_height(style.weight, min_px));
    size_t room = static_cast<size_t>(std::max(0, box.h / lh));
    if (style.max_lines > 0) room = std::min(room, static_cast<size_t>(style.max_lines));
    if (room < lines.size()) {
        lines.resize(room);
        wrapped.directions.resize(room);
        if (!lines.empty()) lines.back() = with_ellipsis(measurer, lines.back(), style.weight, min_px, box.w);
    }
    return finish(measurer, std::move(wrapped), min_px, box, style, true);
}

}  // namespace placard::layout
