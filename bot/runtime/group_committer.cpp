#include "bot/runtime/group_committer.h"

#include <pthread.h>
#include <sched.h>

#include <algorithm>

namespace intake::runtime {

group_committer::group_committer(storage::conversation_store& store, std::size_t max_batch, group_end after_group)
    : store_(store), max_batch_(max_batch == 0 ? 1 : max_batch), after_group_(std::move(after_group)), thread_([this] { run(); }) {}

group_committer::~group_committer() { stop(); }

void group_committer::submit(storage::turn_record record, completion done) {
  {
    std::lock_guard lock(mutex_);
    if (!stopping_) {
      queue_.push_back({std::move(record), std::move(done)});
      wake_.notify_one();
      return;
    }
  }
  done(storage::commit_outcome::failed);
  if (after_group_) after_group_();
}

void group_committer::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    wake_.notify_one();
  }
  if (thread_.joinable()) thread_.join();
}

void group_committer::run() {
  // SCHED_BATCH: woken by a submission, this thread does not preempt the I/O thread that submitted
  // but runs at that thread's next pause, while its share of the processor stays that of any
  // thread. Preempting at once, it committed smaller groups, and a group costs about the same
  // whatever its size: alternated in the 100-conversation benchmark (20 runs each), 4 % less
  // server CPU a turn and 3 % more turns a second (bench/RESULTS.md). At nice 10 instead the gain
  // was the same, but another busy process on the machine would have starved every commit. Any
  // process may choose this policy for its threads; if it is refused, nothing but the gain is lost.
  sched_param normal_priority{};
  pthread_setschedparam(pthread_self(), SCHED_BATCH, &normal_priority);
  std::vector<pending> batch;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything queued is written
      if (queue_.size() <= max_batch_) {
        batch.swap(queue_);
      } else {
        auto split = queue_.begin() + static_cast<std::ptrdiff_t>(max_batch_);
        batch.assign(std::make_move_iterator(queue_.begin()), std::make_move_iterator(split));
        queue_.erase(queue_.begin(), split);
      }
    }
    commit(batch);
    batch.clear();
  }
}

void group_committer::commit(std::vector<pending>& batch) {
  std::vector<const storage::turn_record*> records;
  records.reserve(batch.size());
  for (const auto& entry : batch) records.push_back(&entry.record);
  std::vector<storage::commit_outcome> outcomes(batch.size(), storage::commit_outcome::failed);
  ++transactions_;
  if (batch.size() > largest_group_) largest_group_ = batch.size();
  try {
    outcomes = store_.commit_turns(records);
    failures_.succeeded();
  } catch (const std::exception& error) {
    failures_.failed("a group of " + std::to_string(batch.size()) + " turn(s) not kept: " + error.what());
  }
  for (std::size_t i = 0; i < batch.size(); ++i) batch[i].done(outcomes[i]);
  if (after_group_) after_group_();
  // Once the group's replies are on their way: a batch of the owner and search indexes takes
  // milliseconds, which the group's owners waited for when it was part of the commit. Not after a
  // failed group: storage is out, and the attempt would only fail again.
  if (std::find(outcomes.begin(), outcomes.end(), storage::commit_outcome::kept) != outcomes.end()) store_.catch_up_indexes();
}

}  // namespace intake::runtime
