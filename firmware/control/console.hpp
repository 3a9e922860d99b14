#pragma once
// What the control server reads of the player and hands to it: the desk for cues, the
// display's clock and zone, and the status the player puts up whenever what is on screen
// changes, its health and the live picture. Every member is thread-safe: the main thread
// writes, the server's threads read.
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

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
    const Clock& clock() const { return clock_; }

    void set_zone(const Zone& zone) {
        std::lock_guard lock(mutex_);
        zone_ = zone;
    }
    Zone zone() const {
        std::lock_guard lock(mutex_);
        return zone_;
    }
    void set_status(nlohmann::json status) {
        {
            std::lock_guard lock(mutex_);
            status_ = std::move(status);
        }
        notify();
    }
    // Called after each set_status() (the player's thread) and set_health() (the health
    // watch's): the broker's link sends the display's status when it has changed. Once
    // set_listener() has returned, the listener before is not being called and will not be.
    void set_listener(std::function<void()> listener) {
        std::lock_guard lock(listener_mutex_);
        listener_ = std::move(listener);
    }
    nlohmann::json status() const {
        std::lock_guard lock(mutex_);
        return status_;
    }
    // The playlist's folder sources by name: where posters may be uploaded.
    void set_folders(std::map<std::string, std::filesystem::path> folders) {
        std::lock_guard lock(mutex_);
        folders_ = std::move(folders);
    }
    std::map<std::string, std::filesystem::path> folders() const {
        std::lock_guard lock(mutex_);
        return folders_;
    }
    // The board's health as health::to_json gives it, read by the player every 10 s.
    void set_health(nlohmann::json health) {
        {
            std::lock_guard lock(mutex_);
            health_ = std::move(health);
        }
        notify();
    }
    nlohmann::json health() const {
        std::lock_guard lock(mutex_);
        return health_;
    }

    // The live picture of the screen. The server asks for one (picture()); the player,
    // woken, hands the frame it has to a thread that scales and encodes it, which puts it
    // here. At most one a second is made: a newer one than that is served as it is.
    struct Picture {
        std::string jpeg;
        std::chrono::steady_clock::time_point made;
        unsigned long long number = 0;
    };
    void set_picture_wake(std::function<void()> wake) {
        std::lock_guard lock(mutex_);
        picture_wake_ = std::move(wake);
    }
    // The player: whether a picture is asked for (and the asking is then taken).
    bool take_picture_wanted() {
        std::lock_guard lock(mutex_);
        return std::exchange(picture_wanted_, false);
    }
    void put_picture(std::string jpeg) {
        {
            std::lock_guard lock(mutex_);
            picture_.jpeg = std::move(jpeg);
            picture_.made = std::chrono::steady_clock::now();
            ++picture_.number;
        }
        picture_made_.notify_all();
    }
    // The server: a picture at most a second old, waiting up to `wait` for the player to
    // make one; the last one made (or none) when it does not in time.
    std::optional<Picture> picture(std::chrono::milliseconds wait) {
        std::unique_lock lock(mutex_);
        const auto now = std::chrono::steady_clock::now();
        if (picture_.number > 0 && now - picture_.made < std::chrono::seconds(1)) return picture_;
        const unsigned long long had = picture_.number;
        picture_wanted_ = true;
        if (picture_wake_) picture_wake_();
        picture_made_.wait_for(lock, wait, [&] { return picture_.number != had; });
        if (picture_.number == 0) return std::nullopt;
        return picture_;
    }

private:
    // The listener is quick (it wakes a thread): called with its own lock held.
    void notify() {
        std::lock_guard lock(listener_mutex_);
        if (listener_) listener_();
    }

    std::shared_ptr<cues::Desk> desk_;
    const Clock& clock_;
    mutable std::mutex mutex_;
    Zone zone_;
    nlohmann::json status_ = nlohmann::json::object();
    nlohmann::json health_ = nlohmann::json::object();
    std::map<std::string, std::filesystem::path> folders_;
    std::mutex listener_mutex_;
    std::function<void()> listener_;
    std::function<void()> picture_wake_;
    bool picture_wanted_ = false;
    Picture picture_;
    std::condition_variable picture_made_;
};

}  // namespace placard::control
