#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include "storage/fault_injection_vfs.h"
#include "storage/wal_batching_vfs.h"
#include "tests/support/temp_db.h"

using namespace intake::storage;
namespace fs = std::filesystem;

namespace {

SQLite::Database open_batched(const fs::path& path, const std::string& base = "") {
  SQLite::Database db(path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE, 0, wal_batching_vfs::register_over(base));
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA synchronous = NORMAL");
  db.exec("PRAGMA wal_autocheckpoint = 0");  // keep every frame in the WAL, where this test reads it
  return db;
}

void insert_rows(SQLite::Database& db, int rows, int bytes) {
  SQLite::Transaction transaction(db);
  SQLite::Statement insert(db, "INSERT INTO rows (body) VALUES (randomblob(?))");
  for (int i = 0; i < rows; ++i) {
    insert.bind(1, bytes);
    insert.exec();
    insert.reset();
  }
  transaction.commit();
}

}  // namespace

TEST_CASE("A transaction's WAL frames reach the file in one write, and every reader sees them", "[storage][wal-batching]") {
  intake::testing::temp_db file("batching");
  auto writer = open_batched(file.path);
  auto reader = open_batched(file.path);
  writer.exec("CREATE TABLE rows (id INTEGER PRIMARY KEY, body BLOB)");
  const auto before = wal_batching_vfs::wal_write_counts();
  insert_rows(writer, 40, 3000);  // about 40 pages: 80 writes as SQLite asks for them
  const auto after = wal_batching_vfs::wal_write_counts();
  CHECK(after.requested - before.requested >= 80);
  CHECK(after.written - before.written <= 2);
  // Another connection reads the frames from the file itself, never from the writer's memory.
  CHECK(reader.execAndGet("SELECT count(*) FROM rows").getInt() == 40);
  // So does a connection through SQLite's own VFS, as another process would.
  SQLite::Database plain(file.path.string(), SQLite::OPEN_READONLY);
  CHECK(plain.execAndGet("SELECT count(*) FROM rows").getInt() == 40);
  CHECK(plain.execAndGet("PRAGMA integrity_check").getString() == "ok");
}

TEST_CASE("Transactions larger than one write, and pages read back before the commit, come out whole", "[storage][wal-batching]") {
  intake::testing::temp_db file("batching-large");
  auto writer = open_batched(file.path);
  writer.exec("PRAGMA cache_size = 10");  // a small cache spills pages to the WAL mid-transaction and reads them back
  writer.exec("CREATE TABLE rows (id INTEGER PRIMARY KEY, body BLOB)");
  insert_rows(writer, 400, 3500);  // ~1.6 MB: many writes of at most 124 KiB
  writer.exec("UPDATE rows SET body = randomblob(3000) WHERE id % 3 = 0");
  CHECK(writer.execAndGet("SELECT count(*) FROM rows WHERE length(body) = 3500").getInt() == 267);
  SQLite::Database plain(file.path.string(), SQLite::OPEN_READONLY);
  CHECK(plain.execAndGet("SELECT count(*) FROM rows").getInt() == 400);
  CHECK(plain.execAndGet("PRAGMA integrity_check").getString() == "ok");
  writer.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  CHECK(plain.execAndGet("PRAGMA integrity_check").getString() == "ok");
}

TEST_CASE("When the gathered write fails the commit fails, nothing is published, and later commits succeed", "[storage][wal-batching][faults]") {
  intake::testing::temp_db file("batching-fault");
  const fs::path fault_file = file.path.string() + ".fault";
  fs::remove(fault_file);
  auto writer = open_batched(file.path, fault_injection_vfs::register_for(fault_file.string()));
  writer.exec("CREATE TABLE rows (id INTEGER PRIMARY KEY, body BLOB)");
  insert_rows(writer, 5, 100);
  { std::ofstream(fault_file) << "full"; }
  CHECK_THROWS(insert_rows(writer, 30, 3000));
  fs::remove(fault_file);
  SQLite::Database plain(file.path.string(), SQLite::OPEN_READONLY);
  CHECK(plain.execAndGet("SELECT count(*) FROM rows").getInt() == 5);
  insert_rows(writer, 30, 3000);
  CHECK(plain.execAndGet("SELECT count(*) FROM rows").getInt() == 35);
  CHECK(plain.execAndGet("PRAGMA integrity_check").getString() == "ok");
}
