#include "storage/sqlite_store.h"

#include <SQLiteCpp/Transaction.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>

#include "storage/database_files.h"
#include "storage/fault_injection_vfs.h"
#include "storage/folded_text_function.h"
#include "storage/migrator.h"
#include "storage/transcript_index.h"
#include "storage/wal_batching_vfs.h"

namespace intake::storage {
namespace {

constexpr int busy_timeout_ms = 5000;
// Submissions a statistics view counts itself before it answers, when the thread that counts them
// behind the commits has fallen behind (or there is none: in memory). Bounds the view's time.
constexpr std::int64_t statistics_catch_up_reports = 2000;

// On a reader, which has the index attached (transcript_index.h). The lines indexed and the tail not
// indexed yet, in one statement. The two files' snapshots are taken apart, which is safe: the index
// only ever holds lines the main file had committed, so an older snapshot of either misses nothing
// the other shows.
constexpr const char* transcript_of_sql =
    "SELECT user_id, direction, channel, text, at_ms, actor, id FROM main.transcript "
    "WHERE id IN (SELECT id FROM idx.transcript_by_owner WHERE owner = (SELECT id FROM idx.owners WHERE user_id = ?1)) "
    "UNION ALL "
    "SELECT user_id, direction, channel, text, at_ms, actor, id FROM main.transcript "
    "WHERE id > (SELECT indexed_through FROM idx.transcript_index_state) AND user_id = ?1 "
    "ORDER BY 7";
// Newest first in the full-text index's own order (rowid is the line's id), so the search stops at its
// limit: ordered by the joined line's id, every match was read and sorted first (0.7 s for 社保 among
// 15M lines, bench_province).
constexpr const char* search_transcript_sql =
    "SELECT t.user_id, t.direction, t.channel, t.text, t.at_ms, t.actor FROM idx.transcript_search s "
    "JOIN main.transcript t ON t.id = s.rowid WHERE s.transcript_search MATCH ? ORDER BY s.rowid DESC LIMIT ?";
constexpr const char* index_reach_sql =
    "SELECT (SELECT indexed_through FROM idx.transcript_index_state), (SELECT coalesce(max(id), 0) FROM main.transcript)";
constexpr const char* index_integrity_sql = "PRAGMA idx.integrity_check";

const char* const report_columns =
    "r.ticket, r.form_id, r.user_id, r.channel, r.status, r.created_at_ms, r.company_name, r.credit_code, r.province, "
    "r.city, r.industry_code, r.industry, r.contact_name, r.contact_phone, "
    "(SELECT h.note FROM report_history h WHERE h.ticket = r.ticket AND h.note <> '' AND h.kind = 'status' ORDER BY h.id DESC LIMIT 1), "
    "r.flow_id, r.flow_version, r.assignee, r.department, r.clock_from_ms, r.answers, r.names";
// What a turn reads of its owner's reports: all but the answers, which it does not look at.
const char* const report_summary_columns =
    "r.ticket, r.form_id, r.user_id, r.channel, r.status, r.created_at_ms, r.company_name, r.credit_code, r.province, "
    "r.city, r.industry_code, r.industry, r.contact_name, r.contact_phone, "
    "(SELECT h.note FROM report_history h WHERE h.ticket = r.ticket AND h.note <> '' AND h.kind = 'status' ORDER BY h.id DESC LIMIT 1), "
    "r.flow_id, r.flow_version, r.assignee, r.department, r.clock_from_ms";

// Columns: user_id, direction, channel, text, at_ms, actor.
transcript_line read_line(SQLite::Statement& row) {
  return {row.getColumn(0).getString(), row.getColumn(1).getString(), row.getColumn(2).getString(),
          row.getColumn(3).getString(), row.getColumn(4).getInt64(), row.getColumn(5).getString(), ""};
}

// Columns: report_columns, or report_summary_columns (then the answers and names stay "{}").
report_record read_report(SQLite::Statement& row) {
  report_record report;
  int i = 0;
  report.ticket = row.getColumn(i++).getString();
  report.form_id = row.getColumn(i++).getString();
  report.user_id = row.getColumn(i++).getString();
  report.channel = row.getColumn(i++).getString();
  report.status = row.getColumn(i++).getString();
  report.created_at_ms = row.getColumn(i++).getInt64();
  report.company_name = row.getColumn(i++).getString();
  report.credit_code = row.getColumn(i++).getString();
  report.province = row.getColumn(i++).getString();
  report.city = row.getColumn(i++).getString();
  report.industry_code = row.getColumn(i++).getString();
  report.industry = row.getColumn(i++).getString();
  report.contact_name = row.getColumn(i++).getString();
  report.contact_phone = row.getColumn(i++).getString();
  if (auto column = row.getColumn(i++); !column.isNull()) report.latest_note = column.getString();
  report.flow_id = row.getColumn(i++).getString();
  report.flow_version = row.getColumn(i++).getString();
  report.assignee = row.getColumn(i++).getString();
  report.department = row.getColumn(i++).getString();
  report.clock_from_ms = row.getColumn(i++).getInt64();
  if (row.getColumnCount() > i) {
    report.answers_json = row.getColumn(i++).getString();
    report.names_json = row.getColumn(i++).getString();
  }
  return report;
}

}  // namespace

namespace {

// Connections of one store open the file alike: WAL (readers never wait for the writer), through the
// VFS that writes a transaction's WAL frames at once (wal_batching_vfs.h), over the fault-drill VFS
// when INTAKE_STORAGE_FAULT_FILE names a file (see fault_injection_vfs.h).
std::unique_ptr<SQLite::Database> open_connection(const std::string& path) {
  // SQLite's memory statistics put a process-wide mutex around every allocation of every connection;
  // nothing here reads them. Must precede the first connection (later calls are refused harmlessly).
  static const int memstatus_off = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  (void)memstatus_off;
  const char* fault_file = std::getenv("INTAKE_STORAGE_FAULT_FILE");
  const std::string vfs = wal_batching_vfs::register_over(fault_file && *fault_file ? fault_injection_vfs::register_for(fault_file) : "");
  // No mutex of SQLite's own around every call on the connection (about 37 lock and unlock pairs a
  // turn): a connection here is only ever used by one thread at a time already, under a lock of
  // ours: the writer under the store's mutex, a reader by whoever leased it, the index's and the
  // checkpointer's by their threads under the index's lock and the checkpointer's own.
  auto db = std::make_unique<SQLite::Database>(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX, busy_timeout_ms, vfs);
  if (register_folded_text_function(db->getHandle()) != SQLITE_OK) throw storage_error("cannot register intake_fold on " + path);
  db->exec("PRAGMA journal_mode = WAL");
  db->exec("PRAGMA synchronous = NORMAL");
  db->exec("PRAGMA foreign_keys = ON");
  // A WAL that grew under a burst is cut back to this when it starts over: the size at which the
  // writer copies it itself (wal_checkpointer.h), 4 KB pages and frame headers. Not less: under
  // steady load the WAL starts over at about 35,000 frames, and cutting the file back each time cost
  // the next commit a truncate and a sync (50 ms, bench/RESULTS.md).
  constexpr std::int64_t wal_size_limit =
      std::int64_t{wal_checkpointer::default_threshold_pages} * wal_checkpointer::writer_copy_factor * (4096 + 24);
  db->exec("PRAGMA journal_size_limit = " + std::to_string(wal_size_limit));
  // No memory-mapped reads: every checkpoint that grew the file remapped it, and the page faults
  // and TLB shootdowns that followed cost more than the preads they saved (perf, 2026-11-24).
  return db;
}

constexpr const char* newest_line_sql = "SELECT coalesce(max(id), 0) FROM transcript";

// The group commit's transaction, begun and ended with statements prepared once on the writer:
// SQLite::Transaction runs "BEGIN IMMEDIATE" and "COMMIT" through sqlite3_exec, which compiles them
// on every call, once per commit group. Rolls back unless committed.
constexpr const char* begin_write_sql = "BEGIN IMMEDIATE";
constexpr const char* commit_write_sql = "COMMIT";
constexpr const char* rollback_write_sql = "ROLLBACK";

class group_transaction {
 public:
  explicit group_transaction(statement_cache& statements) : statements_(statements) { statements_.get(begin_write_sql).exec(); }
  ~group_transaction() {
    if (committed_) return;
    // After some errors SQLite has rolled back by itself; a second rollback failing then is harmless.
    SQLite::Statement& rollback = statements_.get(rollback_write_sql);
    rollback.tryExecuteStep();
    rollback.tryReset();
  }
  group_transaction(const group_transaction&) = delete;
  group_transaction& operator=(const group_transaction&) = delete;

