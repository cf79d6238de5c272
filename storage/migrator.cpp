#include "storage/migrator.h"

#include <SQLiteCpp/Transaction.h>

#include "storage/conversation_store.h"
#include "storage/embedded_migrations.h"

namespace intake::storage {

int migrator::latest_version() {
  int latest = 0;
  for (const auto& migration : embedded_migrations) latest = std::max(latest, migration.version);
  return latest;
}

void migrator::migrate(SQLite::Database& db) {
  try {
    const int current = db.execAndGet("PRAGMA user_version").getInt();
    if (current > latest_version())
      throw storage_error("database schema version " + std::to_string(current) + " is newer than this program (" +
                          std::to_string(latest_version()) + ")");
    for (const auto& migration : embedded_migrations) {
      if (migration.version <= current) continue;
      SQLite::Transaction transaction(db);
      db.exec(std::string(migration.sql));
      db.exec("PRAGMA user_version = " + std::to_string(migration.version));
      transaction.commit();
    }
  } catch (const SQLite::Exception& error) {
    throw storage_error(std::string("migration failed: ") + error.what());
  }
}

}  // namespace intake::storage
