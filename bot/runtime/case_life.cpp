#include "bot/runtime/case_life.h"

#include "bot/text/normalizer.h"
#include "bot/text/utf8.h"

namespace intake::runtime {

const std::vector<case_status>& case_statuses() {
  static const std::vector<case_status> statuses{{"new", "待受理", "New"},
                                                 {"accepted", "已受理", "Accepted"},
                                                 {"in_progress", "办理中", "In progress"},
                                                 {"closed", "已办结", "Closed"},
                                                 {"returned", "已退回", "Returned"}};
  return statuses;
}

std::optional<std::string> status_code_from(std::string_view typed) {
  if (!text::is_valid_utf8(typed)) return std::nullopt;
  const std::string folded = text::normalizer::instance().for_matching(typed);
  for (const auto& status : case_statuses()) {
    std::string english = text::normalizer::instance().for_matching(status.english);
    std::string english_joined = english;
    for (char& c : english_joined)
      if (c == ' ') c = '_';
    if (folded == status.code || folded == status.chinese || folded == english || folded == english_joined) return std::string(status.code);
  }
  return std::nullopt;
}

std::string status_chinese(std::string_view code) {
  for (const auto& status : case_statuses())
    if (status.code == code) return std::string(status.chinese);
  return std::string(code);
}

std::string status_codes_list() {
  std::string list;
  for (const auto& status : case_statuses()) list += (list.empty() ? "" : ", ") + std::string(status.code);
  return list;
}

std::string status_chinese_list() {
  std::string list;
  for (const auto& status : case_statuses()) list += (list.empty() ? "" : "、") + std::string(status.chinese);
  return list;
}

std::string rating_chinese(std::string_view code) {
  if (code == "satisfied") return "满意";
  if (code == "basically_satisfied") return "基本满意";
  if (code == unsatisfied_rating) return "不满意";
  return std::string(code);
}

std::optional<std::string> refused_move(std::string_view from, std::string_view to, std::string_view note) {
  auto open = [](std::string_view status) { return status == "new" || status == "accepted" || status == "in_progress"; };
  const bool allowed = (to == "accepted" && from == "new") || (to == "in_progress" && (from == "accepted" || from == "closed")) ||
                       (to == "closed" && (from == "accepted" || from == "in_progress")) || (to == "returned" && open(from));
  if (!allowed)
    return "a report cannot go from " + status_chinese(from) + " (" + std::string(from) + ") to " + status_chinese(to) + " (" +
           std::string(to) + ")";
  if (to == "returned" && note.empty()) return std::string("returning a report needs a note giving the reason");
  if (to == "in_progress" && from == "closed" && note.empty()) return std::string("reopening a closed report needs a note saying why");
  return std::nullopt;
}

}  // namespace intake::runtime
