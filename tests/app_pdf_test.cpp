// PDF posters as organizers use them: a PDF next to the playlist or at a web address, a
// slide for each page ("pages" picks some), prepared once into the cache and shown from it
// offline; a locked or broken PDF named with the fix while the other slides play on.
#include <doctest/doctest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "support/pdfs.hpp"
#include "support/placard_process.hpp"
#include "support/test_support.hpp"

using namespace placard;
using Json = nlohmann::json;
using test::quote;

namespace {

// `placard slides --json`: one JSON object a line, after the log's lines.
std::vector<Json> listed(const std::string& output) {
    std::vector<Json> list;
    std::istringstream in(output);
    std::string line;
    while (std::getline(in, line))
        if (line.rfind('{', 0) == 0) list.push_back(Json::parse(line));
    return list;
}

std::vector<std::string> urls_of(const std::vector<Json>& slides) {
    std::vector<std::string> urls;
    urls.reserve(slides.size());
    for (const Json& s : slides) urls.push_back(s.value("image_url", ""));
    return urls;
}

}  // namespace

TEST_CASE(
    "a pdf slide shows a page each, or the pages asked for, and a locked or broken PDF is named while the "
    "rest plays") {
    test::TempDir dir;
    test::make_pdf(
        dir.path(), "leaflet.pdf",
        {{595, 842, "#c81e1e", "The strike"}, {595, 842, "#1e8c3c", "Our demands"}, {595, 842, "#1e3cc8", "Join us"}});
    test::locked_pdf(dir / "leaflet.pdf", dir / "locked.pdf");
    const std::string bytes = test::read_file(dir / "leaflet.pdf");
    test::write_file(dir / "broken.pdf", bytes.substr(0, bytes.size() / 2));
    test::write_file(dir / "hall.json", R"({ "version": 1, "slides": [
        { "type": "pdf", "file": "leaflet.pdf" },
        { "type": "pdf", "file": "leaflet.pdf", "pages": "1, 3" },
        { "type": "pdf", "file": "locked.pdf" },
        { "type": "pdf", "file": "broken.pdf" },
        { "type": "text", "title": "Our aims", "body": "Fair pay for every shift." } ] })");
    const auto run = test::run_placard("slides " + quote((dir / "hall.json").string()) + " --json --cache " +
                                       quote((dir / "cache").string()));
    INFO(run.output);
    REQUIRE(run.status == 0);
    const auto slides = listed(run.output);
    const std::string leaflet = (dir / "leaflet.pdf").string();
    CHECK(urls_of(slides) == std::vector<std::string>{leaflet + "#page=1", leaflet + "#page=2", leaflet + "#page=3",
                                                      leaflet + "#page=1", leaflet + "#page=3", ""});
    CHECK(slides.back()["type"] == "text");
    for (size_t i = 0; i < 5; ++i) CHECK(std::filesystem::exists(slides[i]["image"].get<std::string>()));
    CHECK(run.output.find("locked.pdf: the PDF is locked with a password; save a copy without a password") !=
          std::string::npos);
    CHECK(run.output.find("broken.pdf: the PDF cannot be read: it is damaged or cut short") != std::string::npos);

    // A mistake in "pages" is told by check, with the place and what to write.
    test::write_file(dir / "bad.json", R"({ "version": 1, "slides": [
        { "type": "pdf", "file": "leaflet.pdf", "pages": "3-1" },
        { "type": "pdf", "file": "leaflet.pdf", "pages": "1-80" },
        { "type": "pdf", "file": "leaflet.docx" } ] })");
    const auto check = test::run_placard("check " + quote((dir / "bad.json").string()));
    INFO(check.output);
    CHECK(check.status != 0);
    CHECK(check.output.find("$.slides[0].pages") != std::string::npos);
    CHECK(check.output.find("is not a list of pages") != std::string::npos);
    CHECK(check.output.find("goes past page 50") != std::string::npos);
    CHECK(check.output.find("is not a PDF") != std::string::npos);
}

TEST_CASE("a PDF at a web address is fetched once, and its pages stay on screen when the server is gone") {
    test::TempDir dir, site;
    test::make_pdf(site.path(), "poster.pdf", {{842, 595, "#c81e1e", "March on Saturday"}, {595, 842}});
    test::TestServer server(site.path());
    test::make_pdf(site.path(), "report.pdf", {{595, 842, "#1e3cc8", "Annual report"}, {}, {}, {}, {}, {}});
    test::write_file(dir / "hall.json", R"({ "version": 1, "slides": [
        { "type": "pdf", "file": ")" + server.url("poster.pdf") +
                                            R"(", "pages": 1 },
        { "type": "image", "file": ")" + server.url("report.pdf") +
                                            R"(" } ] })");
    const std::string slides =
        "slides " + quote((dir / "hall.json").string()) + " --json --cache " + quote((dir / "cache").string());
    const auto first = test::run_placard(slides);
    INFO(first.output);
    REQUIRE(first.status == 0);
    // A PDF where a picture is wanted stands for one by its first page, which alone is drawn.
    CHECK(urls_of(listed(first.output)) ==
          std::vector<std::string>{server.url("poster.pdf") + "#page=1", server.url("report.pdf")});
    CHECK(first.output.find("report.pdf: 1 page ready") != std::string::npos);
    CHECK(server.stats("/poster.pdf").count == 1);

    server.stop();
    const auto offline = test::run_placard(slides + " --offline");
    INFO(offline.output);
    REQUIRE(offline.status == 0);
    const auto kept = listed(offline.output);
    REQUIRE(kept.size() == 2);
    CHECK(kept[0]["image"] == listed(first.output)[0]["image"]);
    CHECK(kept[1]["image"] == listed(first.output)[1]["image"]);
}
