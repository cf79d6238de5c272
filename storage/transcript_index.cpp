#include "storage/transcript_index.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <limits>

#include "storage/database_files.h"

namespace intake::storage {
namespace {

// Nice value of the thread that builds the index: below the I/O and commit threads, so that on a
// busy machine the batches take the time the turns leave idle, yet not so low that they cannot keep
// up when there is none (nice 10 weighs about a tenth of a default thread).
constexpr int background_nice = 10;
// A transaction indexes at most this many lines: an index rebuilt from a large file would otherwise
// hold one read snapshot of the main file throughout, and the WAL could not start over meanwhile.
constexpr std::int64_t max_transaction_lines = 8 * transcript_index::batch_lines;
// A backlog this long is a rebuild (an index file lost, or a database opened after long without
// one) rather than the batches of a busy day: its progress is logged.
constexpr std::int64_t logged_backlog_lines = 16 * transcript_index::batch_lines;
// After a failed batch (storage out), the thread waits this long before it tries again.
constexpr auto retry_after_failure = std::chrono::seconds(1);

constexpr const char* index_schema_sql =
    "CREATE TABLE IF NOT EXISTS idx.owners (id INTEGER PRIMARY KEY, user_id TEXT NOT NULL UNIQUE);"
    "CREATE TABLE IF NOT EXISTS idx.transcript_by_owner (owner INTEGER NOT NULL, id INTEGER NOT NULL, PRIMARY KEY (owner, id)) WITHOUT ROWID;"
    "CREATE VIRTUAL TABLE IF NOT EXISTS idx.transcript_search USING fts5(terms, content = '', tokenize = 'unicode61');"
    "CREATE TABLE IF NOT EXISTS idx.transcript_index_state (only INTEGER PRIMARY KEY CHECK (only = 1), indexed_through INTEGER NOT NULL);"
    "INSERT OR IGNORE INTO idx.transcript_index_state (only, indexed_through) VALUES (1, 0);";

// The FTS5 table's own tables: with content = '' the terms cannot be read back, so its index moves
// as these rows (the table is created alike on both sides).
constexpr const char* search_shadow_tables[] = {"transcript_search_data", "transcript_search_idx", "transcript_search_docsize",
                                                "transcript_search_config"};

// Takes the index's write lock first: a deferred transaction that read first could not write once
// another process had indexed meanwhile. (BEGIN IMMEDIATE would lock the main file too, which the
// batch only reads, and hold back the turns.)
constexpr const char* take_write_lock_sql = "UPDATE idx.transcript_index_state SET indexed_through = indexed_through";
constexpr const char* read_mark_sql = "SELECT indexed_through FROM idx.transcript_index_state";
constexpr const char* newest_line_sql = "SELECT coalesce(max(id), 0) FROM main.transcript";
// Owners met for the first time are numbered first, in the order of their first line (migration 009):
// the first of an owner's lines inserts them, the others are ignored. (Grouping by owner first took
// ten times as long: a sort of the batch.)
constexpr const char* number_new_owners_sql =
    "INSERT OR IGNORE INTO idx.owners (user_id) SELECT user_id FROM main.transcript WHERE id > ? AND id <= ? ORDER BY id";
constexpr const char* index_owner_lines_sql =
    "INSERT OR IGNORE INTO idx.transcript_by_owner (owner, id) "
    "SELECT o.id, t.id FROM main.transcript t JOIN idx.owners o ON o.user_id = t.user_id WHERE t.id > ? AND t.id <= ?";
constexpr const char* index_line_terms_sql =
    "INSERT INTO idx.transcript_search (rowid, terms) SELECT id, search_terms FROM main.transcript WHERE id > ? AND id <= ? "
    "AND search_terms IS NOT NULL";
constexpr const char* save_mark_sql = "UPDATE idx.transcript_index_state SET indexed_through = ?";

std::int64_t single_integer(SQLite::Database& db, const std::string& sql) { return db.execAndGet(sql).getInt64(); }

void raise_to(std::atomic<std::int64_t>& value, std::int64_t at_least) {
  std::int64_t known = value.load();
  while (known < at_least && !value.compare_exchange_weak(known, at_least)) {
  }
}

bool main_file_has_indexes(SQLite::Database& db) {
  return single_integer(db, "SELECT count(*) FROM main.sqlite_master WHERE name = 'transcript_index_state'") > 0;
}

// Databases of schema 9 and older kept the indexes in the main file: copied into an index file that
// has not taken them over yet (user_version 0). In the same transaction as the index's tables are
// made, under both files' write locks, so that another process opening the files meanwhile waits and
// then finds it done.
void create_index_tables(SQLite::Database& db) {
  if (single_integer(db, "PRAGMA idx.user_version") == 1) return;  // done at an earlier start
  SQLite::Transaction setup(db, SQLite::TransactionBehavior::IMMEDIATE);
  db.exec(index_schema_sql);
  if (single_integer(db, "PRAGMA idx.user_version") == 0 && main_file_has_indexes(db) &&
      single_integer(db, "SELECT indexed_through FROM main.transcript_index_state") > 0) {
    db.exec("INSERT INTO idx.owners (id, user_id) SELECT id, user_id FROM main.owners");
    db.exec("INSERT INTO idx.transcript_by_owner (owner, id) SELECT owner, id FROM main.transcript_by_owner");
    for (const std::string table : search_shadow_tables) {
      db.exec("DELETE FROM idx." + table);
      db.exec("INSERT INTO idx." + table + " SELECT * FROM main." + table);
    }
    db.exec("UPDATE idx.transcript_index_state SET indexed_through = (SELECT indexed_through FROM main.transcript_index_state)");
  }
  db.exec("PRAGMA idx.user_version = 1");
  setup.commit();
}

// Only once the copy is committed in the index file: interrupted in between, the next start finds
// the index taken over and the old tables still here, and only drops them.
void drop_indexes_from_main_file(SQLite::Database& db) {
  SQLite::Transaction drop(db, SQLite::TransactionBehavior::IMMEDIATE);
  for (const char* table : {"transcript_search", "transcript_by_owner", "owners", "transcript_index_state"})
    db.exec(std::string("DROP TABLE IF EXISTS main.") + table);
  drop.commit();
}

// The index holds lines the main file does not: the main file lost its last transactions (a power
// cut under synchronous=NORMAL) while the index kept its own. Those line numbers will be used again
// by other lines, so the index starts over from the main file.
bool index_is_ahead(SQLite::Database& db) { return single_integer(db, read_mark_sql) > single_integer(db, newest_line_sql); }

void rebuild_if_ahead(SQLite::Database& db) {
  // Looked at first without a lock: every start, a process beside a running server included, would
  // otherwise hold both files' write locks for nothing.
  if (!index_is_ahead(db)) return;
  SQLite::Transaction rebuild(db, SQLite::TransactionBehavior::IMMEDIATE);
  const std::int64_t mark = single_integer(db, read_mark_sql);
  const std::int64_t newest = single_integer(db, newest_line_sql);
  if (mark <= newest) return;  // another process rebuilt it meanwhile
  std::cerr << "intake: the transcript index is ahead of the database (" << mark << " > " << newest << "); rebuilding it\n";
  db.exec("DELETE FROM idx.owners");
  db.exec("DELETE FROM idx.transcript_by_owner");
  db.exec("INSERT INTO idx.transcript_search (transcript_search) VALUES ('delete-all')");
  db.exec("UPDATE idx.transcript_index_state SET indexed_through = 0");
  rebuild.commit();
}

}  // namespace

std::string transcript_index::path_for(const std::string& main_path) { return index_file_for(main_path); }

void transcript_index::attach(SQLite::Database& db, const std::string& main_path) {
  SQLite::Statement attach(db, "ATTACH DATABASE ? AS idx");
  attach.bind(1, names_memory_database(main_path) ? std::string(":memory:") : path_for(main_path));
  attach.exec();
  db.exec("PRAGMA idx.synchronous = NORMAL");
  db.exec("PRAGMA idx.journal_size_limit = 67108864");
}

void transcript_index::prepare(SQLite::Database& db) {
  db.exec("PRAGMA idx.journal_mode = WAL");
  create_index_tables(db);
  if (main_file_has_indexes(db)) drop_indexes_from_main_file(db);
  rebuild_if_ahead(db);
}

transcript_index::transcript_index(std::unique_ptr<SQLite::Database> own)
    : own_(std::move(own)), db_(*own_), lock_(own_lock_), statements_(db_), indexed_through_(single_integer(db_, read_mark_sql)) {
  thread_ = std::thread([this] { run(); });
}

transcript_index::transcript_index(SQLite::Database& writer, std::mutex& writer_lock)
    : db_(writer), lock_(writer_lock), statements_(db_), indexed_through_(single_integer(db_, read_mark_sql)) {}

transcript_index::~transcript_index() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard lock(wake_mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void transcript_index::lines_kept(std::int64_t newest_line_id) {
  raise_to(newest_line_id_, newest_line_id);
  if (newest_line_id_.load() - indexed_through_.load() < batch_lines) return;
  if (!thread_.joinable()) {
    std::lock_guard lock(lock_);
    index_backlog();
    return;
  }
  // Taken so that the thread cannot miss this between checking and waiting.
  { std::lock_guard lock(wake_mutex_); }
  wake_.notify_one();
}

bool transcript_index::catch_up_within(std::int64_t most_lines) {
  // Looked at first without the lock: during a rebuild the thread holds it a transaction at a time,
  // and a search that is not going to index must not wait for one.
  if (newest_line_id_.load() - indexed_through_.load() > most_lines) return false;
  std::lock_guard lock(lock_);
  for (;;) {
    switch (index_pass(most_lines)) {
      case pass_result::done:
        return true;
      case pass_result::more_left:
        continue;
      case pass_result::too_many:
      case pass_result::failed:
        return false;
    }
  }
}

index_progress transcript_index::progress() const {
  const std::int64_t indexed = indexed_through_.load();
  return {indexed, std::max(indexed, newest_line_id_.load())};
}

void transcript_index::build_due_batch() {
  std::lock_guard lock(lock_);
  if (newest_line_id_.load() - indexed_through_.load() >= batch_lines) index_backlog();
}

void transcript_index::run() {
  // Linux gives each thread a nice value of its own.
  setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), background_nice);
  for (;;) {
    {
      std::unique_lock wake(wake_mutex_);
      // At open too: the store announces the lines it holds, and an index file that was lost (or is
      // far behind) is rebuilt from there without waiting for new lines.
      wake_.wait(wake, [this] { return stopping_.load() || newest_line_id_.load() - indexed_through_.load() >= batch_lines; });
      if (stopping_) return;
    }
    if (!catch_up_in_background()) {
      std::unique_lock wake(wake_mutex_);
      wake_.wait_for(wake, retry_after_failure, [this] { return stopping_.load(); });
    }
  }
}

