// conversation_store on SQLite (WAL, synchronous=NORMAL: a committed turn survives a crash of the
// process). Opening applies the numbered migrations in storage/migrations/ that the file lacks.
// The transcript's indexes live in a second file beside it, built behind the turns (transcript_index.h).
// Thread-safety: one writing connection guarded by a mutex, so those methods run one at a time;
// load_turn_inputs, transcript_of and search_transcript read on a pool of read-only connections,
// which WAL lets run beside the writer.
// Throws storage_error.
#pragma once
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <memory>
#include <mutex>

#include "storage/conversation_store.h"
#include "storage/resume_token_store.h"
#include "storage/statement_cache.h"
#include "storage/staff_aggregates.h"
#include "storage/transcript_index.h"
#include "storage/wal_checkpointer.h"

namespace intake::storage {

class sqlite_store final : public conversation_store, public resume_token_store {
 public:
  // `path` may be ":memory:".
  explicit sqlite_store(const std::string& path);
  ~sqlite_store() override;

  void save_resume_token(const std::string& token_sha256, const std::string& user_id, std::int64_t now_ms, std::int64_t expires_at_ms) override;
  std::optional<std::string> use_resume_token(const std::string& token_sha256, std::int64_t now_ms, std::int64_t extended_to_ms) override;
  int revoke_resume_tokens(const std::string& user_id, std::int64_t now_ms) override;

  std::optional<stored_conversation> load_conversation(const std::string& user_id) override;
  commit_outcome commit_turn(const turn_record& turn) override;
  std::vector<commit_outcome> commit_turns(const std::vector<const turn_record*>& turns) override;
  void catch_up_indexes() override;
  turn_inputs load_turn_inputs(const std::string& user_id, const std::string& delivery_key) override;
  std::vector<report_record> reports_of_user(const std::string& user_id) override;
  std::vector<report_record> all_reports() override;
  std::optional<report_record> find_report(const std::string& ticket) override;
  std::vector<transcript_line> transcript_of(const std::string& user_id) override;
  std::vector<unanswered_question> unanswered_questions() override;
  std::optional<std::string> find_delivery(const std::string& delivery_key) override;
  void save_more(const std::string& user_id, const std::string& text, std::int64_t now_ms) override;
  std::optional<std::string> take_more(const std::string& user_id) override;
  void check_writable() override;
  std::vector<notification_record> pending_notifications(const std::string& user_id) override;
  status_move_outcome move_report_status(const std::string& ticket, const std::string& from, const std::string& to,
                                         const history_record& entry, const notification_record& notice,
                                         const std::optional<case_message>& on_case = std::nullopt) override;
  std::vector<history_record> report_history(const std::string& ticket) override;
  bool set_case_handling(const std::string& ticket, const case_handling& change, const history_record& entry,
                         const std::optional<notification_record>& notice) override;
  std::vector<report_record> list_reports(const report_filter& filter) override;
  report_page list_reports_page(const report_filter& filter, const report_page_request& page) override;
  void for_each_report(const report_filter& filter, report_order order, const std::function<void(const report_record&)>& visit) override;
  std::vector<flow_count> count_reports_by_flow(const report_filter& filter) override;
  void add_staff_reply(const transcript_line& line, const notification_record& notice,
                       const std::optional<case_message>& on_case = std::nullopt) override;
  void add_notification(const std::string& user_id, const notification_record& notice) override;
  std::vector<case_message> case_thread(const std::string& ticket) override;
  std::vector<satisfaction_cell> satisfaction() override;
  std::vector<case_closing> case_closings() override;
  std::vector<inbox_entry> case_inbox() override;
  std::int64_t mark_case_read(const std::string& ticket, std::int64_t now_ms) override;
  std::vector<case_message> owner_case_messages_after(std::int64_t after_id, std::size_t limit) override;
  std::int64_t newest_case_message_id() override;
  bool close_handoff(const std::string& user_id, const notification_record& notice) override;
  std::vector<waiting_conversation> waiting_for_staff() override;
  transcript_matches search_transcript(const std::string& fts_query, std::size_t limit) override;
  index_progress search_index_progress() override;
  std::pair<std::vector<std::string>, std::int64_t> users_with_new_notifications(std::int64_t after_id) override;
  std::int64_t newest_notification_id() override;
  void review_question(const faq_review& review) override;
  std::vector<faq_review> question_reviews() override;
  std::int64_t newest_question_review_id() override;
  report_statistics statistics(const statistics_query& query) override;
  std::int64_t catch_up_statistics(std::int64_t max_reports) override;
  void save_flow_version(const flow_version_record& version) override;
  std::vector<flow_version_record> flow_versions(const std::string& flow_id) override;
  void log_access(const std::string& actor, const std::string& action, const std::string& target, std::int64_t now_ms) override;

