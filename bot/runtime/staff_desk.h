// What staff do with cases, shared by the CLI and the staff API (and the console to come): finding
// and filtering reports as a clerk types the filters, opening a case (logged, since it shows the
// phone and credit code whole, as does every transcript, search and export), moving it through its life (case_life.h), replying to an owner,
// closing a handoff and reading a transcript. A target that does not exist is an error, never a
// silent success.
// Thread-safety: as the store's; the desk keeps nothing of its own. Throws staff_error for what the
// staff member can fix (bad input, nothing found, a move not allowed) and storage_error when
// storage fails.
#pragma once
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <functional>
#include <string>
#include <vector>

#include "bot/engine/faq/knowledge_base.h"
#include "bot/runtime/case_rules.h"
#include "bot/runtime/flow_schemas.h"
#include "storage/conversation_store.h"
#include "storage/resume_token_store.h"

namespace intake::runtime {

class staff_error : public std::runtime_error {
 public:
  enum class kind {
    invalid,    // the request itself is wrong: an unknown status, an empty reply, a bad date
    not_found,  // no such ticket, conversation or user
    conflict,   // the case is not in a state that allows it
  };
  staff_error(kind what, const std::string& message) : std::runtime_error(message), kind_(what) {}
  kind what_kind() const { return kind_; }

 private:
  kind kind_;
};

// The filters as a clerk types them; empty ones do not filter.
struct report_query {
  std::string status;      // a code (in_progress) or its Chinese name (办理中)
  std::string province;    // part of the province, in any script (江西, 江西省)
  std::string city;        // part of the city or county (赣州, 南康區)
  std::string industry;    // a letter (H) or part of the name (餐饮)
  std::string difficulty;  // part of a category (资金, 社保): the difficulty report's answer "difficulties"
  std::string flow;        // a flow's id (report)
  std::vector<std::pair<std::string, std::string>> answers;  // (slot, value): a choice answer with that value, or a name containing it
  std::string search;      // part of a text answer, the contact name, phone or credit code
  std::string assignee;    // the staff member handling it, exactly
  std::string department;  // the department it was routed to, exactly
  std::vector<storage::created_window> due;  // case_rules::due_between: overdue, or due today
  std::string from, to;    // YYYY-MM-DD, China time; both days included
};

// One case as staff open it.
struct case_file {
  storage::report_record report;
  std::vector<storage::history_record> history;
  std::vector<storage::transcript_line> transcript;  // the owner's whole conversation, oldest first
  std::vector<storage::case_message> thread;         // what staff and the owner wrote on the case, oldest first
};

class staff_desk {
 public:
  static constexpr std::size_t max_reply_chars = 2000;
  static constexpr std::size_t max_note_chars = 2000;

  // `tokens` may be null where no resume tokens are kept; revoke_sessions then refuses.
  explicit staff_desk(storage::conversation_store& store, storage::resume_token_store* tokens = nullptr) : store_(store), tokens_(tokens) {}

  static storage::report_filter filter_from(const report_query& query);

  // Newest first.
  std::vector<storage::report_record> list(const report_query& query);
  // One page, newest first (storage::report_page). Numbered pages (request.offset) are read up to
  // 10,000 reports deep; past that a list goes on by cursor.
  storage::report_page page(const report_query& query, const storage::report_page_request& request);
  // Each report, newest first, one at a time (lists of any length in constant memory).
  void each(const report_query& query, const std::function<void(const storage::report_record&)>& visit);
  // How many reports `query` keeps of each flow, the flows in the order they first came in.
  std::vector<storage::flow_count> count_by_flow(const report_query& query);
  // Each report for an export, oldest first, as they came in. The export is logged first (`what`:
  // its format and size), since it carries phones and credit codes whole.
  void export_each(const report_query& query, const std::string& what, const std::string& actor, std::int64_t now_ms,
                   const std::function<void(const storage::report_record&)>& visit);
  // The labels of every flow version submissions were made with.
  flow_schemas schemas();
  // Counts of the options chosen at `count_slot` of `flow` (by default the difficulty report's
  // difficulties), by province, industry, status, week and, when `by_slot` is given, by the options
  // chosen there.
  storage::report_statistics statistics(const std::string& flow = "", const std::string& count_slot = "", const std::string& by_slot = "");

