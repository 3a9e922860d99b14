#pragma once
// Time is injected: everything that asks "what time is it" asks a Clock, so that tests
// and `--at` can set any time.
#include <atomic>
#include <chrono>

namespace placard {

using SysTime = std::chrono::sys_seconds;

class Clock {
public:
    virtual ~Clock() = default;
    virtual std::chrono::system_clock::time_point now() const = 0;
    SysTime now_seconds() const { return std::chrono::floor<std::chrono::seconds>(now()); }
};

class SystemClock final : public Clock {
public:
    std::chrono::system_clock::time_point now() const override { return std::chrono::system_clock::now(); }
};

// A clock that stands still until told to move: tests, and `--at TIME` previews.
class ManualClock final : public Clock {
public:
    explicit ManualClock(std::chrono::system_clock::time_point t) : t_(t.time_since_epoch().count()) {}
    std::chrono::system_clock::time_point now() const override {
        return std::chrono::system_clock::time_point(std::chrono::system_clock::duration(t_.load()));
    }
    void set(std::chrono::system_clock::time_point t) { t_ = t.time_since_epoch().count(); }
    void advance(std::chrono::system_clock::duration d) { t_ += d.count(); }

private:
    std::atomic<std::chrono::system_clock::rep> t_;
};

// A clock that starts at a given time and then runs at real speed (`run --at TIME`).
class OffsetClock final : public Clock {
public:
    explicit OffsetClock(std::chrono::system_clock::time_point start)
        : offset_(start - std::chrono::system_clock::now()) {}
    std::chrono::system_clock::time_point now() const override { return std::chrono::system_clock::now() + offset_; }

private:
    std::chrono::system_clock::duration offset_;
};

}  // namespace placard
