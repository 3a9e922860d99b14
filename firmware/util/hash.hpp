#pragma once
// Content-addressed names: the cache never uses a name that came from the network.
#include <string>
#include <string_view>

namespace placard {

// SHA-256 of the bytes, as 64 lowercase hex digits.
std::string sha256_hex(std::string_view bytes);

}  // namespace placard
