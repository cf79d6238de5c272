#include "storage/staff_aggregates.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <string>

#include "storage/conversation_store.h"

namespace intake::storage {
namespace {

// How often the thread looks for new submissions, history and questions.
constexpr auto refresh_every = std::chrono::seconds(1);

constexpr const char* schema_sql =
    "CREATE TABLE IF NOT EXISTS idx.stats_marks (only INTEGER PRIMARY KEY CHECK (only = 1), reports_through INTEGER NOT NULL, "
    "history_through INTEGER NOT NULL, events_through INTEGER NOT NULL);"
    "INSERT OR IGNORE INTO idx.stats_marks (only, reports_through, history_through, events_through) VALUES (1, 0, 0, 0);"
    "CREATE TABLE IF NOT EXISTS idx.stats_reports (ticket TEXT PRIMARY KEY, status TEXT NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS idx.stats_cells (flow_id TEXT NOT NULL, slot TEXT NOT NULL, dimension TEXT NOT NULL, name TEXT NOT NULL, "
    "key TEXT NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (flow_id, slot, dimension, name, key)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS idx.stats_durations (flow_id TEXT NOT NULL, status TEXT NOT NULL, ticket TEXT NOT NULL, ms INTEGER NOT NULL, "
    "PRIMARY KEY (flow_id, status, ticket)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS idx.unanswered (normalized TEXT PRIMARY KEY, question TEXT NOT NULL, times INTEGER NOT NULL, "
    "last_at_ms INTEGER NOT NULL) WITHOUT ROWID;";

// Takes the index file's write lock first (see transcript_index.cpp: a deferred transaction that read
// first could not write once another connection had written meanwhile).
constexpr const char* take_write_lock_sql = "UPDATE idx.stats_marks SET only = only";
constexpr const char* marks_sql = "SELECT reports_through, history_through, events_through FROM idx.stats_marks";
constexpr const char* newest_sql =
    "SELECT (SELECT coalesce(max(rowid), 0) FROM main.reports), (SELECT coalesce(max(id), 0) FROM main.report_history), "
    "(SELECT coalesce(max(id), 0) FROM main.events)";
constexpr const char* save_marks_sql = "UPDATE idx.stats_marks SET reports_through = ?, history_through = ?, events_through = ?";

// The first time a submission was accepted and closed (the earliest, should a clock have stepped back).
constexpr const char* durations_sql =
    "INSERT INTO idx.stats_durations (flow_id, status, ticket, ms) "
    "SELECT r.flow_id, h.status, h.ticket, h.at_ms - r.created_at_ms FROM main.report_history h JOIN main.reports r ON r.ticket = h.ticket "
    "WHERE h.id > ?1 AND h.id <= ?2 AND h.status IN ('accepted', 'closed') "
    "ON CONFLICT (flow_id, status, ticket) DO UPDATE SET ms = min(ms, excluded.ms)";
constexpr const char* history_sql = "SELECT ticket, status FROM main.report_history WHERE id > ? AND id <= ? ORDER BY id";
constexpr const char* counted_status_sql = "SELECT status FROM idx.stats_reports WHERE ticket = ?";
// A counted submission's choices move from the status they were counted under to its new one.
constexpr const char* move_status_sql =
    "INSERT INTO idx.stats_cells (flow_id, slot, dimension, name, key, count) "
    "SELECT flow_id, slot, 'status', name, ?2, ?3 * count(*) FROM main.report_choices WHERE ticket = ?1 GROUP BY flow_id, slot, name "
    "ON CONFLICT (flow_id, slot, dimension, name, key) DO UPDATE SET count = count + excluded.count";
constexpr const char* set_counted_status_sql = "UPDATE idx.stats_reports SET status = ?2 WHERE ticket = ?1";

// A new submission's choices, counted against each breakdown: the columns every flow has, and each
// option chosen at any choice slot of the same submission. Weeks in China Standard Time, so that a
// Monday-morning report is not filed under the week before.
constexpr const char* count_by_column_sql =
    "INSERT INTO idx.stats_cells (flow_id, slot, dimension, name, key, count) "
    "SELECT d.flow_id, d.slot, ?3, d.name, CASE ?3 WHEN 'province' THEN r.province WHEN 'industry' THEN r.industry_code || ' ' || r.industry "
    "WHEN 'status' THEN r.status ELSE strftime('%Y-W%W', r.created_at_ms / 1000 + 8 * 3600, 'unixepoch') END AS k, count(*) "
    "FROM main.reports r JOIN main.report_choices d ON d.ticket = r.ticket WHERE r.rowid > ?1 AND r.rowid <= ?2 "
    "GROUP BY d.flow_id, d.slot, d.name, k "
    "ON CONFLICT (flow_id, slot, dimension, name, key) DO UPDATE SET count = count + excluded.count";
constexpr const char* count_by_answer_sql =
    "INSERT INTO idx.stats_cells (flow_id, slot, dimension, name, key, count) "
    "SELECT d.flow_id, d.slot, 'answer:' || b.slot AS dim, d.name, b.name, count(*) "
    "FROM main.reports r JOIN main.report_choices d ON d.ticket = r.ticket JOIN main.report_choices b ON b.ticket = r.ticket "
    "WHERE r.rowid > ?1 AND r.rowid <= ?2 GROUP BY d.flow_id, d.slot, dim, d.name, b.name "
    "ON CONFLICT (flow_id, slot, dimension, name, key) DO UPDATE SET count = count + excluded.count";
constexpr const char* remember_counted_sql =
    "INSERT OR REPLACE INTO idx.stats_reports (ticket, status) SELECT ticket, status FROM main.reports WHERE rowid > ?1 AND rowid <= ?2";

// Questions the policy answers declined, grouped by their normalised text, the latest wording kept.
constexpr const char* unanswered_sql =
    "INSERT INTO idx.unanswered (normalized, question, times, last_at_ms) "
    "SELECT coalesce(json_extract(payload, '$.normalized'), ''), coalesce(json_extract(payload, '$.question'), ''), 1, at_ms "
    "FROM main.events WHERE type = 'faq_unanswered' AND id > ?1 AND id <= ?2 ORDER BY id "
    "ON CONFLICT (normalized) DO UPDATE SET times = times + 1, question = excluded.question, last_at_ms = max(last_at_ms, excluded.last_at_ms)";

// How far each source goes: what the counts have read (marks_sql) or what the main file holds (newest_sql).
struct positions {
  std::int64_t report = 0, history = 0, event = 0;

