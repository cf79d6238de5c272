// Turns with transcript lines, databases as older builds left them, and the index file beside them:
// for the storage tests of the transcript and its index (transcript_index.h).
#pragma once
#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include "storage/embedded_migrations.h"
#include "storage/sqlite_store.h"
#include "storage/transcript_index.h"

namespace intake::testing {

// Turn `n` of `user`: what they said (its own search terms) and the bot's answer (none).
inline storage::turn_record turn_of(const std::string& user, int n, std::int64_t at) {
  storage::turn_record turn;
  turn.user_id = user;
  turn.channel = "websocket";
  turn.state_json = "{}";
  turn.now_ms = at;
  const std::string said = user + " 说 " + std::to_string(n);
  turn.lines = {{user, "in", "websocket", said, at, "", said}, {user, "out", "websocket", "答 " + std::to_string(n), at, "", ""}};
  return turn;
}

// A database as a build of schema `version` left it: its migrations applied, nothing after.
inline std::unique_ptr<SQLite::Database> database_at_schema(const std::string& path, int version) {
  auto raw = std::make_unique<SQLite::Database>(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  for (const auto& migration : storage::embedded_migrations)
    if (migration.version <= version) raw->exec(std::string(migration.sql));
  raw->exec("PRAGMA user_version = " + std::to_string(version));
  return raw;
}

// The database file with its index file attached, as the store's readers see them.
inline std::unique_ptr<SQLite::Database> with_index(const std::string& path) {
  auto raw = std::make_unique<SQLite::Database>(path, SQLite::OPEN_READWRITE);
  storage::transcript_index::attach(*raw, path);
  return raw;
}

inline std::int64_t indexed_through(const std::string& path) {
  return with_index(path)->execAndGet("SELECT indexed_through FROM idx.transcript_index_state").getInt64();
}

// The transcript of `user`'s turns 0 … turns - 1 (turn_of), whole and in order.
inline void expect_whole_transcript(storage::sqlite_store& store, const std::string& user, int turns) {
  const auto lines = store.transcript_of(user);
  REQUIRE(lines.size() == static_cast<std::size_t>(2 * turns));
  for (int n = 0; n < turns; ++n) {
    CHECK(lines[2 * n].text == user + " 说 " + std::to_string(n));
    CHECK(lines[2 * n + 1].text == "答 " + std::to_string(n));
  }
}

}  // namespace intake::testing
