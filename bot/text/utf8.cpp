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

bool is_control_or_format(char32_t c) {
  return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029 || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F || c == 0x061C;
}

bool is_printable_identifier(std::string_view bytes, std::size_t max_bytes) {
  if (bytes.empty() || bytes.size() > max_bytes) return false;
  for (std::size_t pos = 0; pos < bytes.size();) {
    const auto seq = detail::decode_utf8(bytes, pos);
    if (!seq.valid || is_control_or_format(seq.code_point)) return false;
    pos += seq.length;
  }
  return true;
}

std::string escape_for_terminal(std::string_view bytes, std::string_view keep) {
  std::string out;
  out.reserve(bytes.size());
  static const char* hex = "0123456789ABCDEF";
  for (std::size_t pos = 0; pos < bytes.size();) {
    const auto seq = detail::decode_utf8(bytes, pos);
    const char32_t c = seq.code_point;
    if (!seq.valid) {
      detail::append_utf8(out, U'\uFFFD');
    } else if (c < 0x80 && keep.find(static_cast<char>(c)) != std::string_view::npos) {
      out += static_cast<char>(c);
    } else if (is_control_or_format(c)) {
      if (c <= 0xFF) {
        out += "\\x";
        out += hex[c >> 4];
        out += hex[c & 15];
      } else {
        out += "\\u";
        for (int shift = 12; shift >= 0; shift -= 4) out += hex[(c >> shift) & 15];
      }
    } else {
      out.append(bytes.substr(pos, seq.length));
    }
    pos += seq.length;
  }
  return out;
}

}  // namespace intake::text
