#pragma once
// The board's health, read every few seconds from sysfs and procfs: the Pi firmware's
// undervoltage and throttling flags, the temperature, the free space on the cache's disk,
// memory pressure, the HDMI link, CEC and whether the clock is synchronised. Read from a
// root folder, so that tests point it at a fake sysfs. read() keeps no state; Watch reads
// on a thread of its own and hands the reports on.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

namespace placard::health {

enum class Severity {
    note,     // on the control page and in the journal
    warning,  // also in a quiet corner of the screen: the hall should act on it
};

// One thing worth saying. `key` is stable ("undervoltage-now"), `words` say what it is
// and what to do, `brief` is the screen corner's few words (warnings only).
struct Finding {
    std::string key;
    Severity severity = Severity::note;
    std::string words;
    std::string brief;
};

struct Throttling {
    std::uint32_t raw = 0;
    bool undervoltage_now = false, undervoltage_since_boot = false;
    bool throttled_now = false, throttled_since_boot = false;  // frequency capped or throttled
    bool hot_now = false, hot_since_boot = false;              // the soft temperature limit
};

struct Disk {
    std::uintmax_t free = 0, total = 0;  // bytes
};

struct Report {
    std::optional<Throttling> throttling;                          // none: not a Pi (or its firmware says nothing)
    std::optional<double> temperature;                             // degrees Celsius, of the SoC
    std::optional<Disk> disk;                                      // the cache's
    std::optional<std::uintmax_t> memory_available, memory_total;  // bytes
    std::optional<double> memory_pressure;                         // % of time stalled, last minute
    std::vector<std::pair<std::string, bool>> hdmi;                // connector, connected
    bool cec = false;                                              // a /dev/cecN exists
    std::optional<bool> clock_synced;                              // none: cannot tell
    std::vector<Finding> findings;
};

struct Sources {
    std::filesystem::path root = "/";  // where sys/, proc/, dev/ and run/ are read
    std::filesystem::path cache;       // the folder whose disk is measured; empty: none
    // Facts that are not files under the root, given by tests; none: read from the system.
    std::optional<Disk> disk;
    std::optional<bool> kernel_clock_synced;
    std::optional<double> uptime_seconds;
};

// The root the environment gives (PLACARD_HEALTH_ROOT), else "/".
std::filesystem::path root_from_environment();

Report read(const Sources& sources);

// The disk counts as nearly full under this many bytes free, or 3 % of it.
inline constexpr std::uintmax_t disk_low_bytes = std::uintmax_t{200} * 1024 * 1024;

nlohmann::json to_json(const Report& report);

// A finding, as a line of the journal: "undervoltage now: ..." .
std::string describe(const Finding& f);

// Reads the health on a thread of its own, at once and then every `every`, and hands each
// report to `read` on that thread: the player's loop is not woken for a reading that
// changes nothing. Stops (and joins) when destroyed.
class Watch {
public:
    Watch(Sources sources, std::function<void(const Report&)> read,
          std::chrono::milliseconds every = std::chrono::seconds(10));
    ~Watch();
    Watch(const Watch&) = delete;
    Watch& operator=(const Watch&) = delete;

private:
    std::mutex mutex_;
    std::condition_variable stop_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace placard::health