  static positions read(SQLite::Database& db, const char* sql) {
    SQLite::Statement query(db, sql);
    query.executeStep();
    return {query.getColumn(0).getInt64(), query.getColumn(1).getInt64(), query.getColumn(2).getInt64()};
  }
  bool any_beyond(const positions& other) const { return report > other.report || history > other.history || event > other.event; }
};

void run_range(SQLite::Database& db, const char* sql, std::int64_t from, std::int64_t through) {
  SQLite::Statement statement(db, sql);
  statement.bind(1, from);
  statement.bind(2, through);
  statement.exec();
}

}  // namespace

void staff_aggregates::prepare(SQLite::Database& db) {
  // Looked at first without writing: a start beside another process's long index batch would
  // otherwise wait for the index file's write lock, and fail after the busy timeout.
  const bool made = db.execAndGet("SELECT count(*) FROM idx.sqlite_master WHERE name = 'stats_marks'").getInt() == 1 &&
                    db.execAndGet("SELECT count(*) FROM idx.stats_marks").getInt() == 1;
  if (!made) db.exec(schema_sql);
  // Counts of rows the main file no longer has (it lost its last transactions in a power cut while
  // the index file kept its own): those ids will be used again, so the counting starts over.
  if (!positions::read(db, marks_sql).any_beyond(positions::read(db, newest_sql))) return;
  SQLite::Transaction restart(db, SQLite::TransactionBehavior::IMMEDIATE);
  for (const char* table : {"stats_reports", "stats_cells", "stats_durations", "unanswered"}) db.exec(std::string("DELETE FROM idx.") + table);
  db.exec("UPDATE idx.stats_marks SET reports_through = 0, history_through = 0, events_through = 0");
  restart.commit();
}

staff_aggregates::staff_aggregates(std::unique_ptr<SQLite::Database> own, std::mutex& batch_lock)
    : own_(std::move(own)), db_(*own_), lock_(batch_lock) {
  thread_ = std::thread([this] { run(); });
}

staff_aggregates::staff_aggregates(SQLite::Database& writer, std::mutex& writer_lock) : db_(writer), lock_(writer_lock) {}

staff_aggregates::~staff_aggregates() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard lock(wake_mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

std::int64_t staff_aggregates::not_counted(SQLite::Database& reader) {
  return reader.execAndGet("SELECT max(0, (SELECT coalesce(max(rowid), 0) FROM main.reports) - reports_through) FROM idx.stats_marks").getInt64();
}

bool staff_aggregates::try_catch_up(std::int64_t max_reports) {
  try {
    catch_up(max_reports);
    failures_.succeeded();
    return true;
  } catch (const storage_error& error) {
    failures_.failed(error.what());
    return false;
  }
}

std::int64_t staff_aggregates::catch_up(std::int64_t max_reports) {
  std::lock_guard lock(lock_);
  try {
    std::int64_t left = 0;
    do {
      const std::int64_t batch = std::min(max_reports, batch_reports);
      left = refresh(batch);
      max_reports -= batch;
    } while (left > 0 && max_reports > 0);
    return left;
  } catch (const SQLite::Exception& error) {
    throw storage_error(std::string("count submissions: ") + error.what());
  }
}

void staff_aggregates::run() {
  std::unique_lock wake(wake_mutex_);
  while (!wake_.wait_for(wake, refresh_every, [this] { return stopping_.load(); })) {
    wake.unlock();
    try {
      std::int64_t left = 0;
      do {
        std::lock_guard lock(lock_);
        left = refresh(batch_reports);
      } while (left > 0 && !stopping_);
      failures_.succeeded();
    } catch (const SQLite::Exception& error) {
      failures_.failed(error.what());  // the statistics lag meanwhile; the next pass tries again
    }
    wake.lock();
  }
}

std::int64_t staff_aggregates::refresh(std::int64_t max_reports) {
  // Looked at first in a read of its own: an idle server would otherwise write the index file every
  // second for nothing (the write lock below is taken by a write).
  if (!positions::read(db_, newest_sql).any_beyond(positions::read(db_, marks_sql))) return 0;
  SQLite::Transaction transaction(db_);
  db_.exec(take_write_lock_sql);
  // Read again under the write lock: another process may have counted meanwhile.
  const positions from = positions::read(db_, marks_sql), newest = positions::read(db_, newest_sql);
  const std::int64_t reports_from = from.report, history_from = from.history, events_from = from.event;
  const std::int64_t newest_report = newest.report, newest_history = newest.history, newest_event = newest.event;
  if (!newest.any_beyond(from)) return 0;

  // History first, to its end: the moves of submissions counted before. A submission counted below
  // is counted under its status now, which every history row of this snapshot led to.
  if (newest_history > history_from) {
    run_range(db_, durations_sql, history_from, newest_history);
    std::map<std::string, std::string> latest_status;
    SQLite::Statement history(db_, history_sql);
    history.bind(1, history_from);
    history.bind(2, newest_history);
    while (history.executeStep()) latest_status[history.getColumn(0).getString()] = history.getColumn(1).getString();
    SQLite::Statement counted(db_, counted_status_sql), move(db_, move_status_sql), remember(db_, set_counted_status_sql);
    for (const auto& [ticket, status] : latest_status) {
      counted.bind(1, ticket);
      const bool is_counted = counted.executeStep();
      const std::string before = is_counted ? counted.getColumn(0).getString() : std::string();
      counted.reset();
      if (!is_counted || before == status) continue;
      for (const auto& [key, sign] : {std::pair{before, -1}, std::pair{status, 1}}) {
        move.bind(1, ticket);
        move.bind(2, key);
        move.bind(3, sign);
        move.exec();
        move.reset();
      }
      remember.bind(1, ticket);
      remember.bind(2, status);
      remember.exec();
      remember.reset();
    }
  }

  const std::int64_t reports_through = std::min(newest_report, reports_from + max_reports);
  if (reports_through > reports_from) {
    SQLite::Statement by_column(db_, count_by_column_sql);
    for (const char* dimension : {"province", "industry", "status", "week"}) {
      by_column.bind(1, reports_from);
      by_column.bind(2, reports_through);
      by_column.bind(3, dimension);
      by_column.exec();
      by_column.reset();
    }
    run_range(db_, count_by_answer_sql, reports_from, reports_through);
    run_range(db_, remember_counted_sql, reports_from, reports_through);
  }
  if (newest_event > events_from) run_range(db_, unanswered_sql, events_from, newest_event);

  SQLite::Statement save(db_, save_marks_sql);
  save.bind(1, reports_through);
  save.bind(2, newest_history);
  save.bind(3, newest_event);
  save.exec();
  transaction.commit();
  return newest_report - reports_through;
}

}  // namespace intake::storage
