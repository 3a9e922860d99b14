#pragma once
// The display's language for the words the schedule writes (dates, countdowns).
#include <string_view>

namespace placard::schedule {

enum class Language { en, de, es, fr };

// "de", "de-AT", "de_DE.UTF-8" -> de; anything unknown -> en, so a typo still shows words.
Language language(std::string_view locale);

// The one of four translations that is in `lang`.
template <class T>
const T& in_language(Language lang, const T& en, const T& de, const T& es, const T& fr) {
    switch (lang) {
        case Language::en:
            return en;
        case Language::de:
            return de;
        case Language::es:
            return es;
        case Language::fr:
            return fr;
    }
    return en;
}

}  // namespace placard::schedule
