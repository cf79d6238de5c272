// Internal to bot/text: one UTF-8 decoder shared by validation, normalisation and number parsing,
// so every part of the module agrees on what is ill-formed.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace intake::text::detail {

struct utf8_sequence {
  char32_t code_point;  // U+FFFD when ill-formed
  std::size_t length;   // bytes consumed; for ill-formed input the maximal subpart (at least 1)
  bool valid;
};

// Decodes the sequence starting at bytes[pos] (pos < bytes.size()) following Unicode Table 3-7.
// Ill-formed input consumes its "maximal subpart", so replacing each one with U+FFFD gives the
// substitution Unicode recommends (and ICU's U8_NEXT performs).
constexpr utf8_sequence decode_utf8(std::string_view bytes, std::size_t pos) noexcept {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(bytes[i]); };
  const unsigned lead = byte(pos);
  if (lead < 0x80) return {lead, 1, true};

  std::size_t trail = 0;
  // Only the first trail byte has a narrower range; it is what excludes overlongs (E0, F0),
  // surrogates (ED) and code points above U+10FFFF (F4).
  unsigned first_low = 0x80;
  unsigned first_high = 0xBF;
  char32_t cp = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    trail = 1;
    cp = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    trail = 2;
    cp = lead & 0x0F;
    if (lead == 0xE0) first_low = 0xA0;
    if (lead == 0xED) first_high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    trail = 3;
    cp = lead & 0x07;
    if (lead == 0xF0) first_low = 0x90;
    if (lead == 0xF4) first_high = 0x8F;
  } else {
    return {U'\uFFFD', 1, false};
  }

  for (std::size_t k = 1; k <= trail; ++k) {
    if (pos + k >= bytes.size()) return {U'\uFFFD', k, false};
    const unsigned b = byte(pos + k);
    const unsigned low = k == 1 ? first_low : 0x80;
    const unsigned high = k == 1 ? first_high : 0xBF;
    if (b < low || b > high) return {U'\uFFFD', k, false};
    cp = (cp << 6) | (b & 0x3F);
  }
  return {cp, trail + 1, true};
}

// The length of the well-formed non-ASCII sequence at bytes[pos] (lead byte >= 0x80), 0 if it is
// ill-formed. Three-byte sequences whose lead puts no narrower bound on the first trail byte (all of
// CJK) need only their trail bytes' form checked; E0, ED and the rest go through the decoder.
inline std::size_t valid_multibyte_length(std::string_view bytes, std::size_t pos) noexcept {
  const auto lead = static_cast<unsigned char>(bytes[pos]);
  if (((lead >= 0xE1 && lead <= 0xEC) || lead == 0xEE || lead == 0xEF) && bytes.size() - pos >= 3 &&
      (static_cast<unsigned char>(bytes[pos + 1]) & 0xC0) == 0x80 && (static_cast<unsigned char>(bytes[pos + 2]) & 0xC0) == 0x80)
    return 3;
  const auto seq = decode_utf8(bytes, pos);
  return seq.valid ? seq.length : 0;
}

// Appends a Unicode scalar value (not a surrogate, at most U+10FFFF) as UTF-8.
inline void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace intake::text::detail
