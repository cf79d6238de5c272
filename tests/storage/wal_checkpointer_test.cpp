#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <mutex>
#include <thread>

#include <sqlite3.h>

#include "storage/wal_checkpointer.h"
#include "tests/support/temp_db.h"

using namespace intake::storage;
namespace fs = std::filesystem;

namespace {

std::unique_ptr<SQLite::Database> open_wal(const fs::path& path) {
  // With a busy timeout, as the store's connections have: beginning a transaction while the other
  // connection's checkpoint changes the WAL index can be refused for a moment (1 run in 40 without).
  auto db = std::make_unique<SQLite::Database>(path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE, 5000);
  db->exec("PRAGMA journal_mode = WAL");
  db->exec("PRAGMA synchronous = NORMAL");
  return db;
}

}  // namespace

TEST_CASE("The WAL is copied back by the checkpointer's own thread and stays bounded", "[storage][checkpoint]") {
  intake::testing::temp_db db("checkpoint");
  auto writer = open_wal(db.path);
  writer->exec("CREATE TABLE pages (id INTEGER PRIMARY KEY, body BLOB)");
  const fs::path wal = db.path.string() + "-wal";
  constexpr int threshold = 20;
  {
    wal_checkpointer checkpointer(*writer, open_wal(db.path), threshold);
    SQLite::Statement insert(*writer, "INSERT INTO pages (body) VALUES (zeroblob(3000))");
    for (int i = 0; i < 2000; ++i) {
      insert.exec();
      insert.reset();
    }
    // The checkpoints run on the other thread; give it a moment to finish the last one.
    for (int wait = 0; wait < 200 && checkpointer.checkpoints() == 0; ++wait) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    CHECK(checkpointer.checkpoints() > 0);
    // 2,000 commits of a page or two each: without checkpoints the WAL would hold at least 2,000
    // frames. It started over instead, and it never gets far past the hard limit (16 × threshold),
    // where the writer copies it back itself, waiting for the thread's checkpoint if one runs:
    // refused and carrying on instead, it reached 1,066 and 6,075 frames with the machine loaded.
    int frames = -1, copied = -1;
    int result = SQLITE_BUSY;
    for (int attempt = 0; attempt < 200 && result == SQLITE_BUSY; ++attempt) {  // busy while the thread checkpoints
      result = sqlite3_wal_checkpoint_v2(writer->getHandle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, &frames, &copied);
      if (result == SQLITE_BUSY) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    REQUIRE(result == SQLITE_OK);
    CHECK(frames >= 0);
    CHECK(frames < threshold * wal_checkpointer::writer_copy_factor * 2);
    // Nor did it at any time before: the file keeps the largest size it reached (no size limit here).
    const auto largest_frames = (fs::file_size(wal) - 32) / (24 + 4096);
    CHECK(largest_frames < threshold * wal_checkpointer::writer_copy_factor * 2);
  }
  CHECK(writer->execAndGet("SELECT count(*) FROM pages").getInt() == 2000);
  CHECK(writer->execAndGet("PRAGMA integrity_check").getString() == "ok");
}

TEST_CASE("Under unbroken writes the WAL starts over by a short pass with the writer held back, not by the writer",
          "[storage][checkpoint]") {
  intake::testing::temp_db db("checkpoint-restart");
  auto writer = open_wal(db.path);
  writer->exec("CREATE TABLE pages (id INTEGER PRIMARY KEY, body BLOB)");
  constexpr int threshold = 40;
  constexpr int rows = 3000;
  std::mutex writer_lock;  // held for each transaction, as the store holds its writer's
  std::uint64_t paused = 0, copied_by_writer = 0;
  const fs::path wal = db.path.string() + "-wal";
  std::uintmax_t frames_at_first_pause = 0;  // the WAL file's size, in frames, once the writer was first held back
  {
    wal_checkpointer checkpointer(*writer, open_wal(db.path), threshold, &writer_lock);
    SQLite::Statement insert(*writer, "INSERT INTO pages (body) VALUES (zeroblob(3000))");
    for (int i = 0; i < rows; ++i) {
      {
        std::lock_guard lock(writer_lock);
        insert.exec();
        insert.reset();
      }
      if (frames_at_first_pause == 0 && checkpointer.writer_paused() > 0) frames_at_first_pause = (fs::file_size(wal) - 32) / (24 + 4096);
      // Commits a little apart, as turns arrive: the thread's passes run between them.
      if (i % 10 == 0) std::this_thread::sleep_for(std::chrono::microseconds(500));
    }
    for (int wait = 0; wait < 200 && checkpointer.writer_paused() == 0; ++wait) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    paused = checkpointer.writer_paused();
    copied_by_writer = checkpointer.writer_copied();
  }
  INFO("writer held back " << paused << " time(s); writer copied the WAL itself " << copied_by_writer << " time(s)");
  // 3,000 commits of a frame or two: without a restart the WAL would pass sixteen times the
  // threshold (640 frames) several times, and the writer would copy it each time.
  CHECK(paused > 0);
  CHECK(copied_by_writer < paused);
  // Each held pass delays every turn waiting to be committed, so the WAL grows long before one runs
  // (the file never shrinks here: no size limit).
  CHECK(frames_at_first_pause >= threshold * wal_checkpointer::restart_factor);
  const auto largest_frames = (fs::file_size(wal) - 32) / (24 + 4096);
  CHECK(largest_frames < threshold * wal_checkpointer::writer_copy_factor * 2);
  CHECK(writer->execAndGet("SELECT count(*) FROM pages").getInt() == rows);
  CHECK(writer->execAndGet("PRAGMA integrity_check").getString() == "ok");
}
