// The storage interface the runtime talks to. Implementations: sqlite_store.
// Error style: every method throws storage_error; nothing is half-written when it does.
#pragma once
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "storage/records.h"

namespace intake::storage {

class storage_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class conversation_store {
 public:
  virtual ~conversation_store() = default;

  virtual std::optional<stored_conversation> load_conversation(const std::string& user_id) = 0;
  // State, transcript lines, reports and events of one turn, atomically: kept or stale (see
  // commit_outcome). A report whose (user_id, form_id) is already stored is not stored again.
  virtual commit_outcome commit_turn(const turn_record& turn) = 0;
  // Several turns in one transaction (group commit): each turn is kept whole, stale or failed, never
  // in part. Throws storage_error when the transaction as a whole failed (then none was kept).
  // Indexes derived from the turns (by owner, for search) are left to catch_up_indexes().
  virtual std::vector<commit_outcome> commit_turns(const std::vector<const turn_record*>& turns) = 0;
  // Builds what commit_turns left behind once enough of it has gathered, so the group commit calls it
  // after the group's replies have gone out rather than making them wait. Never throws: the turns
  // are kept either way, and readers manage without the index meanwhile.
  virtual void catch_up_indexes() {}
  // Everything a turn reads first; `delivery_key` may be empty (no delivery check).
  virtual turn_inputs load_turn_inputs(const std::string& user_id, const std::string& delivery_key) = 0;
  // Newest first.
  virtual std::vector<report_record> reports_of_user(const std::string& user_id) = 0;
  // Oldest first.
  virtual std::vector<report_record> all_reports() = 0;
  virtual std::optional<report_record> find_report(const std::string& ticket) = 0;
  // Oldest first.
  virtual std::vector<transcript_line> transcript_of(const std::string& user_id) = 0;
  // From "faq_unanswered" events: most often asked first, then most recent; questions staff have
  // reviewed (faq_reviews) are left out.
  virtual std::vector<unanswered_question> unanswered_questions() = 0;
  // Keeps a staff decision on a question, replacing an earlier one on the same group.
  virtual void review_question(const faq_review& review) = 0;
  // Every decision kept, oldest first.
  virtual std::vector<faq_review> question_reviews() = 0;
  // The newest decision's id (0 when none): a cheap way to learn that there are new ones.
  virtual std::int64_t newest_question_review_id() = 0;
  // The reply already sent for a platform delivery, if it was processed.
  virtual std::optional<std::string> find_delivery(const std::string& delivery_key) = 0;
  // The unsent rest of a long reply: save replaces it, take returns and removes it.
  virtual void save_more(const std::string& user_id, const std::string& text, std::int64_t now_ms) = 0;
  virtual std::optional<std::string> take_more(const std::string& user_id) = 0;
  // Throws storage_error unless the database accepts a write right now.
  virtual void check_writable() = 0;

