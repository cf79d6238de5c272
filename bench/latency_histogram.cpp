#include "bench/latency_histogram.h"

#include <algorithm>
#include <cmath>

namespace intake::bench {

void latency_histogram::merge(const latency_histogram& other) {
  samples_.insert(samples_.end(), other.samples_.begin(), other.samples_.end());
  sorted_ = false;
}

double latency_histogram::percentile_ms(double q) {
  if (samples_.empty()) return 0;
  if (!sorted_) std::sort(samples_.begin(), samples_.end());
  sorted_ = true;
  const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(samples_.size())));
  const std::size_t index = rank == 0 ? 0 : std::min(rank, samples_.size()) - 1;
  return static_cast<double>(samples_[index]) / 1e6;
}

}  // namespace intake::bench
