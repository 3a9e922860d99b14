#include "cues/desk.hpp"

#include <utility>

namespace placard::cues {

void Desk::set_wake(std::function<void()> wake) {
    std::lock_guard lock(mutex_);
    wake_ = std::move(wake);
}

void Desk::add(Order order) {
    std::function<void()> wake;
    {
        std::lock_guard lock(mutex_);
        orders_.push_back(std::move(order));
        wake = wake_;
    }
    if (wake) wake();
}

void Desk::post(Cue cue) {
    add(Order{std::move(cue), {}});
}

void Desk::lift(std::string id) {
    add(Order{std::nullopt, std::move(id)});
}

std::vector<Order> Desk::take() {
    std::lock_guard lock(mutex_);
    return std::exchange(orders_, {});
}

void Desk::publish(std::vector<Cue> cues) {
    std::lock_guard lock(mutex_);
    in_force_ = std::move(cues);
}

std::vector<Cue> Desk::cues() const {
    std::lock_guard lock(mutex_);
    return in_force_;
}

}  // namespace placard::cues
