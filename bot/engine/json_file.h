// Reading the JSON data files under flows/ and locales/ at load time. Problems (unreadable file,
// invalid JSON with its byte offset) are appended, never thrown, so a loader reports them all.
#pragma once
#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "bot/engine/load_problem.h"

namespace intake::engine {

// `shown` is the name used in problems, e.g. "flows/report.json".
std::optional<nlohmann::json> read_json_file(const std::filesystem::path& path, const std::string& shown, std::vector<load_problem>& problems);

// The regular *.json files directly in `directory`, in name order (none if it does not exist).
std::set<std::filesystem::path> json_files_in(const std::filesystem::path& directory);

// Reads fields of one data file, recording a problem (file + JSON pointer + what is wrong) for every
// field that is missing or of the wrong type, so a loader can go on and report them all.
class file_checker {
 public:
  file_checker(std::string file, std::vector<load_problem>& problems) : file_(std::move(file)), problems_(problems) {}
  void problem(const std::string& place, const std::string& what) { problems_.push_back({file_, place, what}); }
  const std::string& file() const { return file_; }

  // A non-empty string; a missing one is a problem only when `required`.
  std::optional<std::string> string_at(const nlohmann::json& object, const std::string& key, const std::string& place, bool required = true);
  // A string that may be empty (an article number some sources lack) but must be there.
  std::string text_at(const nlohmann::json& object, const std::string& key, const std::string& place);
  // An array of non-empty strings; when `required`, missing or empty is a problem.
  std::vector<std::string> strings_at(const nlohmann::json& object, const std::string& key, const std::string& place, bool required = false);
  // A whole number from min to max, or `fallback` when missing; another type, a fraction or a number
  // out of range is a problem and gives `fallback` (never an exception, never an overflowing cast).
  std::int64_t integer_at(const nlohmann::json& object, const std::string& key, const std::string& place, std::int64_t fallback,
                          std::int64_t min, std::int64_t max);
  // A number (whole or not) from min to max; otherwise as integer_at.
  double number_at(const nlohmann::json& object, const std::string& key, const std::string& place, double fallback, double min,
                   double max);
  // true or false, or `fallback` when missing; another type is a problem and gives `fallback`.
  bool flag_at(const nlohmann::json& object, const std::string& key, const std::string& place, bool fallback);

 private:
  std::string file_;
  std::vector<load_problem>& problems_;
};

}  // namespace intake::engine