  void commit() {
    statements_.get(commit_write_sql).exec();
    committed_ = true;
  }

 private:
  statement_cache& statements_;
  bool committed_ = false;
};

}  // namespace

namespace {

// The database and its index hold owners' phones and credit codes: a new file is readable by its
// owner only, whatever the umask. SQLite gives the WAL and shared-memory files the mode of the file
// they belong to, so creating these two first is enough.
void create_private_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0) ::close(fd);
}

}  // namespace

sqlite_store::sqlite_store(const std::string& path) : path_(path) {
  if (!names_memory_database(path)) {
    create_private_file(path);
    create_private_file(index_file_for(path));
  }
  try {
    db_ = open_connection(path);
    // The writer's cache stays valid between commits (no one else writes): let it hold the pages of
    // the conversations and indexes being updated, instead of SQLite's 2 MB default.
    db_->exec("PRAGMA cache_size = -65536");
    migrator::migrate(*db_);
    writer_statements_ = std::make_unique<statement_cache>(*db_);
    newest_line_id_ = single_integer(*writer_statements_, newest_line_sql);
    transcript_index::attach(*db_, path);
    transcript_index::prepare(*db_);
    staff_aggregates::prepare(*db_);
    if (names_memory_database(path)) {
      index_ = std::make_unique<transcript_index>(*db_, mutex_);
      aggregates_ = std::make_unique<staff_aggregates>(*db_, mutex_);
    } else {
      // The writer keeps out of the index file: a write transaction locks every attached database.
      db_->exec("DETACH DATABASE idx");
      auto indexer = open_connection(path);
      transcript_index::attach(*indexer, path);
      index_ = std::make_unique<transcript_index>(std::move(indexer));
      auto counter = open_connection(path);
      transcript_index::attach(*counter, path);
      aggregates_ = std::make_unique<staff_aggregates>(std::move(counter), index_->batch_lock());
      // The checkpointer gets the writer's lock for the short pass that lets the WAL start over, and
      // the index's before it (see transcript_index::batch_lock).
      checkpointer_ = std::make_unique<wal_checkpointer>(*db_, open_connection(path), wal_checkpointer::default_threshold_pages, &mutex_,
                                                         &index_->batch_lock());
    }
    index_->lines_kept(newest_line_id_);  // a batch or more behind since the last run: caught up now
  } catch (const SQLite::Exception& error) {
    throw storage_error("cannot open database " + path + ": " + error.what());
  }
}

sqlite_store::reader_lease::reader_lease(sqlite_store& store) : store_(store) {
  // An in-memory database exists only in the writer's connection: read there, under its lock.
  if (names_memory_database(store.path_)) {
    writer_lock_ = std::unique_lock(store.mutex_);
    return;
  }
  {
    std::lock_guard lock(store.readers_mutex_);
    if (!store.idle_readers_.empty()) {
      reader_ = std::move(store.idle_readers_.back());
      store.idle_readers_.pop_back();
      return;
    }
  }
  try {
    reader_ = std::make_unique<reader>();
    reader_->db = open_connection(store.path_);
    reader_->db->exec("PRAGMA query_only = ON");
    transcript_index::attach(*reader_->db, store.path_);
    reader_->statements = std::make_unique<statement_cache>(*reader_->db);
  } catch (const SQLite::Exception& error) {
    throw storage_error(std::string("open a reader: ") + error.what());
  }
}

sqlite_store::reader_lease::~reader_lease() {
  if (!reader_) return;
  std::lock_guard lock(store_.readers_mutex_);
  store_.idle_readers_.push_back(std::move(reader_));
}

statement_cache& sqlite_store::reader_lease::statements() { return reader_ ? *reader_->statements : *store_.writer_statements_; }

SQLite::Database& sqlite_store::reader_lease::database() { return reader_ ? *reader_->db : *store_.db_; }

sqlite_store::~sqlite_store() = default;

namespace {

constexpr const char* upsert_conversation_sql =
    "INSERT INTO conversations (user_id, channel, state, updated_at_ms, handoff_since_ms) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT (user_id) DO UPDATE SET channel = excluded.channel, state = excluded.state, "
    "updated_at_ms = excluded.updated_at_ms, handoff_since_ms = excluded.handoff_since_ms, revision = revision + 1";
constexpr const char* insert_conversation_sql =
    "INSERT INTO conversations (user_id, channel, state, updated_at_ms, handoff_since_ms) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT (user_id) DO NOTHING";
constexpr const char* update_conversation_sql =
    "UPDATE conversations SET channel = ?, state = ?, updated_at_ms = ?, handoff_since_ms = ?, revision = revision + 1 "
    "WHERE user_id = ? AND revision = ?";
constexpr const char* bump_revision_sql = "UPDATE conversations SET revision = revision + 1 WHERE user_id = ?";
constexpr const char* mark_delivered_sql = "UPDATE notifications SET delivered_at_ms = ? WHERE id = ? AND delivered_at_ms IS NULL";
constexpr const char* insert_report_sql =
    "INSERT INTO reports (ticket, flow_id, flow_version, form_id, user_id, channel, status, created_at_ms, company_name, "
    "credit_code, province, city, industry_code, industry, contact_name, contact_phone, answers, names, province_folded, "
    "city_folded, text_folded, clock_from_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, "
    "intake_fold(?11), intake_fold(?12), ?19, ?8) ON CONFLICT (user_id, form_id) DO NOTHING";
constexpr const char* insert_choice_sql = "INSERT OR IGNORE INTO report_choices (ticket, flow_id, slot, value, name) VALUES (?, ?, ?, ?, ?)";
// Another report's ticket; the same report confirmed again keeps the one it has (ON CONFLICT above).
constexpr const char* ticket_taken_sql = "SELECT 1 FROM reports WHERE ticket = ? AND NOT (user_id = ? AND form_id = ?)";
constexpr const char* insert_history_sql = "INSERT INTO report_history (ticket, status, note, actor, at_ms) VALUES (?, ?, '', 'system', ?)";
constexpr const char* insert_event_sql = "INSERT INTO events (user_id, type, payload, at_ms) VALUES (?, ?, ?, ?)";
constexpr const char* revoke_resume_tokens_sql = "UPDATE resume_tokens SET revoked_at_ms = ? WHERE user_id = ? AND revoked_at_ms IS NULL";
constexpr const char* insert_delivery_sql = "INSERT OR IGNORE INTO deliveries (delivery_key, reply, at_ms) VALUES (?, ?, ?)";
constexpr const char* insert_line_sql =
    "INSERT INTO transcript (user_id, direction, channel, text, at_ms, actor, search_terms) VALUES (?, ?, ?, ?, ?, ?, ?)";

constexpr const char* begin_read_sql = "BEGIN";
constexpr const char* commit_read_sql = "COMMIT";
constexpr const char* find_delivery_sql = "SELECT reply FROM deliveries WHERE delivery_key = ?";
constexpr const char* load_conversation_sql = "SELECT state, updated_at_ms, revision FROM conversations WHERE user_id = ?";
constexpr const char* pending_notifications_sql =
    "SELECT id, kind, coalesce(ticket, ''), coalesce(status, ''), text, actor, created_at_ms FROM notifications "
    "WHERE user_id = ? AND delivered_at_ms IS NULL ORDER BY id";
const std::string reports_of_user_sql =
    std::string("SELECT ") + report_summary_columns + " FROM reports r WHERE r.user_id = ? ORDER BY r.created_at_ms DESC, r.ticket DESC";
// What a turn reads: a returned report's answers too, which its owner may correct.
const std::string turn_reports_sql = std::string("SELECT ") + report_summary_columns +
                                     ", CASE WHEN r.status = 'returned' THEN r.answers ELSE '{}' END, '{}' FROM reports r WHERE r.user_id = ? "
                                     "ORDER BY r.created_at_ms DESC, r.ticket DESC";
constexpr const char* still_returned_sql = "SELECT 1 FROM reports WHERE ticket = ? AND user_id = ? AND status = 'returned'";
constexpr const char* resubmit_report_sql =
    "UPDATE reports SET flow_version = ?1, form_id = ?2, channel = ?3, status = ?4, company_name = ?5, credit_code = ?6, province = ?7, "
    "city = ?8, industry_code = ?9, industry = ?10, contact_name = ?11, contact_phone = ?12, answers = ?13, names = ?14, "
    "province_folded = intake_fold(?7), city_folded = intake_fold(?8), text_folded = ?15, clock_from_ms = ?17 WHERE ticket = ?16";
constexpr const char* forget_choices_sql = "DELETE FROM report_choices WHERE ticket = ?";
constexpr const char* insert_noted_history_sql = "INSERT INTO report_history (ticket, status, note, actor, at_ms, kind) VALUES (?, ?, ?, ?, ?, ?)";

notification_record read_notification(SQLite::Statement& row) {
  return {row.getColumn(0).getInt64(),  row.getColumn(1).getString(), row.getColumn(2).getString(), row.getColumn(3).getString(),
          row.getColumn(4).getString(), row.getColumn(5).getString(), row.getColumn(6).getInt64()};
}

}  // namespace

