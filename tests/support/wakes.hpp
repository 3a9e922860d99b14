#pragma once
// Counts the worker's wake-ups (its publishes and its handovers of the remote playlist),
// so that a test waits for them instead of for time.
#include <chrono>
#include <condition_variable>
#include <mutex>

#include "content/worker.hpp"

namespace placard::test {

struct Wakes {
    std::mutex mutex;
    std::condition_variable cv;
    int count = 0;
    void wake() {
        {
            std::lock_guard lock(mutex);
            ++count;
        }
        cv.notify_all();
    }
    // Until `done()` holds, checked after every wake-up (at most 10 s).
    template <class Done>
    bool until(Done done) {
        std::unique_lock lock(mutex);
        return cv.wait_for(lock, std::chrono::seconds(10), done);
    }
    // Until the worker's snapshot has reached `generation`.
    bool wait_generation(const content::Worker& w, unsigned long long generation) {
        return until([&] { return w.snapshot()->generation >= generation; });
    }
};

}  // namespace placard::test
