// Posters uploaded from the control page, judged by the same probe and decoder as the worker
// uses: a real picture kept under a name of its own, and everything else refused before it
// is decoded or written: not a picture, too large, a decompression bomb, a broken file, a
// path in the upload, a caller with no credentials, a playlist with no folder for them.
#include <doctest/doctest.h>

#include <fmt/format.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "control/auth.hpp"
#include "control/server.hpp"
#include "media/image.hpp"
#include "support/http.hpp"
#include "support/placard_process.hpp"
#include "support/sdl_session.hpp"
#include "support/test_support.hpp"
#include "util/time.hpp"

using namespace placard;
namespace fs = std::filesystem;

namespace {

// A display's control server over plain HTTP, with a folder source "posters".
struct Hall {
    test::TempDir state;
    test::TempDir srv;  // as /srv/placard
    fs::path posters = srv / "posters";
    ManualClock clock{std::chrono::system_clock::time_point(from_local(test::london(), 2026, 12, 5, 19, 0, 0))};
    control::Console console{std::make_shared<cues::Desk>(), clock};
    control::Auth auth{state.path(), [] {}, control::test_cost()};
    std::unique_ptr<control::Server> server;
    std::vector<std::string> told;  // the sources the worker was told of
    std::string bearer;

    Hall() {
        test::start_sdl();
        console.set_folders({{"posters", posters}});
        control::ServerOptions o;
        o.listen = "127.0.0.1:0";
        o.tls = false;
        o.state = state.path();
        o.probe = [](std::string_view bytes) -> Result<control::PictureSize> {
            auto d = media::probe(bytes);
            if (!d) return d.error();
            return control::PictureSize{d->width, d->height};
        };
        o.decode = [](std::string_view bytes) -> Result<void> {
            auto decoded = media::decode(bytes, {1920, 1080});
            if (!decoded) return decoded.error();
            return {};
        };
        o.poster_saved = [this](const std::string& source) { told.push_back(source); };
        auto started = control::Server::start(o, auth, console);
        REQUIRE(started);
        server = std::move(*started);
        REQUIRE(auth.set_up(auth.setup_code(), "picket line at dawn", "127.0.0.1").session);
        auto token = control::add_api_token(state.path(), "the test");
        REQUIRE(token);
        bearer = "Authorization: Bearer " + *token;
    }

    test::HttpAnswer upload(const std::string& bytes, const std::string& query = "",
                            std::vector<std::string> headers = {}) const {
        test::HttpAsk h;
        h.method = "POST";
        h.url = fmt::format("http://127.0.0.1:{}/api/posters{}", server->port(), query);
        h.body = bytes;
        if (headers.empty()) headers = {bearer};
        headers.push_back("Content-Type: image/jpeg");
        h.headers = std::move(headers);
        return test::http(h);
    }

    std::vector<fs::path> kept() const {
        std::vector<fs::path> out;
        std::error_code ec;
        for (fs::recursive_directory_iterator it(srv.path(), ec), end; !ec && it != end; it.increment(ec))
            if (it->is_regular_file()) out.push_back(it->path());
        return out;
    }
};

// A PNG made by Python's zlib: `width` x `height` one-bit grey, all black; at 30000 pixels
// square a file of some tens of kilobytes that decodes to 900 million pixels.
std::string png_of(int width, int height, const fs::path& file) {
    const std::string script = fmt::format(R"(import struct, zlib
def chunk(t, d): return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
w, h = {}, {}
row = b'\0' * (1 + (w + 7) // 8)
z = zlib.compressobj(9)
data = b''.join(z.compress(row * 1000) for _ in range(h // 1000)) + z.compress(row * (h % 1000)) + z.flush()
png = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 1, 0, 0, 0, 0)) + chunk(b'IDAT', data) + chunk(b'IEND', b'')
open('{}', 'wb').write(png)
)",
                                           width, height, file.string());
    const fs::path py = file.string() + ".py";
    test::write_file(py, script);
    REQUIRE(test::run_command(std::string(PLACARD_PYTHON) + " " + test::quote(py.string())) == 0);
    return test::read_file(file);
}

}  // namespace

