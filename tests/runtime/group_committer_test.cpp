#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <future>
#include <mutex>
#include <thread>

#include <sched.h>

#include "bot/runtime/group_committer.h"
#include "storage/sqlite_store.h"
#include "tests/support/failing_store.h"
#include "tests/support/temp_db.h"

using namespace intake;

namespace {

storage::turn_record turn_of(const std::string& user, int n) {
  storage::turn_record turn;
  turn.user_id = user;
  turn.channel = "websocket";
  turn.state_json = "{\"n\":" + std::to_string(n) + "}";
  turn.now_ms = 1000 + n;
  turn.lines = {{user, "in", "websocket", "第" + std::to_string(n) + "句", turn.now_ms, "", ""}};
  return turn;
}

}  // namespace

TEST_CASE("Turns from many threads are committed in groups, each reported kept once", "[runtime][group-commit]") {
  testing::temp_db db("group");
  storage::sqlite_store store(db.path.string());
  std::uint64_t transactions = 0, largest = 0;
  constexpr int threads = 8, per_thread = 200;
  std::atomic<int> kept{0}, lost{0};
  {
    runtime::group_committer committer(store);
    std::vector<std::thread> writers;
    for (int t = 0; t < threads; ++t)
      writers.emplace_back([&, t] {
        const std::string user = std::string("u").append(std::to_string(t));
        for (int n = 0; n < per_thread; ++n) committer.submit(turn_of(user, n), [&](storage::commit_outcome outcome) { ++(outcome == storage::commit_outcome::kept ? kept : lost); });
      });
    for (auto& writer : writers) writer.join();
    committer.stop();  // what is queued is written before stop returns
    transactions = committer.transactions();
    largest = committer.largest_group();
  }
  CHECK(kept == threads * per_thread);
  CHECK(lost == 0);
  CHECK(transactions < threads * per_thread);  // grouped, not one transaction per turn
  CHECK(largest > 1);
  for (int t = 0; t < threads; ++t) {
    const std::string user = std::string("u").append(std::to_string(t));
    CHECK(store.transcript_of(user).size() == per_thread);
    CHECK(store.load_conversation(user)->state_json == std::string("{\"n\":").append(std::to_string(per_thread - 1)).append("}"));
  }
}

TEST_CASE("A turn submitted after stop is reported not kept at once", "[runtime][group-commit]") {
  storage::sqlite_store store(":memory:");
  runtime::group_committer committer(store);
  committer.stop();
  bool called = false, result = true;
  committer.submit(turn_of("u1", 1), [&](storage::commit_outcome outcome) {
    called = true;
    result = outcome == storage::commit_outcome::kept;
  });
  CHECK(called);
  CHECK_FALSE(result);
  CHECK_FALSE(store.load_conversation("u1"));
}

TEST_CASE("When the disk is full every turn of the group is reported not kept, and later groups succeed", "[runtime][group-commit]") {
  testing::temp_db db("group-fault");
  const std::string fault_file = db.path.string() + ".fault";
  std::filesystem::remove(fault_file);
  ::setenv("INTAKE_STORAGE_FAULT_FILE", fault_file.c_str(), 1);
  storage::sqlite_store store(db.path.string());
  ::unsetenv("INTAKE_STORAGE_FAULT_FILE");
  runtime::group_committer committer(store);

  auto submit_and_wait = [&](const std::string& user, int n) {
    std::mutex mutex;
    std::condition_variable done;
    std::optional<bool> outcome;
    committer.submit(turn_of(user, n), [&](storage::commit_outcome result) {
      std::lock_guard lock(mutex);
      outcome = result == storage::commit_outcome::kept;
      done.notify_one();
    });
    std::unique_lock lock(mutex);
    done.wait(lock, [&] { return outcome.has_value(); });
    return *outcome;
  };
  { std::FILE* file = std::fopen(fault_file.c_str(), "w"); std::fclose(file); }
  CHECK_FALSE(submit_and_wait("u1", 1));
  std::filesystem::remove(fault_file);
  CHECK(submit_and_wait("u1", 2));
  CHECK(store.load_conversation("u1")->state_json == "{\"n\":2}");
}

