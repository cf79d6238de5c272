#include "bot/runtime/data_paths.h"

#include <cstdlib>
#include <system_error>

namespace intake::runtime {
namespace {

bool holds_data(const std::filesystem::path& dir) {
  std::error_code ec;
  return std::filesystem::is_directory(dir / "flows", ec) && std::filesystem::is_directory(dir / "locales", ec);
}

}  // namespace

std::filesystem::path find_data_dir(const std::optional<std::string>& explicit_dir, const char* argv0) {
  if (explicit_dir) return *explicit_dir;
  if (const char* env = std::getenv("INTAKE_DATA_DIR"); env && *env) return env;
  if (holds_data(std::filesystem::current_path())) return std::filesystem::current_path();
  if (argv0) {
    std::error_code ec;
    auto exe = std::filesystem::canonical(argv0, ec);
    if (!ec) {
      for (auto dir = exe.parent_path(); !dir.empty() && dir != dir.root_path(); dir = dir.parent_path())
        if (holds_data(dir)) return dir;
      if (holds_data(exe.parent_path().parent_path() / "share" / "intake")) return exe.parent_path().parent_path() / "share" / "intake";
    }
  }
  return INTAKE_SOURCE_DIR;
}

}  // namespace intake::runtime
