#include "bot/runtime/case_rules.h"

#include <set>

#include "bot/engine/json_file.h"
#include "bot/engine/ticket.h"
#include "bot/text/normalizer.h"
#include "bot/text/utf8.h"

namespace intake::runtime {
namespace {

constexpr const char* rules_file = "flows/cases/case_rules.json";
constexpr const char* calendar_file = "flows/cases/calendar.json";

std::string folded(std::string_view text) { return text::normalizer::instance().for_matching(text); }

}  // namespace

void case_rules::load_time_limits(const nlohmann::json& document, engine::file_checker& checker, case_rules& rules) {
  const auto limits = document.value("time_limits", nlohmann::json::object());
  if (!limits.is_object()) return checker.problem("/time_limits", "must be an object with accept_working_days and answer_working_days");
  rules.accept_working_days_ = static_cast<int>(checker.integer_at(limits, "accept_working_days", "/time_limits", 1, 1, 60));
  rules.answer_working_days_ = static_cast<int>(checker.integer_at(limits, "answer_working_days", "/time_limits", 5, 1, 250));
  if (rules.answer_working_days_ < rules.accept_working_days_)
    checker.problem("/time_limits/answer_working_days", "must not be less than accept_working_days");
}

void case_rules::load_calendar(const std::filesystem::path& data_dir, std::vector<engine::load_problem>& problems, working_calendar& calendar) {
  const auto path = data_dir / calendar_file;
  std::error_code missing;
  if (!std::filesystem::exists(path, missing)) return;  // Monday to Friday
  engine::file_checker checker(calendar_file, problems);
  const auto document = engine::read_json_file(path, calendar_file, problems);
  if (!document) return;
  if (!document->is_object()) return checker.problem("", "must be a JSON object with holidays and workdays");
  for (const char* key : {"holidays", "workdays"}) {
    const auto days = checker.strings_at(*document, key, "");
    for (std::size_t i = 0; i < days.size(); ++i) {
      const auto start = engine::parse_china_day(days[i]);
      if (!start) {
        checker.problem(std::string("/") + key + "/" + std::to_string(i), "\"" + days[i] + "\" is not a date written YYYY-MM-DD");
        continue;
      }
      const std::int64_t day = working_calendar::day_of(*start);
      if (std::string(key) == "holidays") calendar.add_holiday(day); else calendar.add_workday(day);
    }
  }
}

case_rules case_rules::load(const std::filesystem::path& data_dir, std::vector<engine::load_problem>& problems) {
  case_rules rules;
  const auto path = data_dir / rules_file;
  std::error_code missing;
  if (!std::filesystem::exists(path, missing)) {
    load_calendar(data_dir, problems, rules.calendar_);
    return rules;
  }
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
  load_time_limits(*document, checker, rules);
  load_calendar(data_dir, problems, rules.calendar_);
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

std::optional<std::int64_t> case_rules::due_ms(std::string_view status, std::int64_t clock_from_ms) const {
  if (status == "new") return calendar_.due_ms(clock_from_ms, accept_working_days_);
  if (status == "accepted" || status == "in_progress") return calendar_.due_ms(clock_from_ms, answer_working_days_);
  return std::nullopt;
}

std::vector<storage::created_window> case_rules::due_between(std::int64_t due_from_ms, std::int64_t due_to_ms) const {
  auto arrivals = [&](int working_days) {
    auto window = calendar_.arrivals_due_between(due_from_ms, due_to_ms, working_days);
    if (due_from_ms <= 0) window.first = 0;  // due at any time before: every older case too
    return window;
  };
  const auto accepting = arrivals(accept_working_days_), answering = arrivals(answer_working_days_);
  return {{{"new"}, accepting.first, accepting.second}, {{"accepted", "in_progress"}, answering.first, answering.second}};
}

std::optional<std::vector<storage::created_window>> case_rules::due_filter(std::string_view which, std::int64_t now_ms) const {
  // Due moments are ends of days (the start of the next): due at or before now is overdue; due at the
  // end of today is due today.
  if (which == "overdue") return due_between(0, now_ms + 1);
  if (which == "today") return due_between(now_ms + 1, working_calendar::end_of_day(now_ms) + 1);
  return std::nullopt;
}

std::string case_rules::department_names() const {
  std::string names;
  for (const auto& entry : departments_) names += (names.empty() ? "" : "、") + entry.name;
  return names;
}

}  // namespace intake::runtime
