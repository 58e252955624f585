#pragma once

#include <optional>
#include <string_view>

namespace twinhost {

enum class Language { JavaScript, Python };

// "JavaScript" / "Python".
const char* language_name(Language language);
// "node" -> JavaScript, "python" -> Python; anything else -> nullopt.
std::optional<Language> language_from_runtime_name(std::string_view name);
// By file extension: .js .cjs .mjs -> JavaScript, .py -> Python; anything else -> nullopt.
std::optional<Language> language_from_path(std::string_view path);

}  // namespace twinhost
