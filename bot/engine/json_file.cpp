#include "bot/engine/json_file.h"

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
  }
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
