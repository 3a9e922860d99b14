#pragma once
// The control page's HTTPS certificate: made at the first start (an EC P-256 key and a
// self-signed certificate for the display's name, localhost and its loopback addresses,
// valid ten years), kept in the state folder, and known by its SHA-256 fingerprint, which the
// screen shows beside the setup code so that the first visit can be checked.
#include <filesystem>
#include <string>

#include "util/result.hpp"

namespace placard::control {

struct Certificate {
    std::string cert_pem;
    std::string key_pem;
    std::string fingerprint;  // SHA-256 of the DER form, "AB:CD:..." (32 pairs)
};

// Reads state/tls-cert.pem and tls-key.pem, or makes them when missing (the key mode 0600).
Result<Certificate> load_or_make_certificate(const std::filesystem::path& state, const std::string& host_name);

// The fingerprint of a PEM certificate, as above.
Result<std::string> fingerprint(const std::string& cert_pem);

}  // namespace placard::control
