#pragma once
// The TV behind the screen, as far as placard switches it: on standby for the screen's off
// hours (display.hours) and awake again after them, over HDMI-CEC. Where there is no CEC
// (a monitor, a desktop, headless) the screen is only black.
#include <functional>
#include <memory>
#include <string>

#include "util/result.hpp"

namespace placard::render {

class Tv {
public:
    virtual ~Tv() = default;
    virtual Result<void> standby() = 0;
    virtual Result<void> wake() = 0;
    virtual std::string name() const = 0;  // for the log: "HDMI-CEC on /dev/cec0"
};

// The kernel's CEC devices (/dev/cec0, /dev/cec1, ...; on a Pi 4 or 5 one for each HDMI
// port): the first with a TV on its port, else the first there is. Null when there is
// none; that is said once in the log.
std::unique_ptr<Tv> open_cec_tv();

// The same over one CEC device, each ioctl(2) on it going through `ioctl` (the tests give
// a fake adapter). Claims a playback device's logical address when the adapter has none.
using CecIoctl = std::function<int(unsigned long request, void* arg)>;
std::unique_ptr<Tv> make_cec_tv(std::string device, CecIoctl ioctl);

}  // namespace placard::render
