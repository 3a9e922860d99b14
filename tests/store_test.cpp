#include <doctest/doctest.h>

#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <random>
#include <thread>

#include <fmt/format.h>

#include "store/atomic_file.hpp"
#include "store/store.hpp"
#include "support/test_support.hpp"
#include "util/hash.hpp"

using namespace placard;
namespace fs = std::filesystem;

namespace {

size_t count_temporaries(const fs::path& dir) {
    size_t n = 0;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.path().filename().string().find(store::temp_suffix) != std::string::npos) ++n;
    return n;
}

// A payload that differs by key and variant: made once, so that the writer spends its
// time writing, where the kills should land.
std::string payload_for(int key, int variant) {
    size_t size = 64 * 1024 + static_cast<size_t>((variant * 7919 + key * 104729) % (256 * 1024));
    std::string payload(size, '\0');
    for (size_t i = 0; i < size; ++i) payload[i] = static_cast<char>('a' + (i * 7 + variant * 13 + key) % 26);
    return payload;
}

// Content that proves itself complete: a header with its generation, length and hash.
std::string self_checking(int generation, const std::string& payload, const std::string& sha) {
    return fmt::format("gen={} len={} sha={}\n", generation, payload.size(), sha) + payload;
}

// The generation of a complete content; -1 when it is partial or garbled.
int check_complete(const std::string& content) {
    auto newline = content.find('\n');
    if (newline == std::string::npos) return -1;
    int generation = 0;
    size_t length = 0;
    char sha[65] = {};
    if (std::sscanf(content.c_str(), "gen=%d len=%zu sha=%64s", &generation, &length, sha) != 3) return -1;
    std::string payload = content.substr(newline + 1);
    if (payload.size() != length || sha256_hex(payload) != sha) return -1;
    return generation;
}

}  // namespace

TEST_CASE("put and get round-trip bytes under files named by the key's hash") {
    test::TempDir dir;
    auto store = store::Store::open(dir / "cache" / "nested");
    REQUIRE(store.has_value());
    CHECK_FALSE(store->get("items", "rss|https://example.org/feed/|report").has_value());
    REQUIRE(store->put("items", "rss|https://example.org/feed/|report", "[1,2,3]").has_value());
    CHECK(store->get("items", "rss|https://example.org/feed/|report") == "[1,2,3]");
    CHECK(test::read_file(dir / "cache/nested/items" / sha256_hex("rss|https://example.org/feed/|report")) ==
          "[1,2,3]");
    REQUIRE(store->put("items", "rss|https://example.org/feed/|report", std::string("\0binary", 7)).has_value());
    CHECK(store->get("items", "rss|https://example.org/feed/|report") == std::string("\0binary", 7));
    CHECK(store->contains("items", "rss|https://example.org/feed/|report"));
    // The same key under another kind is another file.
    CHECK_FALSE(store->get("feed", "rss|https://example.org/feed/|report").has_value());

    fs::path image = store->path_for("image", "https://example.org/a.jpg|1920x1080.jpg", ".jpg");
    CHECK(image == dir / "cache/nested/image" / (sha256_hex("https://example.org/a.jpg|1920x1080.jpg") + ".jpg"));
    CHECK(fs::is_directory(image.parent_path()));
    CHECK_FALSE(store->contains("image", "https://example.org/a.jpg|1920x1080.jpg", ".jpg"));
    test::write_file(image, "jpeg");
    CHECK(store->contains("image", "https://example.org/a.jpg|1920x1080.jpg", ".jpg"));
    store->remove("image", "https://example.org/a.jpg|1920x1080.jpg", ".jpg");
    CHECK_FALSE(fs::exists(image));
}

