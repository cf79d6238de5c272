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
    if (current == latest_version()) return;
    // A migration that rebuilds a table others refer to (012: reports) drops the old one first, which
    // with foreign keys enforced would delete through the references. SQLite's procedure for such
    // changes: enforcement off outside the transaction, the references checked before each commit.
    const bool enforced = db.execAndGet("PRAGMA foreign_keys").getInt() != 0;
    db.exec("PRAGMA foreign_keys = OFF");
    struct restore_enforcement {
      SQLite::Database& db;
      bool enforced;
      ~restore_enforcement() {
        if (enforced) db.tryExec("PRAGMA foreign_keys = ON");
      }
    } restore{db, enforced};
    for (const auto& migration : embedded_migrations) {
      if (migration.version <= current) continue;
      SQLite::Transaction transaction(db);
      db.exec(std::string(migration.sql));
      SQLite::Statement broken(db, "PRAGMA foreign_key_check");
      if (broken.executeStep())
        throw storage_error("migration " + std::string(migration.name) + " leaves a row of " + broken.getColumn(0).getString() +
                            " referring to nothing");
      broken.reset();
      db.exec("PRAGMA user_version = " + std::to_string(migration.version));
      transaction.commit();
    }
  } catch (const SQLite::Exception& error) {
    throw storage_error(std::string("migration failed: ") + error.what());
  }
}

}  // namespace intake::storage
