// Copies the WAL back into the database file on a thread and connection of its own. SQLite's
// automatic checkpoint runs inside the commit that crosses the threshold, fsyncs the WAL and the
// database there, and so stalled every turn waiting on the writer for as long as the disk took
// (the benchmark's p99). Here the writer only signals, at the threshold and then every half
// threshold; the checkpoint is PASSIVE, so it never blocks the readers. It blocks the writer only for
// a short last pass once the WAL is restart_factor times the threshold, so that it can start over,
// and the writer copies the WAL itself only once it is writer_copy_factor times the threshold.
// Thread-safety: on_commit runs on the writer's thread (it is the writer's WAL hook); the counters may
// be read from any thread.
#pragma once
#include <SQLiteCpp/Database.h>

#include <atomic>
#include <functional>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

#include "storage/repeated_failure_log.h"

namespace intake::storage {

class wal_checkpointer {
 public:
  // 4,000 rather than SQLite's 1,000: fewer passes, each copying a page rewritten by many commits
  // once (bench/RESULTS.md).
  static constexpr int default_threshold_pages = 4000;
  // The last pass, with the writer held back, runs once the WAL is this many thresholds long (32,000
  // pages, 128 MB at 4 KB). Every turn waits for it: with its two fsyncs it took 1–9 ms under load
  // on the development machine, and at twice the threshold it ran twice a second, each time
  // delaying all 100 conversations of the benchmark; a third of the turns slower than the p99 ran
  // during one (bench/RESULTS.md). The price is a WAL file of that size on disk (the store's
  // journal_size_limit keeps the file at that size instead of cutting it at each start-over, which
  // cost the next commit a truncate and a sync).
  static constexpr int restart_factor = 8;
  // Beyond this many thresholds (64,000 pages, 256 MB) the writer copies the WAL itself (on_commit).
  static constexpr int writer_copy_factor = 16;
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
  // when it did not run (another ran, or one copied the whole WAL and no commit has ended since).
  void checkpoint(int& log_frames, int& copied_frames);
  // Runs `pass` (one sqlite3_wal_checkpoint_v2 returning its result and counts) as the one checkpoint
  // running, unless a whole-WAL copy awaits a commit; false when it did not run. After waiting up to
  // `wait` for another checkpoint to end.
  bool run_exclusively(const std::function<int(int&, int&)>& pass, int& log_frames, int& copied_frames, std::chrono::milliseconds wait);
  // The pass after which the WAL starts over: with the writer held back, after as much as can be done
  // without (see there). Reports as checkpoint() does.
  void finish_with_writer_held(int& log_frames, int& copied_frames);

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
  bool checkpointing_ = false;  // a checkpoint of the thread or of the writer (on_commit) runs
  // A checkpoint copied the whole WAL and no commit has ended since: the next commit may start the
  // WAL over, and SQLite before 3.51.3 (Debian 12 has 3.40) can corrupt the database when a
  // checkpoint starts while a commit starts the WAL over (the "WAL-reset bug", sqlite.org/wal.html).
  // No checkpoint starts until a commit has ended; read without the mutex by on_commit.
  std::atomic<bool> awaiting_commit_{false};
  bool stopping_ = false;
  std::uint64_t checkpoints_ = 0;
  std::uint64_t writer_paused_ = 0;
  std::uint64_t writer_copied_ = 0;
  repeated_failure_log failures_{"WAL checkpoint"};
  std::thread thread_;
};

}  // namespace intake::storage
