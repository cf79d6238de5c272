// The counts behind staff statistics and the unanswered policy questions, kept in the index file
// (transcript_index.h) and brought up to date behind the commits, in batches, from the main file:
// a statistics view then reads a few hundred cells instead of joining every submission's choices
// (116 s at 300,000 reports, issue 27), and the owners' commits write nothing more for them.
//
// What is kept, all derived from the main file and rebuilt from it when the index file is lost:
// - stats_cells: per flow, counted slot and option name, the count of submissions by province,
//   industry, status, week, and by each option name of every other choice slot ("answer:SLOT");
// - stats_reports: each counted submission and the status it is counted under, so that a status
//   move (a report_history row) moves its counts from the old status to the new;
// - stats_durations: per submission, the first time it was accepted and closed;
// - unanswered: faq_unanswered events grouped by their normalised question, with the latest wording.
// Marks say how far each source has been read (reports by rowid, history and events by id).
//
// For a file database the work runs on a connection and thread of its own under the transcript
// index's batch lock (the checkpointer takes it to reach the WAL's end); for an in-memory database
// on the writer's connection, under the writer's lock, when catch_up() is called.
//
// Thread-safety: every member may be called from any thread. Errors: the constructor and prepare()
// throw SQLite::Exception; catch_up() throws storage_error; the thread logs and retries.
#pragma once
#include <SQLiteCpp/Database.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

#include "storage/repeated_failure_log.h"

namespace intake::storage {

class staff_aggregates {
 public:
  // Submissions counted in one transaction: bounds how long a batch holds its snapshot of the main file.
  static constexpr std::int64_t batch_reports = 5000;

  // Creates the tables in `idx` if missing. Not thread-safe; before any other connection uses them.
  static void prepare(SQLite::Database& db);

  // Kept up to date in the background on `own` (the main file with the index attached), under `batch_lock`.
  staff_aggregates(std::unique_ptr<SQLite::Database> own, std::mutex& batch_lock);
  // Kept up to date on `writer` (an in-memory database with the index attached), under `writer_lock`,
  // by catch_up() only.
  staff_aggregates(SQLite::Database& writer, std::mutex& writer_lock);
  ~staff_aggregates();
  staff_aggregates(const staff_aggregates&) = delete;
  staff_aggregates& operator=(const staff_aggregates&) = delete;

  // Counts what is new, up to `max_reports` submissions, now; returns how many submissions are still
  // not counted. History and events are always read to the end.
  std::int64_t catch_up(std::int64_t max_reports);
  // As catch_up(), for a view that answers from the counts as they are when it cannot count now (the
  // index file's write lock held elsewhere past the busy timeout): false then, and the failure logged.
  bool try_catch_up(std::int64_t max_reports);
  // Submissions not counted yet, read on `reader` (any connection with the index attached).
  static std::int64_t not_counted(SQLite::Database& reader);

 private:
  void run();
  // Under the lock. Returns the submissions left.
  std::int64_t refresh(std::int64_t max_reports);

  std::unique_ptr<SQLite::Database> own_;
  SQLite::Database& db_;
  std::mutex& lock_;
  std::mutex wake_mutex_;
  std::condition_variable wake_;
  std::atomic<bool> stopping_{false};  // read between batches without wake_mutex_
  repeated_failure_log failures_{"counting submissions for the staff statistics"};
  std::thread thread_;  // file databases only; last, so that it starts once the rest is ready
};

}  // namespace intake::storage
