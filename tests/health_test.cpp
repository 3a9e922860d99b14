// The board's health read from a fake sysfs and procfs, as a Raspberry Pi's kernel writes
// them: what is found, which findings reach the screen, and how they read.
#include <doctest/doctest.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "health/health.hpp"
#include "support/test_support.hpp"

using namespace placard;

namespace {

// A Pi 4's files, healthy: firmware flags clear, 52 °C, two HDMI ports with a TV on the
// first, CEC, memory to spare, timesyncd synchronised.
struct FakePi {
    test::TempDir root;
    FakePi() {
        throttled("0");
        test::write_file(root / "sys/class/thermal/thermal_zone0/temp", "52108\n");
        test::write_file(root / "sys/class/drm/card1-HDMI-A-1/status", "connected\n");
        test::write_file(root / "sys/class/drm/card1-HDMI-A-2/status", "disconnected\n");
        test::write_file(root / "dev/cec0", "");
        test::write_file(root / "proc/meminfo",
                         "MemTotal:        3884096 kB\nMemFree:          912000 kB\nMemAvailable:    2871234 kB\n");
        test::write_file(root / "proc/pressure/memory",
                         "some avg10=0.00 avg60=0.31 avg300=0.10 total=1234\nfull avg10=0.00 avg60=0.00 avg300=0.00 "
                         "total=12\n");
        test::write_file(root / "proc/uptime", "3600.52 7000.11\n");
        test::write_file(root / "run/systemd/timesync/synchronized", "");
    }
    void throttled(const char* hex) {
        test::write_file(root / "sys/devices/platform/soc/soc:firmware/get_throttled", std::string(hex) + "\n");
    }
    health::Report read(health::Disk disk = {std::uintmax_t{20} << 30, std::uintmax_t{29} << 30}) const {
        health::Sources s;
        s.root = root.path();
        s.cache = "/var/cache/placard";
        s.disk = disk;
        return health::read(s);
    }
};

const health::Finding* finding(const health::Report& r, const std::string& key) {
    auto it =
        std::find_if(r.findings.begin(), r.findings.end(), [&](const health::Finding& f) { return f.key == key; });
    return it == r.findings.end() ? nullptr : &*it;
}

std::vector<std::string> keys(const health::Report& r) {
    std::vector<std::string> out;
    for (const auto& f : r.findings) out.push_back(f.key);
    return out;
}

}  // namespace

TEST_CASE("a healthy Pi: its facts are read and nothing is found") {
    FakePi pi;
    const health::Report r = pi.read();
    CHECK(keys(r).empty());
    REQUIRE(r.throttling);
    CHECK_FALSE(r.throttling->undervoltage_now);
    REQUIRE(r.temperature);
    CHECK(*r.temperature == doctest::Approx(52.108));
    REQUIRE(r.hdmi.size() == 2);
    CHECK(r.hdmi[0] == std::pair<std::string, bool>("HDMI-A-1", true));
    CHECK(r.hdmi[1] == std::pair<std::string, bool>("HDMI-A-2", false));
    CHECK(r.cec);
    CHECK(r.memory_total == std::uintmax_t{3884096} * 1024);
    CHECK(r.memory_available == std::uintmax_t{2871234} * 1024);
    REQUIRE(r.memory_pressure);
    CHECK(*r.memory_pressure == doctest::Approx(0.31));
    CHECK(r.clock_synced == true);
    const auto j = health::to_json(r);
    CHECK(j["throttling"]["raw"] == "0x0");
    CHECK(j["hdmi"][0]["port"] == "HDMI-A-1");
    CHECK(j["findings"].empty());
}

