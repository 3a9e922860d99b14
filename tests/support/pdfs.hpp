#pragma once
// PDFs made in the test, as designers' tools make them: pages drawn as SVG and written as
// a PDF by Debian's rsvg-convert (cairo), then turned or locked with a password by qpdf;
// and one cut short, as a download that broke off.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "support/test_support.hpp"

namespace placard::test {

// A page of `width` x `height` points, one colour, with a word in white at its top left.
struct PdfPage {
    int width = 595, height = 842;  // A4, upright
    std::string colour = "#c81e1e";
    std::string words = "Strike rally";
};

inline std::string shell_word(const std::filesystem::path& path) {
    return "'" + path.string() + "'";
}

// Runs a command of the test's tools; its output is shown when it fails.
inline void pdf_tool(const std::string& command) {
    std::string out;
    const int status = run_command(command + " 2>&1", &out);
    INFO(command);
    INFO(out);
    REQUIRE(status == 0);
}

inline std::filesystem::path make_pdf(const std::filesystem::path& dir, const std::string& name,
                                      const std::vector<PdfPage>& pages) {
    std::string svgs;
    for (size_t i = 0; i < pages.size(); ++i) {
        const PdfPage& p = pages[i];
        const auto svg = dir / (name + "-" + std::to_string(i + 1) + ".svg");
        write_file(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(p.width) +
                            "\" height=\"" + std::to_string(p.height) +
                            "\"><rect width=\"100%\" height=\"100%\" fill=\"" + p.colour +
                            "\"/><text x=\"40\" y=\"90\" font-size=\"48\" fill=\"white\" " +
                            "font-family=\"DejaVu Sans\">" + p.words + "</text></svg>\n");
        svgs += " " + shell_word(svg);
    }
    auto pdf = dir / name;
    pdf_tool("rsvg-convert -f pdf -o " + shell_word(pdf) + svgs);
    return pdf;
}

// The same PDF with page `page` turned a quarter clockwise (its /Rotate, as a reader turns it).
inline std::filesystem::path turned_pdf(const std::filesystem::path& from, const std::filesystem::path& to, int page) {
    pdf_tool("qpdf --rotate=+90:" + std::to_string(page) + " " + shell_word(from) + " " + shell_word(to));
    return to;
}

// Locked: it opens only with the password (AES-256).
inline std::filesystem::path locked_pdf(const std::filesystem::path& from, const std::filesystem::path& to) {
    pdf_tool("qpdf --encrypt secret secret 256 -- " + shell_word(from) + " " + shell_word(to));
    return to;
}

}  // namespace placard::test
