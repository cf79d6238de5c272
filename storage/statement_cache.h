// Prepared statements of one connection, kept for its lifetime: preparing a statement costs more than
// running a point query, and a turn runs a dozen. Keyed by the SQL text's address, so callers pass
// string constants. Not thread-safe: it belongs to one connection, used under that connection's lock.
#pragma once
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <cstdint>
#include <memory>
#include <unordered_map>

namespace intake::storage {

class statement_cache {
 public:
  explicit statement_cache(SQLite::Database& db) : db_(db) {}

  // The statement reset and with its bindings cleared, ready to bind.
  SQLite::Statement& get(const char* sql) {
    auto& slot = statements_[sql];
    if (!slot) {
      slot = std::make_unique<SQLite::Statement>(db_, sql);
    } else {
      // tryReset: sqlite3_reset repeats the previous run's error, which is not this use's concern.
      slot->tryReset();
      slot->clearBindings();
    }
    return *slot;
  }

 private:
  SQLite::Database& db_;
  std::unordered_map<const char*, std::unique_ptr<SQLite::Statement>> statements_;
};

// Resets a statement when the scope ends: a statement left mid-result keeps its read transaction
// open, which would pin an old snapshot and block WAL checkpoints.
class statement_reset {
 public:
  explicit statement_reset(SQLite::Statement& statement) : statement_(statement) {}
  ~statement_reset() { statement_.tryReset(); }
  statement_reset(const statement_reset&) = delete;
  statement_reset& operator=(const statement_reset&) = delete;

 private:
  SQLite::Statement& statement_;
};

// The one integer a query of one row and column gives, 0 when it gives no row.
inline std::int64_t single_integer(statement_cache& statements, const char* sql) {
  auto& query = statements.get(sql);
  statement_reset reset(query);
  return query.executeStep() ? query.getColumn(0).getInt64() : 0;
}

}  // namespace intake::storage
