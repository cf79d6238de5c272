#include "bench/run_stats.h"

namespace intake::bench {

void run_stats::error(const std::string& kind, const std::string& detail) {
  errors_.fetch_add(1);
  std::lock_guard lock(mutex_);
  // The first few, and the first of every kind.
  if (details_.size() < kept_details || by_kind_.find(kind) == by_kind_.end()) details_.push_back(kind + ": " + detail);
  ++by_kind_[kind];
}

std::uint64_t run_stats::measured_turns() const {
  std::uint64_t total = 0;
  for (const auto& shard : shards_) total += shard.measured;
  return total;
}

std::uint64_t run_stats::all_turns() const {
  std::uint64_t total = 0;
  for (const auto& shard : shards_) total += shard.all;
  return total;
}

latency_histogram run_stats::merged_latencies() const {
  latency_histogram all;
  for (const auto& shard : shards_) all.merge(shard.latencies);
  return all;
}

std::map<std::string, std::uint64_t> run_stats::errors_by_kind() const {
  std::lock_guard lock(mutex_);
  return by_kind_;
}

std::vector<std::string> run_stats::error_details() const {
  std::lock_guard lock(mutex_);
  return details_;
}

}  // namespace intake::bench
