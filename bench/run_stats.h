// What one timed run of the load client counts: turns and their latencies (per client thread, so the
// hot path takes no lock), errors (with the first few described), the measuring window and the stop
// flag the conversations poll between turns. A turn is measured when its reply arrived inside the
// window (throughput = measured turns / window; latency = send → reply of those turns).
#pragma once
#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "bench/latency_histogram.h"

namespace intake::bench {

class run_stats {
 public:
  using clock = std::chrono::steady_clock;

  explicit run_stats(std::size_t shards) : shards_(shards) {}

  // Set before the conversations start (or resume) driving.
  void set_window(clock::time_point from, clock::time_point to) {
    from_ = from;
    to_ = to;
  }

  // A turn got its correct reply. Called on the client thread that owns `shard`.
  void turn_done(std::size_t shard, clock::time_point sent, clock::time_point replied) {
    auto& counters = shards_[shard];
    ++counters.all;
    if (replied >= from_ && replied <= to_) {
      ++counters.measured;
      counters.latencies.add(std::chrono::duration_cast<std::chrono::nanoseconds>(replied - sent).count());
    }
  }

  // A wrong, missing or failed reply. Any thread. The first `kept_details`, and the first of each
  // kind, are described in full.
  void error(const std::string& kind, const std::string& detail);

  void request_stop() { stop_.store(true, std::memory_order_relaxed); }
  void reset_stop() { stop_.store(false, std::memory_order_relaxed); }
  bool stopping() const { return stop_.load(std::memory_order_relaxed); }

  // Read once the conversations are done.
  std::uint64_t measured_turns() const;
  std::uint64_t all_turns() const;
  std::uint64_t errors() const { return errors_.load(); }
  latency_histogram merged_latencies() const;
  std::map<std::string, std::uint64_t> errors_by_kind() const;
  std::vector<std::string> error_details() const;

  static constexpr std::size_t kept_details = 5;

 private:
  struct alignas(64) shard_counters {
    std::uint64_t all = 0;
    std::uint64_t measured = 0;
    latency_histogram latencies;
  };
  std::vector<shard_counters> shards_;
  clock::time_point from_{}, to_{clock::time_point::max()};
  std::atomic<bool> stop_{false};
  std::atomic<std::uint64_t> errors_{0};
  mutable std::mutex mutex_;
  std::map<std::string, std::uint64_t> by_kind_;
  std::vector<std::string> details_;
};

}  // namespace intake::bench
