#pragma once
// Where cues come in from other threads (the control page's, later the broker's) for the
// main thread, which alone holds the Board; and where the main thread puts up the cues in
// force for those threads to read. Every member is thread-safe.
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "cues/cue.hpp"

namespace placard::cues {

// A cue given, or one lifted by its id.
struct Order {
    std::optional<Cue> give;
    std::string lift;
};

class Desk {
public:
    // Called after each post() or lift(), from the poster's thread: wakes the main thread.
    void set_wake(std::function<void()> wake);
    void post(Cue cue);
    void lift(std::string id);
    // The main thread: what came since the last call, in the order it came.
    std::vector<Order> take();
    // The main thread: the cues in force now; cues() gives them to any thread.
    void publish(std::vector<Cue> cues);
    std::vector<Cue> cues() const;

private:
    void add(Order order);

    mutable std::mutex mutex_;
    std::function<void()> wake_;
    std::vector<Order> orders_;
    std::vector<Cue> in_force_;
};

}  // namespace placard::cues
