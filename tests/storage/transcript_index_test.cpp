// The transcript's indexes in a file of their own (storage/transcript_index.h): turns are kept while
// the index file is locked, older databases bring their indexes along, and an index that is ahead of
// its database is rebuilt.
#include <catch2/catch.hpp>

#include <filesystem>

#include "storage/sqlite_store.h"
#include "storage/transcript_index.h"
#include "tests/support/temp_db.h"
#include "tests/support/transcript_fixtures.h"

using namespace intake::storage;
using namespace intake::testing;

namespace {

std::int64_t count(SQLite::Database& db, const std::string& sql) { return db.execAndGet(sql).getInt64(); }

std::vector<std::string> texts(const std::vector<transcript_line>& lines) {
  std::vector<std::string> out;
  for (const auto& line : lines) out.push_back(line.text);
  return out;
}

}  // namespace

TEST_CASE("Turns are kept and transcripts read whole while another connection holds the index file's write lock",
          "[storage][transcript-index]") {
  temp_db file("index-apart");
  sqlite_store store(file.path.string());
  const std::string index_file = transcript_index::path_for(file.path.string());
  REQUIRE(std::filesystem::exists(index_file));
  {
    // Before the index had a file of its own, a batch held the only write lock there is, and every
    // turn waited for it; a lock held for longer than the busy timeout (5 s) failed the turns.
    SQLite::Database blocker(index_file, SQLite::OPEN_READWRITE);
    blocker.exec("BEGIN IMMEDIATE");
    for (int n = 0; n < 1500; ++n) CHECK(store.commit_turn(turn_of("ws:甲", n, 1000 + n)) == commit_outcome::kept);
    expect_whole_transcript(store, "ws:甲", 1500);  // none of it indexed: read from the tail
    CHECK(indexed_through(file.path.string()) == 0);
    blocker.exec("ROLLBACK");
  }
  store.build_due_index_batch();
  CHECK(indexed_through(file.path.string()) >= 3000 - transcript_index::batch_lines);
  expect_whole_transcript(store, "ws:甲", 1500);
  CHECK(store.search_transcript("\"甲 说 1499\"", 5).size() == 1);
  CHECK(store.integrity_check() == "ok");
}

