#include <doctest/doctest.h>

#include <chrono>
#include <csetjmp>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include <SDL.h>
#include <fmt/format.h>
#include <png.h>

#include "media/encode.hpp"
#include "media/image.hpp"
#include "media/jpeg_decode.hpp"
#include "media/jpeg_end.hpp"
#include "media/scale.hpp"
#include "support/pdfs.hpp"
#include "support/test_support.hpp"

using namespace placard;
using media::Dimensions;
using media::SdlImagePreparer;
using test::data_path;
using test::read_file;

namespace {

std::string fixture(const std::string& name) {
    return read_file(data_path("media/" + name));
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

struct Rgba {
    int r, g, b, a;
};

Rgba pixel(const SDL_Surface& s, int x, int y) {
    REQUIRE(s.format->format == SDL_PIXELFORMAT_ARGB8888);
    const auto* row = reinterpret_cast<const uint32_t*>(static_cast<const unsigned char*>(s.pixels) + y * s.pitch);
    const uint32_t p = row[x];
    return {int(p >> 16 & 0xFF), int(p >> 8 & 0xFF), int(p & 0xFF), int(p >> 24)};
}

// JPEG moves colours a little; the fixtures use only fully saturated ones.
bool near(Rgba got, Rgba want, int tolerance = 40) {
    return std::abs(got.r - want.r) <= tolerance && std::abs(got.g - want.g) <= tolerance &&
           std::abs(got.b - want.b) <= tolerance && std::abs(got.a - want.a) <= tolerance;
}

constexpr Rgba red{255, 0, 0, 255}, lime{0, 255, 0, 255}, blue{0, 0, 255, 255}, yellow{255, 255, 0, 255};

bool is_jpeg_file(const std::string& bytes) {
    return bytes.rfind("\xFF\xD8\xFF", 0) == 0;
}
bool is_png_file(const std::string& bytes) {
    return bytes.rfind("\x89PNG\r\n\x1A\n", 0) == 0;
}

void png_append(png_structp png, png_bytep data, size_t n) {
    static_cast<std::string*>(png_get_io_ptr(png))->append(reinterpret_cast<const char*>(data), n);
}
void png_no_flush(png_structp) {}

// A PNG that is all header: signature, a real IHDR (libpng computes its CRC) claiming
// width x height, and the start of an IDAT chunk, where the pixels would begin.
std::string png_header_only(png_uint_32 width, png_uint_32 height) {
    std::string out;
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
    png_infop info = png_create_info_struct(png);
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        return {};
    }
    png_set_write_fn(png, &out, png_append, png_no_flush);
    png_set_IHDR(png, info, width, height, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                 PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    const png_byte some_pixels[8] = {0x78, 0x9C, 0, 0, 0, 0, 0, 0};
    png_write_chunk(png, reinterpret_cast<png_const_bytep>("IDAT"), some_pixels, sizeof some_pixels);
    png_destroy_write_struct(&png, &info);
    return out;
}

// 4000x3000, a camera's photo: a 1-pixel black and white checkerboard (the worst case
// for aliasing: its right reduction is an even grey) with a red block top left. JPEG at
// quality 100 keeps the checkerboard and encodes much faster than PNG.
const std::string& large_photo() {
    static const std::string bytes = [] {
        SurfacePtr s(SDL_CreateRGBSurfaceWithFormat(0, 4000, 3000, 32, SDL_PIXELFORMAT_ARGB8888));
        REQUIRE(s);
        std::vector<uint32_t> rows[2];
        for (int parity = 0; parity < 2; ++parity)
            for (int x = 0; x < s->w; ++x) rows[parity].push_back((x + parity) % 2 ? 0xFFFFFFFFu : 0xFF000000u);
        for (int y = 0; y < s->h; ++y)
            std::memcpy(static_cast<unsigned char*>(s->pixels) + y * s->pitch, rows[y % 2].data(), 4 * 4000);
        SDL_Rect corner{0, 0, 400, 300};
        SDL_FillRect(s.get(), &corner, 0xFFFF0000u);
        auto jpeg = media::encode_jpeg(*s, 100);
        REQUIRE(jpeg);
        return *jpeg;
    }();
    return bytes;
}

struct Prepared {
    content::PreparedImage image;
    std::string bytes;
    SurfacePtr surface;
};

Prepared prepare_ok(SdlImagePreparer& preparer, const std::string& bytes, const test::TempDir& dir,
                    const std::string& name = "picture") {
    const auto out = (dir / (name + "." + preparer.variant())).string();
    auto prepared = preparer.prepare(bytes, "https://example.org/" + name, out);
    if (!prepared) FAIL(prepared.error().to_string());
    CHECK(prepared->file == out);
    auto loaded = media::load_prepared(out);
    if (!loaded) FAIL(loaded.error().to_string());
    CHECK((*loaded)->w == prepared->width);
    CHECK((*loaded)->h == prepared->height);
    return {*prepared, read_file(out), std::move(*loaded)};
}

}  // namespace

TEST_CASE("probe reads the size from the header of each format") {
    struct Case {
        const char* file;
        int width, height;
    };
    for (const Case c : {Case{"upright.jpg", 64, 48}, Case{"orientation-6.jpg", 48, 64}, Case{"alpha.png", 40, 30},
                         Case{"picture.webp", 50, 30}, Case{"picture.gif", 33, 21}, Case{"truncated.jpg", 200, 150},
                         Case{"truncated.png", 200, 150}}) {
        CAPTURE(c.file);
        auto size = media::probe(fixture(c.file));
        REQUIRE(size);
        CHECK(size->width == c.width);
        CHECK(size->height == c.height);
    }
}

TEST_CASE("probe refuses what is not a picture, and headers that are cut off") {
    for (const std::string& bytes : {fixture("text.jpg"), std::string(), std::string("BM6\0\0\0", 6)}) {
        auto size = media::probe(bytes);
        REQUIRE_FALSE(size);
        CHECK(size.error().what == "not a JPEG, PNG, WebP or GIF image");
    }
    auto jpeg = media::probe(fixture("upright.jpg").substr(0, 100));
    REQUIRE_FALSE(jpeg);
    CHECK(contains(jpeg.error().what, "damaged JPEG header"));
    auto png = media::probe(fixture("alpha.png").substr(0, 20));
    REQUIRE_FALSE(png);
    CHECK(contains(png.error().what, "damaged PNG header"));
    CHECK_FALSE(media::probe("GIF89a\x10"));
}

TEST_CASE("a PNG header claiming 30000x30000 pixels is read, and refused without decoding") {
    const std::string header = png_header_only(30000, 30000);
    REQUIRE(header.size() > 33);
    auto size = media::probe(header);
    REQUIRE(size);
    CHECK(size->width == 30000);
    CHECK(size->height == 30000);

    test::TempDir dir;
    SdlImagePreparer preparer(1920, 1080);
    const auto out = dir / "huge.1920x1080";
    const auto start = std::chrono::steady_clock::now();
    auto prepared = preparer.prepare(header, "https://example.org/huge.png", out.string());
    const auto elapsed = std::chrono::steady_clock::now() - start;
    REQUIRE_FALSE(prepared);
    const Error& e = prepared.error();
    CHECK(e.where == "https://example.org/huge.png");
    CHECK(contains(e.what, "30000x30000 (900 megapixels)"));
    CHECK(contains(e.what, "cap of 40 megapixels"));
    CHECK(e.hint == "scale it down to at most 40 megapixels");
    CHECK_FALSE(std::filesystem::exists(out));
    // Decoding 900 megapixels would take seconds and 3.6 GB; reading a header takes none.
    CHECK(elapsed < std::chrono::milliseconds(500));
}

TEST_CASE("a file over the byte cap is refused before it is read") {
    test::TempDir dir;
    const std::string bytes = fixture("upright.jpg");
    SdlImagePreparer tight(1920, 1080, media::Limits{.max_bytes = bytes.size() - 1});
    auto refused = tight.prepare(bytes, "posters/big.jpg", (dir / "big").string());
    REQUIRE_FALSE(refused);
    CHECK(refused.error().where == "posters/big.jpg");
    CHECK(contains(refused.error().what, "over the cap of"));
    CHECK_FALSE(std::filesystem::exists(dir / "big"));

    SdlImagePreparer exact(1920, 1080, media::Limits{.max_bytes = bytes.size()});
    CHECK(exact.prepare(bytes, "posters/big.jpg", (dir / "big").string()));
}

TEST_CASE("the pixel cap counts the picture's own pixels") {
    test::TempDir dir;
    SdlImagePreparer preparer(1920, 1080, media::Limits{.max_pixels = 64 * 48 - 1});
    auto refused = preparer.prepare(fixture("upright.jpg"), "posters/a.jpg", (dir / "a").string());
    REQUIRE_FALSE(refused);
    CHECK(contains(refused.error().hint, "scale it down to at most 0.003071 megapixels"));
    SdlImagePreparer enough(1920, 1080, media::Limits{.max_pixels = 64 * 48});
    CHECK(enough.prepare(fixture("upright.jpg"), "posters/a.jpg", (dir / "a").string()));
}

TEST_CASE("cover sizes keep the proportions and never enlarge") {
    struct Case {
        Dimensions picture, screen, want;
    };
    for (const Case c : {Case{{4000, 3000}, {1920, 1080}, {1920, 1440}}, Case{{4000, 3000}, {1280, 720}, {1280, 960}},
                         Case{{4000, 3000}, {1080, 1920}, {2560, 1920}}, Case{{1920, 1080}, {1920, 1080}, {1920, 1080}},
                         Case{{3000, 500}, {1920, 1080}, {3000, 500}}, Case{{64, 48}, {1920, 1080}, {64, 48}},
                         Case{{6000, 4000}, {1920, 1080}, {1920, 1280}}, Case{{1000, 3000}, {1920, 1080}, {1000, 3000}},
                         Case{{2001, 1001}, {1000, 500}, {1000, 500}}}) {
        const Dimensions got = media::cover_size(c.picture, c.screen);
        CAPTURE(c.picture.width);
        CAPTURE(c.screen.width);
        CHECK(got.width == c.want.width);
        CHECK(got.height == c.want.height);
    }
}

TEST_CASE("a large photo is scaled to just cover the screen, smoothly") {
    test::TempDir dir;
    struct Case {
        int screen_width, screen_height, width, height;
    };
    for (const Case c : {Case{1920, 1080, 1920, 1440}, Case{1280, 720, 1280, 960}, Case{1080, 1920, 2560, 1920}}) {
        CAPTURE(c.screen_width);
        SdlImagePreparer preparer(c.screen_width, c.screen_height);
        auto p = prepare_ok(preparer, large_photo(), dir);
        CHECK(p.image.width == c.width);
        CHECK(p.image.height == c.height);
        CHECK(is_jpeg_file(p.bytes));
        CHECK(near(pixel(*p.surface, 2, 2), red));
        // The checkerboard averages to grey everywhere. Bilinear sampling leaves stripes of
        // near black and near white (moiré: off by up to 116 here); averaging the covered
        // area leaves only the ripple of a box a pixel and a half wide.
        int worst = 0;
        for (int y = p.image.height / 2; y < p.image.height; y += 37)
            for (int x = p.image.width / 2; x < p.image.width; x += 41) {
                const Rgba g = pixel(*p.surface, x, y);
                worst = std::max({worst, std::abs(g.r - 128), std::abs(g.g - 128), std::abs(g.b - 128)});
            }
        CHECK(worst <= 24);
    }
}

TEST_CASE("a small picture is not enlarged") {
    test::TempDir dir;
    SdlImagePreparer preparer(1920, 1080);
    auto p = prepare_ok(preparer, fixture("upright.jpg"), dir);
    CHECK(p.image.width == 64);
    CHECK(p.image.height == 48);
    CHECK(near(pixel(*p.surface, 4, 4), red));
    CHECK(near(pixel(*p.surface, 59, 43), yellow));
}

TEST_CASE("EXIF orientation is read from the JPEG") {
    CHECK(media::exif_orientation(fixture("orientation-6.jpg")) == 6);
    CHECK(media::exif_orientation(fixture("orientation-3.jpg")) == 3);
    CHECK(media::exif_orientation(fixture("orientation-8.jpg")) == 8);
    CHECK(media::exif_orientation(fixture("upright.jpg")) == 1);
    CHECK(media::exif_orientation(fixture("alpha.png")) == 1);
    CHECK(media::exif_orientation(fixture("text.jpg")) == 1);
    CHECK(media::exif_orientation("") == 1);
}

TEST_CASE("pictures are turned upright by their EXIF orientation") {
    test::TempDir dir;
    SdlImagePreparer preparer(1920, 1080);
    for (const char* name : {"orientation-6.jpg", "orientation-3.jpg", "orientation-8.jpg", "upright.jpg"}) {
        CAPTURE(name);
        auto p = prepare_ok(preparer, fixture(name), dir, name);
        REQUIRE(p.image.width == 64);
        REQUIRE(p.image.height == 48);
        CHECK(near(pixel(*p.surface, 4, 4), red));
        CHECK(near(pixel(*p.surface, 59, 4), lime));
        CHECK(near(pixel(*p.surface, 4, 43), blue));
        CHECK(near(pixel(*p.surface, 59, 43), yellow));
    }
}

TEST_CASE("the screen is covered by the upright picture, not by its stored rows") {
    // A 3000x4000 stored picture with orientation 6 is a 4000x3000 upright one: it must
    // cover 1920x1080 as 1920x1440, not as 1080x1440.
    SurfacePtr s(SDL_CreateRGBSurfaceWithFormat(0, 300, 400, 32, SDL_PIXELFORMAT_ARGB8888));
    REQUIRE(s);
    SDL_FillRect(s.get(), nullptr, 0xFF0000FFu);
    SDL_Rect top_left_upright{0, 370, 30, 30};  // stored bottom-left = upright top-left for 6
    SDL_FillRect(s.get(), &top_left_upright, 0xFFFF0000u);
    auto jpeg = media::encode_jpeg(*s, 95);
    REQUIRE(jpeg);
    // The same EXIF block as the fixtures, spliced in after SOI.
    const std::string with_exif = fixture("orientation-6.jpg");
    const std::string app1 = with_exif.substr(
        2, 4 + (static_cast<unsigned char>(with_exif[4]) << 8 | static_cast<unsigned char>(with_exif[5])) - 2);
    REQUIRE(app1.rfind("\xFF\xE1", 0) == 0);
    const std::string turned = jpeg->substr(0, 2) + app1 + jpeg->substr(2);
    REQUIRE(media::exif_orientation(turned) == 6);

    test::TempDir dir;
    SdlImagePreparer preparer(200, 100);
    auto p = prepare_ok(preparer, turned, dir);
    CHECK(p.image.width == 200);
    CHECK(p.image.height == 150);
    CHECK(near(pixel(*p.surface, 3, 3), red));
    CHECK(near(pixel(*p.surface, 196, 146), blue));
}

TEST_CASE("pictures with transparency are kept as PNG, the others become JPEG") {
    test::TempDir dir;
    SdlImagePreparer preparer(1920, 1080);

    auto alpha = prepare_ok(preparer, fixture("alpha.png"), dir, "alpha");
    CHECK(is_png_file(alpha.bytes));
    CHECK(alpha.image.width == 40);
    CHECK(near(pixel(*alpha.surface, 5, 15), red, 0));
    CHECK(pixel(*alpha.surface, 35, 15).a == 0);

    // Opaque PNG, WebP and GIF: what shows is all the same opaque, so JPEG is smaller.
    SurfacePtr opaque(SDL_CreateRGBSurfaceWithFormat(0, 30, 20, 32, SDL_PIXELFORMAT_ARGB8888));
    REQUIRE(opaque);
    SDL_FillRect(opaque.get(), nullptr, 0xFF00FF00u);
    auto opaque_png = media::encode_png(*opaque);
    REQUIRE(opaque_png);
    auto from_png = prepare_ok(preparer, *opaque_png, dir, "opaque");
    CHECK(is_jpeg_file(from_png.bytes));
    CHECK(near(pixel(*from_png.surface, 15, 10), lime, 8));

    auto webp = prepare_ok(preparer, fixture("picture.webp"), dir, "webp");
    CHECK(is_jpeg_file(webp.bytes));
    CHECK(webp.image.width == 50);
    CHECK(webp.image.height == 30);
    CHECK(near(pixel(*webp.surface, 2, 2), red));

    auto gif = prepare_ok(preparer, fixture("picture.gif"), dir, "gif");
    CHECK(is_jpeg_file(gif.bytes));
    CHECK(gif.image.width == 33);
    CHECK(gif.image.height == 21);
    CHECK(near(pixel(*gif.surface, 30, 18), yellow));
}

TEST_CASE("damaged pictures are errors that name their origin, and write nothing") {
    test::TempDir dir;
    SdlImagePreparer preparer(1920, 1080);
    struct Case {
        const char* file;
        const char* what;
    };
    for (const Case c : {Case{"truncated.jpg", "the JPEG is cut off before its end"},
                         Case{"truncated.png", "cannot decode the picture: "},
                         Case{"text.jpg", "not a JPEG, PNG, WebP or GIF image"}}) {
        CAPTURE(c.file);
        const auto out = dir / c.file;
        auto prepared = preparer.prepare(fixture(c.file), std::string("https://example.org/") + c.file, out.string());
        REQUIRE_FALSE(prepared);
        CHECK(prepared.error().where == std::string("https://example.org/") + c.file);
        CHECK(contains(prepared.error().what, c.what));
        CHECK_FALSE(prepared.error().hint.empty());
        CHECK_FALSE(std::filesystem::exists(out));
    }
    // SDL_image's own words follow the prefix.
    auto png = preparer.prepare(fixture("truncated.png"), "t.png", (dir / "t").string());
    REQUIRE_FALSE(png);
    CHECK(png.error().what.size() > std::string("cannot decode the picture: ").size());
}

TEST_CASE("a JPEG is whole when its end marker follows the scan, whatever comes after") {
    const std::string whole = fixture("upright.jpg");
    CHECK(media::jpeg_has_end(whole));
    CHECK(media::jpeg_has_end(whole + "trailing video of a motion photo"));
    CHECK_FALSE(media::jpeg_has_end(whole.substr(0, whole.size() - 2)));
    CHECK_FALSE(media::jpeg_has_end(fixture("truncated.jpg")));
    // The EXIF fixtures carry an APP1 segment before the scan: it is skipped, not searched.
    CHECK(media::jpeg_has_end(fixture("orientation-6.jpg")));
    CHECK_FALSE(media::jpeg_has_end("\xFF\xD8\xFF\xD9"));
}

TEST_CASE("a prepared picture that is missing or damaged is an error naming the file") {
    test::TempDir dir;
    auto missing = media::load_prepared((dir / "gone.1920x1080").string());
    REQUIRE_FALSE(missing);
    CHECK(missing.error().where == (dir / "gone.1920x1080").string());
    test::write_file(dir / "bad", fixture("text.jpg"));
    CHECK_FALSE(media::load_prepared((dir / "bad").string()));
}

TEST_CASE("the variant names the screen size") {
    CHECK(SdlImagePreparer(1920, 1080).variant() == "1920x1080");
    CHECK(SdlImagePreparer(1080, 1920).variant() == "1080x1920");
}

TEST_CASE("a JPEG is decoded shrunk by halves, never below the size asked for") {
    // 4000x3000: half is 2000x1500, a quarter 1000x750.
    struct Case {
        Dimensions at_least;
        int width, height;
    };
    for (const Case c : {Case{{1920, 1440}, 2000, 1500}, Case{{1000, 750}, 1000, 750}, Case{{1001, 10}, 2000, 1500},
                         Case{{2001, 10}, 4000, 3000}, Case{{0, 0}, 4000, 3000}, Case{{1, 1}, 500, 375}}) {
        CAPTURE(c.at_least.width);
        auto decoded = media::decode_jpeg(large_photo(), c.at_least);
        REQUIRE(decoded);
        CHECK((*decoded)->w == c.width);
        CHECK((*decoded)->h == c.height);
        CHECK(near(pixel(**decoded, 2, 2), red));
    }
}

TEST_CASE("a JPEG on its side is turned upright before it is decoded") {
    for (const char* name : {"orientation-6.jpg", "orientation-3.jpg", "orientation-8.jpg"}) {
        CAPTURE(name);
        auto turned = media::turn_jpeg_upright(fixture(name), media::exif_orientation(fixture(name)));
        REQUIRE(turned);
        // The EXIF block is gone with the turn: nothing would turn it a second time.
        CHECK(media::exif_orientation(*turned) == 1);
        auto size = media::probe(*turned);
        REQUIRE(size);
        CHECK(size->width == 64);
        CHECK(size->height == 48);
        auto decoded = media::decode_jpeg(*turned, {});
        REQUIRE(decoded);
        CHECK(near(pixel(**decoded, 4, 4), red));
        CHECK(near(pixel(**decoded, 59, 43), yellow));
    }
    CHECK_FALSE(media::turn_jpeg_upright(fixture("upright.jpg"), 1));
    CHECK_FALSE(media::turn_jpeg_upright("not a jpeg", 6));
}

TEST_CASE("a JPEG whose compressed data is damaged is refused in libjpeg's words, and writes nothing") {
    test::TempDir dir;
    SdlImagePreparer preparer(1920, 1080);
    struct Case {
        const char* file;
        const char* words;  // libjpeg's first warning
    };
    for (const Case c : {Case{"damaged.jpg", "Corrupt JPEG data: premature end of data segment"},
                         Case{"damaged-extraneous.jpg", "Corrupt JPEG data: 24 extraneous bytes before marker 0xd9"},
                         Case{"damaged-orientation-6.jpg", "Corrupt JPEG data: premature end of data segment"},
                         Case{"damaged-cmyk.jpg", "Corrupt JPEG data: 46 extraneous bytes before marker 0xd9"}}) {
        CAPTURE(c.file);
        // Headers and end marker are whole: only the decoder can tell.
        REQUIRE(media::probe(fixture(c.file)));
        REQUIRE(media::jpeg_has_end(fixture(c.file)));
        const auto out = dir / c.file;
        auto prepared = preparer.prepare(fixture(c.file), std::string("https://example.org/") + c.file, out.string());
        REQUIRE_FALSE(prepared);
        CHECK(prepared.error().where == std::string("https://example.org/") + c.file);
        // libjpeg-turbo's SIMD and plain C paths count extraneous bytes one apart: the count is
        // not compared.
        const std::regex count("[0-9]+ extraneous");
        CHECK(std::regex_replace(prepared.error().what, count, "N extraneous") ==
              std::regex_replace(fmt::format("the JPEG's compressed data is damaged ({})", c.words), count,
                                 "N extraneous"));
        CHECK_FALSE(prepared.error().hint.empty());
        CHECK_FALSE(std::filesystem::exists(out));
    }
    // Turning one on its side would hide the damage in a clean re-encoding: it is not turned.
    CHECK_FALSE(media::turn_jpeg_upright(fixture("damaged-orientation-6.jpg"), 6));
}

TEST_CASE("a CMYK JPEG keeps its colours") {
    test::TempDir dir;
    SdlImagePreparer preparer(1920, 1080);
    auto prepared = preparer.prepare(fixture("cmyk.jpg"), "cmyk.jpg", (dir / "cmyk").string());
    REQUIRE(prepared);
    CHECK(prepared->width == 64);
    CHECK(prepared->height == 48);
    auto surface = media::load_prepared(prepared->file);
    REQUIRE(surface);
    CHECK(near(pixel(**surface, 4, 4), red));
    CHECK(near(pixel(**surface, 59, 43), yellow));
}

TEST_CASE(
    "a PDF's pages are counted and drawn to cover the screen, turned as the page says, and a locked or "
    "broken one is named with the fix") {
    test::TempDir dir;
    const auto pdf = test::make_pdf(dir.path(), "poster.pdf",
                                    {{595, 842, "#ff0000", "Strike rally"}, {842, 595, "#0000ff", "Page two"}});
    const auto turned = test::turned_pdf(pdf, dir / "turned.pdf", 2);
    const auto locked = test::locked_pdf(pdf, dir / "locked.pdf");
    const std::string bytes = read_file(pdf.string());
    const std::string broken = bytes.substr(0, bytes.size() / 3);
    SdlImagePreparer preparer(1920, 1080);

    CHECK(preparer.is_document(bytes));
    CHECK_FALSE(preparer.is_document(fixture("upright.jpg")));
    auto pages = preparer.count_pages(bytes, "poster.pdf");
    REQUIRE_MESSAGE(pages, (pages ? "" : pages.error().to_string()));
    CHECK(*pages == 2);

    // A4, upright or across, is narrower than 16:9: it covers 1920x1080 at 1920 wide. Each is its colour
    // (on white paper, all of it drawn), as JPEG.
    auto page = [&](const std::string& from, int index, const std::string& name) {
        const auto out = (dir / name).string();
        auto prepared = preparer.prepare_page(from, index, "poster.pdf", out);
        if (!prepared) FAIL(prepared.error().to_string());
        CHECK(is_jpeg_file(read_file(out)));
        auto loaded = media::load_prepared(out);
        if (!loaded) FAIL(loaded.error().to_string());
        CHECK((*loaded)->w == prepared->width);
        return std::move(*loaded);
    };
    const SurfacePtr upright = page(bytes, 0, "1.jpg");
    CHECK(upright->w == 1920);
    CHECK(std::abs(upright->h - 1920 * 842 / 595) <= 1);
    CHECK(near(pixel(*upright, upright->w / 2, upright->h - 10), red));
    const SurfacePtr across = page(bytes, 1, "2.jpg");
    CHECK(across->w == 1920);
    CHECK(std::abs(across->h - 1920 * 595 / 842) <= 1);
    CHECK(near(pixel(*across, across->w / 2, across->h - 10), blue));
    // Turned by its /Rotate: the page across stands upright.
    const SurfacePtr stood = page(read_file(turned.string()), 1, "3.jpg");
    CHECK(stood->w == 1920);
    CHECK(stood->h > stood->w);
    CHECK(near(pixel(*stood, stood->w / 2, stood->h / 2), blue));

    auto locked_count = preparer.count_pages(read_file(locked.string()), "locked.pdf");
    REQUIRE_FALSE(locked_count);
    CHECK(locked_count.error().where == "locked.pdf");
    CHECK(contains(locked_count.error().what, "locked with a password"));
    CHECK(contains(locked_count.error().hint, "without a password"));
    auto broken_count = preparer.count_pages(broken, "broken.pdf");
    REQUIRE_FALSE(broken_count);
    CHECK(contains(broken_count.error().what, "damaged or cut short"));
    auto past = preparer.prepare_page(bytes, 2, "poster.pdf", (dir / "x.jpg").string());
    REQUIRE_FALSE(past);
    CHECK(contains(past.error().what, "has no page 3: it has 2"));
    // Over the byte cap: not opened.
    SdlImagePreparer tight(1920, 1080, media::Limits{.max_bytes = bytes.size() - 1});
    auto over = tight.count_pages(bytes, "poster.pdf");
    REQUIRE_FALSE(over);
    CHECK(contains(over.error().what, "over the cap"));
}

TEST_CASE("a PDF page of a size no paper has is refused, and one of an odd shape is drawn inside the screen") {
    test::TempDir dir;
    // 5 m by 10 cm: a banner; and 1 point square.
    const auto banner = test::make_pdf(dir.path(), "banner.pdf", {{14000, 283, "#00ff00", "A long banner"}});
    const auto speck = test::make_pdf(dir.path(), "speck.pdf", {{1, 1, "#000000", ""}});
    SdlImagePreparer preparer(1920, 1080);
    const auto out = (dir / "b.jpg").string();
    auto drawn = preparer.prepare_page(read_file(banner.string()), 0, "banner.pdf", out);
    REQUIRE_MESSAGE(drawn, (drawn ? "" : drawn.error().to_string()));
    CHECK(drawn->width == 1920);
    CHECK(drawn->height < 1080);
    auto refused = preparer.prepare_page(read_file(speck.string()), 0, "speck.pdf", out);
    REQUIRE_FALSE(refused);
    CHECK(contains(refused.error().what, "a size no PDF page can have"));
}
