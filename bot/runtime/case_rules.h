// How staff handle cases, as the operator writes it in flows/cases/case_rules.json (no recompiling):
// the departments a case can be routed to (转办). `flows check` and every process that routes cases
// load it; a problem names the file and place, as for flows.
// Thread-safety: a value, read-only after load.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bot/engine/load_problem.h"

namespace intake::runtime {

struct department {
  std::string name;                  // as staff and owners read it
  std::vector<std::string> aliases;  // what else a clerk may type for it
};

class case_rules {
 public:
  // flows/cases/case_rules.json under `data_dir`; a missing file gives no departments (routing is
  // then refused with a message saying where to list them). Problems are appended, never thrown.
  static case_rules load(const std::filesystem::path& data_dir, std::vector<engine::load_problem>& problems);
  // As load(), throwing engine::load_error when there is a problem.
  static case_rules load_or_throw(const std::filesystem::path& data_dir);

  const std::vector<department>& departments() const { return departments_; }
  // The department a clerk typed (its name or an alias, in any script or width), or nullopt.
  std::optional<std::string> department_named(std::string_view typed) const;
  // "人社、税务、…", for messages that list what is accepted.
  std::string department_names() const;

 private:
  std::vector<department> departments_;
};

}  // namespace intake::runtime
