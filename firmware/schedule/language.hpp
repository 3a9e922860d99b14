#pragma once
// The display's language for the words the schedule writes (dates, countdowns).
#include <string_view>

namespace placard::schedule {

enum class Language { en, de, es, fr };

// "de", "de-AT", "de_DE.UTF-8" -> de; anything unknown -> en, so a typo still shows words.
Language language(std::string_view locale);

}  // namespace placard::schedule