TEST_CASE("undervoltage now is a warning for the screen, and names the cure") {
    FakePi pi;
    pi.throttled("50005");  // undervoltage and throttled now and since boot
    const health::Report r = pi.read();
    REQUIRE(r.throttling);
    CHECK(r.throttling->raw == 0x50005U);
    CHECK(r.throttling->undervoltage_now);
    CHECK(r.throttling->undervoltage_since_boot);
    CHECK(r.throttling->throttled_now);
    const health::Finding* f = finding(r, "undervoltage-now");
    REQUIRE(f);
    CHECK(f->severity == health::Severity::warning);
    CHECK(f->brief == "Power supply too weak");
    CHECK(f->words.find("5.1 V") != std::string::npos);
    CHECK_FALSE(finding(r, "undervoltage-since-boot"));  // said once, not twice
    const health::Finding* slow = finding(r, "throttled-now");
    REQUIRE(slow);
    CHECK(slow->severity == health::Severity::note);
    CHECK(health::to_json(r)["findings"][0]["severity"] == "warning");
}

TEST_CASE("undervoltage since boot alone is still a warning, throttling then a note") {
    FakePi pi;
    pi.throttled("50000");
    const health::Report r = pi.read();
    CHECK(keys(r) == std::vector<std::string>{"undervoltage-since-boot", "throttled-since-boot"});
    CHECK(finding(r, "undervoltage-since-boot")->severity == health::Severity::warning);
}

TEST_CASE("kernels without get_throttled: undervoltage from the rpi_volt hwmon") {
    FakePi pi;
    std::filesystem::remove(pi.root / "sys/devices/platform/soc/soc:firmware/get_throttled");
    test::write_file(pi.root / "sys/class/hwmon/hwmon0/name", "cpu_thermal\n");
    test::write_file(pi.root / "sys/class/hwmon/hwmon1/name", "rpi_volt\n");
    test::write_file(pi.root / "sys/class/hwmon/hwmon1/in0_lcrit_alarm", "1\n");
    const health::Report r = pi.read();
    REQUIRE(r.throttling);
    CHECK(r.throttling->undervoltage_now);
    CHECK(finding(r, "undervoltage-now"));
    test::write_file(pi.root / "sys/class/hwmon/hwmon1/in0_lcrit_alarm", "0\n");
    CHECK(keys(pi.read()).empty());
}

TEST_CASE("a PC, or a container: no Pi files, nothing invented") {
    test::TempDir empty;
    health::Sources s;
    s.root = empty.path();
    s.kernel_clock_synced = true;
    const health::Report r = health::read(s);
    CHECK_FALSE(r.throttling);
    CHECK_FALSE(r.temperature);
    CHECK_FALSE(r.disk);
    CHECK(r.hdmi.empty());
    CHECK_FALSE(r.cec);
    CHECK(r.findings.empty());
}

TEST_CASE("the cache's disk: nearly full under 200 MiB or 3 % free, measured for real otherwise") {
    FakePi pi;
    const auto gib = std::uintmax_t{1} << 30, mib = std::uintmax_t{1} << 20;
    CHECK_FALSE(finding(pi.read({2 * gib, 29 * gib}), "disk-nearly-full"));
    const health::Report small = pi.read({150 * mib, 29 * gib});
    const health::Finding* f = finding(small, "disk-nearly-full");
    REQUIRE(f);
    CHECK(f->severity == health::Severity::warning);
    CHECK(f->brief == "Disk nearly full");
    CHECK(f->words.find("/var/cache/placard") != std::string::npos);
    CHECK(f->words.find("150 MiB free") != std::string::npos);
    CHECK(finding(pi.read({500 * mib, 20000 * gib}), "disk-nearly-full"));  // 3 % of a big disk

    test::TempDir cache;
    health::Sources s;
    s.root = pi.root.path();
    s.cache = cache.path();
    const health::Report real = health::read(s);
    REQUIRE(real.disk);
    CHECK(real.disk->total > 0);
    CHECK(real.disk->free <= real.disk->total);
}

