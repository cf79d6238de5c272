#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <sqlite3.h>

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
  // Each frame is a header and a page, asked for apart; the pages are counted (for /metrics).
  CHECK(after.pages - before.pages == (after.requested - before.requested) / 2);
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

namespace {

// What a copy of the database file alone holds: a checkpoint that copied every frame leaves all of
// it there, and nothing of it is read from the WAL.
std::string rows_in_file_alone(const fs::path& db, const std::string& tag) {
  const fs::path copy = db.string() + "." + tag + ".copy";
  fs::remove(copy);
  fs::copy_file(db, copy);
  SQLite::Database alone(copy.string(), SQLite::OPEN_READONLY);
  std::string rows = alone.execAndGet("PRAGMA integrity_check").getString() + " " +
                     alone.execAndGet("SELECT count(*) || ':' || coalesce(group_concat(hex(substr(body, 1, 8)), ','), '') FROM rows").getString();
  return rows;
}

std::string rows_now(SQLite::Database& db) {
  return db.execAndGet("PRAGMA integrity_check").getString() + " " +
         db.execAndGet("SELECT count(*) || ':' || coalesce(group_concat(hex(substr(body, 1, 8)), ','), '') FROM rows").getString();
}

int checkpoint_in_scope(SQLite::Database& db, int& log_frames, int& copied_frames) {
  wal_batching_vfs::checkpoint_scope batched_io;
  return sqlite3_wal_checkpoint_v2(db.getHandle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, &log_frames, &copied_frames);
}

}  // namespace

TEST_CASE("A checkpoint writes runs of consecutive pages with one call, and the database comes out whole",
          "[storage][wal-batching][checkpoint]") {
  intake::testing::temp_db file("batching-checkpoint");
  auto writer = open_batched(file.path);
  writer.exec("CREATE TABLE rows (id INTEGER PRIMARY KEY, body BLOB)");
  for (int i = 0; i < 10; ++i) insert_rows(writer, 60, 3000);  // ~600 pages appended, in 10 commits
  writer.exec("UPDATE rows SET body = randomblob(2500) WHERE id % 7 = 0");  // and pages rewritten here and there
  const std::string expected = rows_now(writer);

  auto checkpointer = open_batched(file.path);
  const auto before = wal_batching_vfs::checkpoint_io_counts();
  int log_frames = 0, copied_frames = 0;
  REQUIRE(checkpoint_in_scope(checkpointer, log_frames, copied_frames) == SQLITE_OK);
  const auto after = wal_batching_vfs::checkpoint_io_counts();
  CHECK(log_frames > 600);
  CHECK(copied_frames == log_frames);
  const auto writes = after.requested_writes - before.requested_writes, base_writes = after.base_writes - before.base_writes;
  CHECK(writes >= 600);
  CHECK(base_writes * 10 <= writes);  // consecutive pages written together
  CHECK(rows_in_file_alone(file.path, "complete") == expected);

  // Outside a scope, SQLite's own checkpoints pass through, as before.
  insert_rows(writer, 20, 3000);
  const auto outside = wal_batching_vfs::checkpoint_io_counts();
  writer.exec("PRAGMA wal_checkpoint(PASSIVE)");
  CHECK(wal_batching_vfs::checkpoint_io_counts().requested_writes == outside.requested_writes);
  CHECK(rows_in_file_alone(file.path, "unscoped") == rows_now(writer));
}

TEST_CASE("A checkpoint whose held-back write fails records nothing as copied, and the next one copies it all",
          "[storage][wal-batching][checkpoint][faults]") {
  intake::testing::temp_db file("batching-checkpoint-fault");
  const fs::path fault_file = file.path.string() + ".fault";
  fs::remove(fault_file);
  const std::string vfs = fault_injection_vfs::register_for(fault_file.string());
  auto writer = open_batched(file.path, vfs);
  writer.exec("CREATE TABLE rows (id INTEGER PRIMARY KEY, body BLOB)");
  writer.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  // A few new pages in a row: the checkpoint holds them back as one run, until its "checkpoint done".
  insert_rows(writer, 6, 3000);
  const std::string expected = rows_now(writer);
  auto checkpointer = open_batched(file.path, vfs);
  int log_frames = 0, copied_frames = 0;
  { std::ofstream(fault_file) << "writes"; }  // writes fail, syncs succeed: only the held-back write reports it
  CHECK(checkpoint_in_scope(checkpointer, log_frames, copied_frames) != SQLITE_OK);
  // Had the failed checkpoint recorded its frames as copied, a new reader would take those pages
  // from the database file, where they never arrived.
  {
    SQLite::Database plain(file.path.string(), SQLite::OPEN_READONLY);
    CHECK(rows_now(plain) == expected);
  }
  fs::remove(fault_file);
  REQUIRE(checkpoint_in_scope(checkpointer, log_frames, copied_frames) == SQLITE_OK);
  CHECK(copied_frames == log_frames);
  CHECK(rows_in_file_alone(file.path, "recovered") == expected);
}
