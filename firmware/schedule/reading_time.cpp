#include <algorithm>
#include <cmath>
#include <string_view>

#include "schedule/schedule.hpp"

namespace placard::schedule {
namespace {

// An audience in a hall reads at a glance pace, slower than at a desk, and first needs a
// moment to notice that the slide changed.
constexpr double settle_seconds = 6.0;
constexpr double words_per_second = 3.5;
constexpr double extra_seconds = 2.0;  // a QR code to point a phone at, a picture
constexpr double shortest_seconds = 8.0;
constexpr double longest_seconds = 30.0;

size_t count_words(std::string_view text) {
    size_t words = 0;
    bool in_word = false;
    for (char c : text) {
        bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
        if (!space && !in_word) ++words;
        in_word = !space;
    }
    return words;
}

}  // namespace

std::chrono::seconds reading_time(const SlideSpec& slide) {
    size_t words =
        count_words(slide.title) + count_words(slide.text) + count_words(slide.author) + count_words(slide.place);
    for (const auto& bullet : slide.bullets) words += count_words(bullet);
    double seconds = settle_seconds + static_cast<double>(words) / words_per_second;
    if (!slide.qr.empty()) seconds += extra_seconds;
    if (!slide.image.empty()) seconds += extra_seconds;
    if (slide.kind) seconds += slide.kind->extra_seconds;
    seconds = std::clamp(seconds, shortest_seconds, longest_seconds);
    return std::chrono::seconds(std::lround(seconds));
}

}  // namespace placard::schedule
