#include "health/health.hpp"

#include <sys/statvfs.h>
#include <sys/timex.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <system_error>

#include <fmt/format.h>

namespace placard::health {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

// The first line of a small file; none when it cannot be read.
std::optional<std::string> first_line(const fs::path& p) {
    std::ifstream in(p);
    std::string line;
    if (!in || !std::getline(in, line)) return std::nullopt;
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r' || line.back() == ' ')) line.pop_back();
    return line;
}

std::optional<long long> number_in(const fs::path& p, int base = 10) {
    auto line = first_line(p);
    if (!line || line->empty()) return std::nullopt;
    char* end = nullptr;
    const long long v = std::strtoll(line->c_str(), &end, base);
    if (end == line->c_str()) return std::nullopt;
    return v;
}

bool present(const fs::path& p) {
    std::error_code ec;
    return fs::exists(p, ec);
}

// The Pi firmware's flags: bit 0 undervoltage, 1 frequency capped, 2 throttled, 3 soft
// temperature limit; bits 16 to 19 the same since boot. Kernels without get_throttled
// give undervoltage alone through the rpi_volt hwmon.
std::optional<Throttling> read_throttling(const fs::path& root) {
    if (auto raw = number_in(root / "sys/devices/platform/soc/soc:firmware/get_throttled", 16)) {
        Throttling t;
        t.raw = static_cast<std::uint32_t>(*raw);
        auto bit = [&](int n) { return (t.raw >> n & 1U) != 0; };
        t.undervoltage_now = bit(0);
        t.throttled_now = bit(1) || bit(2);
        t.hot_now = bit(3);
        t.undervoltage_since_boot = bit(16);
        t.throttled_since_boot = bit(17) || bit(18);
        t.hot_since_boot = bit(19);
        return t;
    }
    std::error_code ec;
    for (fs::directory_iterator it(root / "sys/class/hwmon", ec), end; !ec && it != end; it.increment(ec)) {
        if (first_line(it->path() / "name") != "rpi_volt") continue;
        Throttling t;
        t.undervoltage_now = number_in(it->path() / "in0_lcrit_alarm").value_or(0) != 0;
        t.undervoltage_since_boot = t.undervoltage_now;
        t.raw = t.undervoltage_now ? 0x10001U : 0U;
        return t;
    }
    return std::nullopt;
}

// MemTotal and MemAvailable, in bytes.
void read_memory(const fs::path& root, Report& r) {
    std::ifstream in(root / "proc/meminfo");
    std::string name;
    std::uintmax_t kib = 0;
    std::string unit;
    while (in >> name >> kib) {
        std::getline(in, unit);
        if (name == "MemTotal:") r.memory_total = kib * 1024;
        if (name == "MemAvailable:") r.memory_available = kib * 1024;
    }
    // "some avg10=0.00 avg60=1.25 avg300=0.40 total=123"
    if (auto line = first_line(root / "proc/pressure/memory")) {
        const size_t at = line->find("avg60=");
        if (line->rfind("some", 0) == 0 && at != std::string::npos)
            r.memory_pressure = std::strtod(line->c_str() + at + 6, nullptr);
    }
}

// The DRM connectors named HDMI, and whether a screen is on each.
void read_hdmi(const fs::path& root, Report& r) {
    std::error_code ec;
    for (fs::directory_iterator it(root / "sys/class/drm", ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.find("HDMI") == std::string::npos) continue;
        if (auto status = first_line(it->path() / "status"))
            r.hdmi.emplace_back(name.substr(name.find('-') + 1), *status == "connected");
    }
    std::sort(r.hdmi.begin(), r.hdmi.end());
}

bool read_cec(const fs::path& root) {
    for (int i = 0; i < 4; ++i)
        if (present(root / fmt::format("dev/cec{}", i))) return true;
    return false;
}

std::optional<bool> read_clock_synced(const Sources& s) {
    // systemd-timesyncd marks a synchronisation with this file; chrony and ntpd tell the kernel.
    if (present(s.root / "run/systemd/timesync/synchronized")) return true;
    if (s.kernel_clock_synced) return s.kernel_clock_synced;
    if (s.root == "/") {
        timex t{};
        const int state = adjtimex(&t);  // refused under the unit's ProtectClock=yes
        if (state != -1) return state != TIME_ERROR && (t.status & STA_UNSYNC) == 0;
    }
    // timesyncd runs and has not synchronised yet.
    if (present(s.root / "run/systemd/timesync")) return false;
    return std::nullopt;
}

std::optional<Disk> read_disk(const Sources& s) {
    if (s.disk) return s.disk;
    if (s.cache.empty()) return std::nullopt;
    struct statvfs v {};
    if (statvfs(s.cache.c_str(), &v) != 0) return std::nullopt;
    return Disk{std::uintmax_t{v.f_bavail} * v.f_frsize, std::uintmax_t{v.f_blocks} * v.f_frsize};
}

std::string mib(std::uintmax_t bytes) {
    return fmt::format("{} MiB", bytes / (1024 * 1024));
}

void find(Report& r, const Sources& s) {
    auto add = [&](std::string key, Severity severity, std::string words, std::string brief = {}) {
        r.findings.push_back({std::move(key), severity, std::move(words), std::move(brief)});
    };
    if (r.throttling) {
        const Throttling& t = *r.throttling;
        if (t.undervoltage_now)
            add("undervoltage-now", Severity::warning,
                "the power supply gives too little voltage now: the board slows down and may freeze; use the "
                "official 5.1 V supply (3 A for a Pi 4, 5 A for a Pi 5) and a short, thick cable",
                "Power supply too weak");
        else if (t.undervoltage_since_boot)
            add("undervoltage-since-boot", Severity::warning,
                "the voltage dropped too low since the board started: the supply or its cable is too weak; use the "
                "official supply and a short cable",
                "Power supply too weak");
        if (t.throttled_now || t.hot_now)
            add("throttled-now", Severity::note,
                "the board runs slower than it can (too hot or too little power): give it air, or a heatsink");
        else if (t.throttled_since_boot || t.hot_since_boot)
            add("throttled-since-boot", Severity::note,
                "the board ran slower than it can since it started (too hot or too little power)");
    }
    if (r.temperature && *r.temperature >= 80.0)
        add("hot", Severity::note,
            fmt::format("the processor is at {:.0f} °C: give the board air, or a heatsink", *r.temperature));
    if (r.disk && r.disk->total > 0 && (r.disk->free < disk_low_bytes || r.disk->free * 100 < r.disk->total * 3))
        add("disk-nearly-full", Severity::warning,
            fmt::format("the disk of the cache ({}) has {} free of {}: new pictures and reports may not be kept; "
                        "remove files from that disk, or lower placard's --cache-size",
                        s.cache.string(), mib(r.disk->free), mib(r.disk->total)),
            "Disk nearly full");
    if (r.memory_available && r.memory_total && *r.memory_available * 20 < *r.memory_total)
        add("memory-low", Severity::note,
            fmt::format("only {} of memory of {} is free: fewer clips or smaller pictures would help",
                        mib(*r.memory_available), mib(*r.memory_total)));
    else if (r.memory_pressure && *r.memory_pressure >= 10.0)
        add("memory-pressure", Severity::note,
            fmt::format("programs waited for memory {:.0f} % of the last minute", *r.memory_pressure));
    if (!r.hdmi.empty()) {
        bool any = false;
        for (const auto& [connector, connected] : r.hdmi) any = any || connected;
        if (!any)
            add("hdmi-unplugged", Severity::note,
                "no screen answers on the HDMI ports: check the cable, and that the TV is on");
    }
    if (r.clock_synced == false) {
        const auto now = std::chrono::system_clock::now();
        const bool before_2025 = now < std::chrono::sys_days(std::chrono::year(2025) / 1 / 1);
        // A sync service that has had a few minutes and still has no time: the network
        // or its time server is out of reach, and events count down from a wrong time.
        const bool service = present(s.root / "run/systemd/timesync") || present(s.root / "run/chrony");
        const bool waited = s.uptime_seconds.value_or(0) > 300;
        if (before_2025 || (service && waited))
            add("clock-not-set", Severity::warning,
                "the clock is not synchronised: events and countdowns may be wrong; connect the board to a "
                "network that reaches a time server, or set the time with timedatectl",
                "Clock not set");
        else
            add("clock-not-synced", Severity::note, "the clock is not synchronised with a time server");
    }
}

}  // namespace

