// The transcript's two indexes, by owner and full-text for search, built in batches behind the turns
// (migrations 007–009), in a database of their own: for a file database, the file beside it named by
// path_for(), attached to the connections that read them as `idx`, and written by a thread and
// connection of its own.
//
// Why a file of its own: SQLite lets one connection at a time write a file. Built in the main file, a
// batch (2.6–4.6 ms, 35–40 a second under load) held the writer's lock, and every turn waiting to
// be committed waited for it too (bench/RESULTS.md). Here the batch reads the main file (a WAL
// reader never blocks the writer) and writes only the index file. The thread runs at a lower
// priority, so that the work fills the time the turns leave idle.
//
// Everything here is derived from the main file: the lines keep their search terms, so the index
// can be rebuilt from it, and is, when it claims lines the main file does not have (the main file
// lost its last transactions in a power cut, the index kept its own), or when the index file was
// lost. Transcript readers see every line either way: lines past `indexed_through` are found by
// scanning the main file's tail. A search indexes a short tail itself; a long backlog (a rebuild of
// millions of lines takes minutes) is the thread's, which starts on it at open, one transaction at
// a time, and logs its progress (index_rebuild_log.h), while searches answer from the indexed part.
//
// For an in-memory database the index is attached in memory to the writer's connection and built
// there, on the caller's thread, under the writer's lock.
//
// Thread-safety: every member function may be called from any thread (prepare() excepted, see
// there). Errors: the constructors, attach() and prepare() throw SQLite::Exception; the rest never
// throw (the turns are kept either way; a failed batch is logged and tried again with the next).
#pragma once
#include <SQLiteCpp/Database.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "storage/index_rebuild_log.h"
#include "storage/records.h"
#include "storage/repeated_failure_log.h"
#include "storage/statement_cache.h"

namespace intake::storage {

class transcript_index {
 public:
  // Lines gathered before a batch is built: a batch touches the owners' index pages once instead of
  // once per turn and makes one full-text segment instead of one per commit group.
  static constexpr std::int64_t batch_lines = 1024;
  // The most lines a search indexes itself before it answers (a few milliseconds of work): the batch
  // a busy machine's low-priority thread has not built yet, with room to spare. A longer backlog is a
  // rebuild, which a search does not wait for.
  static constexpr std::int64_t search_tail_lines = 4 * batch_lines;

  // The index file of the database file `main_path`.
  static std::string path_for(const std::string& main_path);
  // Attaches the index to `db` as `idx`: the file path_for(main_path), or memory for ":memory:".
  static void attach(SQLite::Database& db, const std::string& main_path);
  // Run once at open on a connection with the index attached, before any other connection uses it:
  // creates the index's tables if missing, and moves the indexes a database of schema 9 or older
  // kept in the main file into it (then drops them there). Not thread-safe.
  static void prepare(SQLite::Database& db);

  // Built in the background on `own`, a connection to the main file with the index attached.
  explicit transcript_index(std::unique_ptr<SQLite::Database> own);
  // Built on `writer` (an in-memory database with the index attached), under `writer_lock`, by
  // whoever calls lines_kept() or catch_up_within().
  transcript_index(SQLite::Database& writer, std::mutex& writer_lock);
  ~transcript_index();
  transcript_index(const transcript_index&) = delete;
  transcript_index& operator=(const transcript_index&) = delete;

  // The main file now holds lines up to `newest_line_id`; once a batch has gathered, it is built.
  // Cheap in the background; call it without holding `writer_lock` otherwise.
  void lines_kept(std::int64_t newest_line_id);
  // Indexes the lines kept so far, now, if they are at most `most_lines` (a search must find what
  // was written a moment ago), and returns true; returns false, having indexed nothing, when more
  // are waiting: those are the thread's (or the next batch's), and the caller does not wait for them.
  bool catch_up_within(std::int64_t most_lines);
  // How far the index reaches, from memory: the lines this process kept or found at open.
  index_progress progress() const;
  // Returns once the batch due by what lines_kept() was told is built, whether by the thread or here
  // (for tests, which otherwise could not know when the thread is done).
  void build_due_batch();
  // Held for each batch. A batch reads the main file for its whole transaction, and a checkpoint
  // cannot copy the WAL past a reader: take this first to run a pass that must reach the WAL's end.
  std::mutex& batch_lock() { return lock_; }
  // The newest line the index holds, as far as this process knows (for tests).
  std::int64_t indexed_through() const { return indexed_through_.load(); }

 private:
  enum class pass_result { done, more_left, too_many, failed };

  void run();
  // The thread's catch-up: a transaction at a time, each under lock_ of its own, so that a search's
  // short tail or a checkpoint waits for one transaction and not for a whole rebuild; stops early
  // when the store closes. False when a transaction failed (storage out).
  bool catch_up_in_background();
  // Indexes the lines after the mark, a transaction at a time, until none is left. Under lock_.
  void index_backlog();
  // One transaction: the lines after the mark, at most max_transaction_lines of them; nothing when
  // more than `most_lines` are waiting (too_many). Under lock_.
  pass_result index_pass(std::int64_t most_lines);

  std::unique_ptr<SQLite::Database> own_;
  SQLite::Database& db_;
  std::mutex own_lock_;
  std::mutex& lock_;
  statement_cache statements_;
  std::atomic<std::int64_t> newest_line_id_{0};
  std::atomic<std::int64_t> indexed_through_{0};
  std::mutex wake_mutex_;
  std::condition_variable wake_;
  std::atomic<bool> stopping_{false};
  repeated_failure_log failures_{"indexing transcript lines (by owner, for search)"};
  index_rebuild_log rebuild_log_;
  std::thread thread_;  // file databases only; last, so that it starts once the rest is ready
};

}  // namespace intake::storage
