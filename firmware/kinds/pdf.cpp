// A PDF poster, or a few pages of a leaflet: one slide per page, each page rendered for the
// screen by poppler on the worker thread (media/pdf.hpp) and kept in the picture cache;
// "pages" picks some ("1-3,5"). The file is next to the playlist or at a web address, which
// is fetched and kept like a picture: offline, the last pages prepared stay.
#include <charconv>

#include <fmt/format.h>

#include "config/load.hpp"
#include "config/slide_reader.hpp"
#include "kinds/kinds.hpp"
#include "layout/builder.hpp"
#include "schedule/schedule.hpp"

namespace placard::kinds {
namespace {

using config::Json;
using config::member_path;

constexpr int most_pages = 50;  // as content/pictures.cpp prepares at most

std::optional<int> page_number(std::string_view text) {
    int n = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc() || end != text.data() + text.size() || n < 1) return std::nullopt;
    return n;
}

// "1-3,5", " 2 ", or a number: ranges of pages from 1.
std::optional<std::vector<std::pair<int, int>>> parse_pages(std::string text) {
    std::erase(text, ' ');
    std::vector<std::pair<int, int>> ranges;
    size_t at = 0;
    while (at <= text.size()) {
        const size_t comma = std::min(text.find(',', at), text.size());
        const std::string_view part = std::string_view(text).substr(at, comma - at);
        const size_t dash = part.find('-');
        const auto first = page_number(part.substr(0, dash));
        const auto last = dash == std::string_view::npos ? first : page_number(part.substr(dash + 1));
        if (!first || !last || *last < *first) return std::nullopt;
        ranges.emplace_back(*first, *last);
        at = comma + 1;
    }
    return ranges;
}

void read_pdf(config::SlideReader& reader, const Json& value, const std::string& path, config::Slide& slide) {
    config::Checker& checker = reader.checker();
    slide.fit = config::Fit::contain;  // a poster is shown whole
    if (const Json* file = config::Checker::member(value, "file")) {
        const std::string at = member_path(path, "file");
        if (file->is_string() && config::is_web_address(file->get<std::string>())) {
            if (auto url = checker.read_url(*file, at)) slide.file = *url;
        } else if (file->is_string() && !file->get<std::string>().ends_with(".pdf") &&
                   !file->get<std::string>().ends_with(".PDF")) {
            checker.at_value(at, fmt::format("{} is not a PDF: give a .pdf file, or its web address", file->dump()));
        } else if (auto p = checker.read_path(*file, at, config::PathKind::file)) {
            slide.file = *p;
        }
    } else {
        checker.at_value(path,
                         "a pdf slide needs \"file\": a PDF next to the playlist, such as \"poster.pdf\", or "
                         "its web address");
    }
    if (const Json* v = config::Checker::member(value, "pages")) {
        const std::string at = member_path(path, "pages");
        std::optional<std::vector<std::pair<int, int>>> pages;
        if (v->is_number_integer() && v->get<long long>() >= 1 && v->get<long long>() <= most_pages)
            pages = std::vector<std::pair<int, int>>{{v->get<int>(), v->get<int>()}};
        else if (v->is_string())
            pages = parse_pages(v->get<std::string>());
        if (!pages)
            checker.at_value(at, fmt::format("{} is not a list of pages: write page numbers from 1 and ranges, such "
                                             "as \"1-3,5\"",
                                             v->dump()));
        else if (std::any_of(pages->begin(), pages->end(), [](const auto& r) { return r.second > most_pages; }))
            checker.at_value(at, fmt::format("{} goes past page {}: placard shows a PDF's first {} pages; split a "
                                             "longer one",
                                             v->dump(), most_pages, most_pages));
        else
            slide.pages = std::move(*pages);
    }
    if (const Json* v = config::Checker::member(value, "fit")) {
        if (auto fit = checker.read_choice(*v, member_path(path, "fit"), "fit", {"cover", "contain"}))
            slide.fit = *fit == "contain" ? config::Fit::contain : config::Fit::cover;
    }
}

bool wanted(const config::Slide& slide, int page) {
    if (slide.pages.empty()) return true;
    return std::any_of(slide.pages.begin(), slide.pages.end(),
                       [page](const auto& r) { return page >= r.first && page <= r.second; });
}

// The pages prepared so far, in their order, each once; none until the worker has them.
void build_pdf(const schedule::BuildInput& input, const config::Slide& slide, int index,
               std::vector<schedule::SlideSpec>& out) {
    const auto it = input.snapshot.pages.find(slide.file.string());
    if (it == input.snapshot.pages.end()) return;
    const auto& pages = it->second;
    for (size_t i = 0; i < pages.size(); ++i) {
        const int page = static_cast<int>(i) + 1;
        if (pages[i].file.empty() || !wanted(slide, page)) continue;
        schedule::SlideSpec spec = schedule::make_spec(slide, index, nullptr);
        spec.id += fmt::format(":page-{}", page);
        spec.image = pages[i].file;
        spec.image_url = fmt::format("{}#page={}", slide.file.string(), page);
        out.push_back(std::move(spec));
    }
}

}  // namespace

const config::SlideKind pdf{
    .name = "pdf",
    .keys = {"file", "pages", "fit"},
    .items = std::nullopt,
    .read = read_pdf,
    .build = build_pdf,
    .layout = layout::layout_image,
    .prepares_file = true,
    .whole_document = true,
    .fills_screen = true,
};

}  // namespace placard::kinds
