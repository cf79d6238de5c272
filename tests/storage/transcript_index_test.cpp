// The transcript's indexes in a file of their own (storage/transcript_index.h): turns are kept while
// the index file is locked, older databases bring their indexes along, an index that is ahead of
// its database is rebuilt, and one that is lost or far behind is rebuilt by its thread while
// searches answer from the indexed part.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <thread>

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
  CHECK(store.search_transcript("\"甲 说 1499\"", 5).lines.size() == 1);
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
    CHECK(store.search_transcript("\"贷款\"", 5).lines.size() == 1);
    CHECK(store.search_transcript("\"缓缴\"", 5).lines.size() == 1);
    CHECK(store.search_transcript("\"减免\"", 5).lines.size() == 1);
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
  CHECK(again.search_transcript("\"贷款\"", 5).lines.size() == 1);
  CHECK(texts(again.transcript_of("ws:老")) == std::vector<std::string>{"贷款延期", "租金减免"});
}

TEST_CASE("An index that holds lines its database lost is rebuilt from the database", "[storage][transcript-index]") {
  temp_db file("index-ahead");
  {
    sqlite_store store(file.path.string());
    for (int n = 0; n < 1000; ++n) store.commit_turn(turn_of("ws:甲", n, 1000 + n));
    store.build_due_index_batch();
    store.search_transcript("\"甲\"", 1);  // indexes the rest
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
  CHECK(store.search_transcript("\"甲 说 700\"", 5).lines.empty());
  CHECK(store.search_transcript("\"甲 说 499\"", 5).lines.size() == 1);
  CHECK(store.search_transcript("\"乙 说 599\"", 5).lines.size() == 1);
  expect_whole_transcript(store, "ws:甲", 500);
  expect_whole_transcript(store, "ws:乙", 600);
  CHECK(store.integrity_check() == "ok");
}

namespace {

// Keeps turns first … first + count - 1 of `user` (turn_of), a few hundred a transaction.
void keep_turns(sqlite_store& store, const std::string& user, int first, int count) {
  for (int start = first; start < first + count; start += 500) {
    std::vector<turn_record> turns;
    for (int n = start; n < std::min(start + 500, first + count); ++n) turns.push_back(turn_of(user, n, 1000 + n));
    std::vector<const turn_record*> group;
    for (const auto& turn : turns) group.push_back(&turn);
    for (const auto outcome : store.commit_turns(group)) REQUIRE(outcome == commit_outcome::kept);
  }
  store.catch_up_indexes();
}

// Every line of the store in its index, built here.
void index_everything(sqlite_store& store) {
  store.build_due_index_batch();
  store.search_transcript("\"甲\"", 1);  // the tail shorter than a batch
}

void remove_index_files(const std::string& index_file) {
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(index_file + suffix);
}

// Waits (bounded) until the store's index thread has indexed every line, by itself.
bool caught_up_within(sqlite_store& store, std::chrono::seconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!store.search_index_progress().complete()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

}  // namespace

TEST_CASE("A search far behind the index answers at once from the indexed part and says how far it reaches", "[storage][transcript-index]") {
  temp_db file("index-behind");
  temp_db old_copy("index-behind-old");
  const std::string path = file.path.string(), index_file = transcript_index::path_for(path);
  {
    sqlite_store store(path);
    keep_turns(store, "ws:甲", 0, 500);  // lines 1 … 1000
    index_everything(store);
  }
  REQUIRE(indexed_through(path) == 1000);
  std::filesystem::copy_file(index_file, old_copy.path);
  {
    sqlite_store store(path);
    keep_turns(store, "ws:乙", 0, 2500);  // lines 1001 … 6000
    index_everything(store);
  }
  // The index file as a backup from before the second session left it: 5,000 lines behind, more
  // than a search indexes itself. Its write lock is held, so that the index's thread cannot catch
  // up before the search has answered (and a search that waited for the thread would wait 5 s).
  remove_index_files(index_file);
  std::filesystem::copy_file(old_copy.path, index_file);
  SQLite::Database blocker(index_file, SQLite::OPEN_READWRITE);
  blocker.exec("BEGIN IMMEDIATE");
  blocker.exec("UPDATE transcript_index_state SET indexed_through = indexed_through");
  sqlite_store store(path);
  const auto started = std::chrono::steady_clock::now();
  const auto early = store.search_transcript("\"甲 说 499\"", 5);
  const auto missed = store.search_transcript("\"乙 说 2499\"", 5);
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(2));
  CHECK(early.lines.size() == 1);
  CHECK(missed.lines.empty());
  CHECK_FALSE(early.index.complete());
  CHECK(early.index.indexed_lines == 1000);
  CHECK(early.index.total_lines == 6000);
  CHECK(early.index.percent() == 16);
  CHECK(store.search_index_progress().indexed_lines == 1000);
  CHECK(store.search_index_progress().total_lines == 6000);

  blocker.exec("ROLLBACK");
  REQUIRE(caught_up_within(store, std::chrono::seconds(20)));
  const auto later = store.search_transcript("\"乙 说 2499\"", 5);
  CHECK(later.lines.size() == 1);
  CHECK(later.index.complete());
  CHECK(later.index.percent() == 100);
  CHECK(later.index.indexed_lines == 6000);
  CHECK(store.search_transcript("\"甲 说 499\"", 5).lines.size() == 1);
  CHECK(store.integrity_check() == "ok");
}

TEST_CASE("A lost index file is rebuilt from the moment the database is opened and the rebuild is logged", "[storage][transcript-index]") {
  temp_db file("index-lost");
  const std::string path = file.path.string();
  {
    sqlite_store store(path);
    keep_turns(store, "ws:甲", 0, 10000);  // 20,000 lines: a rebuild long enough to be logged
    index_everything(store);
  }
  remove_index_files(transcript_index::path_for(path));
  std::ostringstream log;
  std::streambuf* const stderr_buffer = std::cerr.rdbuf(log.rdbuf());
  {
    // No search and no new line: the thread starts on the backlog by itself.
    sqlite_store store(path);
    CHECK(caught_up_within(store, std::chrono::seconds(30)));
    CHECK(indexed_through(path) == 20000);
    CHECK(store.search_index_progress().total_lines == 20000);
  }  // the thread has stopped: its log can be read
  std::cerr.rdbuf(stderr_buffer);
  CHECK_THAT(log.str(), Catch::Contains("intake: rebuilding the transcript index: 0 of 20000 lines indexed (0 %)"));
  CHECK_THAT(log.str(), Catch::Contains("intake: the transcript index is rebuilt: 20000 lines, in "));
  sqlite_store again(path);
  const auto found = again.search_transcript("\"甲 说 9999\"", 5);
  CHECK(found.lines.size() == 1);
  CHECK(found.index.complete());
}
