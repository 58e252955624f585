#include "twinhost/language.h"

namespace twinhost {

const char* language_name(Language language) {
  return language == Language::JavaScript ? "JavaScript" : "Python";
}

std::optional<Language> language_from_runtime_name(std::string_view name) {
  if (name == "node") return Language::JavaScript;
  if (name == "python") return Language::Python;
  return std::nullopt;
}

std::optional<Language> language_from_path(std::string_view path) {
  auto ends_with = [&](std::string_view suffix) {
    return path.size() > suffix.size() && path.substr(path.size() - suffix.size()) == suffix;
  };
  if (ends_with(".js") || ends_with(".cjs") || ends_with(".mjs")) return Language::JavaScript;
  if (ends_with(".py")) return Language::Python;
  return std::nullopt;
}

}  // namespace twinhost