void sqlite_store::save_resume_token(const std::string& token_sha256, const std::string& user_id, std::int64_t now_ms,
                                     std::int64_t expires_at_ms) {
  std::lock_guard lock(mutex_);
  try {
    SQLite::Statement insert(*db_, "INSERT INTO resume_tokens (token_sha256, user_id, created_at_ms, expires_at_ms) VALUES (?, ?, ?, ?)");
    insert.bind(1, token_sha256);
    insert.bind(2, user_id);
    insert.bind(3, now_ms);
    insert.bind(4, expires_at_ms);
    insert.exec();
  } catch (const SQLite::Exception& error) {
    throw storage_error(std::string("save resume token: ") + error.what());
  }
}

std::optional<std::string> sqlite_store::use_resume_token(const std::string& token_sha256, std::int64_t now_ms, std::int64_t extended_to_ms) {
  std::lock_guard lock(mutex_);
  try {
    SQLite::Statement use(*db_, "UPDATE resume_tokens SET expires_at_ms = max(expires_at_ms, ?3) WHERE token_sha256 = ?1 "
                                "AND revoked_at_ms IS NULL AND expires_at_ms > ?2 RETURNING user_id");
    use.bind(1, token_sha256);
    use.bind(2, now_ms);
    use.bind(3, extended_to_ms);
    if (!use.executeStep()) return std::nullopt;
    return use.getColumn(0).getString();
  } catch (const SQLite::Exception& error) {
    throw storage_error(std::string("use resume token: ") + error.what());
  }
}

int sqlite_store::revoke_resume_tokens(const std::string& user_id, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  try {
    SQLite::Statement revoke(*db_, revoke_resume_tokens_sql);
    revoke.bind(1, now_ms);
    revoke.bind(2, user_id);
    return revoke.exec();
  } catch (const SQLite::Exception& error) {
    throw storage_error(std::string("revoke resume tokens: ") + error.what());
  }
}

std::optional<stored_conversation> sqlite_store::load_conversation(const std::string& user_id) {
  std::lock_guard lock(mutex_);
  try {
    auto& query = writer_statements_->get(load_conversation_sql);
    statement_reset reset(query);
    query.bind(1, user_id);
    if (!query.executeStep()) return std::nullopt;
    return stored_conversation{query.getColumn(0).getString(), query.getColumn(1).getInt64(), query.getColumn(2).getInt64()};
  } catch (const SQLite::Exception& error) {
    throw storage_error(std::string("load conversation: ") + error.what());
  }
}

commit_outcome sqlite_store::commit_turn(const turn_record& turn) {
  const commit_outcome outcome = commit_turns({&turn}).front();
  if (outcome == commit_outcome::failed) throw storage_error("commit turn: the turn was not kept");
  catch_up_indexes();
  return outcome;
}

void sqlite_store::catch_up_indexes() {
  std::int64_t newest = 0;
  {
    std::lock_guard lock(mutex_);
    newest = newest_line_id_;
  }
  index_->lines_kept(newest);
}

std::vector<commit_outcome> sqlite_store::commit_turns(const std::vector<const turn_record*>& turns) {
  std::lock_guard lock(mutex_);
  // The whole group in one transaction. No savepoint per turn: releasing a savepoint makes FTS5
  // flush its pending terms, which cost more than the rest of the commit (measured with callgrind).
  // A stale turn needs none: apply_turn finds out before it writes anything.
  std::vector<commit_outcome> outcomes(turns.size(), commit_outcome::failed);
  try {
    group_transaction transaction(*writer_statements_);
    for (std::size_t i = 0; i < turns.size(); ++i) outcomes[i] = apply_turn(*turns[i]) ? commit_outcome::kept : commit_outcome::stale;
    transaction.commit();
    return outcomes;
  } catch (const SQLite::Exception& error) {
    if (turns.size() == 1) throw storage_error(std::string("commit turn: ") + error.what());
  }
  // Something in the group failed and nothing of it was kept. Find out which turns can be kept:
  // each on its own, so one bad turn (say, a broken constraint) costs the others nothing. When the
  // disk is full, they all fail again, each reported as failed.
  std::fill(outcomes.begin(), outcomes.end(), commit_outcome::failed);
  std::string last_error;
  bool any_written = false;
  for (std::size_t i = 0; i < turns.size(); ++i) {
    try {
      group_transaction transaction(*writer_statements_);
      const bool kept = apply_turn(*turns[i]);
      transaction.commit();
      outcomes[i] = kept ? commit_outcome::kept : commit_outcome::stale;
      any_written = true;
    } catch (const SQLite::Exception& error) {
      last_error = error.what();
    }
  }
  if (!any_written) throw storage_error("commit turns: " + last_error);
  return outcomes;
}

bool sqlite_store::apply_turn(const turn_record& turn) {
  // First the checks, so that a stale turn writes nothing: a delivery already answered, a ticket
  // another report holds (the turn is prepared again and draws another), and a conversation
  // changed since the turn read it.
  if (!turn.delivery_key.empty()) {
    auto& query = writer_statements_->get(find_delivery_sql);
    statement_reset reset(query);
    query.bind(1, turn.delivery_key);
    if (query.executeStep()) return false;
  }
  for (const auto& r : turn.reports) {
    auto& query = writer_statements_->get(ticket_taken_sql);
    statement_reset reset(query);
    query.bind(1, r.ticket);
    query.bind(2, r.user_id);
    query.bind(3, r.form_id);
    if (query.executeStep()) return false;
  }
  for (const auto& corrected : turn.resubmissions) {
    auto& query = writer_statements_->get(still_returned_sql);
    statement_reset reset(query);
    query.bind(1, corrected.report.ticket);
    query.bind(2, corrected.report.user_id);
    if (!query.executeStep()) return false;  // staff moved it meanwhile: prepared again, it is a new report
  }
  if (turn.based_on_revision == unchecked_revision || turn.based_on_revision == no_conversation_revision) {
    // The plain upsert always writes; the insert finds nothing written when the owner's first turn
    // was kept meanwhile (by another process, say).
    auto& write = writer_statements_->get(turn.based_on_revision == unchecked_revision ? upsert_conversation_sql : insert_conversation_sql);
    write.bindNoCopy(1, turn.user_id);
    write.bindNoCopy(2, turn.channel);
    write.bindNoCopy(3, turn.state_json);
    write.bind(4, turn.now_ms);
    write.bind(5, turn.handoff_since_ms);
    if (write.exec() == 0) return false;
  } else {
    auto& update = writer_statements_->get(update_conversation_sql);
    update.bindNoCopy(1, turn.channel);
    update.bindNoCopy(2, turn.state_json);
    update.bind(3, turn.now_ms);
    update.bind(4, turn.handoff_since_ms);
    update.bindNoCopy(5, turn.user_id);
    update.bind(6, turn.based_on_revision);
    if (update.exec() == 0) return false;
  }
  for (const auto& entry : turn.lines) insert_line(entry, turn.user_id, turn.channel, turn.now_ms);
  for (std::int64_t id : turn.delivered_notifications) {
    auto& delivered = writer_statements_->get(mark_delivered_sql);
    delivered.bind(1, turn.now_ms);
    delivered.bind(2, id);
    delivered.exec();
  }

  for (const auto& r : turn.reports) insert_report(r);
  for (const auto& corrected : turn.resubmissions) resubmit_report(corrected.report, corrected.entry);
  for (const auto& rated : turn.case_ratings) {
    auto& insert = writer_statements_->get("INSERT INTO case_ratings (ticket, user_id, rating, comment, at_ms) VALUES (?, ?, ?, ?, ?)");
    insert.bindNoCopy(1, rated.ticket);
    insert.bindNoCopy(2, rated.user_id);
    insert.bindNoCopy(3, rated.rating);
    insert.bindNoCopy(4, rated.comment);
    insert.bind(5, rated.at_ms);
    insert.exec();
  }
  for (const auto& reopened : turn.reopenings) {
    auto& move = writer_statements_->get("UPDATE reports SET status = ? WHERE ticket = ? AND user_id = ? AND status = 'closed'");
    move.bindNoCopy(1, reopened.entry.status);
    move.bindNoCopy(2, reopened.ticket);
    move.bindNoCopy(3, turn.user_id);
    if (move.exec() == 0) continue;  // reopened (or moved) by staff meanwhile
    insert_history(reopened.ticket, reopened.entry, "status");
  }
  for (const auto& message : turn.case_messages) insert_case_message(message);

  for (const auto& e : turn.events) {
    auto& event = writer_statements_->get(insert_event_sql);
    event.bind(1, turn.user_id);
    event.bind(2, e.type);
    event.bind(3, e.payload_json);
    event.bind(4, turn.now_ms);
    event.exec();
  }
  if (!turn.delivery_key.empty()) {
    auto& delivery = writer_statements_->get(insert_delivery_sql);
    delivery.bind(1, turn.delivery_key);
    delivery.bind(2, turn.delivery_reply);
    delivery.bind(3, turn.now_ms);
    delivery.exec();
  }
  if (turn.revoke_resume_tokens) {
    auto& revoke = writer_statements_->get(revoke_resume_tokens_sql);
    revoke.bind(1, turn.now_ms);
    revoke.bind(2, turn.user_id);
    revoke.exec();
  }
  return true;
}

