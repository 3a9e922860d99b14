#include "layout/qr.hpp"

#include <cerrno>
#include <cstring>
#include <memory>

#include <fmt/format.h>
#include <qrencode.h>

namespace placard::layout {
namespace {

struct QrcodeDeleter {
    void operator()(QRcode* code) const noexcept { QRcode_free(code); }
};
using QrcodePtr = std::unique_ptr<QRcode, QrcodeDeleter>;

// ISO/IEC 18004 table 7: bytes that version 40 holds at level M.
constexpr size_t max_bytes_level_m = 2331;

}  // namespace

bool QrCode::dark(int x, int y) const {
    if (x < 0 || y < 0 || x >= size || y >= size) return false;
    return modules[static_cast<size_t>(y) * static_cast<size_t>(size) + static_cast<size_t>(x)];
}

Result<QrCode> make_qr(std::string_view text) {
    if (text.empty()) return Error{"", "a QR code needs a text to encode", "give the link it should open"};
    const auto too_long = [&] {
        return Error{"",
                     fmt::format("{} bytes are too long for a QR code (at most {})", text.size(), max_bytes_level_m),
                     "use a shorter link"};
    };
    if (text.size() > max_bytes_level_m) return too_long();

    // Byte mode for the whole text (encodeData, not encodeString): a link is read back
    // exactly as given, and a NUL in it cannot end it early.
    errno = 0;
    QrcodePtr code(QRcode_encodeData(static_cast<int>(text.size()), reinterpret_cast<const unsigned char*>(text.data()),
                                     0, QR_ECLEVEL_M));
    if (!code) {
        if (errno == ERANGE) return too_long();
        return Error{"", fmt::format("cannot encode a QR code: {}", std::strerror(errno)), ""};
    }

    QrCode qr;
    qr.size = code->width;
    const auto count = static_cast<size_t>(code->width) * static_cast<size_t>(code->width);
    qr.modules.resize(count);
    // libqrencode: one byte per module, bit 0 set when it is dark; the other bits say
    // what part of the symbol it belongs to.
    for (size_t i = 0; i < count; ++i) qr.modules[i] = (code->data[i] & 1u) != 0;
    return qr;
}

}  // namespace placard::layout