  // --- Staff ---
  // Undelivered notifications for the owner, oldest first.
  virtual std::vector<notification_record> pending_notifications(const std::string& user_id) = 0;
  // Moves a report from `from` to `to`, appends `entry` to its history and writes `notice` for its
  // owner, atomically, if its status is still `from`. Which moves are allowed, and what the history
  // and the owner are told, is not storage's business: the runtime decides (runtime/case_life.h,
  // runtime/staff_desk.h) and storage writes what it is handed.
  // `on_case`, when given, goes into the case's thread with the move (a note the owner may answer).
  virtual status_move_outcome move_report_status(const std::string& ticket, const std::string& from, const std::string& to,
                                                 const history_record& entry, const notification_record& notice,
                                                 const std::optional<case_message>& on_case = std::nullopt) = 0;
  virtual std::vector<history_record> report_history(const std::string& ticket) = 0;
  // Sets who handles a case or where it is routed, appends `entry` to its history (its status is the
  // case's, unchanged) and writes `notice` for its owner when given, atomically. False (nothing
  // written) when there is no such ticket.
  virtual bool set_case_handling(const std::string& ticket, const case_handling& change, const history_record& entry,
                                 const std::optional<notification_record>& notice) = 0;
  // Every report the filter keeps, newest first.
  virtual std::vector<report_record> list_reports(const report_filter& filter) = 0;
  // One page of them, read through the indexes: the first page of 300,000 reports costs what the
  // first of 300 does.
  virtual report_page list_reports_page(const report_filter& filter, const report_page_request& page) = 0;
  // Every report the filter keeps, in `order`, handed over one at a time and never held together
  // (lists and exports of any size, in constant memory). Reads a snapshot: reports kept meanwhile
  // are not visited.
  virtual void for_each_report(const report_filter& filter, report_order order, const std::function<void(const report_record&)>& visit) = 0;
  // How many reports the filter keeps of each flow, the flows in the order their first report came
  // in. Counts every report the filter keeps (an export's plan, not a page's).
  virtual std::vector<flow_count> count_reports_by_flow(const report_filter& filter) = 0;
  // A staff reply: `line` into the owner's transcript (line.user_id) and `notice` on its way to them,
  // and `on_case` into a case's thread when the reply is about one, atomically. The thread's unread
  // owner's messages are read then: whoever answers has read them.
  virtual void add_staff_reply(const transcript_line& line, const notification_record& notice,
                               const std::optional<case_message>& on_case = std::nullopt) = 0;
  // `notice` on its way to the owner `user_id`; their next turn reads it.
  virtual void add_notification(const std::string& user_id, const notification_record& notice) = 0;
  // Each case's latest rating, counted by department and month.
  virtual std::vector<satisfaction_cell> satisfaction() = 0;
  // Every closed case with the time it was first closed (for the share answered in time).
  virtual std::vector<case_closing> case_closings() = 0;
  // A case's thread, oldest first.
  virtual std::vector<case_message> case_thread(const std::string& ticket) = 0;
  // Cases with owner's messages no staff member has read, the longest waiting first.
  virtual std::vector<inbox_entry> case_inbox() = 0;
  // Marks the case's owner's messages read; returns how many were unread.
  virtual std::int64_t mark_case_read(const std::string& ticket, std::int64_t now_ms) = 0;
  // Owner's case messages kept after `after_id`, oldest first, at most `limit` (for live events).
  virtual std::vector<case_message> owner_case_messages_after(std::int64_t after_id, std::size_t limit) = 0;
  // The newest case message's id (0 when none).
  virtual std::int64_t newest_case_message_id() = 0;
  // Staff end a handoff: the conversation stops waiting at once and `notice` waits for the owner's
  // next turn, which returns them to the bot. False (nothing written) when the conversation is not
  // waiting for staff, which includes a closing already on its way.
  virtual bool close_handoff(const std::string& user_id, const notification_record& notice) = 0;
  // Conversations waiting for staff (turn_record::handoff_since_ms > 0), longest waiting first.
  virtual std::vector<waiting_conversation> waiting_for_staff() = 0;
  // From counts kept behind the commits (staff_aggregates.h): submissions kept since the last count
  // are counted first, up to a bound; report_statistics::reports_not_counted says how many were left.
  virtual report_statistics statistics(const statistics_query& query) = 0;
  // Counts up to `max_reports` submissions kept since the last count; returns how many are left.
  virtual std::int64_t catch_up_statistics(std::int64_t /*max_reports*/) { return 0; }
  virtual void log_access(const std::string& actor, const std::string& action, const std::string& target, std::int64_t now_ms) = 0;
  // Users with undelivered notifications newer than `after_id`, and the newest id seen (for polling).
  virtual std::pair<std::vector<std::string>, std::int64_t> users_with_new_notifications(std::int64_t after_id) = 0;
  // The newest notification's id (0 when there is none): where a poller that has no one to push to
  // yet starts, rather than reading every notification ever written.
  virtual std::int64_t newest_notification_id() = 0;
  // Keeps the snapshot of a flow version unless one is kept already (the first one stays).
  virtual void save_flow_version(const flow_version_record& version) = 0;
  // The kept snapshots of `flow_id` (every flow when empty), oldest first.
  virtual std::vector<flow_version_record> flow_versions(const std::string& flow_id) = 0;
  // Transcript lines matching an FTS5 query (text::search_query), newest first, among the lines
  // indexed; how far the index reaches is in the answer.
  virtual transcript_matches search_transcript(const std::string& fts_query, std::size_t limit) = 0;
  // How far the search index reaches, as far as this process knows: from memory, cheap enough for
  // /metrics on an I/O thread. Complete for a store without an index of its own.
  virtual index_progress search_index_progress() { return {}; }
};

}  // namespace intake::storage
