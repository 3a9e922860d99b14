#include "config/suggest.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <cctype>

namespace placard::config {
namespace {

// Optimal string alignment distance: Levenshtein plus transpositions of neighbours.
std::size_t edit_distance(const std::string& a, const std::string& b) {
    const std::size_t n = a.size(), m = b.size();
    std::vector<std::vector<std::size_t>> d(n + 1, std::vector<std::size_t>(m + 1));
    for (std::size_t i = 0; i <= n; ++i) d[i][0] = i;
    for (std::size_t j = 0; j <= m; ++j) d[0][j] = j;
    for (std::size_t i = 1; i <= n; ++i) {
        for (std::size_t j = 1; j <= m; ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[n][m];
}

}  // namespace

std::optional<std::string> nearest_name(std::string_view wrong, const std::vector<std::string>& candidates) {
    const std::string w = lower(wrong);
    // Short names tolerate one slip, longer ones two: beyond that a suggestion is a guess.
    const std::size_t limit = w.size() <= 4 ? 1 : 2;
    std::optional<std::string> best;
    std::size_t best_distance = limit + 1;
    for (const auto& candidate : candidates) {
        const std::size_t d = edit_distance(w, lower(candidate));
        if (d < best_distance && d < std::max(w.size(), candidate.size())) {
            best = candidate;
            best_distance = d;
        }
    }
    return best;
}

std::string join_names(const std::vector<std::string>& names, std::string_view separator) {
    std::string out;
    for (const auto& name : names) {
        if (!out.empty()) out += separator;
        out += name;
    }
    return out;
}

}  // namespace placard::config
