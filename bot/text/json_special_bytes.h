// Whether eight bytes of a JSON string hold one that ends a plain run: a control character (below
// 0x20), '"' or '\\'. Bytes of multi-byte UTF-8 sequences never are. The usual word-at-a-time tests:
// each is exact about whether such a byte exists, if not about which one it is. Shared by the writer
// (what needs escaping) and the reader (where a string's plain run stops).
// Pure; thread-safe; never throws.
#pragma once
#include <cstdint>
#include <cstring>

namespace intake::text {

inline bool has_json_special_byte(const char* eight_bytes) {
  constexpr std::uint64_t ones = 0x0101010101010101ULL;
  constexpr std::uint64_t highs = 0x8080808080808080ULL;
  std::uint64_t block;
  std::memcpy(&block, eight_bytes, sizeof block);
  const auto has_zero_byte = [&](std::uint64_t v) { return (v - ones) & ~v & highs; };
  const std::uint64_t control = (block - 0x20 * ones) & ~block & highs;
  return (control | has_zero_byte(block ^ ('"' * ones)) | has_zero_byte(block ^ ('\\' * ones))) != 0;
}

}  // namespace intake::text