TEST_CASE("the clock: a note while unsynchronised, a warning once a sync service has waited in vain") {
    FakePi pi;
    std::filesystem::remove(pi.root / "run/systemd/timesync/synchronized");
    health::Sources s;
    s.root = pi.root.path();
    s.kernel_clock_synced = false;
    s.uptime_seconds = 60;  // timesyncd still trying
    health::Report r = health::read(s);
    CHECK(r.clock_synced == false);
    REQUIRE(finding(r, "clock-not-synced"));
    CHECK_FALSE(finding(r, "clock-not-set"));
    s.uptime_seconds = 1800;
    r = health::read(s);
    const health::Finding* f = finding(r, "clock-not-set");
    REQUIRE(f);
    CHECK(f->severity == health::Severity::warning);
    CHECK(f->brief == "Clock not set");
    CHECK(f->words.find("timedatectl") != std::string::npos);
    // No sync service at all (a container): the host keeps the time; only a note.
    std::filesystem::remove_all(pi.root / "run/systemd/timesync");
    r = health::read(s);
    CHECK(finding(r, "clock-not-synced"));
    CHECK_FALSE(finding(r, "clock-not-set"));
}

TEST_CASE("hot, short of memory, no screen on HDMI: notes for the page") {
    FakePi pi;
    test::write_file(pi.root / "sys/class/thermal/thermal_zone0/temp", "83500\n");
    test::write_file(pi.root / "sys/class/drm/card1-HDMI-A-1/status", "disconnected\n");
    test::write_file(pi.root / "proc/meminfo", "MemTotal:        948304 kB\nMemAvailable:      31000 kB\n");
    const health::Report r = pi.read();
    CHECK(keys(r) == std::vector<std::string>{"hot", "memory-low", "hdmi-unplugged"});
    for (const auto& f : r.findings) CHECK(f.severity == health::Severity::note);
    CHECK(finding(r, "hot")->words.find("84 °C") != std::string::npos);
    test::write_file(pi.root / "proc/meminfo", "MemTotal:        948304 kB\nMemAvailable:      531000 kB\n");
    test::write_file(pi.root / "proc/pressure/memory", "some avg10=30.00 avg60=22.50 avg300=5.00 total=99\n");
    CHECK(finding(pi.read(), "memory-pressure"));
}

TEST_CASE("garbage in the files reads as nothing, not as a finding") {
    FakePi pi;
    pi.throttled("not a number");
    test::write_file(pi.root / "sys/class/thermal/thermal_zone0/temp", "\n");
    test::write_file(pi.root / "proc/meminfo", "\x01\x02 garbage");
    const health::Report r = pi.read();
    CHECK_FALSE(r.throttling);
    CHECK_FALSE(r.temperature);
    CHECK_FALSE(r.memory_total);
    CHECK(keys(r).empty());
}

TEST_CASE("the watch reads at once on a thread of its own, then again, and hands each report on") {
    FakePi pi;
    health::Sources s;
    s.root = pi.root.path();
    s.disk = health::Disk{std::uintmax_t{20} << 30, std::uintmax_t{29} << 30};
    std::mutex mutex;
    std::condition_variable got;
    std::vector<std::vector<std::string>> reports;
    const auto main_thread = std::this_thread::get_id();
    bool elsewhere = true;
    {
        health::Watch watch(
            s,
            [&](const health::Report& r) {
                std::lock_guard lock(mutex);
                elsewhere = elsewhere && std::this_thread::get_id() != main_thread;
                reports.push_back(keys(r));
                got.notify_all();
            },
            std::chrono::milliseconds(20));
        std::unique_lock lock(mutex);
        REQUIRE(got.wait_for(lock, std::chrono::seconds(10), [&] { return !reports.empty(); }));
        CHECK(reports[0].empty());
        lock.unlock();
        pi.throttled("50005");
        lock.lock();
        REQUIRE(got.wait_for(lock, std::chrono::seconds(10),
                             [&] { return !reports.back().empty() && reports.back()[0] == "undervoltage-now"; }));
    }
    const size_t after = reports.size();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    CHECK(reports.size() == after);  // stopped with the watch
    CHECK(elsewhere);
}