bool transcript_index::catch_up_in_background() {
  bool first = true;
  bool logging = false;
  while (!stopping_.load()) {
    pass_result result = pass_result::done;
    {
      std::lock_guard lock(lock_);
      const index_progress before = progress();
      // Checked again under the lock: build_due_batch or a search may have caught up meanwhile, and
      // the lines since then are a tail that waits for a batch of its own.
      if (first && before.total_lines - before.indexed_lines < batch_lines) return true;
      if (!logging && before.total_lines - before.indexed_lines >= logged_backlog_lines) {
        logging = true;
        rebuild_log_.started(before.indexed_lines, before.total_lines);
      }
      result = index_pass(std::numeric_limits<std::int64_t>::max());
    }
    first = false;
    if (result == pass_result::failed) return false;
    const index_progress now = progress();
    if (result == pass_result::done) {
      if (logging) rebuild_log_.finished(now.total_lines);
      return true;
    }
    if (logging && !now.complete()) rebuild_log_.advanced(now.indexed_lines, now.total_lines);
  }
  return true;
}

void transcript_index::index_backlog() {
  while (index_pass(std::numeric_limits<std::int64_t>::max()) == pass_result::more_left) {
  }
}

transcript_index::pass_result transcript_index::index_pass(std::int64_t most_lines) {
  const std::int64_t announced = newest_line_id_.load();
  try {
    SQLite::Transaction transaction(db_);
    statements_.get(take_write_lock_sql).exec();
    // Read under the write lock: another process may have indexed meanwhile.
    const std::int64_t from = single_integer(statements_, read_mark_sql);
    const std::int64_t newest = single_integer(statements_, newest_line_sql);
    if (newest - from > most_lines) return pass_result::too_many;  // rolled back: nothing was written
    const std::int64_t through = std::min(newest, from + max_transaction_lines);
    if (through > from) {
      for (const char* sql : {number_new_owners_sql, index_owner_lines_sql, index_line_terms_sql}) {
        auto& index = statements_.get(sql);
        index.bind(1, from);
        index.bind(2, through);
        index.exec();
      }
      auto& save = statements_.get(save_mark_sql);
      save.bind(1, through);
      save.exec();
    }
    transaction.commit();
    failures_.succeeded();
    indexed_through_.store(std::max(from, through));
    if (through < newest) {
      // Lines another process kept count too, for the progress shown.
      raise_to(newest_line_id_, newest);
      return pass_result::more_left;
    }
    // Lines of a group that was rolled back were announced; they are not there. Corrected only if
    // nothing newer was announced meanwhile.
    std::int64_t expected = announced;
    if (announced > newest) newest_line_id_.compare_exchange_strong(expected, newest);
    else raise_to(newest_line_id_, newest);
    return pass_result::done;
  } catch (const SQLite::Exception& error) {
    // The turns are kept; only their indexes wait. Transcript readers scan the unindexed tail
    // meanwhile (a search misses it until storage is back), and the next batch tries again.
    failures_.failed(error.what());
    return pass_result::failed;
  }
}

}  // namespace intake::storage
