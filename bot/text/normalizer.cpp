#include "bot/text/normalizer.h"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <new>
#include <stdexcept>

#include "bot/text/utf8_decode.h"

namespace intake::text {
namespace {

struct t2s_pair {
  std::uint32_t from;
  std::uint32_t to;
};

// Regenerate with tools/t2s/gen_t2s.cpp. A table instead of ICU's transliterator because every
// transliterate() call takes a process-global mutex; the price is losing its few phrase rules.
constexpr t2s_pair t2s_table[] = {
#include "bot/text/t2s_table.inc"
};

static_assert(std::ranges::adjacent_find(t2s_table, [](const t2s_pair& a, const t2s_pair& b) {
                return a.from >= b.from;
              }) == std::ranges::end(t2s_table),
              "t2s_table must be sorted by code point without duplicates for binary search");

char32_t simplified(char32_t cp) {
  // Most text is ASCII or punctuation, all below the table's first entry.
  if (cp < t2s_table[0].from) return cp;
  const auto* it = std::ranges::lower_bound(t2s_table, static_cast<std::uint32_t>(cp), {}, &t2s_pair::from);
  return it != std::ranges::end(t2s_table) && it->from == cp ? static_cast<char32_t>(it->to) : cp;
}

struct normal_forms {
  const icu::Normalizer2* nfkc_casefold;
  const icu::Normalizer2* nfc;
};

normal_forms load_normal_forms() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc_casefold = icu::Normalizer2::getNFKCCasefoldInstance(status);
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status) || nfkc_casefold == nullptr || nfc == nullptr) {
    throw std::runtime_error(std::string("ICU normalisation data unavailable: ") + u_errorName(status));
  }
  return {nfkc_casefold, nfc};
}

// ICU owns these singletons; a failed load leaves the static uninitialised so the next call retries.
const normal_forms& forms() {
  static const normal_forms loaded = load_normal_forms();
  return loaded;
}

std::string normalize(const icu::Normalizer2& form, std::string_view text) {
  if (text.size() > static_cast<std::size_t>(std::numeric_limits<int32_t>::max())) {
    throw std::length_error("text too long for ICU normalisation");
  }
  std::string out;
  out.reserve(text.size());
  icu::StringByteSink<std::string> sink(&out);
  UErrorCode status = U_ZERO_ERROR;
  form.normalizeUTF8(0, icu::StringPiece(text.data(), static_cast<int32_t>(text.size())), sink, nullptr, status);
  if (status == U_MEMORY_ALLOCATION_ERROR) throw std::bad_alloc();
  if (U_FAILURE(status)) throw std::runtime_error(std::string("ICU normalisation failed: ") + u_errorName(status));
  return out;
}

bool is_white_space(char32_t cp) { return u_isUWhiteSpace(static_cast<UChar32>(cp)); }

bool is_control(char32_t cp) {
  const auto category = u_charType(static_cast<UChar32>(cp));
  return category == U_CONTROL_CHAR || category == U_FORMAT_CHAR;
}

bool may_precede_emoji_joiner(char32_t cp) {
  const auto c = static_cast<UChar32>(cp);
  return u_hasBinaryProperty(c, UCHAR_EXTENDED_PICTOGRAPHIC) || u_hasBinaryProperty(c, UCHAR_EMOJI_MODIFIER) ||
         cp == U'\uFE0F';
}

// True when something must be dropped, so the common case costs one scan and no copy.
bool has_removable_control(std::string_view text) {
  for (std::size_t pos = 0; pos < text.size();) {
    const auto seq = detail::decode_utf8(text, pos);
    pos += seq.length;
    if (!seq.valid || (is_control(seq.code_point) && !is_white_space(seq.code_point))) return true;
  }
  return false;
}

