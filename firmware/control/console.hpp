#pragma once
// What the control server reads of the player and hands to it: the desk for cues, the
// display's clock and zone, and the status the player puts up whenever what is on screen
// changes. Every member is thread-safe: the main thread writes, the server's threads read.
#include <memory>
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

#include "cues/desk.hpp"
#include "util/clock.hpp"
#include "util/time.hpp"

namespace placard::control {

class Console {
public:
    Console(std::shared_ptr<cues::Desk> desk, const Clock& clock) : desk_(std::move(desk)), clock_(clock) {}

    cues::Desk& desk() { return *desk_; }
    const std::shared_ptr<cues::Desk>& shared_desk() const { return desk_; }
    SysTime now() const { return clock_.now_seconds(); }

    void set_zone(const Zone& zone) {
        std::lock_guard lock(mutex_);
        zone_ = zone;
    }
    Zone zone() const {
        std::lock_guard lock(mutex_);
        return zone_;
    }
    void set_status(nlohmann::json status) {
        std::lock_guard lock(mutex_);
        status_ = std::move(status);
    }
    nlohmann::json status() const {
        std::lock_guard lock(mutex_);
        return status_;
    }

private:
    std::shared_ptr<cues::Desk> desk_;
    const Clock& clock_;
    mutable std::mutex mutex_;
    Zone zone_;
    nlohmann::json status_ = nlohmann::json::object();
};

}  // namespace placard::control
