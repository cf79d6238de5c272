#include "storage/wal_checkpointer.h"

#include <sqlite3.h>

#include <fcntl.h>
#include <unistd.h>

#include "storage/wal_batching_vfs.h"

namespace intake::storage {

wal_checkpointer::wal_checkpointer(SQLite::Database& writer, std::unique_ptr<SQLite::Database> own, int threshold_pages,
                                   std::mutex* writer_lock, std::mutex* long_reader_lock)
    : writer_(writer),
      own_(std::move(own)),
      threshold_pages_(threshold_pages),
      next_request_pages_(threshold_pages),
      writer_lock_(writer_lock),
      long_reader_lock_(long_reader_lock),
      database_fd_(::open(own_->getFilename().c_str(), O_RDONLY | O_CLOEXEC)),
      thread_([this] { run(); }) {
  // Replaces the automatic checkpoint (sqlite3_wal_autocheckpoint installs the same kind of hook).
  sqlite3_wal_hook(writer_.getHandle(), &wal_checkpointer::on_commit, this);
}

wal_checkpointer::~wal_checkpointer() {
  sqlite3_wal_hook(writer_.getHandle(), nullptr, nullptr);
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
  if (database_fd_ >= 0) ::close(database_fd_);
  if (wal_fd_ >= 0) ::close(wal_fd_);
}

std::uint64_t wal_checkpointer::checkpoints() {
  std::lock_guard lock(mutex_);
  return checkpoints_;
}

std::uint64_t wal_checkpointer::writer_paused() {
  std::lock_guard lock(mutex_);
  return writer_paused_;
}

std::uint64_t wal_checkpointer::writer_copied() {
  std::lock_guard lock(mutex_);
  return writer_copied_;
}

int wal_checkpointer::on_commit(void* self, sqlite3* db, const char* schema, int wal_pages) {
  auto* checkpointer = static_cast<wal_checkpointer*>(self);
  // This commit started the WAL over or added to it: a checkpoint may start again.
  if (checkpointer->awaiting_commit_.load(std::memory_order_acquire)) {
    std::lock_guard lock(checkpointer->mutex_);
    checkpointer->awaiting_commit_.store(false, std::memory_order_release);
  }
  if (wal_pages < checkpointer->threshold_pages_) {
    checkpointer->next_request_pages_ = checkpointer->threshold_pages_;  // the WAL started over
    return SQLITE_OK;
  }
  // The WAL starts over only when a checkpoint has copied all of it between two writes; under
  // unbroken load the thread may never get there. Then the writer does it here, as SQLite's own
  // automatic checkpoint would, so the WAL stays bounded. If the thread's checkpoint holds the lock,
  // the writer waits for it to end and copies the rest, with no commit in between: refused and
  // carrying on, it let a loaded machine's WAL grow without bound (6,075 frames in the test, where
  // this limit is 160). The wait falls on the writer only when the WAL is this far behind.
  if (wal_pages >= checkpointer->threshold_pages_ * writer_copy_factor) {
    {
      std::lock_guard lock(checkpointer->mutex_);
      ++checkpointer->writer_copied_;
    }
    // One checkpoint at a time, the thread's or this one, so that neither starts while the other's
    // whole-WAL copy awaits the commit that starts the WAL over (awaiting_commit_).
    int log_frames = 0, copied_frames = 0;
    checkpointer->run_exclusively(
        [db, schema](int& log, int& copied) {
          wal_batching_vfs::checkpoint_scope batched_io;
          return sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_PASSIVE, &log, &copied);
        },
        log_frames, copied_frames, std::chrono::milliseconds(2000));
    return SQLITE_OK;
  }
  // Asked again only once the WAL has grown by half the threshold: asked on every commit, the
  // thread ran back to back, each pass copying a few commits' frames and syncing the WAL for them
  // (140 checkpoints a second in the benchmark).
  if (wal_pages < checkpointer->next_request_pages_) return SQLITE_OK;
  checkpointer->next_request_pages_ = wal_pages + checkpointer->threshold_pages_ / 2;
  {
    std::lock_guard lock(checkpointer->mutex_);
    if (checkpointer->wanted_) return SQLITE_OK;
    checkpointer->wanted_ = true;
  }
  checkpointer->wake_.notify_one();
  return SQLITE_OK;
}