TEST_CASE("posters: a real picture is kept whole in the folder under a name of its own, and the worker told") {
    Hall hall;
    const std::string photo = test::read_file(std::string(PLACARD_SOURCE_DIR) + "/assets/demo/photos/screening.jpg");
    const auto a = hall.upload(photo, "", {hall.bearer, "Content-Disposition: attachment; filename=\"../../x.jpg\""});
    CHECK(a.status == 201);
    INFO(a.body);
    const auto kept = hall.kept();
    REQUIRE(kept.size() == 1);
    CHECK(kept[0].parent_path() == hall.posters);
    const std::string name = kept[0].filename().string();
    CHECK(name.rfind("upload-20261205-190000-", 0) == 0);
    CHECK(kept[0].extension() == ".jpg");
    CHECK(a.json()["file"] == name);
    CHECK(a.json()["source"] == "posters");
    CHECK(a.json()["width"].get<int>() > 0);
    CHECK(test::read_file(kept[0]) == photo);
    CHECK(hall.told == std::vector<std::string>{"posters"});
    CHECK_FALSE(fs::exists(hall.srv.path().parent_path() / "x.jpg"));
}

TEST_CASE("posters: not a picture, or a broken one, is refused and nothing is written") {
    Hall hall;
    const auto text = hall.upload("<html><script>alert(1)</script></html>");
    CHECK(text.status == 415);
    CHECK(text.json()["what"] == "this is not a picture");
    // A PNG whose data is damaged: its header reads, its decoding fails.
    test::TempDir dir;
    std::string png = png_of(400, 300, dir / "small.png");
    REQUIRE(png.size() > 60);
    for (size_t i = png.size() / 2; i < png.size() / 2 + 16; ++i) png[i] = static_cast<char>(png[i] ^ 0x5A);
    const auto broken = hall.upload(png);
    CHECK(broken.status == 415);
    CHECK(broken.json()["what"].get<std::string>().find("broken") != std::string::npos);
    const auto empty = hall.upload("");
    CHECK(empty.status == 400);
    CHECK(hall.kept().empty());
    CHECK(hall.told.empty());
}

TEST_CASE("posters: a decompression bomb is refused from its header, before a byte is decoded") {
    Hall hall;
    test::TempDir dir;
    const std::string bomb = png_of(30000, 30000, dir / "bomb.png");
    CHECK(bomb.size() < 1'000'000);  // small on the wire, 900 megapixels decoded
    const auto a = hall.upload(bomb);
    CHECK(a.status == 413);
    CHECK(a.json()["what"].get<std::string>().find("30000 x 30000") != std::string::npos);
    CHECK(hall.kept().empty());
}

TEST_CASE("posters: too large, from a caller with no credentials, or into a source that is not there") {
    Hall hall;
    const std::string big(26u << 20, '\xFF');
    CHECK(hall.upload(big).status == 413);
    const std::string photo = test::read_file(std::string(PLACARD_SOURCE_DIR) + "/assets/demo/photos/screening.jpg");
    CHECK(hall.upload(photo, "", {"Authorization: Bearer placard_wrong"}).status == 401);
    const auto elsewhere = hall.upload(photo, "?source=..%2F..%2Fetc");
    CHECK(elsewhere.status == 404);
    CHECK(elsewhere.json()["sources"] == nlohmann::json::array({"posters"}));
    // A folder placard may not write (here one that cannot be: a file is in its way).
    test::write_file(hall.srv / "demo", "not a folder");
    hall.console.set_folders({{"demo", hall.srv / "demo" / "posters"}});
    const auto barred = hall.upload(photo);
    CHECK(barred.status == 409);
    CHECK(barred.json()["hint"].get<std::string>().find("sudo chown placard: /srv/placard/posters") !=
          std::string::npos);
    fs::remove(hall.srv / "demo");
    hall.console.set_folders({});
    const auto none = hall.upload(photo);
    CHECK(none.status == 409);
    CHECK(none.json()["hint"].get<std::string>().find("\"type\": \"folder\"") != std::string::npos);
    CHECK(hall.kept().empty());
}