TEST_CASE("After each group's completions the group-end hook runs on the same thread, also for a turn refused after stop",
          "[runtime][group-commit]") {
  testing::temp_db db("group-end");
  storage::sqlite_store store(db.path.string());
  std::mutex mutex;
  std::vector<std::string> log;  // completions and group ends, in the order they ran
  std::atomic<int> hooks_on_other_thread{0};
  std::thread::id completion_thread;
  std::uint64_t transactions = 0;
  {
    runtime::group_committer committer(store, runtime::group_committer::default_max_batch, [&] {
      std::lock_guard lock(mutex);
      if (std::this_thread::get_id() != completion_thread) ++hooks_on_other_thread;
      log.push_back("end");
    });
    for (int n = 0; n < 300; ++n)
      committer.submit(turn_of(std::to_string(n % 7).insert(0, 1, 'u'), n), [&](storage::commit_outcome) {
        std::lock_guard lock(mutex);
        completion_thread = std::this_thread::get_id();
        log.push_back("done");
      });
    committer.stop();
    transactions = committer.transactions();
    committer.submit(turn_of("late", 1), [&](storage::commit_outcome outcome) {
      std::lock_guard lock(mutex);
      completion_thread = std::this_thread::get_id();
      log.push_back(outcome == storage::commit_outcome::failed ? "refused" : "kept?");
    });
  }
  REQUIRE(log.size() >= 302);
  CHECK(hooks_on_other_thread == 0);
  CHECK(log.back() == "end");
  CHECK(log[log.size() - 2] == "refused");
  // Every completion is followed by its group's end before the next group's completions, and no
  // end comes without completions before it.
  int dones = 0, ends = 0;
  for (std::size_t i = 0; i < log.size(); ++i) {
    if (log[i] == "end") {
      ++ends;
      REQUIRE(i > 0);
      CHECK(log[i - 1] != "end");
    } else if (log[i] == "done") {
      ++dones;
    }
  }
  CHECK(dones == 300);
  CHECK(static_cast<std::uint64_t>(ends) == transactions + 1);  // one per group, one for the refused turn
}

namespace {

// Keeps every turn, or fails every group while `out_of_space` is set, and logs what was asked of it.
class recording_store final : public testing::failing_store {
 public:
  explicit recording_store(std::vector<std::string>& log) : log_(log) {}
  bool out_of_space = false;
  std::vector<storage::commit_outcome> commit_turns(const std::vector<const storage::turn_record*>& turns) override {
    if (out_of_space) throw storage::storage_error("disk full");
    return std::vector<storage::commit_outcome>(turns.size(), storage::commit_outcome::kept);
  }
  void catch_up_indexes() override { log_.push_back("index"); }

 private:
  std::vector<std::string>& log_;
};

}  // namespace

TEST_CASE("The indexes catch up after a group's replies have gone, and not after a group that was not kept", "[runtime][group-commit]") {
  std::vector<std::string> log;  // written on the committer thread only, read after it stopped
  recording_store store(log);
  {
    runtime::group_committer committer(store, runtime::group_committer::default_max_batch, [&] { log.push_back("end"); });
    auto submit_and_wait = [&](int n) {
      std::mutex mutex;
      std::condition_variable done;
      bool called = false;
      committer.submit(turn_of("u1", n), [&](storage::commit_outcome outcome) {
        log.push_back(outcome == storage::commit_outcome::kept ? "kept" : "failed");
        std::lock_guard lock(mutex);
        called = true;
        done.notify_one();
      });
      std::unique_lock lock(mutex);
      done.wait(lock, [&] { return called; });
    };
    submit_and_wait(1);
    store.out_of_space = true;
    submit_and_wait(2);
    store.out_of_space = false;
    submit_and_wait(3);
    committer.stop();
  }
  CHECK(log == std::vector<std::string>{"kept", "end", "index", "failed", "end", "kept", "end", "index"});
}

TEST_CASE("The committer thread runs under SCHED_BATCH, so that a submission does not preempt its submitter", "[runtime][group-commit]") {
  // The threads of this process that run under SCHED_BATCH (by /proc, as `ps -L -o cls` shows them).
  const auto batch_threads = [] {
    int count = 0;
    for (const auto& task : std::filesystem::directory_iterator("/proc/self/task"))
      if (sched_getscheduler(static_cast<pid_t>(std::stol(task.path().filename().string()))) == SCHED_BATCH) ++count;
    return count;
  };
  testing::temp_db db("group-policy");
  storage::sqlite_store store(db.path.string());
  const int before = batch_threads();
  int during = 0;
  {
    runtime::group_committer committer(store);
    // The thread sets its policy first thing; a turn kept shows it has begun.
    std::promise<storage::commit_outcome> kept;
    committer.submit(turn_of("policy", 1), [&](storage::commit_outcome outcome) { kept.set_value(outcome); });
    REQUIRE(kept.get_future().get() == storage::commit_outcome::kept);
    during = batch_threads();
  }
  CHECK(during == before + 1);
  CHECK(batch_threads() == before);
}
