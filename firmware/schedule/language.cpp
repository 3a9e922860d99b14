#include "schedule/language.hpp"

#include <utility>

namespace placard::schedule {

Language language(std::string_view locale) {
    constexpr std::pair<std::string_view, Language> known[] = {
        {"en", Language::en}, {"de", Language::de}, {"es", Language::es}, {"fr", Language::fr}};
    std::string_view code = locale.substr(0, locale.find_first_of("-_."));
    for (auto [name, lang] : known)
        if (code == name) return lang;
    return Language::en;
}

}  // namespace placard::schedule
