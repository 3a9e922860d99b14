// A web page as a slide: a campaign's live page (a fundraising thermometer, a petition's
// count, a map of the march), drawn to a picture at the screen's size by a headless browser
// in a process of its own (web/browser.hpp), on the worker's side, again every "redraw".
// The picture is kept in the cache: when the page cannot be drawn, the last one stays on
// screen, and says quietly since when, as a feed's slides do.
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
using namespace std::chrono_literals;

void read_web(config::SlideReader& reader, const Json& value, const std::string& path, config::Slide& slide) {
    config::Checker& checker = reader.checker();
    slide.fit = config::Fit::contain;  // drawn at the screen's size: shown whole
    if (const Json* v = config::Checker::member(value, "url"))
        slide.url = checker.read_url(*v, member_path(path, "url")).value_or("");
    else
        checker.at_value(path, "a web slide needs \"url\": the page to show, such as \"https://example.org/appeal\"");
    if (const Json* v = config::Checker::member(value, "wait"))
        slide.wait = checker.read_duration(*v, member_path(path, "wait"), 0s, 60s, "\"3s\"").value_or(slide.wait);
    if (const Json* v = config::Checker::member(value, "refresh"))
        slide.redraw =
            checker.read_duration(*v, member_path(path, "refresh"), 1min, 24h, "\"10m\"").value_or(slide.redraw);
    if (const Json* v = config::Checker::member(value, "fit")) {
        if (auto fit = checker.read_choice(*v, member_path(path, "fit"), "fit", {"cover", "contain"}))
            slide.fit = *fit == "contain" ? config::Fit::contain : config::Fit::cover;
    }
    if (const Json* v = config::Checker::member(value, "headers"))
        slide.headers =
            checker.resolve_path(*v, member_path(path, "headers"), "\"/etc/placard/web-login\"").value_or("");
}

// The page's last picture, once there is one; since when it is old, when the last try failed.
void build_web(const schedule::BuildInput& input, const config::Slide& slide, int index,
               std::vector<schedule::SlideSpec>& out) {
    const auto it = input.snapshot.web_pages.find(slide.url);
    if (it == input.snapshot.web_pages.end() || it->second.picture.file.empty()) return;
    const content::WebPageState& page = it->second;
    schedule::SlideSpec spec = schedule::make_spec(slide, index, nullptr);
    spec.image = page.picture.file;
    spec.image_url = slide.url;
    if (page.error && page.drawn) spec.stale_since = page.drawn;
    out.push_back(std::move(spec));
}

}  // namespace

const config::SlideKind web{
    .name = "web",
    .keys = {"url", "wait", "refresh", "headers", "fit"},
    .items = std::nullopt,
    .read = read_web,
    .build = build_web,
    .layout = layout::layout_image,
    .draws_page = true,
    .fills_screen = true,
};

}  // namespace placard::kinds
