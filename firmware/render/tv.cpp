#include "render/tv.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <optional>

#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <fmt/format.h>

#include "util/log.hpp"
#include "util/unique_fd.hpp"

#if __has_include(<linux/cec-funcs.h>)
#include <linux/cec-funcs.h>
#include <linux/cec.h>
#define PLACARD_HAVE_CEC 1
#endif

namespace placard::render {

#ifdef PLACARD_HAVE_CEC
namespace {

// The Linux CEC API (Documentation/userspace-api/media/cec): the kernel does the bus, the
// retries and the logical address; we say which messages to send. The messages come from
// the kernel's own <linux/cec-funcs.h>.
class KernelCec final : public Tv {
public:
    KernelCec(std::string device, CecIoctl ioctl) : device_(std::move(device)), ioctl_(std::move(ioctl)) {}

    std::string name() const override { return "HDMI-CEC on " + device_; }

    Result<void> standby() override {
        cec_msg msg{};
        cec_msg_init(&msg, initiator(), CEC_LOG_ADDR_TV);
        cec_msg_standby(&msg);
        return transmit(msg, "put the TV on standby");
    }

    Result<void> wake() override {
        // Image View On wakes the TV; Active Source then switches it to our HDMI input.
        // A TV on standby may have cut the HDMI link, which unconfigures the adapter: it
        // may then still send Image View On, from "unregistered" (15) to the TV.
        cec_msg msg{};
        cec_msg_init(&msg, initiator(), CEC_LOG_ADDR_TV);
        cec_msg_image_view_on(&msg);
        if (auto sent = transmit(msg, "wake the TV"); !sent) return sent;
        __u16 address = CEC_PHYS_ADDR_INVALID;
        const std::uint8_t from = initiator();
        if (from != CEC_LOG_ADDR_UNREGISTERED && ioctl_(CEC_ADAP_G_PHYS_ADDR, &address) == 0 &&
            address != CEC_PHYS_ADDR_INVALID) {
            cec_msg source{};
            cec_msg_init(&source, from, CEC_LOG_ADDR_BROADCAST);
            cec_msg_active_source(&source, address);
            (void)transmit(source, "switch the TV to this input");  // not every TV needs it
        }
        return {};
    }

    // Claims a playback device's logical address when nothing has configured the
    // adapter yet (the Pi's is left unconfigured at boot). Blocks until it is claimed.
    void configure() {
        cec_log_addrs addrs{};
        if (ioctl_(CEC_ADAP_G_LOG_ADDRS, &addrs) != 0 || addrs.num_log_addrs > 0) return;
        cec_log_addrs want{};
        want.cec_version = CEC_OP_CEC_VERSION_1_4;
        want.vendor_id = CEC_VENDOR_ID_NONE;
        want.num_log_addrs = 1;
        want.log_addr_type[0] = CEC_LOG_ADDR_TYPE_PLAYBACK;
        want.primary_device_type[0] = CEC_OP_PRIM_DEVTYPE_PLAYBACK;
        want.all_device_types[0] = CEC_OP_ALL_DEVTYPE_PLAYBACK;
        want.flags = CEC_LOG_ADDRS_FL_ALLOW_UNREG_FALLBACK;
        std::strncpy(want.osd_name, "placard", sizeof want.osd_name - 1);
        if (ioctl_(CEC_ADAP_S_LOG_ADDRS, &want) != 0)
            log::info("render", "{}: cannot claim a CEC address ({}); sending as unregistered", device_,
                      std::strerror(errno));
    }

private:
    std::uint8_t initiator() const {
        cec_log_addrs addrs{};
        if (ioctl_(CEC_ADAP_G_LOG_ADDRS, &addrs) == 0 && addrs.num_log_addrs > 0 &&
            addrs.log_addr[0] != CEC_LOG_ADDR_INVALID)
            return addrs.log_addr[0];
        return CEC_LOG_ADDR_UNREGISTERED;
    }

    Result<void> transmit(cec_msg& msg, const char* what) {
        if (ioctl_(CEC_TRANSMIT, &msg) != 0)
            return Error{device_, fmt::format("cannot {} over HDMI-CEC ({})", what, std::strerror(errno)),
                         "is the TV's CEC setting on (Anynet+, SimpLink, Bravia Sync, ...)? "
                         "set display.cec to false to leave the TV alone"};
        if (msg.tx_status & CEC_TX_STATUS_OK) return {};
        return Error{device_, fmt::format("cannot {}: the TV did not answer over HDMI-CEC", what),
                     "is the TV's CEC setting on (Anynet+, SimpLink, Bravia Sync, ...)?"};
    }

    std::string device_;
    CecIoctl ioctl_;
};

}  // namespace

std::unique_ptr<Tv> make_cec_tv(std::string device, CecIoctl ioctl) {
    auto tv = std::make_unique<KernelCec>(std::move(device), std::move(ioctl));
    tv->configure();
    return tv;
}

std::unique_ptr<Tv> open_cec_tv() {
    // The first device with a TV on its port, else the first there is.
    std::optional<std::pair<std::string, std::shared_ptr<UniqueFd>>> first, connected;
    for (int i = 0; i < 8 && !connected; ++i) {
        const std::string device = fmt::format("/dev/cec{}", i);
        const int raw = ::open(device.c_str(), O_RDWR | O_CLOEXEC);
        if (raw < 0) {
            if (errno != ENOENT)
                log::warning("render",
                             "{}: cannot open ({}); the TV will not be put on standby: is placard in the "
                             "video group?",
                             device, std::strerror(errno));
            continue;
        }
        auto fd = std::make_shared<UniqueFd>(raw);
        cec_caps caps{};
        if (::ioctl(fd->get(), CEC_ADAP_G_CAPS, &caps) != 0 || !(caps.capabilities & CEC_CAP_TRANSMIT)) continue;
        // The messages we send need no answer: initiator mode, leaving the others to
        // any follower (cec-follower) that runs.
        __u32 mode = CEC_MODE_INITIATOR;
        (void)::ioctl(fd->get(), CEC_S_MODE, &mode);
        __u16 address = CEC_PHYS_ADDR_INVALID;
        if (::ioctl(fd->get(), CEC_ADAP_G_PHYS_ADDR, &address) == 0 && address != CEC_PHYS_ADDR_INVALID)
            connected.emplace(device, fd);
        else if (!first)
            first.emplace(device, fd);
    }
    auto chosen = connected ? connected : first;
    if (!chosen) {
        log::info("render", "no HDMI-CEC device (/dev/cec*): outside display.hours the screen is only black");
        return nullptr;
    }
    auto fd = chosen->second;
    auto tv =
        make_cec_tv(chosen->first, [fd](unsigned long request, void* arg) { return ::ioctl(fd->get(), request, arg); });
    log::info("render", "the TV is switched over {}", tv->name());
    return tv;
}

#else

std::unique_ptr<Tv> make_cec_tv(std::string, CecIoctl) {
    return nullptr;
}

std::unique_ptr<Tv> open_cec_tv() {
    log::info("render", "built without HDMI-CEC: outside display.hours the screen is only black");
    return nullptr;
}

#endif

}  // namespace placard::render
