// Copies the WAL back into the database file on a thread and connection of its own. SQLite's
// automatic checkpoint runs inside the commit that crosses the threshold, fsyncs the WAL and the
// database there, and so stalled every turn waiting on the writer for as long as the disk took
// (the benchmark's p99). Here the writer only signals, at the threshold and then every half
// threshold; the checkpoint is PASSIVE, so it never blocks the readers, and it blocks the writer
// only for a short last pass once the WAL is twice the threshold, so that it can start over.
// Thread-safety: on_commit runs on the writer's thread (it is the writer's WAL hook); the counters may
// be read from any thread.
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
  // 4,000 rather than SQLite's 1,000: the pass that lets the WAL start over holds the writer back
  // for 2–4 ms (two fsyncs on the development machine), and at 1,000 it ran 8 times a second under
  // load, which showed in every turn's p99 (bench/RESULTS.md). Costs a WAL of up to 32,000 pages
  // (128 MB at 4 KB) when the writer must copy it itself, 8,000 pages or so otherwise.
  static constexpr int default_threshold_pages = 4000;
  // Installs itself as `writer`'s WAL hook; checkpoints through `own` (a connection to the same file).
  // `writer_lock`, if given, is what the writer holds for each of its transactions (see run());
  // `long_reader_lock`, if given, what a connection holds while it reads for long (taken first).
  wal_checkpointer(SQLite::Database& writer, std::unique_ptr<SQLite::Database> own, int threshold_pages = default_threshold_pages,
                   std::mutex* writer_lock = nullptr, std::mutex* long_reader_lock = nullptr);
  ~wal_checkpointer();
  wal_checkpointer(const wal_checkpointer&) = delete;
  wal_checkpointer& operator=(const wal_checkpointer&) = delete;

  // Checkpoints run by the thread so far, how many of them held the writer back to finish, and how
  // often the writer had to copy the WAL itself (for tests).
  std::uint64_t checkpoints();
  std::uint64_t writer_paused();
  std::uint64_t writer_copied();

 private:
  static int on_commit(void* self, sqlite3* db, const char* schema, int wal_pages);
  void run();
  // One PASSIVE checkpoint through the own connection; the WAL's frames and those copied, 0 and 0
  // when it did not run.
  void checkpoint(int& log_frames, int& copied_frames);
  // Returns once the thread is not checkpointing, or after `limit`.
  void wait_while_checkpointing(std::chrono::milliseconds limit);

  SQLite::Database& writer_;
  std::unique_ptr<SQLite::Database> own_;
  const int threshold_pages_;
  int next_request_pages_;  // WAL size at which the writer asks again; only its commits touch it, one at a time
  std::mutex* const writer_lock_;
  std::mutex* const long_reader_lock_;
  const int database_fd_;  // the database file, for a sync of its own (see run()); -1 if it did not open
  int wal_fd_ = -1;        // its WAL, likewise; opened by the thread once the WAL exists (SQLite keeps it while connected)
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable finished_;  // a checkpoint of the thread ended
  bool wanted_ = false;
  bool checkpointing_ = false;
  bool stopping_ = false;
  std::uint64_t checkpoints_ = 0;
  std::uint64_t writer_paused_ = 0;
  std::uint64_t writer_copied_ = 0;
  std::thread thread_;
};

}  // namespace intake::storage
