#include "bot/engine/json_file.h"

#include <cmath>
#include <fstream>
#include <sstream>

namespace intake::engine {

std::optional<nlohmann::json> read_json_file(const std::filesystem::path& path, const std::string& shown, std::vector<load_problem>& problems) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    problems.push_back({shown, "", "cannot be read"});
    return std::nullopt;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  try {
    return nlohmann::json::parse(buffer.str());
  } catch (const nlohmann::json::parse_error& error) {
    problems.push_back({shown, "byte " + std::to_string(error.byte), std::string("not valid JSON: ") + error.what()});
    return std::nullopt;
  } catch (const nlohmann::json::exception& error) {
    // A number too large for a double (1e400) is out_of_range, not a parse_error (found by fuzz_flow_loader).
    problems.push_back({shown, "", std::string("not valid JSON: ") + error.what()});
    return std::nullopt;
  }
}

std::optional<std::string> file_checker::string_at(const nlohmann::json& object, const std::string& key, const std::string& place,
                                                  bool required) {
  if (!object.contains(key)) {
    if (required) problem(place + "/" + key, "required string is missing");
    return std::nullopt;
  }
  if (!object[key].is_string() || object[key].get<std::string>().empty()) {
    problem(place + "/" + key, "expected a non-empty string");
    return std::nullopt;
  }
  return object[key].get<std::string>();
}

std::string file_checker::text_at(const nlohmann::json& object, const std::string& key, const std::string& place) {
  if (!object.contains(key) || !object[key].is_string()) {
    problem(place + "/" + key, "expected a string (it may be empty)");
    return {};
  }
  return object[key].get<std::string>();
}

std::vector<std::string> file_checker::strings_at(const nlohmann::json& object, const std::string& key, const std::string& place,
                                                  bool required) {
  std::vector<std::string> result;
  if (!object.contains(key)) {
    if (required) problem(place + "/" + key, "required array of strings is missing");
    return result;
  }
  if (!object[key].is_array()) {
    problem(place + "/" + key, "expected an array of strings");
    return result;
  }
  for (std::size_t i = 0; i < object[key].size(); ++i) {
    const auto& item = object[key][i];
    if (!item.is_string() || item.get<std::string>().empty())
      problem(place + "/" + key + "/" + std::to_string(i), "expected a non-empty string");
    else
      result.push_back(item.get<std::string>());
  }
  if (required && result.empty() && object[key].empty()) problem(place + "/" + key, "at least one is required");
  return result;
}

std::int64_t file_checker::integer_at(const nlohmann::json& object, const std::string& key, const std::string& place,
                                     std::int64_t fallback, std::int64_t min, std::int64_t max) {
  if (!object.contains(key)) return fallback;
  const auto& value = object[key];
  // Compared as the JSON holds it: a cast to the target type first could overflow (1e300, 2^63).
  bool ok = false;
  std::int64_t number = 0;
  if (value.is_number_unsigned()) {
    const auto unsigned_number = value.get<std::uint64_t>();
    ok = max >= 0 && unsigned_number <= static_cast<std::uint64_t>(max);
    number = ok ? static_cast<std::int64_t>(unsigned_number) : 0;
  } else if (value.is_number_integer()) {
    number = value.get<std::int64_t>();
    ok = true;
  } else if (value.is_number_float()) {  // 2.0 is whole too
    const double real = value.get<double>();
    ok = std::trunc(real) == real && std::fabs(real) < 9e18 && real >= static_cast<double>(min) && real <= static_cast<double>(max);
    number = ok ? static_cast<std::int64_t>(real) : 0;
  }
  ok = ok && number >= min && number <= max;
  if (!ok) {
    problem(place + "/" + key, "expected a whole number from " + std::to_string(min) + " to " + std::to_string(max));
    return fallback;
  }
  return number;
}

double file_checker::number_at(const nlohmann::json& object, const std::string& key, const std::string& place, double fallback,
                               double min, double max) {
  if (!object.contains(key)) return fallback;
  const auto& value = object[key];
  if (!value.is_number() || !(value.get<double>() >= min && value.get<double>() <= max)) {
    std::ostringstream range;
    range << "expected a number from " << min << " to " << max;
    problem(place + "/" + key, range.str());
    return fallback;
  }
  return value.get<double>();
}

bool file_checker::flag_at(const nlohmann::json& object, const std::string& key, const std::string& place, bool fallback) {
  if (!object.contains(key)) return fallback;
  if (!object[key].is_boolean()) {
    problem(place + "/" + key, "expected true or false");
    return fallback;
  }
  return object[key].get<bool>();
}

std::set<std::filesystem::path> json_files_in(const std::filesystem::path& directory) {
  std::set<std::filesystem::path> paths;
  std::error_code ec;
  if (!std::filesystem::is_directory(directory, ec)) return paths;
  for (const auto& entry : std::filesystem::directory_iterator(directory, ec))
    if (entry.is_regular_file() && entry.path().extension() == ".json") paths.insert(entry.path());
  return paths;
}

}  // namespace intake::engine
