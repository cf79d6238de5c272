// Where the bot's data (flows/ and locales/) lives, so operators can edit it without recompiling.
// Pure apart from reading the environment and the file system; thread-safe; never throws.
#pragma once
#include <filesystem>
#include <optional>
#include <string>

namespace intake::runtime {

// In order: the explicit directory (from --data-dir), $INTAKE_DATA_DIR, the current directory if it
// holds flows/, the directory above the executable's, and the source tree the binary was built from.
std::filesystem::path find_data_dir(const std::optional<std::string>& explicit_dir, const char* argv0);

}  // namespace intake::runtime
