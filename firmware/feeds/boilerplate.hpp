#pragma once
// The lines CMSs add to every excerpt ("Continue reading →", "Read more ...", "[…]",
// WordPress's "The post X appeared first on Y."), which say nothing on a screen.
#include <string>

namespace placard::feeds {

// Removes them from the end of plain text, however many follow each other.
std::string strip_boilerplate(std::string text);

}  // namespace placard::feeds
