#pragma once
// "Did you mean": the valid name nearest to a misspelt one, when it is near enough to be
// the likely intent.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace placard::config {

// Case is ignored; a swap of two neighbouring letters counts as one edit ("tpye").
// Returns nothing when no candidate is close.
std::optional<std::string> nearest_name(std::string_view wrong, const std::vector<std::string>& candidates);

// "a, b, c" for messages that list the choices.
std::string join_names(const std::vector<std::string>& names, std::string_view separator = ", ");

}  // namespace placard::config