TEST_CASE("A database of schema 9 moves its owner and search indexes into the index file, lines indexed before their terms were kept included",
          "[storage][transcript-index]") {
  temp_db file("index-move");
  {
    auto database = database_at_schema(file.path.string(), 9);
    SQLite::Database& raw = *database;
    // Line 1 was kept before migration 008: no terms in its row, only in the full-text index.
    raw.exec("INSERT INTO transcript (user_id, direction, channel, text, at_ms) VALUES ('ws:老', 'in', 'websocket', '贷款延期', 1)");
    raw.exec("INSERT INTO transcript_search (rowid, terms) VALUES (1, '贷款 款延 延期')");
    raw.exec("INSERT INTO transcript (user_id, direction, channel, text, at_ms, search_terms) VALUES "
             "('ws:新', 'in', 'websocket', '社保缓缴', 2, '社保 保缓 缓缴'), ('ws:新', 'out', 'websocket', '好的', 2, NULL)");
    raw.exec("INSERT INTO transcript_search (rowid, terms) VALUES (2, '社保 保缓 缓缴')");
    raw.exec("INSERT INTO owners (user_id) VALUES ('ws:老'), ('ws:新')");
    raw.exec("INSERT INTO transcript_by_owner (owner, id) VALUES (1, 1), (2, 2), (2, 3)");
    raw.exec("UPDATE transcript_index_state SET indexed_through = 3");
    // Line 4 is in the tail, not indexed yet.
    raw.exec("INSERT INTO transcript (user_id, direction, channel, text, at_ms, search_terms) VALUES "
             "('ws:老', 'in', 'websocket', '租金减免', 3, '租金 金减 减免')");
  }
  {
    sqlite_store store(file.path.string());
    CHECK(store.search_transcript("\"贷款\"", 5).size() == 1);
    CHECK(store.search_transcript("\"缓缴\"", 5).size() == 1);
    CHECK(store.search_transcript("\"减免\"", 5).size() == 1);
    CHECK(texts(store.transcript_of("ws:老")) == std::vector<std::string>{"贷款延期", "租金减免"});
    CHECK(texts(store.transcript_of("ws:新")) == std::vector<std::string>{"社保缓缴", "好的"});
    CHECK(store.integrity_check() == "ok");
  }
  SQLite::Database raw(file.path.string(), SQLite::OPEN_READONLY);
  CHECK(count(raw, "SELECT count(*) FROM sqlite_master WHERE name IN ('owners', 'transcript_by_owner', 'transcript_search', "
                   "'transcript_index_state') OR name LIKE 'transcript_search_%'") == 0);
  auto index = with_index(file.path.string());
  CHECK(count(*index, "SELECT count(*) FROM idx.owners") == 2);
  CHECK(count(*index, "SELECT indexed_through FROM idx.transcript_index_state") == 4);  // the search caught up
  // As if the last start had been stopped between the copy and the drop: the old tables are still
  // in the main file. Opened again, they are dropped and nothing is copied twice.
  {
    SQLite::Database writable(file.path.string(), SQLite::OPEN_READWRITE);
    writable.exec("CREATE TABLE owners (id INTEGER PRIMARY KEY, user_id TEXT NOT NULL UNIQUE)");
    writable.exec("INSERT INTO owners (user_id) VALUES ('ws:老'), ('ws:新'), ('ws:多')");
    writable.exec("CREATE TABLE transcript_index_state (only INTEGER PRIMARY KEY, indexed_through INTEGER NOT NULL)");
    writable.exec("INSERT INTO transcript_index_state VALUES (1, 3)");
  }
  sqlite_store again(file.path.string());
  CHECK(count(raw, "SELECT count(*) FROM sqlite_master WHERE name IN ('owners', 'transcript_index_state')") == 0);
  CHECK(count(*index, "SELECT count(*) FROM idx.owners") == 2);
  CHECK(again.search_transcript("\"贷款\"", 5).size() == 1);
  CHECK(texts(again.transcript_of("ws:老")) == std::vector<std::string>{"贷款延期", "租金减免"});
}

TEST_CASE("An index that holds lines its database lost is rebuilt from the database", "[storage][transcript-index]") {
  temp_db file("index-ahead");
  {
    sqlite_store store(file.path.string());
    for (int n = 0; n < 1000; ++n) store.commit_turn(turn_of("ws:甲", n, 1000 + n));
    store.search_transcript("\"甲\"", 1);  // indexes everything
  }
  {
    // As after a power cut under synchronous=NORMAL: the database lost its last transactions, the
    // index file kept its own.
    SQLite::Database raw(file.path.string(), SQLite::OPEN_READWRITE);
    raw.exec("DELETE FROM transcript WHERE id > 1000");
  }
  REQUIRE(indexed_through(file.path.string()) == 2000);
  sqlite_store store(file.path.string());
  CHECK(indexed_through(file.path.string()) == 0);
  expect_whole_transcript(store, "ws:甲", 500);
  // The lost lines' numbers go to new lines, which the old index entries must not find.
  for (int n = 0; n < 600; ++n) store.commit_turn(turn_of("ws:乙", n, 5000 + n));
  store.build_due_index_batch();
  CHECK(indexed_through(file.path.string()) >= 1024);
  CHECK(store.search_transcript("\"甲 说 700\"", 5).empty());
  CHECK(store.search_transcript("\"甲 说 499\"", 5).size() == 1);
  CHECK(store.search_transcript("\"乙 说 599\"", 5).size() == 1);
  expect_whole_transcript(store, "ws:甲", 500);
  expect_whole_transcript(store, "ws:乙", 600);
  CHECK(store.integrity_check() == "ok");
}
