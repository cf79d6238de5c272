#include "bot/text/search_terms.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <vector>

#include "bot/text/normalizer.h"

namespace intake::text {
namespace {

bool is_han(UChar32 c) {
  UErrorCode status = U_ZERO_ERROR;
  return uscript_getScript(c, &status) == USCRIPT_HAN;
}

// Terms of one word (no spaces inside), in text order.
std::vector<std::string> word_terms(const std::string& normalized) {
  std::vector<std::string> terms, han;
  std::string other;
  auto flush_han = [&] {
    if (han.size() == 1) terms.push_back(han.front());
    for (std::size_t i = 0; i + 1 < han.size(); ++i) terms.push_back(han[i] + han[i + 1]);
    han.clear();
  };
  auto flush_other = [&] {
    if (!other.empty()) terms.push_back(other);
    other.clear();
  };
  const auto length = static_cast<int32_t>(normalized.size());
  for (int32_t i = 0; i < length;) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(normalized.data(), i, length, c);
    const std::string piece = normalized.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(i - start));
    if (c >= 0 && is_han(c)) {
      flush_other();
      han.push_back(piece);
    } else if (c >= 0 && (u_isalnum(c))) {
      flush_han();
      other += piece;
    } else {
      flush_han();
      flush_other();
    }
  }
  flush_han();
  flush_other();
  return terms;
}

// One Han character and nothing else: a UTF-8 sequence of three or four bytes, never ASCII.
bool lone_han_character(const std::vector<std::string>& terms) {
  return terms.size() == 1 && terms.front().size() >= 3 && terms.front().size() <= 4 &&
         static_cast<unsigned char>(terms.front()[0]) >= 0x80;
}

std::string join(const std::vector<std::string>& terms) {
  std::string out;
  for (const auto& term : terms) {
    if (!out.empty()) out += ' ';
    out += term;
  }
  return out;
}

}  // namespace

std::string search_terms(std::string_view valid_utf8) { return join(word_terms(normalizer::instance().for_matching(valid_utf8))); }

std::string search_query(std::string_view valid_utf8) {
  const std::string normalized = normalizer::instance().for_matching(valid_utf8);
  std::string query;
  std::size_t start = 0;
  while (start <= normalized.size()) {
    std::size_t end = normalized.find(' ', start);
    if (end == std::string::npos) end = normalized.size();
    const auto terms = word_terms(normalized.substr(start, end - start));
    // A lone Han character is too common to search for; every other word must occur as a phrase.
    if (!terms.empty() && !lone_han_character(terms)) {
      if (!query.empty()) query += " AND ";
      // Appended piece by piece: `"\"" + string` trips GCC 12's false -Wrestrict (bug 105651).
      query += '"';
      query += join(terms);  // terms hold no quotes: only letters, digits and Han
      query += '"';
    }
    start = end + 1;
  }
  return query;
}

}  // namespace intake::text
