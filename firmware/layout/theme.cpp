#include "layout/theme.hpp"

namespace placard::layout {

Theme theme_named(std::string_view name) {
    if (name == "light") {
        return Theme{{250, 247, 240, 255}, {236, 231, 220, 255}, {21, 24, 28, 255},
                     {84, 90, 98, 255},    {183, 18, 32, 255},   {255, 255, 255, 255}};
    }
    return Theme{{16, 19, 23, 255},    {31, 36, 43, 255},  {246, 245, 240, 255},
                 {170, 178, 186, 255}, {226, 54, 66, 255}, {255, 255, 255, 255}};
}

}  // namespace placard::layout