TEST_CASE("opening the store removes temporary files left by a crash and keeps the rest") {
    test::TempDir dir;
    test::write_file(dir / "items" / ("abc.0123456789abcdef" + std::string(store::temp_suffix)), "half");
    test::write_file(dir / ("top.1" + std::string(store::temp_suffix)), "half");
    test::write_file(dir / "items" / "abc", "whole");
    test::CapturedLog log;
    auto store = store::Store::open(dir.path());
    REQUIRE(store.has_value());
    CHECK(count_temporaries(dir.path()) == 0);
    CHECK(test::read_file(dir / "items" / "abc") == "whole");
    CHECK(log.contains("removed 2 unfinished file(s)"));
}

TEST_CASE("a cache folder that cannot be created is an error naming it and saying what to do") {
    test::TempDir dir;
    test::write_file(dir / "file", "not a folder");
    // A path below a regular file fails even for root, unlike a chmod.
    auto store = store::Store::open(dir / "file" / "cache");
    REQUIRE_FALSE(store.has_value());
    CHECK(store.error().where == (dir / "file" / "cache").string());
    CHECK(store.error().what.find("cannot create the cache folder") == 0);
    CHECK(store.error().hint.find("--cache DIR") != std::string::npos);
}

TEST_CASE("a kind folder that cannot be created makes put fail and get find nothing") {
    test::TempDir dir;
    auto store = store::Store::open(dir.path());
    REQUIRE(store.has_value());
    test::write_file(dir / "items", "a file where the folder should be");
    auto put = store->put("items", "key", "bytes");
    REQUIRE_FALSE(put.has_value());
    CHECK(put.error().where == (dir / "items").string());
    CHECK(put.error().hint.find("--cache DIR") != std::string::npos);
    CHECK_FALSE(store->get("items", "key").has_value());
}

