// Copies the WAL back into the database file on a thread and connection of its own. SQLite's
// automatic checkpoint runs inside the commit that crosses the threshold, fsyncs the WAL and the
// database there, and so stalled every turn waiting on the writer for as long as the disk took
// (the benchmark's p99). Here the writer only signals; the checkpoint is PASSIVE, so it never
// blocks the writer or the readers, and what it cannot copy yet is copied the next time.
// Thread-safety: wal_grew() may be called from any thread (it is the writer's WAL hook).
#pragma once
#include <SQLiteCpp/Database.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

namespace intake::storage {

class wal_checkpointer {
 public:
  // Installs itself as `writer`'s WAL hook; checkpoints through `own` (a connection to the same file).
  wal_checkpointer(SQLite::Database& writer, std::unique_ptr<SQLite::Database> own, int threshold_pages = 1000);
  ~wal_checkpointer();
  wal_checkpointer(const wal_checkpointer&) = delete;
  wal_checkpointer& operator=(const wal_checkpointer&) = delete;

  // Checkpoints run so far (for tests).
  std::uint64_t checkpoints();

 private:
  static int on_commit(void* self, sqlite3* db, const char* schema, int wal_pages);
  void run();
  // Returns once the thread is not checkpointing, or after `limit`.
  void wait_while_checkpointing(std::chrono::milliseconds limit);

  SQLite::Database& writer_;
  std::unique_ptr<SQLite::Database> own_;
  const int threshold_pages_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable finished_;  // a checkpoint of the thread ended
  bool wanted_ = false;
  bool checkpointing_ = false;
  bool stopping_ = false;
  std::uint64_t checkpoints_ = 0;
  std::thread thread_;
};

}  // namespace intake::storage
