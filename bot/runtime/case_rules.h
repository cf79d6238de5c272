// How staff handle cases, as the operator writes it in flows/cases/case_rules.json (no recompiling):
// the departments a case can be routed to (转办), and the time limits in working days (to accept a
// case, and to answer it, both counted from its submission) over the holiday calendar of
// flows/cases/calendar.json. `flows check` and every process that routes cases or shows deadlines
// load it; a problem names the file and place, as for flows.
// Thread-safety: a value, read-only after load.
#pragma once
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bot/engine/json_file.h"
#include "bot/engine/load_problem.h"
#include "bot/runtime/working_calendar.h"
#include "storage/records.h"

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

  const working_calendar& calendar() const { return calendar_; }
  int accept_working_days() const { return accept_working_days_; }
  int answer_working_days() const { return answer_working_days_; }
  // When a case in `status` whose time limits started at `clock_from_ms` (its arrival, or its
  // resubmission) must have moved on: accepted while new, answered (closed) while accepted or in
  // progress; nullopt for a returned or closed case.
  std::optional<std::int64_t> due_ms(std::string_view status, std::int64_t clock_from_ms) const;
  // The cases whose due moment lies in [due_from, due_to), as arrival windows per status (what a
  // list filters on): overdue is [0, now), due today [now, end of today).
  std::vector<storage::created_window> due_between(std::int64_t due_from_ms, std::int64_t due_to_ms) const;
  // What a list's due filter keeps: "overdue" (due before now) or "today" (due from now to the end of
  // today); nullopt for any other word.
  std::optional<std::vector<storage::created_window>> due_filter(std::string_view which, std::int64_t now_ms) const;
  // Whether a case closed at `closed_at_ms` was answered within the limit.
  bool answered_in_time(std::int64_t clock_from_ms, std::int64_t closed_at_ms) const {
    return closed_at_ms < calendar_.due_ms(clock_from_ms, answer_working_days_);
  }

 private:
  static void load_time_limits(const nlohmann::json& document, engine::file_checker& checker, case_rules& rules);
  static void load_calendar(const std::filesystem::path& data_dir, std::vector<engine::load_problem>& problems, working_calendar& calendar);

  std::vector<department> departments_;
  working_calendar calendar_;
  int accept_working_days_ = 1;
  int answer_working_days_ = 5;
};

}  // namespace intake::runtime
