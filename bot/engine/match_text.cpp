#include "bot/engine/match_text.h"

#include <algorithm>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "bot/text/normalizer.h"
#include "bot/text/utf8.h"

namespace intake::engine {

std::string match_form(std::string_view valid_utf8) {
  const std::string normalized = text::normalizer::instance().for_matching(valid_utf8);
  std::string out;
  out.reserve(normalized.size());
  bool pending_space = false;
  int32_t i = 0;
  const auto length = static_cast<int32_t>(normalized.size());
  while (i < length) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(normalized.data(), i, length, c);
    const int8_t type = static_cast<int8_t>(u_charType(c));
    const bool separator = c < 0 || c == ' ' || u_ispunct(c) || type == U_MATH_SYMBOL || type == U_CURRENCY_SYMBOL ||
                           type == U_MODIFIER_SYMBOL || type == U_OTHER_SYMBOL;
    // "?" and "&" carry meaning in a few command words and industry names ("r&d"); a point between
    // digits is a decimal point (1.2万).
    const bool decimal_point = c == '.' && !out.empty() && !pending_space && out.back() >= '0' && out.back() <= '9' &&
                               i < length && normalized[static_cast<std::size_t>(i)] >= '0' && normalized[static_cast<std::size_t>(i)] <= '9';
    if (separator && c != '?' && c != '&' && !decimal_point) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out.append(normalized, static_cast<std::size_t>(start), static_cast<std::size_t>(i - start));
  }
  return out;
}

bool has_words(std::string_view form) { return form.find_first_not_of(" ?&") != std::string_view::npos; }

std::string symbol_form(std::string_view valid_utf8) {
  std::string out;
  std::string_view last_kept;  // the last pictograph appended, to keep a repeated one once
  bool joined = false;         // just after a zero-width joiner: the next pictograph belongs to the sequence
  int32_t i = 0;
  const auto length = static_cast<int32_t>(valid_utf8.size());
  while (i < length) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(valid_utf8.data(), i, length, c);
    if (c == 0x200D) {
      joined = true;
      continue;
    }
    const bool pictograph = c >= 0x80 && (u_charType(c) == U_OTHER_SYMBOL || u_hasBinaryProperty(c, UCHAR_EXTENDED_PICTOGRAPHIC));
    if (!pictograph || u_hasBinaryProperty(c, UCHAR_EMOJI_MODIFIER)) continue;
    if (joined) {
      joined = false;
      continue;
    }
    const std::string_view character = valid_utf8.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(i - start));
    if (character == last_kept) continue;
    out.append(character);
    last_kept = character;
  }
  return out;
}

namespace {

std::string_view trimmed(std::string_view form) {
  while (form.starts_with(' ')) form.remove_prefix(1);
  while (form.ends_with(' ')) form.remove_suffix(1);
  return form;
}

}  // namespace

std::string_view without_one_filler(std::string_view form, const std::vector<std::string>& prefixes, const std::vector<std::string>& suffixes) {
  form = trimmed(form);
  for (const auto& filler : prefixes) {
    if (!form.starts_with(filler)) continue;
    const std::string_view rest = form.substr(filler.size());
    if (is_ascii(filler) && !rest.empty() && rest.front() != ' ') continue;  // "um" is no filler in "umbrella"
    return trimmed(rest);
  }
  for (const auto& filler : suffixes) {
    if (!form.ends_with(filler)) continue;
    const std::string_view rest = form.substr(0, form.size() - filler.size());
    if (is_ascii(filler) && !rest.empty() && rest.back() != ' ') continue;
    return trimmed(rest);
  }
  return form;
}

std::string without_spaces(std::string_view form) {
  std::string out;
  out.reserve(form.size());
  for (char c : form)
    if (c != ' ') out += c;
  return out;
}

std::string question_group(std::string_view form) {
  std::string group;
  for (char c : without_spaces(form))
    if (c != '?') group += c;
  return std::string(text::truncate_code_points(group, 500));
}

bool is_ascii(std::string_view text) {
  for (unsigned char c : text)
    if (c >= 0x80) return false;
  return true;
}

std::uint32_t character_key(std::string_view text, std::size_t at, std::size_t& length) {
  const auto lead = static_cast<unsigned char>(text[at]);
  length = lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
  length = std::min(length, text.size() - at);
  std::uint32_t key = 0;
  for (std::size_t i = 0; i < length; ++i) key = (key << 8) | static_cast<unsigned char>(text[at + i]);
  return key;
}

namespace {

// Whether needle occurs in haystack when the spaces of both are left out, without building either
// string without spaces (this runs for every cue word on every turn). A space byte never occurs
// inside a UTF-8 sequence, so comparing bytes is enough.
bool contains_ignoring_spaces(std::string_view haystack, std::string_view needle) {
  // Most inputs and cue words hold no space: then a plain search, which libc does a block at a
  // time, says the same.
  if (haystack.find(' ') == std::string_view::npos && needle.find(' ') == std::string_view::npos)
    return haystack.find(needle) != std::string_view::npos;
  if (needle.find_first_not_of(' ') == std::string_view::npos) return true;  // as "".find("") did
  for (std::size_t start = 0; start < haystack.size(); ++start) {
    if (haystack[start] == ' ') continue;
    std::size_t h = start;
    std::size_t n = 0;
    while (true) {
      while (n < needle.size() && needle[n] == ' ') ++n;
      if (n == needle.size()) return true;
      while (h < haystack.size() && haystack[h] == ' ') ++h;
      if (h == haystack.size() || haystack[h] != needle[n]) break;
      ++h;
      ++n;
    }
  }
  return false;
}

}  // namespace

bool contains_term(std::string_view haystack, std::string_view needle) {
  if (needle.empty()) return false;
  if (!is_ascii(needle)) return contains_ignoring_spaces(haystack, needle);
  auto is_word = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  for (std::size_t at = haystack.find(needle); at != std::string_view::npos; at = haystack.find(needle, at + 1)) {
    const bool starts = at == 0 || !is_word(haystack[at - 1]);
    const std::size_t end = at + needle.size();
    const bool ends = end == haystack.size() || !is_word(haystack[end]);
    if (starts && ends) return true;
  }
  return false;
}

}  // namespace intake::engine
