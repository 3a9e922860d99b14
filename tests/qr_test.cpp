#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <string>

#include <qrencode.h>

#include "layout/qr.hpp"

using placard::layout::make_qr;
using placard::layout::QrCode;

namespace {

// A finder pattern: 7x7, a dark ring, a light ring, a dark 3x3 core; and the light
// separator around it (inside the symbol or in the quiet zone).
bool finder_at(const QrCode& qr, int left, int top) {
    for (int y = -1; y <= 7; ++y) {
        for (int x = -1; x <= 7; ++x) {
            const int ring = std::max(std::abs(x - 3), std::abs(y - 3));
            const bool want_dark = ring == 3 || ring <= 1;
            if (qr.dark(left + x, top + y) != want_dark) return false;
        }
    }
    return true;
}

}  // namespace

TEST_CASE("a donation link becomes a version 2 symbol of 25 by 25 modules") {
    auto qr = make_qr("https://example.org/donate");
    REQUIRE(qr);
    CHECK(qr->size == 25);
    CHECK(qr->modules.size() == 625u);

    // The same matrix as libqrencode's own 8-bit encoder at level M: nothing lost or
    // transposed on the way.
    std::unique_ptr<QRcode, decltype(&QRcode_free)> ref(
        QRcode_encodeString8bit("https://example.org/donate", 0, QR_ECLEVEL_M), &QRcode_free);
    REQUIRE(ref);
    CHECK(ref->version == 2);
    REQUIRE(ref->width == qr->size);
    int differences = 0;
    for (int y = 0; y < qr->size; ++y)
        for (int x = 0; x < qr->size; ++x)
            if (qr->dark(x, y) != ((ref->data[y * ref->width + x] & 1) != 0)) ++differences;
    CHECK(differences == 0);
}

TEST_CASE("one byte more than version 2 holds at level M takes version 3") {
    auto qr = make_qr("https://example.org/donate/");
    REQUIRE(qr);
    CHECK(qr->size == 29);
}

TEST_CASE("finder patterns stand at three corners and not at the fourth") {
    auto qr = make_qr("https://example.org/donate");
    REQUIRE(qr);
    const int far = qr->size - 7;
    CHECK(finder_at(*qr, 0, 0));
    CHECK(finder_at(*qr, far, 0));
    CHECK(finder_at(*qr, 0, far));
    CHECK_FALSE(finder_at(*qr, far, far));
}

TEST_CASE("the quiet zone around the matrix is light") {
    auto qr = make_qr("https://example.org/donate");
    REQUIRE(qr);
    REQUIRE(qr->dark(0, 0));
    CHECK_FALSE(qr->dark(-1, 0));
    CHECK_FALSE(qr->dark(0, -1));
    CHECK_FALSE(qr->dark(qr->size, 0));
    CHECK_FALSE(qr->dark(0, qr->size));
}

TEST_CASE("different texts give different matrices") {
    auto a = make_qr("https://example.org/donate");
    auto b = make_qr("https://example.org/events");
    REQUIRE(a);
    REQUIRE(b);
    REQUIRE(a->size == b->size);
    CHECK(a->modules != b->modules);
}

TEST_CASE("a NUL inside the text is encoded, not taken as its end") {
    using namespace std::string_literals;
    auto with_nul = make_qr("abc\0def"s);
    auto cut = make_qr("abc");
    REQUIRE(with_nul);
    REQUIRE(cut);
    CHECK(with_nul->modules != cut->modules);
}

TEST_CASE("empty text is an error") {
    auto qr = make_qr("");
    REQUIRE_FALSE(qr);
    CHECK(qr.error().what.find("needs a text") != std::string::npos);
}

TEST_CASE("text longer than the largest symbol holds is an error") {
    CHECK(make_qr(std::string(2331, 'a')));
    auto qr = make_qr(std::string(2332, 'a'));
    REQUIRE_FALSE(qr);
    CHECK(qr.error().what.find("too long") != std::string::npos);
    CHECK(qr.error().hint == "use a shorter link");
}