fs::path root_from_environment() {
    const char* v = std::getenv("PLACARD_HEALTH_ROOT");
    return v && *v ? fs::path(v) : fs::path("/");
}

Report read(const Sources& sources) {
    Report r;
    const fs::path& root = sources.root;
    r.throttling = read_throttling(root);
    if (auto milli = number_in(root / "sys/class/thermal/thermal_zone0/temp"))
        r.temperature = static_cast<double>(*milli) / 1000.0;
    r.disk = read_disk(sources);
    read_memory(root, r);
    read_hdmi(root, r);
    r.cec = read_cec(root);
    r.clock_synced = read_clock_synced(sources);
    Sources s = sources;
    if (!s.uptime_seconds)
        if (auto line = first_line(root / "proc/uptime")) s.uptime_seconds = std::strtod(line->c_str(), nullptr);
    find(r, s);
    return r;
}

Json to_json(const Report& r) {
    Json j = Json::object();
    if (r.throttling) {
        const Throttling& t = *r.throttling;
        j["throttling"] = {{"raw", fmt::format("{:#x}", t.raw)},
                           {"undervoltage_now", t.undervoltage_now},
                           {"undervoltage_since_boot", t.undervoltage_since_boot},
                           {"throttled_now", t.throttled_now},
                           {"throttled_since_boot", t.throttled_since_boot},
                           {"hot_now", t.hot_now},
                           {"hot_since_boot", t.hot_since_boot}};
    }
    if (r.temperature) j["temperature_c"] = *r.temperature;
    if (r.disk) j["disk"] = {{"free_bytes", r.disk->free}, {"total_bytes", r.disk->total}};
    if (r.memory_available) j["memory"]["available_bytes"] = *r.memory_available;
    if (r.memory_total) j["memory"]["total_bytes"] = *r.memory_total;
    if (r.memory_pressure) j["memory"]["pressure_avg60"] = *r.memory_pressure;
    Json hdmi = Json::array();
    for (const auto& [connector, connected] : r.hdmi) hdmi.push_back({{"port", connector}, {"connected", connected}});
    j["hdmi"] = hdmi;
    j["cec"] = r.cec;
    if (r.clock_synced) j["clock_synced"] = *r.clock_synced;
    Json findings = Json::array();
    for (const Finding& f : r.findings) {
        Json one = {
            {"key", f.key}, {"severity", f.severity == Severity::warning ? "warning" : "note"}, {"words", f.words}};
        if (!f.brief.empty()) one["brief"] = f.brief;
        findings.push_back(std::move(one));
    }
    j["findings"] = findings;
    return j;
}

std::string describe(const Finding& f) {
    return fmt::format("{}: {}", f.key, f.words);
}

Watch::Watch(Sources sources, std::function<void(const Report&)> read_one, std::chrono::milliseconds every)
    : thread_([this, sources = std::move(sources), read_one = std::move(read_one), every] {
          std::unique_lock lock(mutex_);
          while (!stopping_) {
              lock.unlock();
              read_one(read(sources));
              lock.lock();
              stop_.wait_for(lock, every, [this] { return stopping_; });
          }
      }) {}

Watch::~Watch() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    stop_.notify_all();
    thread_.join();
}

}  // namespace placard::health