void wal_checkpointer::run() {
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return wanted_ || stopping_; });
      if (stopping_) return;
      wanted_ = false;
    }
    int log_frames = 0, copied_frames = 0;
    checkpoint(log_frames, copied_frames);
    // Under unbroken load the writer commits while the copy runs, so the copy never reaches the
    // WAL's end and the WAL never starts over; each pass synced the WAL again, and at the hard limit
    // (on_commit) the writer copied thousands of frames itself, every turn waiting (the benchmark's
    // p99). Once the WAL is long enough, the last frames are copied with the writer held back: a
    // short pass, after which the writer's next transaction starts the WAL over. The writer's lock
    // is taken before this thread counts as checkpointing, so a writer waiting for the checkpoint
    // (on_commit) never holds the lock this waits for.
    bool paused = false;
    if (writer_lock_ && log_frames >= threshold_pages_ * restart_factor) {
      finish_with_writer_held(log_frames, copied_frames);
      paused = true;
    }
    {
      std::lock_guard lock(mutex_);
      ++checkpoints_;
      if (paused) ++writer_paused_;
    }
    finished_.notify_all();
  }
}

void wal_checkpointer::finish_with_writer_held(int& log_frames, int& copied_frames) {
  // The held pass copies what the writer appended since the last pass began, syncing the WAL before
  // and the database after; every turn waits for all of it. So the work is done ahead, without the
  // writer waiting, each step leaving less to the next:
  // - The transcript index's batch, which reads the main file for milliseconds (up to 50 at its
  //   lower priority), is waited for first, since no pass copies past a reader's snapshot. (Waited
  //   for after the syncs, it left the frames appended meanwhile to the held pass's syncs.)
  std::unique_lock<std::mutex> long_reader;
  if (long_reader_lock_) long_reader = std::unique_lock(*long_reader_lock_);
  // - One more pass copies what was appended meanwhile (the last one took 10–30 ms under load).
  checkpoint(log_frames, copied_frames);
  // - SQLite syncs the database file only after a pass that reached the WAL's end, which under load
  //   is only the held one: that sync then flushed every page the earlier passes had copied. So is
  //   the WAL, which the held pass syncs before it copies. Both are flushed here, so that only the
  //   last few frames and pages are left to the held pass's syncs.
  if (database_fd_ >= 0) ::fdatasync(database_fd_);
  if (wal_fd_ < 0) wal_fd_ = ::open((own_->getFilename() + "-wal").c_str(), O_RDONLY | O_CLOEXEC);
  if (wal_fd_ >= 0) ::fdatasync(wal_fd_);
  std::lock_guard writer(*writer_lock_);
  checkpoint(log_frames, copied_frames);
}

void wal_checkpointer::checkpoint(int& log_frames, int& copied_frames) {
  run_exclusively(
      [this](int& log, int& copied) {
        wal_batching_vfs::checkpoint_scope batched_io;
        return sqlite3_wal_checkpoint_v2(own_->getHandle(), nullptr, SQLITE_CHECKPOINT_PASSIVE, &log, &copied);
      },
      log_frames, copied_frames, std::chrono::milliseconds(0));
}

bool wal_checkpointer::run_exclusively(const std::function<int(int&, int&)>& pass, int& log_frames, int& copied_frames,
                                       std::chrono::milliseconds wait) {
  log_frames = copied_frames = 0;
  {
    std::unique_lock lock(mutex_);
    finished_.wait_for(lock, wait, [this] { return !checkpointing_; });
    if (checkpointing_ || awaiting_commit_.load(std::memory_order_acquire)) return false;
    checkpointing_ = true;
  }
  const int result = pass(log_frames, copied_frames);
  // Busy (a connection of another process checkpoints) or an I/O error: the next commit over the
  // threshold asks again; the WAL keeps everything meanwhile, so nothing is at risk.
  if (result == SQLITE_OK) failures_.succeeded();
  else if (result != SQLITE_BUSY) failures_.failed(sqlite3_errstr(result));
  if (result != SQLITE_OK) log_frames = copied_frames = 0;
  {
    std::lock_guard lock(mutex_);
    checkpointing_ = false;
    if (log_frames > 0 && copied_frames >= log_frames) awaiting_commit_.store(true, std::memory_order_release);
  }
  finished_.notify_all();
  return result == SQLITE_OK;
}

}  // namespace intake::storage
