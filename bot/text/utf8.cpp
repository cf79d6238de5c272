#include "bot/text/utf8.h"

#include "bot/text/utf8_decode.h"

#include <cstdint>
#include <cstring>

namespace intake::text {

std::size_t find_invalid_utf8(std::string_view bytes) {
  for (std::size_t pos = 0; pos < bytes.size();) {
    const auto lead = static_cast<unsigned char>(bytes[pos]);
    if (lead < 0x80) {
      // ASCII, most of what is checked (JSON keys, state, commands), eight bytes at a time. Tried
      // only at an ASCII byte, so that a run of Chinese does not pay for the attempt at each character.
      std::uint64_t block;
      if (bytes.size() - pos >= sizeof block) {
        std::memcpy(&block, bytes.data() + pos, sizeof block);
        if ((block & 0x8080808080808080ULL) == 0) {
          pos += sizeof block;
          continue;
        }
      }
      ++pos;
      continue;
    }
    const std::size_t length = detail::valid_multibyte_length(bytes, pos);
    if (length == 0) return pos;
    pos += length;
  }
  return std::string_view::npos;
}

std::string sanitize_utf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (std::size_t pos = 0; pos < bytes.size();) {
    const auto seq = detail::decode_utf8(bytes, pos);
    if (seq.valid) {
      out.append(bytes.substr(pos, seq.length));
    } else {
      detail::append_utf8(out, U'\uFFFD');
    }
    pos += seq.length;
  }
  return out;
}

namespace {

constexpr bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

}  // namespace

std::size_t count_code_points(std::string_view valid_utf8) {
  std::size_t count = 0;
  for (char c : valid_utf8) count += is_continuation(c) ? 0 : 1;
  return count;
}

std::string_view truncate_code_points(std::string_view valid_utf8, std::size_t max_code_points) {
  std::size_t seen = 0;
  for (std::size_t pos = 0; pos < valid_utf8.size(); ++pos) {
    if (is_continuation(valid_utf8[pos])) continue;
    if (seen == max_code_points) return valid_utf8.substr(0, pos);
    ++seen;
  }
  return valid_utf8;
}

}  // namespace intake::text
