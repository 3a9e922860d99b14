#include "util/result.hpp"

namespace placard {

std::string Error::to_string() const {
    std::string out = where;
    if (!what.empty()) {
        if (!out.empty()) out += ": ";
        out += what;
    }
    if (!hint.empty()) {
        out += out.empty() ? "" : "; ";
        out += hint;
    }
    return out;
}

}  // namespace placard