// Drops control and format characters before normalising, so that what they separated can
// compose (e + U+0001 + U+0301 must match é). White-space controls survive to become spaces. A
// zero-width joiner survives only inside an emoji sequence (👨‍👩‍👧), where it is visible as one glyph;
// elsewhere it is invisible noise, like every other format character (bidi overrides, tag
// characters that can hide text, BOM, soft hyphen).
std::string without_controls(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  char32_t previous = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    const auto seq = detail::decode_utf8(text, pos);
    pos += seq.length;
    const char32_t cp = seq.code_point;
    if (cp == U'\u200D' && may_precede_emoji_joiner(previous) && pos < text.size()) {
      const auto next = detail::decode_utf8(text, pos);
      if (u_hasBinaryProperty(static_cast<UChar32>(next.code_point), UCHAR_EXTENDED_PICTOGRAPHIC)) {
        detail::append_utf8(out, cp);
        previous = cp;
        continue;
      }
    }
    if (is_control(cp) && !is_white_space(cp)) continue;
    detail::append_utf8(out, cp);
    previous = cp;
  }
  return out;
}

enum class script { keep, simplify };

// For display only full-width letters and digits become ASCII (ＡＢＣ１２３ → ABC123); Chinese
// punctuation such as ，。！（） is what the owner wrote and stays.
bool is_full_width_alphanumeric(char32_t cp) {
  return (cp >= U'\uFF10' && cp <= U'\uFF19') || (cp >= U'\uFF21' && cp <= U'\uFF3A') || (cp >= U'\uFF41' && cp <= U'\uFF5A');
}

// Done before NFC, not after: a combining mark after ｏ must compose with the o it becomes
// (ｏ + U+0304 → ō), or the display form would not be NFC and would change when normalised again.
std::string narrow_alphanumerics(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t pos = 0; pos < text.size();) {
    const auto seq = detail::decode_utf8(text, pos);
    pos += seq.length;
    detail::append_utf8(out, is_full_width_alphanumeric(seq.code_point) ? seq.code_point - 0xFEE0 : seq.code_point);
  }
  return out;
}

// Looking first spares the common case (no full-width letters or digits) a copy.
bool has_full_width_alphanumeric(std::string_view text) {
  for (std::size_t pos = 0; pos < text.size();) {
    const auto seq = detail::decode_utf8(text, pos);
    pos += seq.length;
    if (is_full_width_alphanumeric(seq.code_point)) return true;
  }
  return false;
}

// After normalising; U+3000 and other wide spaces count as white space and become one U+0020.
std::string collapse_white_space(std::string_view normalized, script conversion) {
  std::string out;
  out.reserve(normalized.size());
  bool space_pending = false;
  for (std::size_t pos = 0; pos < normalized.size();) {
    const auto seq = detail::decode_utf8(normalized, pos);
    pos += seq.length;
    if (is_white_space(seq.code_point)) {
      space_pending = !out.empty();
      continue;
    }
    if (space_pending) {
      out += ' ';
      space_pending = false;
    }
    detail::append_utf8(out, conversion == script::simplify ? simplified(seq.code_point) : seq.code_point);
  }
  return out;
}

std::string pipeline(std::string_view text, const icu::Normalizer2& form, script conversion) {
  std::string cleaned;
  if (has_removable_control(text)) text = cleaned = without_controls(text);
  if (conversion == script::keep && has_full_width_alphanumeric(text)) text = cleaned = narrow_alphanumerics(text);
  return collapse_white_space(normalize(form, text), conversion);
}

}  // namespace

normalizer::normalizer() { forms(); }

const normalizer& normalizer::instance() {
  static const normalizer shared;
  return shared;
}

std::string normalizer::for_matching(std::string_view valid_utf8) const {
  return pipeline(valid_utf8, *forms().nfkc_casefold, script::simplify);
}

std::string normalizer::for_display(std::string_view valid_utf8) const {
  return pipeline(valid_utf8, *forms().nfc, script::keep);
}

std::string normalizer::to_simplified(std::string_view valid_utf8) const {
  std::string out;
  out.reserve(valid_utf8.size());
  for (std::size_t pos = 0; pos < valid_utf8.size();) {
    const auto seq = detail::decode_utf8(valid_utf8, pos);
    pos += seq.length;
    detail::append_utf8(out, simplified(seq.code_point));
  }
  return out;
}

}  // namespace intake::text
