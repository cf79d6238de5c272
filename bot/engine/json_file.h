// Reading the JSON data files under flows/ and locales/ at load time. Problems (unreadable file,
// invalid JSON with its byte offset) are appended, never thrown, so a loader reports them all.
#pragma once
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

}  // namespace intake::engine