namespace {

// Each text folded on its own and joined by a unit separator, so a search word never matches across
// two answers (as migration 010 made them).
std::string folded_texts(const report_record& r) {
  std::string folded;
  for (std::size_t t = 0; t < r.searchable_texts.size(); ++t) {
    if (t > 0) folded += '\x1f';
    folded += fold_for_filter(r.searchable_texts[t]);
  }
  return folded;
}

}  // namespace

void sqlite_store::insert_choices(const report_record& r) {
  for (const auto& chosen : r.choices) {
    auto& choice = writer_statements_->get(insert_choice_sql);
    choice.bindNoCopy(1, r.ticket);
    choice.bindNoCopy(2, r.flow_id);
    choice.bindNoCopy(3, chosen.slot);
    choice.bindNoCopy(4, chosen.value);
    choice.bindNoCopy(5, chosen.name);
    choice.exec();
  }
}

void sqlite_store::resubmit_report(const report_record& r, const history_record& entry) {
  auto& update = writer_statements_->get(resubmit_report_sql);
  int i = 1;
  for (const std::string* text : {&r.flow_version, &r.form_id, &r.channel, &entry.status, &r.company_name, &r.credit_code, &r.province, &r.city,
                                  &r.industry_code, &r.industry, &r.contact_name, &r.contact_phone, &r.answers_json, &r.names_json})
    update.bindNoCopy(i++, *text);
  update.bind(i++, folded_texts(r));
  update.bindNoCopy(i++, r.ticket);
  update.bind(i++, entry.at_ms);  // the time limits start again
  update.exec();
  auto& forget = writer_statements_->get(forget_choices_sql);
  forget.bindNoCopy(1, r.ticket);
  forget.exec();
  insert_choices(r);
  insert_history(r.ticket, entry, "status");
}

void sqlite_store::insert_history(const std::string& ticket, const history_record& entry, const char* kind) {
  auto& history = writer_statements_->get(insert_noted_history_sql);
  history.bindNoCopy(1, ticket);
  history.bindNoCopy(2, entry.status);
  history.bindNoCopy(3, entry.note);
  history.bindNoCopy(4, entry.actor);
  history.bind(5, entry.at_ms);
  history.bind(6, kind);
  history.exec();
}

void sqlite_store::insert_report(const report_record& r) {
  auto& report = writer_statements_->get(insert_report_sql);
  int i = 1;
  for (const std::string* text : {&r.ticket, &r.flow_id, &r.flow_version, &r.form_id, &r.user_id, &r.channel, &r.status})
    report.bindNoCopy(i++, *text);
  report.bind(i++, r.created_at_ms);
  for (const std::string* text : {&r.company_name, &r.credit_code, &r.province, &r.city, &r.industry_code, &r.industry, &r.contact_name,
                                  &r.contact_phone, &r.answers_json, &r.names_json})
    report.bindNoCopy(i++, *text);
  report.bind(i++, folded_texts(r));
  if (report.exec() == 0) return;  // this form was already submitted
  insert_choices(r);
  auto& history = writer_statements_->get(insert_history_sql);
  history.bind(1, r.ticket);
  history.bind(2, r.status);
  history.bind(3, r.created_at_ms);
  history.exec();
}

void sqlite_store::bump_revision(const std::string& user_id) {
  auto& bump = writer_statements_->get(bump_revision_sql);
  bump.bind(1, user_id);
  bump.exec();
}

void sqlite_store::insert_notification(const std::string& user_id, const notification_record& notice) {
  SQLite::Statement notify(*db_, "INSERT INTO notifications (user_id, kind, ticket, status, text, actor, created_at_ms) "
                                 "VALUES (?, ?, nullif(?, ''), nullif(?, ''), ?, ?, ?)");
  notify.bind(1, user_id);
  notify.bind(2, notice.kind);
  notify.bind(3, notice.ticket);
  notify.bind(4, notice.status);
  notify.bind(5, notice.text);
  notify.bind(6, notice.actor);
  notify.bind(7, notice.created_at_ms);
  notify.exec();
}

turn_inputs sqlite_store::load_turn_inputs(const std::string& user_id, const std::string& delivery_key) {
  reader_lease lease(*this);
  try {
    statement_cache& statements = lease.statements();
    turn_inputs inputs;
    // One read transaction: the four reads see the same committed state. BEGIN and COMMIT are
    // prepared once too: sqlite3_exec compiles them on every call, which cost as much as the reads.
    statements.get(begin_read_sql).exec();
    struct end_read {
      SQLite::Statement& commit;
      ~end_read() {
        commit.tryReset();
        commit.tryExecuteStep();
      }
    } end{statements.get(commit_read_sql)};
    if (!delivery_key.empty()) {
      auto& query = statements.get(find_delivery_sql);
      statement_reset reset(query);
      query.bind(1, delivery_key);
      if (query.executeStep()) {
        inputs.previous_reply = query.getColumn(0).getString();
        return inputs;
      }
    }
    {
      auto& query = statements.get(load_conversation_sql);
      statement_reset reset(query);
      query.bind(1, user_id);
      if (query.executeStep())
        inputs.conversation = stored_conversation{query.getColumn(0).getString(), query.getColumn(1).getInt64(), query.getColumn(2).getInt64()};
    }
    {
      auto& query = statements.get(turn_reports_sql.c_str());
      statement_reset reset(query);
      query.bind(1, user_id);
      while (query.executeStep()) inputs.reports.push_back(read_report(query));
    }
    {
      auto& query = statements.get(pending_notifications_sql);
      statement_reset reset(query);
      query.bind(1, user_id);
      while (query.executeStep()) inputs.notifications.push_back(read_notification(query));
    }
    return inputs;
  } catch (const SQLite::Exception& error) {
    throw storage_error(std::string("load turn: ") + error.what());
  }
}

std::optional<std::string> sqlite_store::find_delivery(const std::string& delivery_key) {
  std::lock_guard lock(mutex_);
  try {
    auto& query = writer_statements_->get(find_delivery_sql);
    statement_reset reset(query);
    query.bind(1, delivery_key);
    if (!query.executeStep()) return std::nullopt;
    return query.getColumn(0).getString();
  } catch (const SQLite::Exception& error) {
    throw storage_error(std::string("find delivery: ") + error.what());
  }
}

