#include "layout/segments.hpp"

#include <memory>

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

namespace placard::layout {
namespace {

struct BreakIteratorClose {
    void operator()(UBreakIterator* b) const noexcept { ubrk_close(b); }
};
using BreakIterator = std::unique_ptr<UBreakIterator, BreakIteratorClose>;

bool ascii(std::string_view text) {
    for (unsigned char c : text)
        if (c >= 0x80) return false;
    return true;
}

// Opening an iterator compiles ICU's rules (tens of microseconds) and wrapping measures
// thousands of candidate lines, so each thread keeps one of each kind.
UBreakIterator* iterator(UBreakIteratorType type) {
    thread_local BreakIterator line, character;
    BreakIterator& slot = type == UBRK_LINE ? line : character;
    if (!slot) {
        UErrorCode status = U_ZERO_ERROR;
        slot.reset(ubrk_open(type, "", nullptr, 0, &status));
        if (U_FAILURE(status)) slot.reset();
    }
    return slot.get();
}

// The boundaries ICU finds in `text`, offsets in bytes; empty if ICU cannot say.
std::vector<size_t> boundaries(UBreakIteratorType type, std::string_view text) {
    std::vector<size_t> out;
    UBreakIterator* it = iterator(type);
    if (!it) return out;
    UErrorCode status = U_ZERO_ERROR;
    UText* ut = utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status);
    if (U_FAILURE(status)) return out;
    ubrk_setUText(it, ut, &status);
    if (U_SUCCESS(status)) {
        for (int32_t at = ubrk_first(it); at != UBRK_DONE; at = ubrk_next(it)) out.push_back(static_cast<size_t>(at));
    }
    // The iterator keeps a pointer to the text: point it at an empty one before it goes.
    static const UChar nothing[1] = {0};
    UErrorCode reset = U_ZERO_ERROR;
    ubrk_setText(it, nothing, 0, &reset);
    utext_close(ut);
    return out;
}

}  // namespace

std::vector<size_t> line_break_offsets(std::string_view text) {
    std::vector<size_t> out;
    if (text.empty()) return out;
    out = boundaries(UBRK_LINE, text);
    if (!out.empty() && out.front() == 0) out.erase(out.begin());
    if (out.empty() || out.back() != text.size()) out.push_back(text.size());
    return out;
}

std::vector<size_t> cluster_offsets(std::string_view text) {
    std::vector<size_t> out;
    if (ascii(text)) {
        for (size_t i = 0; i < text.size(); ++i)
            if (!(text[i] == '\n' && i > 0 && text[i - 1] == '\r')) out.push_back(i);
        return out;
    }
    out = boundaries(UBRK_CHARACTER, text);
    if (!out.empty() && out.back() == text.size()) out.pop_back();
    if (out.empty() && !text.empty()) {
        // No ICU answer: fall back to code points, which at least never split a sequence.
        for (size_t i = 0; i < text.size(); ++i)
            if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) out.push_back(i);
    }
    return out;
}

Direction paragraph_direction(std::string_view text) {
    int isolates = 0;  // P2: what an isolate (LRI, RLI, FSI ... PDI) holds does not count
    int32_t i = 0;
    const auto* s = reinterpret_cast<const uint8_t*>(text.data());
    const auto n = static_cast<int32_t>(text.size());
    while (i < n) {
        UChar32 c = 0;
        U8_NEXT(s, i, n, c);
        if (c < 0) continue;
        switch (u_charDirection(c)) {
            case U_LEFT_TO_RIGHT_ISOLATE:
            case U_RIGHT_TO_LEFT_ISOLATE:
            case U_FIRST_STRONG_ISOLATE:
                ++isolates;
                break;
            case U_POP_DIRECTIONAL_ISOLATE:
                if (isolates > 0) --isolates;
                break;
            case U_LEFT_TO_RIGHT:
                if (isolates == 0) return Direction::ltr;
                break;
            case U_RIGHT_TO_LEFT:
            case U_RIGHT_TO_LEFT_ARABIC:
                if (isolates == 0) return Direction::rtl;
                break;
            default:
                break;
        }
    }
    return Direction::ltr;
}

}  // namespace placard::layout
