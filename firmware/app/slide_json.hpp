#pragma once
// How `placard slides` prints a slide: one JSON object, or a few lines of text.
#include <string>

#include <nlohmann/json.hpp>

#include "schedule/schedule.hpp"

namespace placard::app {

nlohmann::json slide_to_json(const schedule::SlideSpec& slide, const std::string& locale, const Zone& zone,
                             SysTime now);
std::string slide_to_text(size_t number, const schedule::SlideSpec& slide, const std::string& locale, const Zone& zone,
                          SysTime now);

}  // namespace placard::app