  // Returns once the index batch that catch_up_indexes() made due is built (for tests: it is built
  // on a thread of its own for a file database).
  void build_due_index_batch() { index_->build_due_batch(); }
  int schema_version();
  // PRAGMA integrity_check of the database and then of its index (transcript_index.h): "ok" or the first
  // one's findings.
  std::string integrity_check();

 private:
  std::vector<report_record> query_reports(const std::string& where, const std::vector<std::string>& binds);
  void insert_report(const report_record& report);
  void insert_choices(const report_record& report);
  // A returned report corrected by its owner: its answers and columns replaced, its choices written
  // again, `entry` in its history.
  void resubmit_report(const report_record& report, const history_record& entry);
  void insert_line(const transcript_line& line, const std::string& user_id, const std::string& channel, std::int64_t now_ms);
  // False, with nothing written, when the turn is stale.
  bool apply_turn(const turn_record& turn);
  // Staff changed what the owner's next turn reads.
  void bump_revision(const std::string& user_id);
  void insert_notification(const std::string& user_id, const notification_record& notice);
  void insert_case_message(const case_message& message);
  // On the writer, in the caller's transaction: the case's owner's messages are read at `now_ms`.
  std::int64_t mark_read(const std::string& ticket, std::int64_t now_ms);
  // The one number `sql` reads on a reader connection (the newest id of a table).
  std::int64_t newest_id(const char* sql, const char* what);
  // A history row: a status move ("status") or a change of who handles the case ("handling").
  void insert_history(const std::string& ticket, const history_record& entry, const char* kind);
  // The rows of a staff read on a reader connection: `bind` binds its parameters, `row` reads one;
  // SQLite's errors become storage_error naming `what`.
  template <typename Row>
  std::vector<Row> read_rows(const char* what, const std::string& sql, const std::function<void(SQLite::Statement&)>& bind,
                             const std::function<Row(SQLite::Statement&)>& row);

  struct reader {
    std::unique_ptr<SQLite::Database> db;
    std::unique_ptr<statement_cache> statements;
  };
  // A read connection borrowed for one call (the writer's, under its lock, for ":memory:").
  class reader_lease {
   public:
    explicit reader_lease(sqlite_store& store);
    ~reader_lease();
    reader_lease(const reader_lease&) = delete;
    reader_lease& operator=(const reader_lease&) = delete;
    statement_cache& statements();
    SQLite::Database& database();  // for statements not worth caching (staff queries built per call)

   private:
    sqlite_store& store_;
    std::unique_ptr<reader> reader_;
    std::unique_lock<std::mutex> writer_lock_;
  };

  std::string path_;
  std::mutex mutex_;
  std::unique_ptr<SQLite::Database> db_;
  std::unique_ptr<statement_cache> writer_statements_;
  std::unique_ptr<transcript_index> index_;         // uses db_ and mutex_ for an in-memory database
  std::unique_ptr<staff_aggregates> aggregates_;    // uses index_'s batch lock, or db_ and mutex_ in memory
  std::unique_ptr<wal_checkpointer> checkpointer_;  // file databases only; stops before index_ and db_
  // The newest transcript line this connection wrote (the index catches up behind it).
  std::int64_t newest_line_id_ = 0;
  std::mutex readers_mutex_;
  std::vector<std::unique_ptr<reader>> idle_readers_;
};

}  // namespace intake::storage
