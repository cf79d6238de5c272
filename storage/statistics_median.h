// The median of durations in milliseconds, or nullopt for none. Pure; never throws.
#pragma once
#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

namespace intake::storage {

inline std::optional<double> median_ms(std::vector<std::int64_t> values) {
  if (values.empty()) return std::nullopt;
  std::sort(values.begin(), values.end());
  const std::size_t middle = values.size() / 2;
  if (values.size() % 2) return static_cast<double>(values[middle]);
  return (static_cast<double>(values[middle - 1]) + static_cast<double>(values[middle])) / 2;
}

}  // namespace intake::storage
