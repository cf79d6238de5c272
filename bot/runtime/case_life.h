// The life of a case, in one place for the CLI, the staff API and whatever else staff use: the
// statuses (codes kept in storage and the API, Chinese names shown to staff), what a clerk may type
// for one, and which moves are allowed.
//   待受理 new → 已受理 accepted → 办理中 in_progress → 已办结 closed, or 已退回 returned (with a
//   reason) from any open status; a case closed by mistake is reopened: closed → in_progress, with a
//   note saying why.
// Pure; thread-safe; never throws except std::bad_alloc.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace intake::runtime {

struct case_status {
  std::string_view code;     // as stored and in the API
  std::string_view chinese;  // as staff read it
  std::string_view english;
};

const std::vector<case_status>& case_statuses();

// The code for what a clerk typed: a code (`in_progress`), a Chinese name (`办理中`, also written in
// Traditional), or an English name (`In progress`); nullopt for anything else.
std::optional<std::string> status_code_from(std::string_view typed);

// The Chinese name of a status code; the code itself if it is none of ours.
std::string status_chinese(std::string_view code);

// "new, accepted, …" and "待受理、已受理、…", for messages that list what is accepted.
std::string status_codes_list();
std::string status_chinese_list();

// 回访: how an owner rates a closed case, as the engine's option values name it (flows/options/
// satisfaction.json), and the Chinese staff read.
std::string rating_chinese(std::string_view code);
inline constexpr std::string_view unsatisfied_rating = "unsatisfied";
// What the history says when the owner of a closed case asks for it to be handled again.
inline constexpr std::string_view reopened_by_owner_note = "企业对办理结果不满意，申请重新办理";

// What a case's history says when its owner corrected a returned report and submitted it again
// (the case is then new again), and who it names.
inline constexpr std::string_view resubmitted_note = "企业已按退回意见修改并重新提交";
inline constexpr std::string_view owner_actor = "企业";

// Why the move from `from` to `to` with `note` is refused, or nullopt when it is allowed.
std::optional<std::string> refused_move(std::string_view from, std::string_view to, std::string_view note);

}  // namespace intake::runtime
