// Applies the embedded numbered migrations (storage/migrations/NNN_*.sql) that a database lacks,
// each in its own transaction, recording the version in PRAGMA user_version.
// Not thread-safe (run it before sharing the connection). Throws storage_error, including for a
// database newer than this binary.
#pragma once
#include <SQLiteCpp/Database.h>

namespace intake::storage {

class migrator {
 public:
  static int latest_version();
  static void migrate(SQLite::Database& db);
};

}  // namespace intake::storage
