#include "layout/text_fit.hpp"

#include <algorithm>

namespace placard::layout {
namespace {

constexpr std::string_view ellipsis = "\u2026";

// Length in bytes of the UTF-8 sequence that starts with `c` (1 for stray bytes, so
// that broken input still advances).
size_t sequence_length(unsigned char c) {
    if (c >= 0xF0) return 4;
    if (c >= 0xE0) return 3;
    if (c >= 0xC0) return 2;
    return 1;
}

std::vector<std::string_view> split_words(std::string_view line) {
    std::vector<std::string_view> words;
    size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
        size_t start = i;
        while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
        if (i > start) words.push_back(line.substr(start, i - start));
    }
    return words;
}

// Breaks a word that is wider than max_width between characters: as many characters
// per piece as fit (at least one, so that it always advances).
std::vector<std::string> break_word(TextMeasurer& m, std::string_view word, Weight weight, int px, int max_width) {
    std::vector<std::string> pieces;
    std::string piece;
    size_t i = 0;
    while (i < word.size()) {
        size_t n = std::min(sequence_length(static_cast<unsigned char>(word[i])), word.size() - i);
        std::string candidate = piece + std::string(word.substr(i, n));
        if (!piece.empty() && m.width(candidate, weight, px) > max_width) {
            pieces.push_back(piece);
            piece = std::string(word.substr(i, n));
        } else {
            piece = std::move(candidate);
        }
        i += n;
    }
    if (!piece.empty()) pieces.push_back(piece);
    return pieces;
}

void wrap_paragraph(TextMeasurer& m, std::string_view paragraph, Weight weight, int px, int max_width,
                    std::vector<std::string>& out) {
    std::string line;
    for (std::string_view word : split_words(paragraph)) {
        std::string candidate = line.empty() ? std::string(word) : line + " " + std::string(word);
        if (m.width(candidate, weight, px) <= max_width) {
            line = std::move(candidate);
            continue;
        }
        if (!line.empty()) out.push_back(std::move(line));
        line.clear();
        if (m.width(word, weight, px) <= max_width) {
            line = std::string(word);
        } else {
            auto pieces = break_word(m, word, weight, px, max_width);
            for (size_t i = 0; i + 1 < pieces.size(); ++i) out.push_back(pieces[i]);
            if (!pieces.empty()) line = pieces.back();
        }
    }
    if (!line.empty()) out.push_back(std::move(line));
}

bool fits(size_t lines, int line_height, const Rect& box, const TextStyle& style) {
    if (style.max_lines > 0 && lines > static_cast<size_t>(style.max_lines)) return false;
    return static_cast<long long>(lines) * line_height <= box.h;
}

// Drops words from the end of `line` until line + "…" fits.
std::string with_ellipsis(TextMeasurer& m, std::string line, Weight weight, int px, int max_width) {
    while (!line.empty()) {
        std::string candidate = line + std::string(ellipsis);
        if (m.width(candidate, weight, px) <= max_width) return candidate;
        size_t cut = line.find_last_of(' ');
        if (cut == std::string::npos) {
            // One long word: drop characters instead.
            size_t i = line.size();
            while (i > 0 && (static_cast<unsigned char>(line[i - 1]) & 0xC0) == 0x80) --i;
            line.erase(i > 0 ? i - 1 : 0);
        } else {
            line.erase(cut);
        }
    }
    return m.width(ellipsis, weight, px) <= max_width ? std::string(ellipsis) : std::string();
}

TextBlock finish(TextMeasurer& m, std::vector<std::string> lines, int px, const Rect& box, const TextStyle& style,
                 bool truncated) {
    TextBlock block;
    block.px = px;
    block.line_height = m.line_height(style.weight, px);
    block.box = box;
    block.style = style;
    block.truncated = truncated;
    int widest = 0;
    for (const auto& l : lines) widest = std::max(widest, m.width(l, style.weight, px));
    block.lines = std::move(lines);
    int x = box.x;
    if (style.align == Align::center) x = box.x + (box.w - widest) / 2;
    if (style.align == Align::right) x = box.right() - widest;
    block.used = {x, box.y, widest, static_cast<int>(block.lines.size()) * block.line_height};
    return block;
}

}  // namespace

std::vector<std::string> wrap(TextMeasurer& measurer, std::string_view text, Weight weight, int px, int max_width) {
    std::vector<std::string> lines;
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view paragraph = text.substr(start, end - start);
        size_t before = lines.size();
        wrap_paragraph(measurer, paragraph, weight, px, max_width, lines);
        // An empty paragraph between two others is kept as a blank line.
        if (lines.size() == before && end < text.size() && !lines.empty() && !lines.back().empty()) lines.emplace_back();
        start = end + 1;
    }
    while (!lines.empty() && lines.back().empty()) lines.pop_back();
    return lines;
}

TextBlock fit_text(TextMeasurer& measurer, std::string_view text, Rect box, const TextStyle& style) {
    const int max_px = std::max(style.max_px, 1);
    const int min_px = std::clamp(style.min_px, 1, max_px);
    auto lines_at = [&](int px) { return wrap(measurer, text, style.weight, px, box.w); };
    auto fits_at = [&](int px, const std::vector<std::string>& lines) {
        return fits(lines.size(), measurer.line_height(style.weight, px), box, style);
    };

    auto best = lines_at(max_px);
    if (fits_at(max_px, best)) return finish(measurer, std::move(best), max_px, box, style, false);

    // The number of lines only grows as the size grows, so the largest size that fits
    // can be found by bisection.
    int lo = min_px, hi = max_px - 1, found = 0;
    std::vector<std::string> found_lines;
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
    auto lines = lines_at(min_px);
    int lh = std::max(1, measurer.line_height(style.weight, min_px));
    size_t room = static_cast<size_t>(std::max(0, box.h / lh));
    if (style.max_lines > 0) room = std::min(room, static_cast<size_t>(style.max_lines));
    if (room < lines.size()) {
        lines.resize(room);
        if (!lines.empty()) lines.back() = with_ellipsis(measurer, lines.back(), style.weight, min_px, box.w);
    }
    return finish(measurer, std::move(lines), min_px, box, style, true);
}

}  // namespace placard::layout
