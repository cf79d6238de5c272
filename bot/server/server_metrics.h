// Counters for /metrics in Prometheus text format: turns by channel, turn latency histogram, active
// connections, rejected requests by reason, duplicate deliveries, and how far the transcript's search
// index reaches (given by storage at each render). Thread-safe (atomics and a mutex
// for the labelled maps); never throws except std::bad_alloc.
#pragma once
#include <array>
#include <atomic>
#include <map>
#include <mutex>
#include <string>

#include "storage/records.h"

namespace intake::server {

class server_metrics {
 public:
  void turn_done(const std::string& channel, double seconds);
  void rejected(const std::string& reason);
  void duplicate_delivery() { ++duplicates_; }
  // A turn prepared again because its conversation changed meanwhile (see conversation_cache.h).
  void stale_turn() { ++stale_turns_; }
  void connection_opened() { ++active_connections_; }
  void connection_closed() { --active_connections_; }
  std::size_t active_connections() const {
    const std::int64_t open = active_connections_.load();
    return open > 0 ? static_cast<std::size_t>(open) : 0;
  }

  std::string render(const storage::index_progress& search_index) const;

 private:
  static constexpr std::array<double, 12> buckets_{0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5};

  mutable std::mutex mutex_;
  std::map<std::string, std::uint64_t> turns_by_channel_;
  std::map<std::string, std::uint64_t> rejected_by_reason_;
  std::array<std::uint64_t, buckets_.size()> bucket_counts_{};
  std::uint64_t latency_count_ = 0;
  double latency_sum_ = 0;
  std::atomic<std::uint64_t> duplicates_{0};
  std::atomic<std::uint64_t> stale_turns_{0};
  std::atomic<std::int64_t> active_connections_{0};
};

}  // namespace intake::server
