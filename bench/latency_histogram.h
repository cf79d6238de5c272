// Turn latencies of one run: every sample kept (a few million at most), sorted once for the
// percentiles. Not thread-safe: one per client thread, merged at the end of the run.
#pragma once
#include <cstdint>
#include <vector>

namespace intake::bench {

class latency_histogram {
 public:
  void add(std::int64_t nanoseconds) { samples_.push_back(nanoseconds); }
  void merge(const latency_histogram& other);
  std::size_t count() const { return samples_.size(); }
  // Nearest-rank percentile in milliseconds (q in [0, 1]); 0 without samples. Sorts on first use.
  double percentile_ms(double q);

 private:
  std::vector<std::int64_t> samples_;
  bool sorted_ = false;
};

}  // namespace intake::bench
