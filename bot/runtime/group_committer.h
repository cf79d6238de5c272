// Group commit: turns prepared on several workers are written by one thread, as many as have queued
// up while the previous transaction ran, in one transaction. A commit costs about the same for one
// turn as for fifty (the WAL append and the lock dominate), so under load this multiplies throughput
// while each reply still waits for its own turn to be durable. Nothing waits for a timer: an idle
// committer writes a lone turn at once.
// Thread-safety: submit() may be called from any thread; callbacks run on the committer thread.
#pragma once
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "storage/conversation_store.h"
#include "storage/repeated_failure_log.h"

namespace intake::runtime {

class group_committer {
 public:
  // Called once the turn's fate is known.
  using completion = std::function<void(storage::commit_outcome)>;
  // Called after the completions of each group, on the thread that called them: what they left to
  // hand on can go in one piece.
  using group_end = std::function<void()>;

  static constexpr std::size_t default_max_batch = 256;

  explicit group_committer(storage::conversation_store& store, std::size_t max_batch = default_max_batch, group_end after_group = nullptr);
  ~group_committer();
  group_committer(const group_committer&) = delete;
  group_committer& operator=(const group_committer&) = delete;

  void submit(storage::turn_record record, completion done);
  // Transactions run so far and the most turns one of them carried (for metrics and tests).
  std::uint64_t transactions() const { return transactions_; }
  std::uint64_t largest_group() const { return largest_group_; }
  // Commits what is queued, then stops the thread; later submissions fail at once.
  void stop();

 private:
  struct pending {
    storage::turn_record record;
    completion done;
  };

  void run();
  void commit(std::vector<pending>& batch);

  storage::conversation_store& store_;
  const std::size_t max_batch_;
  const group_end after_group_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<pending> queue_;
  bool stopping_ = false;
  std::atomic<std::uint64_t> transactions_{0};
  std::atomic<std::uint64_t> largest_group_{0};
  storage::repeated_failure_log failures_{"committing turns"};
  std::thread thread_;
};

}  // namespace intake::runtime