  // Per department ("" not routed): cases closed, and how many of them within the answer limit.
  struct timeliness_row {
    std::string department;
    std::int64_t closed = 0;
    std::int64_t in_time = 0;
  };
  std::vector<timeliness_row> timeliness(const case_rules& rules);
  // Each case's latest 回访 rating, by department and month.
  std::vector<storage::satisfaction_cell> satisfaction() { return store_.satisfaction(); }
  // The report, its history, thread and transcript; the access is logged, and the owner's messages
  // on the case are read from then on.
  case_file open_case(const std::string& ticket, const std::string& actor, std::int64_t now_ms);
  // Cases with owner's messages nobody has read, the longest waiting first.
  std::vector<storage::inbox_entry> inbox();
  // Ends the case's thread: the owner's next messages go to the bot again, and they are told so.
  void close_thread(const std::string& ticket, const std::string& actor, std::int64_t now_ms);

  // `status` as a code or a Chinese name. The owner is told.
  storage::report_record change_status(const std::string& ticket, const std::string& status, const std::string& note,
                                       const std::string& actor, std::int64_t now_ms);
  // Who handles the case (a staff member's name; "" to unassign), in its history.
  storage::report_record assign(const std::string& ticket, const std::string& assignee, const std::string& actor, std::int64_t now_ms);
  // Routes (转办) the case to a department of `rules` (typed as a clerk types it), with the reason,
  // in its history; the owner is told which department handles it.
  storage::report_record route(const std::string& ticket, const std::string& department, const std::string& reason, const case_rules& rules,
                               const std::string& actor, std::int64_t now_ms);
  // A case closed by mistake goes back to 办理中, with the note in its history.
  storage::report_record reopen(const std::string& ticket, const std::string& note, const std::string& actor, std::int64_t now_ms);

  // `target` is a conversation (ws:shop-42) or a ticket (the report's owner gets it, and the reply
  // opens the case's thread: their answer is kept on the case). Returns the owner's user id.
  std::string reply(const std::string& target, const std::string& text, const std::string& actor, std::int64_t now_ms);
  void close_handoff(const std::string& user_id, const std::string& actor, std::int64_t now_ms);
  // Signs a conversation out of every device that resumes it with a token (a lost or shared phone);
  // returns how many tokens were revoked. Logged.
  int revoke_sessions(const std::string& user_id, const std::string& actor, std::int64_t now_ms);
  // Policy questions the bot could not answer, for review: attached to an entry of `faq` as a new way
  // of asking it, or marked out of scope; either leaves the unanswered list, and the knowledge base
  // uses it at once (and every process that applies the reviews, apply_question_reviews). The
  // question is grouped as the list groups it. Throws invalid for an empty question or an entry the
  // knowledge base does not have.
  void attach_question(const std::string& question, const std::string& entry_id, const engine::knowledge_base& faq, const std::string& actor,
                       std::int64_t now_ms);
  void mark_out_of_scope(const std::string& question, const engine::knowledge_base& faq, const std::string& actor, std::int64_t now_ms);

  // `target` is a user id or a ticket; oldest first. The access is logged: owners type their phones
  // and codes into the conversation.
  std::vector<storage::transcript_line> transcript(const std::string& target, const std::string& actor, std::int64_t now_ms);
  // Transcript lines with every word of `words` (text::search_query), newest first; logged likewise.
  // While a lost index is rebuilt, among the lines indexed so far: the answer says how far that reaches.
  storage::transcript_matches search(const std::string& words, std::size_t limit, const std::string& actor, std::int64_t now_ms);

 private:
  storage::report_record existing_report(const std::string& ticket);
  // Keeps a decision on the question's group and teaches it to `faq`.
  void review_question(const std::string& question, const std::string& decision, const std::string& entry_id, const engine::knowledge_base& faq,
                       const std::string& actor, std::int64_t now_ms);
  // The user id a target names: the owner of a ticket, or a conversation that exists.
  std::string owner_of(const std::string& target);
  // Throws not_found, naming the user (and `also`), unless a conversation has that id.
  void require_conversation(const std::string& user_id, const char* also = "");

  storage::conversation_store& store_;
  storage::resume_token_store* tokens_;
};

// Teaches `faq` every review kept in `store` (the latest decision per question); returns the reviews
// naming an entry it does not have (an entry renamed since), which it leaves out.
std::vector<engine::reviewed_question> apply_question_reviews(storage::conversation_store& store, const engine::knowledge_base& faq);

// A list's cursor as staff clients carry it ("1583020800000.R-20200301-0001"), and back; a text that
// is not one is refused as invalid.
std::string cursor_text(const storage::report_cursor& cursor);
storage::report_cursor parse_cursor(const std::string& text);

}  // namespace intake::runtime
