#pragma once
// The control page: one HTML document with its style and a little plain JavaScript, no
// framework and nothing from outside, made for a phone. It speaks to the JSON API.
#include <string>

namespace placard::control {

const std::string& control_page();

}  // namespace placard::control