TEST_CASE("a write that runs out of space fails cleanly: old content kept, no temporary left") {
    test::TempDir dir;
    auto store = store::Store::open(dir.path());
    REQUIRE(store.has_value());
    REQUIRE(store->put("feed", "key", "old content").has_value());

    // RLIMIT_FSIZE makes write() fail the way a full SD card does, even for root.
    rlimit saved{};
    REQUIRE(getrlimit(RLIMIT_FSIZE, &saved) == 0);
    auto old_handler = signal(SIGXFSZ, SIG_IGN);
    rlimit small = saved;
    small.rlim_cur = 4096;
    REQUIRE(setrlimit(RLIMIT_FSIZE, &small) == 0);
    auto put = store->put("feed", "key", std::string(100'000, 'x'));
    setrlimit(RLIMIT_FSIZE, &saved);
    signal(SIGXFSZ, old_handler);

    REQUIRE_FALSE(put.has_value());
    CHECK(put.error().where == (dir / "feed" / sha256_hex("key")).string());
    CHECK(put.error().what.find("cannot write") == 0);
    CHECK(put.error().hint.find("free some space on the SD card") != std::string::npos);
    CHECK(store->get("feed", "key") == "old content");
    CHECK(count_temporaries(dir.path()) == 0);
}

TEST_CASE("a writer killed at random moments leaves every file old or new and complete, never partial") {
    test::TempDir dir;
    test::CapturedLog log;  // each reopening reports what it swept
    constexpr int keys = 3;
    std::mt19937 rng(12345);
    std::map<int, int> last_generation;  // key -> newest generation seen so far
    int kills_mid_write = 0;
    int generation_base = 0;
    const int rounds = 30;
    for (int round = 0; round < rounds; ++round) {
        int pipefd[2];
        REQUIRE(pipe(pipefd) == 0);
        pid_t child = fork();
        REQUIRE(child >= 0);
        if (child == 0) {
            close(pipefd[0]);
            auto s = store::Store::open(dir.path());
            if (!s) _exit(2);
            std::string payloads[keys][2], shas[keys][2];
            for (int key = 0; key < keys; ++key)
                for (int variant = 0; variant < 2; ++variant) {
                    payloads[key][variant] = payload_for(key, variant + round);
                    shas[key][variant] = sha256_hex(payloads[key][variant]);
                }
            for (int generation = generation_base;; ++generation) {
                for (int key = 0; key < keys; ++key) {
                    int v = generation % 2;
                    if (!s->put("blob", std::to_string(key), self_checking(generation, payloads[key][v], shas[key][v])))
                        _exit(3);
                    if (write(pipefd[1], "x", 1) != 1) _exit(4);
                }
            }
        }
        close(pipefd[1]);
        int wanted = 1 + static_cast<int>(rng() % 4);
        int seen = 0;
        char c = 0;
        while (seen < wanted && read(pipefd[0], &c, 1) == 1) ++seen;
        // A random pause, so that the kill lands anywhere in the next write.
        std::this_thread::sleep_for(std::chrono::microseconds(rng() % 2000));
        kill(child, SIGKILL);
        int status = 0;
        waitpid(child, &status, 0);
        close(pipefd[0]);
        REQUIRE(seen == wanted);
        REQUIRE(WIFSIGNALED(status));
        if (count_temporaries(dir.path()) > 0) ++kills_mid_write;

        auto s = store::Store::open(dir.path());
        REQUIRE(s.has_value());
        CHECK(count_temporaries(dir.path()) == 0);
        for (int key = 0; key < keys; ++key) {
            auto content = s->get("blob", std::to_string(key));
            if (!content) {
                CHECK(last_generation.count(key) == 0);  // only before its first write
                continue;
            }
            int generation = check_complete(*content);
            REQUIRE_MESSAGE(generation >= 0, "partial content for key ", key, " in round ", round);
            CHECK(generation >= last_generation[key]);
            last_generation[key] = generation;
        }
        generation_base += 100;  // each writer's content differs from the last one's
    }
    CHECK(last_generation.size() == keys);
    // Evidence that the test tested something: some kills hit a write in progress.
    CHECK(kills_mid_write > 0);
    MESSAGE(kills_mid_write, " of ", rounds, " kills interrupted a write");
}

TEST_CASE("trim removes the least recently used files down to the budget, never the ones kept") {
    test::TempDir dir;
    auto opened = store::Store::open(dir.path());
    REQUIRE(opened);
    store::Store& s = *opened;
    const std::string kilobyte(1024, 'x');
    // Five files of 10 KiB, used in the order a (longest ago) to e (just now).
    const auto now = fs::file_time_type::clock::now();
    const char* names[] = {"a", "b", "c", "d", "e"};
    for (int i = 0; i < 5; ++i) {
        std::string ten;
        for (int k = 0; k < 10; ++k) ten += kilobyte;
        REQUIRE(s.put(i % 2 ? "image" : "feed", names[i], ten));
        fs::last_write_time(s.path_for(i % 2 ? "image" : "feed", names[i]), now - std::chrono::hours(5 - i));
    }
    auto path = [&](int i) { return s.path_for(i % 2 ? "image" : "feed", names[i]); };
    auto present = [&] {
        std::string out;
        for (int i = 0; i < 5; ++i)
            if (fs::exists(path(i))) out += names[i];
        return out;
    };

    // Within the budget nothing goes.
    auto t = s.trim(50 * 1024, {});
    CHECK(t.files_removed == 0);
    CHECK(t.total == 50 * 1024);
    CHECK(present() == "abcde");

    // "a" is what the playlist shows: it stays, and b and c (the oldest others) make room.
    t = s.trim(30 * 1024, {path(0)});
    CHECK(present() == "ade");
    CHECK(t.files_removed == 2);
    CHECK(t.removed == 20 * 1024);
    CHECK(t.total == 30 * 1024);
    CHECK(t.kept == 10 * 1024);
    // Kept means used: "a" is now the most recently used and d goes first next time.
    CHECK(fs::last_write_time(path(0)) > now - std::chrono::minutes(1));
    t = s.trim(20 * 1024, {});
    CHECK(present() == "ae");

    // What is kept stays even when it alone is over the budget.
    t = s.trim(0, {path(0), path(4)});
    CHECK(present() == "ae");
    CHECK(t.total == 20 * 1024);
    CHECK(t.kept == 20 * 1024);
    CHECK(s.get("feed", "a") == std::string(10 * 1024, 'x'));
}
