#include "bot/runtime/case_rules.h"

#include <set>

#include "bot/engine/json_file.h"
#include "bot/text/normalizer.h"
#include "bot/text/utf8.h"

namespace intake::runtime {
namespace {

constexpr const char* rules_file = "flows/cases/case_rules.json";

std::string folded(std::string_view text) { return text::normalizer::instance().for_matching(text); }

}  // namespace

case_rules case_rules::load(const std::filesystem::path& data_dir, std::vector<engine::load_problem>& problems) {
  case_rules rules;
  const auto path = data_dir / rules_file;
  std::error_code missing;
  if (!std::filesystem::exists(path, missing)) return rules;
  engine::file_checker checker(rules_file, problems);
  const auto document = engine::read_json_file(path, rules_file, problems);
  if (!document) return rules;
  if (!document->is_object()) {
    checker.problem("", "must be a JSON object");
    return rules;
  }
  const auto listed = document->value("departments", nlohmann::json::array());
  if (!listed.is_array()) {
    checker.problem("/departments", "must be an array of {\"name\", \"aliases\"}");
    return rules;
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < listed.size(); ++i) {
    const std::string place = "/departments/" + std::to_string(i);
    if (!listed[i].is_object()) {
      checker.problem(place, "must be an object with a name");
      continue;
    }
    auto name = checker.string_at(listed[i], "name", place);
    if (!name) continue;
    department entry{*name, checker.strings_at(listed[i], "aliases", place)};
    for (const std::string& word : [&] {
           std::vector<std::string> words{entry.name};
           words.insert(words.end(), entry.aliases.begin(), entry.aliases.end());
           return words;
         }()) {
      if (word.size() > 100 || folded(word).empty()) checker.problem(place, "\"" + word + "\" must have 1 to 100 bytes of words");
      if (!seen.insert(folded(word)).second) checker.problem(place, "\"" + word + "\" names another department too");
    }
    rules.departments_.push_back(std::move(entry));
  }
  return rules;
}

case_rules case_rules::load_or_throw(const std::filesystem::path& data_dir) {
  std::vector<engine::load_problem> problems;
  auto rules = load(data_dir, problems);
  if (!problems.empty()) throw engine::load_error(std::move(problems));
  return rules;
}

std::optional<std::string> case_rules::department_named(std::string_view typed) const {
  if (!text::is_valid_utf8(typed)) return std::nullopt;
  const std::string wanted = folded(typed);
  if (wanted.empty()) return std::nullopt;
  for (const auto& entry : departments_) {
    if (folded(entry.name) == wanted) return entry.name;
    for (const auto& alias : entry.aliases)
      if (folded(alias) == wanted) return entry.name;
  }
  return std::nullopt;
}

std::string case_rules::department_names() const {
  std::string names;
  for (const auto& entry : departments_) names += (names.empty() ? "" : "、") + entry.name;
  return names;
}

}  // namespace intake::runtime