void sqlite_store::save_more(const std::string& user_id, const std::string& text, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  try {
    SQLite::Statement upsert(*db_, "INSERT INTO more_pages (user_id, text, at_ms) VALUES (?, ?, ?) "
                                   "ON CONFLICT (user_id) DO UPDATE SET text = excluded.text, at_ms = excluded.at_ms");
    upsert.bind(1, user_id);
    upsert.bind(2, text);
    upsert.bind(3, now_ms);
    upsert.exec();
  } catch (const SQLite::Exception& error) {
    throw storage_error(std::string("save more: ") + error.what());
  }
}

std::optional<std::string> sqlite_store::take_more(const std::string& user_id) {
  std::lock_guard lock(mutex_);
  try {
    SQLite::Transaction transaction(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement query(*db_, "SELECT text FROM more_pages WHERE user_id = ?");
    query.bind(1, user_id);
    if (!query.executeStep()) return std::nullopt;
    std::string text = query.getColumn(0).getString();
    query.reset();
    SQLite::Statement remove(*db_, "DELETE FROM more_pages WHERE user_id = ?");
    remove.bind(1, user_id);
    remove.exec();
    transaction.commit();
    return text;
  } catch (const SQLite::Exception& error) {
    throw storage_error(std::string("take more: ") + error.what());
  }
}

void sqlite_store::check_writable() {
  std::lock_guard lock(mutex_);
  try {
    // A probe that really reaches the file: rewriting the schema version (to the same value) dirties
    // the header page, so the commit appends to the WAL. Taking the write lock alone proves nothing
    // about a full disk.
    SQLite::Transaction transaction(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    const int version = db_->execAndGet("PRAGMA user_version").getInt();
    db_->exec("PRAGMA user_version = " + std::to_string(version));
    transaction.commit();
  } catch (const SQLite::Exception& error) {
    throw storage_error(std::string("database not writable: ") + error.what());
  }
}

void sqlite_store::insert_line(const transcript_line& entry, const std::string& user_id, const std::string& channel, std::int64_t now_ms) {
  // Bound without copies: the strings outlive the statement's run, and the next use clears the
  // bindings first (statement_cache::get). Copying them cost a malloc and a free each.
  auto& line = writer_statements_->get(insert_line_sql);
  line.bindNoCopy(1, entry.user_id.empty() ? user_id : entry.user_id);
  line.bindNoCopy(2, entry.direction);
  line.bindNoCopy(3, entry.channel.empty() ? channel : entry.channel);
  line.bindNoCopy(4, entry.text);
  line.bind(5, entry.at_ms ? entry.at_ms : now_ms);
  line.bindNoCopy(6, entry.actor);
  if (entry.search_terms.empty()) line.bind(7); else line.bindNoCopy(7, entry.search_terms);  // indexed by the next batch
  line.exec();
  newest_line_id_ = std::max(newest_line_id_, db_->getLastInsertRowid());
}

std::vector<report_record> sqlite_store::query_reports(const std::string& where, const std::vector<std::string>& binds) {
  // Staff reads go to a reader connection: they never hold the writer, so owners' commits do not
  // wait for them (issue 27).
  reader_lease lease(*this);
  try {
    SQLite::Statement query(lease.database(), std::string("SELECT ") + report_columns + " FROM reports r " + where);
    for (std::size_t i = 0; i < binds.size(); ++i) query.bind(static_cast<int>(i) + 1, binds[i]);
    std::vector<report_record> reports;
    while (query.executeStep()) reports.push_back(read_report(query));
    return reports;
  } catch (const SQLite::Exception& error) {
    throw storage_error(std::string("read reports: ") + error.what());
  }
}

std::vector<report_record> sqlite_store::reports_of_user(const std::string& user_id) {
  return query_reports("WHERE r.user_id = ? ORDER BY r.created_at_ms DESC, r.ticket DESC", {user_id});
}

std::vector<report_record> sqlite_store::all_reports() { return query_reports("ORDER BY r.created_at_ms, r.ticket", {}); }

std::optional<report_record> sqlite_store::find_report(const std::string& ticket) {
  auto found = query_reports("WHERE r.ticket = ?", {ticket});
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::vector<transcript_line> sqlite_store::transcript_of(const std::string& user_id) {
  reader_lease lease(*this);
  try {
    // Indexed lines and the tail not indexed yet (transcript_index.h), in one statement.
    auto& query = lease.statements().get(transcript_of_sql);
    statement_reset reset(query);
    query.bind(1, user_id);
    std::vector<transcript_line> lines;
    while (query.executeStep()) lines.push_back(read_line(query));
    return lines;
  } catch (const SQLite::Exception& error) {
    throw storage_error(std::string("read transcript: ") + error.what());
  }
}

std::vector<unanswered_question> sqlite_store::unanswered_questions() {
  aggregates_->try_catch_up(statistics_catch_up_reports);
  // Staff reads go to a reader connection: they never hold the writer, so owners' commits do not
  // wait for them (issue 27).
  reader_lease lease(*this);
  try {
    SQLite::Statement query(lease.database(),
                            "SELECT u.question, u.normalized, u.times, u.last_at_ms FROM idx.unanswered u WHERE NOT EXISTS "
                            "(SELECT 1 FROM main.faq_reviews r WHERE r.normalized = u.normalized) ORDER BY u.times DESC, u.last_at_ms DESC");
    std::vector<unanswered_question> questions;
    while (query.executeStep())
      questions.push_back({query.getColumn(0).getString(), query.getColumn(1).getString(), query.getColumn(2).getInt64(),
                           query.getColumn(3).getInt64()});
    return questions;
  } catch (const SQLite::Exception& error) {
    throw storage_error(std::string("read unanswered questions: ") + error.what());
  }
}

void sqlite_store::review_question(const faq_review& review) {
  std::lock_guard lock(mutex_);
  try {
    SQLite::Statement upsert(*db_,
                             "INSERT INTO faq_reviews (normalized, question, decision, entry_id, actor, at_ms) VALUES (?, ?, ?, ?, ?, ?) "
                             "ON CONFLICT (normalized) DO UPDATE SET question = excluded.question, decision = excluded.decision, "
                             "entry_id = excluded.entry_id, actor = excluded.actor, at_ms = excluded.at_ms, "
                             "id = (SELECT max(id) + 1 FROM faq_reviews)");
    upsert.bind(1, review.normalized);
    upsert.bind(2, review.question);
    upsert.bind(3, review.decision);
    if (review.entry_id.empty()) upsert.bind(4); else upsert.bind(4, review.entry_id);
    upsert.bind(5, review.actor);
    upsert.bind(6, review.at_ms);
    upsert.exec();
  } catch (const SQLite::Exception& error) {
    throw storage_error(std::string("keep a question review: ") + error.what());
  }
}

std::vector<faq_review> sqlite_store::question_reviews() {
  reader_lease lease(*this);
  try {
    SQLite::Statement query(lease.database(),
                            "SELECT id, normalized, question, decision, coalesce(entry_id, ''), actor, at_ms FROM faq_reviews ORDER BY id");
    std::vector<faq_review> reviews;
    while (query.executeStep())
      reviews.push_back({query.getColumn(0).getInt64(), query.getColumn(1).getString(), query.getColumn(2).getString(),
                         query.getColumn(3).getString(), query.getColumn(4).getString(), query.getColumn(5).getString(),
                         query.getColumn(6).getInt64()});
    return reviews;
  } catch (const SQLite::Exception& error) {
    throw storage_error(std::string("read question reviews: ") + error.what());
  }
}

std::int64_t sqlite_store::newest_id(const char* sql, const char* what) {
  reader_lease lease(*this);
  try {
    return lease.database().execAndGet(sql).getInt64();
  } catch (const SQLite::Exception& error) {
    throw storage_error(std::string(what) + ": " + error.what());
  }
}

std::int64_t sqlite_store::newest_question_review_id() { return newest_id("SELECT coalesce(max(id), 0) FROM faq_reviews", "read question reviews"); }

int sqlite_store::schema_version() {
  std::lock_guard lock(mutex_);
  return db_->execAndGet("PRAGMA user_version").getInt();
}

std::string sqlite_store::integrity_check() {
  {
    std::lock_guard lock(mutex_);
    std::string main_file = db_->execAndGet("PRAGMA integrity_check").getString();
    if (main_file != "ok") return main_file;
  }
  reader_lease lease(*this);
  auto& query = lease.statements().get(index_integrity_sql);
  statement_reset reset(query);
  query.executeStep();
  std::string index_file = query.getColumn(0).getString();
  return index_file == "ok" ? index_file : "index file: " + index_file;
}

std::vector<notification_record> sqlite_store::pending_notifications(const std::string& user_id) {
  std::lock_guard lock(mutex_);
  try {
    auto& query = writer_statements_->get(pending_notifications_sql);
    statement_reset reset(query);
    query.bind(1, user_id);
    std::vector<notification_record> found;
    while (query.executeStep()) found.push_back(read_notification(query));
    return found;
  } catch (const SQLite::Exception& error) {
    throw storage_error(std::string("read notifications: ") + error.what());
  }
}

status_move_outcome sqlite_store::move_report_status(const std::string& ticket, const std::string& from, const std::string& to,
                                                     const history_record& entry, const notification_record& notice,
                                                     const std::optional<case_message>& on_case) {
  std::lock_guard lock(mutex_);
  try {
    SQLite::Transaction transaction(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement current(*db_, "SELECT status, user_id FROM reports WHERE ticket = ?");
    current.bind(1, ticket);
    if (!current.executeStep()) return status_move_outcome::no_such_ticket;
    if (current.getColumn(0).getString() != from) return status_move_outcome::status_changed;
    const std::string owner = current.getColumn(1).getString();
    current.reset();
    SQLite::Statement update(*db_, "UPDATE reports SET status = ? WHERE ticket = ?");
    update.bind(1, to);
    update.bind(2, ticket);
    update.exec();
    insert_history(ticket, entry, "status");
    insert_notification(owner, notice);
    if (on_case) insert_case_message(*on_case);
    bump_revision(owner);
    transaction.commit();
    return status_move_outcome::moved;
  } catch (const SQLite::Exception& error) {
    throw storage_error(std::string("set status: ") + error.what());
  }
}

bool sqlite_store::set_case_handling(const std::string& ticket, const case_handling& change, const history_record& entry,
                                     const std::optional<notification_record>& notice) {
  std::lock_guard lock(mutex_);
  try {
    SQLite::Transaction transaction(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement update(*db_, "UPDATE reports SET assignee = coalesce(?, assignee), department = coalesce(?, department) "
                                   "WHERE ticket = ? RETURNING user_id");
    if (change.assignee) update.bind(1, *change.assignee); else update.bind(1);
    if (change.department) update.bind(2, *change.department); else update.bind(2);
    update.bind(3, ticket);
    if (!update.executeStep()) return false;
    const std::string owner = update.getColumn(0).getString();
    update.reset();
    insert_history(ticket, entry, "handling");
    if (notice) insert_notification(owner, *notice);
    bump_revision(owner);  // the owner's progress query shows the department
    transaction.commit();
    return true;
  } catch (const SQLite::Exception& error) {
    throw storage_error(std::string("set case handling: ") + error.what());
  }
}

std::vector<history_record> sqlite_store::report_history(const std::string& ticket) {
  // Staff reads go to a reader connection: they never hold the writer, so owners' commits do not
  // wait for them (issue 27).
  reader_lease lease(*this);
  try {
    SQLite::Statement query(lease.database(), "SELECT status, note, actor, at_ms FROM report_history WHERE ticket = ? ORDER BY id");
    query.bind(1, ticket);
    std::vector<history_record> history;
    while (query.executeStep())
      history.push_back({query.getColumn(0).getString(), query.getColumn(1).getString(), query.getColumn(2).getString(),
                         query.getColumn(3).getInt64()});
    return history;
  } catch (const SQLite::Exception& error) {
    throw storage_error(std::string("read history: ") + error.what());
  }
}

namespace {

// The WHERE clause of a list's filter, with its text to bind in order.
struct filter_clause {
  std::string where = "WHERE 1 = 1";
  std::vector<std::string> binds;
};

filter_clause clause_of(const report_filter& filter) {
  filter_clause clause;
  auto condition = [&](const std::string& value, const char* sql) {
    if (value.empty()) return;
    clause.where += std::string(" AND ") + sql;
    clause.binds.push_back(value);
  };
  condition(filter.flow_id, "r.flow_id = ?");
  condition(filter.status, "r.status = ?");
  condition(filter.industry_code, "r.industry_code = ?");
  condition(filter.assignee, "r.assignee = ?");
  condition(filter.department, "r.department = ?");
  // The owners' answers are compared folded (folded_text_function.h), and so are the staff's words.
  condition(fold_for_filter(filter.province), "instr(r.province_folded, ?) > 0");
  condition(fold_for_filter(filter.city), "instr(r.city_folded, ?) > 0");
  condition(fold_for_filter(filter.text), "instr(r.text_folded, ?) > 0");
  condition(fold_for_filter(filter.industry_name), "instr(intake_fold(r.industry), ?) > 0");
  for (const auto& wanted : filter.choices) {
    if (wanted.slot.empty() || wanted.value.empty()) continue;
    clause.where += " AND EXISTS (SELECT 1 FROM report_choices c WHERE c.ticket = r.ticket AND c.slot = ? AND (c.value = ? OR "
                    "instr(intake_fold(c.name), ?) > 0))";
    clause.binds.push_back(wanted.slot);
    clause.binds.push_back(wanted.value);
    clause.binds.push_back(fold_for_filter(wanted.value));
  }
  if (!filter.due.empty()) {
    std::string any;
    for (const auto& window : filter.due) {
      std::string statuses;
      for (const auto& status : window.statuses) {
        statuses += statuses.empty() ? "?" : ", ?";
        clause.binds.push_back(status);
      }
      if (statuses.empty()) continue;
      any += std::string(any.empty() ? "" : " OR ") + "(r.status IN (" + statuses + ") AND r.clock_from_ms >= " + std::to_string(window.from_ms) +
             " AND r.clock_from_ms < " + std::to_string(window.to_ms) + ")";
    }
    clause.where += " AND (" + (any.empty() ? std::string("0") : any) + ")";
  }
  // Numbers, not user text, so they can go into the statement itself.
  if (filter.from_ms) clause.where += " AND r.created_at_ms >= " + std::to_string(filter.from_ms);
  if (filter.to_ms) clause.where += " AND r.created_at_ms < " + std::to_string(filter.to_ms);
  return clause;
}

constexpr const char* newest_first = " ORDER BY r.created_at_ms DESC, r.ticket DESC";
constexpr const char* oldest_first = " ORDER BY r.created_at_ms, r.ticket";

void bind_all(SQLite::Statement& statement, const std::vector<std::string>& binds) {
  for (std::size_t i = 0; i < binds.size(); ++i) statement.bind(static_cast<int>(i) + 1, binds[i]);
}

}  // namespace

std::vector<report_record> sqlite_store::list_reports(const report_filter& filter) {
  std::vector<report_record> reports;
  for_each_report(filter, report_order::newest_first, [&](const report_record& report) { reports.push_back(report); });
  return reports;
}

void sqlite_store::for_each_report(const report_filter& filter, report_order order, const std::function<void(const report_record&)>& visit) {
  const filter_clause clause = clause_of(filter);
  reader_lease lease(*this);
  try {
    SQLite::Statement query(lease.database(), std::string("SELECT ") + report_columns + " FROM reports r " + clause.where +
                                                  (order == report_order::newest_first ? newest_first : oldest_first));
    bind_all(query, clause.binds);
    while (query.executeStep()) visit(read_report(query));
  } catch (const SQLite::Exception& error) {
    throw storage_error(std::string("read reports: ") + error.what());
  }
}

std::vector<flow_count> sqlite_store::count_reports_by_flow(const report_filter& filter) {
  const filter_clause clause = clause_of(filter);
  reader_lease lease(*this);
  try {
    SQLite::Statement query(lease.database(), "SELECT r.flow_id, count(*) FROM reports r " + clause.where +
                                                  " GROUP BY r.flow_id ORDER BY min(r.created_at_ms), min(r.ticket)");
    bind_all(query, clause.binds);
    std::vector<flow_count> flows;
    while (query.executeStep()) flows.push_back({query.getColumn(0).getString(), query.getColumn(1).getInt64()});
    return flows;
  } catch (const SQLite::Exception& error) {
    throw storage_error(std::string("count reports: ") + error.what());
  }
}

report_page sqlite_store::list_reports_page(const report_filter& filter, const report_page_request& wanted) {
  const filter_clause clause = clause_of(filter);
  const std::size_t limit = std::max<std::size_t>(wanted.limit, 1);
  reader_lease lease(*this);  // one snapshot: the page and its count agree
  try {
    SQLite::Transaction snapshot(lease.database());
    report_page page;
    // Keyset: the page starts after the cursor in the list's order, which the time, flow and status
    // indexes (created_at_ms, ticket) give without a sort.
    std::string where = clause.where;
    std::vector<std::string> binds = clause.binds;
    if (wanted.after) {
      where += " AND (r.created_at_ms, r.ticket) < (" + std::to_string(wanted.after->created_at_ms) + ", ?)";
      binds.push_back(wanted.after->ticket);
    }
    SQLite::Statement query(lease.database(), std::string("SELECT ") + report_columns + " FROM reports r " + where + newest_first +
                                                  " LIMIT " + std::to_string(limit + 1) + " OFFSET " + std::to_string(wanted.offset));
    bind_all(query, binds);
    while (query.executeStep()) page.reports.push_back(read_report(query));
    if (page.reports.size() > limit) {
      page.reports.pop_back();
      page.next = report_cursor{page.reports.back().created_at_ms, page.reports.back().ticket};
    }
    // Counted up to a bound, so a page never reads every report to say how many there are.
    SQLite::Statement count(lease.database(), "SELECT count(*) FROM (SELECT 1 FROM reports r " + clause.where + " LIMIT " +
                                                  std::to_string(report_page::count_limit + 1) + ")");
    bind_all(count, clause.binds);
    count.executeStep();
    page.total = std::min(count.getColumn(0).getInt64(), report_page::count_limit);
    page.total_is_at_least = count.getColumn(0).getInt64() > report_page::count_limit;
    snapshot.commit();
    return page;
  } catch (const SQLite::Exception& error) {
    throw storage_error(std::string("read reports: ") + error.what());
  }
}

void sqlite_store::add_staff_reply(const transcript_line& line, const notification_record& notice, const std::optional<case_message>& on_case) {
  std::lock_guard lock(mutex_);
  try {
    SQLite::Transaction transaction(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    insert_line(line, line.user_id, "staff", line.at_ms);
    insert_notification(line.user_id, notice);
    if (on_case) {
      insert_case_message(*on_case);
      mark_read(on_case->ticket, on_case->at_ms);
    }
    bump_revision(line.user_id);
    transaction.commit();
  } catch (const SQLite::Exception& error) {
    throw storage_error(std::string("staff reply: ") + error.what());
  }
}

void sqlite_store::add_notification(const std::string& user_id, const notification_record& notice) {
  std::lock_guard lock(mutex_);
  try {
    SQLite::Transaction transaction(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    insert_notification(user_id, notice);
    bump_revision(user_id);
    transaction.commit();
  } catch (const SQLite::Exception& error) {
    throw storage_error(std::string("notify owner: ") + error.what());
  }
}

void sqlite_store::insert_case_message(const case_message& message) {
  auto& insert = writer_statements_->get(
      "INSERT INTO case_messages (ticket, user_id, author, actor, text, at_ms, read_at_ms) VALUES (?, ?, ?, ?, ?, ?, NULL)");
  insert.bind(1, message.ticket);
  insert.bind(2, message.user_id);
  insert.bind(3, message.author);
  insert.bind(4, message.actor);
  insert.bind(5, message.text);
  insert.bind(6, message.at_ms);
  insert.exec();
}

namespace {

constexpr const char* case_message_columns = "id, ticket, user_id, author, actor, text, at_ms, coalesce(read_at_ms, 0)";

case_message case_message_from(SQLite::Statement& row) {
  return {row.getColumn(0).getInt64(),  row.getColumn(1).getString(), row.getColumn(2).getString(), row.getColumn(3).getString(),
          row.getColumn(4).getString(), row.getColumn(5).getString(), row.getColumn(6).getInt64(),  row.getColumn(7).getInt64()};
}

}  // namespace

template <typename Row>
std::vector<Row> sqlite_store::read_rows(const char* what, const std::string& sql, const std::function<void(SQLite::Statement&)>& bind,
                                         const std::function<Row(SQLite::Statement&)>& row) {
  reader_lease lease(*this);
  try {
    SQLite::Statement query(lease.database(), sql);
    bind(query);
    std::vector<Row> rows;
    while (query.executeStep()) rows.push_back(row(query));
    return rows;
  } catch (const SQLite::Exception& error) {
    throw storage_error(std::string(what) + ": " + error.what());
  }
}

std::vector<case_message> sqlite_store::case_thread(const std::string& ticket) {
  return read_rows<case_message>(
      "read case thread", std::string("SELECT ") + case_message_columns + " FROM case_messages WHERE ticket = ? ORDER BY id",
      [&](SQLite::Statement& query) { query.bind(1, ticket); }, case_message_from);
}

std::vector<case_closing> sqlite_store::case_closings() {
  return read_rows<case_closing>("read closings",
                                 "SELECT r.department, r.clock_from_ms, min(h.at_ms) FROM report_history h JOIN reports r ON r.ticket = h.ticket "
                                 "WHERE h.status = 'closed' AND h.kind = 'status' GROUP BY h.ticket",
                                 [](SQLite::Statement&) {},
                                 [](SQLite::Statement& row) {
                                   return case_closing{row.getColumn(0).getString(), row.getColumn(1).getInt64(), row.getColumn(2).getInt64()};
                                 });
}

std::vector<satisfaction_cell> sqlite_store::satisfaction() {
  return read_rows<satisfaction_cell>(
      "read satisfaction",
      "SELECT coalesce(r.department, ''), strftime('%Y-%m', c.at_ms / 1000 + 8 * 3600, 'unixepoch') AS month, c.rating, count(*) "
      "FROM case_ratings c LEFT JOIN reports r ON r.ticket = c.ticket WHERE c.id = (SELECT max(l.id) FROM case_ratings l WHERE l.ticket = c.ticket) "
      "GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
      [](SQLite::Statement&) {},
      [](SQLite::Statement& row) {
        return satisfaction_cell{row.getColumn(0).getString(), row.getColumn(1).getString(), row.getColumn(2).getString(), row.getColumn(3).getInt64()};
      });
}

std::vector<inbox_entry> sqlite_store::case_inbox() {
  reader_lease lease(*this);
  try {
    // The partial index holds only unread owner's messages: the inbox costs what is unread, not the
    // whole history of every case.
    SQLite::Statement query(lease.database(),
                            "SELECT m.ticket, m.user_id, coalesce(r.flow_id, ''), coalesce(r.status, ''), coalesce(r.company_name, ''), "
                            "count(*), min(m.at_ms), (SELECT text FROM case_messages l WHERE l.ticket = m.ticket AND l.author = 'owner' "
                            "AND l.read_at_ms IS NULL ORDER BY l.id DESC LIMIT 1) "
                            "FROM case_messages m LEFT JOIN reports r ON r.ticket = m.ticket "
                            "WHERE m.author = 'owner' AND m.read_at_ms IS NULL GROUP BY m.ticket ORDER BY min(m.at_ms), m.ticket");
    std::vector<inbox_entry> inbox;
    while (query.executeStep())
      inbox.push_back({query.getColumn(0).getString(), query.getColumn(1).getString(), query.getColumn(2).getString(),
                       query.getColumn(3).getString(), query.getColumn(4).getString(), query.getColumn(5).getInt64(),
                       query.getColumn(6).getInt64(), query.getColumn(7).getString()});
    return inbox;
  } catch (const SQLite::Exception& error) {
    throw storage_error(std::string("read case inbox: ") + error.what());
  }
}

std::int64_t sqlite_store::mark_case_read(const std::string& ticket, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  try {
    return mark_read(ticket, now_ms);
  } catch (const SQLite::Exception& error) {
    throw storage_error(std::string("mark case read: ") + error.what());
  }
}

std::int64_t sqlite_store::mark_read(const std::string& ticket, std::int64_t now_ms) {
  auto& read = writer_statements_->get("UPDATE case_messages SET read_at_ms = ? WHERE ticket = ? AND author = 'owner' AND read_at_ms IS NULL");
  read.bind(1, now_ms);
  read.bind(2, ticket);
  return read.exec();
}

std::vector<case_message> sqlite_store::owner_case_messages_after(std::int64_t after_id, std::size_t limit) {
  return read_rows<case_message>(
      "read case messages", std::string("SELECT ") + case_message_columns + " FROM case_messages WHERE id > ? AND author = 'owner' ORDER BY id LIMIT ?",
      [&](SQLite::Statement& query) {
        query.bind(1, after_id);
        query.bind(2, static_cast<std::int64_t>(limit));
      },
      case_message_from);
}

std::int64_t sqlite_store::newest_case_message_id() { return newest_id("SELECT coalesce(max(id), 0) FROM case_messages", "read case messages"); }

bool sqlite_store::close_handoff(const std::string& user_id, const notification_record& notice) {
  std::lock_guard lock(mutex_);
  try {
    SQLite::Transaction transaction(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    // The stored state still says the owner waits, so that their next turn tells them of the closing;
    // the column is what staff lists read, and the revision makes any turn prepared before this stale
    // rather than writing the wait back.
    SQLite::Statement close(*db_, "UPDATE conversations SET handoff_since_ms = 0, revision = revision + 1 "
                                  "WHERE user_id = ? AND handoff_since_ms > 0");
    close.bind(1, user_id);
    if (close.exec() == 0) return false;
    insert_notification(user_id, notice);
    transaction.commit();
    return true;
  } catch (const SQLite::Exception& error) {
    throw storage_error(std::string("close handoff: ") + error.what());
  }
}

std::vector<waiting_conversation> sqlite_store::waiting_for_staff() {
  std::lock_guard lock(mutex_);
  try {
    SQLite::Statement query(*db_, "SELECT user_id, handoff_since_ms FROM conversations WHERE handoff_since_ms > 0 ORDER BY 2");
    std::vector<waiting_conversation> waiting;
    while (query.executeStep()) waiting.push_back({query.getColumn(0).getString(), query.getColumn(1).getInt64()});
    return waiting;
  } catch (const SQLite::Exception& error) {
    throw storage_error(std::string("read handoffs: ") + error.what());
  }
}

std::pair<std::vector<std::string>, std::int64_t> sqlite_store::users_with_new_notifications(std::int64_t after_id) {
  std::lock_guard lock(mutex_);
  try {
    SQLite::Statement query(*db_, "SELECT DISTINCT user_id, max(id) OVER () FROM notifications WHERE id > ? AND delivered_at_ms IS NULL");
    query.bind(1, after_id);
    std::vector<std::string> users;
    std::int64_t newest = after_id;
    while (query.executeStep()) {
      users.push_back(query.getColumn(0).getString());
      newest = std::max(newest, query.getColumn(1).getInt64());
    }
    return {users, newest};
  } catch (const SQLite::Exception& error) {
    throw storage_error(std::string("poll notifications: ") + error.what());
  }
}

std::int64_t sqlite_store::newest_notification_id() { return newest_id("SELECT coalesce(max(id), 0) FROM notifications", "read notifications"); }

void sqlite_store::log_access(const std::string& actor, const std::string& action, const std::string& target, std::int64_t now_ms) {
  std::lock_guard lock(mutex_);
  try {
    SQLite::Statement insert(*db_, "INSERT INTO access_log (actor, action, target, at_ms) VALUES (?, ?, ?, ?)");
    insert.bind(1, actor);
    insert.bind(2, action);
    insert.bind(3, target);
    insert.bind(4, now_ms);
    insert.exec();
  } catch (const SQLite::Exception& error) {
    throw storage_error(std::string("access log: ") + error.what());
  }
}

report_statistics sqlite_store::statistics(const statistics_query& wanted) {
  aggregates_->try_catch_up(statistics_catch_up_reports);
  // Staff reads go to a reader connection: they never hold the writer, so owners' commits do not
  // wait for them (issue 27).
  reader_lease lease(*this);
  try {
    SQLite::Transaction snapshot(lease.database());  // every breakdown from the same counts
    auto cells = [&](const std::string& dimension) {
      auto& query = lease.statements().get(
          "SELECT name, key, count FROM idx.stats_cells WHERE flow_id = ?1 AND slot = ?2 AND dimension = ?3 AND count > 0 "
          "ORDER BY count DESC, name, key");
      statement_reset reset(query);
      query.bind(1, wanted.flow_id);
      query.bind(2, wanted.count_slot);
      query.bind(3, dimension);
      std::vector<count_cell> found;
      while (query.executeStep()) found.push_back({query.getColumn(0).getString(), query.getColumn(1).getString(), query.getColumn(2).getInt64()});
      return found;
    };
    report_statistics stats;
    stats.by_province = cells("province");
    stats.by_industry = cells("industry");
    stats.by_status = cells("status");
    stats.by_week = cells("week");
    if (!wanted.by_slot.empty()) stats.by_answer = cells("answer:" + wanted.by_slot);
    auto durations = [&](const char* status) {
      auto& query = lease.statements().get("SELECT ms FROM idx.stats_durations WHERE flow_id = ?1 AND status = ?2");
      statement_reset reset(query);
      query.bind(1, wanted.flow_id);
      query.bind(2, status);
      std::vector<std::int64_t> found;
      while (query.executeStep()) found.push_back(query.getColumn(0).getInt64());
      return found;
    };
    stats.ms_to_acceptance = durations("accepted");
    stats.ms_to_closing = durations("closed");
    stats.reports_not_counted = staff_aggregates::not_counted(lease.database());
    snapshot.commit();
    return stats;
  } catch (const SQLite::Exception& error) {
    throw storage_error(std::string("statistics: ") + error.what());
  }
}

std::int64_t sqlite_store::catch_up_statistics(std::int64_t max_reports) { return aggregates_->catch_up(max_reports); }

void sqlite_store::save_flow_version(const flow_version_record& version) {
  std::lock_guard lock(mutex_);
  try {
    SQLite::Statement insert(*db_, "INSERT OR IGNORE INTO flow_versions (flow_id, version, schema, first_seen_ms) VALUES (?, ?, ?, ?)");
    insert.bind(1, version.flow_id);
    insert.bind(2, version.version);
    insert.bind(3, version.schema_json);
    insert.bind(4, version.first_seen_ms);
    insert.exec();
  } catch (const SQLite::Exception& error) {
    throw storage_error(std::string("save flow version: ") + error.what());
  }
}

std::vector<flow_version_record> sqlite_store::flow_versions(const std::string& flow_id) {
  // Staff reads go to a reader connection: they never hold the writer, so owners' commits do not
  // wait for them (issue 27).
  reader_lease lease(*this);
  try {
    SQLite::Statement query(lease.database(), "SELECT flow_id, version, schema, first_seen_ms FROM flow_versions WHERE ?1 = '' OR flow_id = ?1 "
                                  "ORDER BY first_seen_ms, flow_id, version");
    query.bind(1, flow_id);
    std::vector<flow_version_record> found;
    while (query.executeStep())
      found.push_back({query.getColumn(0).getString(), query.getColumn(1).getString(), query.getColumn(2).getString(), query.getColumn(3).getInt64()});
    return found;
  } catch (const SQLite::Exception& error) {
    throw storage_error(std::string("read flow versions: ") + error.what());
  }
}

transcript_matches sqlite_store::search_transcript(const std::string& fts_query, std::size_t limit) {
  // The lines after the mark are not in the full-text index yet. A short tail is indexed first, so
  // that a search finds what was written a moment ago; a longer backlog (a lost index being rebuilt,
  // minutes of work) is left to the index's thread, and the search answers at once from the indexed
  // part, saying how far that reaches.
  index_->catch_up_within(transcript_index::search_tail_lines);
  reader_lease lease(*this);
  try {
    transcript_matches found;
    {
      // Read before the lines: the index only grows meanwhile, so the answer never claims more than
      // the search looked in.
      auto& reach = lease.statements().get(index_reach_sql);
      statement_reset reset(reach);
      reach.executeStep();
      found.index = {reach.getColumn(0).getInt64(), reach.getColumn(1).getInt64()};
    }
    auto& query = lease.statements().get(search_transcript_sql);
    statement_reset reset(query);
    query.bind(1, fts_query);
    query.bind(2, static_cast<std::int64_t>(limit));
    while (query.executeStep()) found.lines.push_back(read_line(query));
    return found;
  } catch (const SQLite::Exception& error) {
    throw storage_error(std::string("search transcript: ") + error.what());
  }
}

index_progress sqlite_store::search_index_progress() { return index_->progress(); }

}  // namespace intake::storage
