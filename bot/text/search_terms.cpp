#include "bot/text/search_terms.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <string_view>

#include "bot/text/normalizer.h"

namespace intake::text {
namespace {

bool is_han(UChar32 c) {
  UErrorCode status = U_ZERO_ERROR;
  return uscript_getScript(c, &status) == USCRIPT_HAN;
}

// Calls `term` with each term of `normalized`, in text order. Every term is a piece of the text
// itself (a bigram is two adjacent characters), so none is copied.
template <class Term>
void for_each_term(std::string_view normalized, Term&& term) {
  constexpr std::size_t none = std::string_view::npos;
  std::size_t han_start = none, han_end = 0;  // the Han run's last character so far
  bool han_alone = false;                     // the run holds only that one character
  std::size_t other_start = none;             // a run of letters and digits
  const auto flush_han = [&] {
    if (han_start != none && han_alone) term(normalized.substr(han_start, han_end - han_start));
    han_start = none;
  };
  const auto flush_other = [&](std::size_t end) {
    if (other_start != none) term(normalized.substr(other_start, end - other_start));
    other_start = none;
  };
  const auto length = static_cast<int32_t>(normalized.size());
  for (int32_t i = 0; i < length;) {
    const auto start = static_cast<std::size_t>(i);
    UChar32 c;
    U8_NEXT(normalized.data(), i, length, c);
    const auto end = static_cast<std::size_t>(i);
    if (c >= 0 && is_han(c)) {
      flush_other(start);
      if (han_start != none) term(normalized.substr(han_start, end - han_start));  // with the one before
      han_alone = han_start == none;
      han_start = start;
      han_end = end;
    } else if (c >= 0 && u_isalnum(c)) {
      flush_han();
      if (other_start == none) other_start = start;
    } else {
      flush_han();
      flush_other(start);
    }
  }
  flush_han();
  flush_other(normalized.size());
}

// One Han character and nothing else: a UTF-8 sequence of three or four bytes, never ASCII.
bool lone_han_character(std::string_view term) {
  return term.size() >= 3 && term.size() <= 4 && static_cast<unsigned char>(term[0]) >= 0x80;
}

}  // namespace

std::string search_terms(std::string_view valid_utf8) {
  const std::string normalized = normalizer::instance().for_matching(valid_utf8);
  std::string terms;
  terms.reserve(normalized.size() * 2);  // Han bigrams: each character but the run's ends twice
  for_each_term(normalized, [&](std::string_view term) {
    if (!terms.empty()) terms += ' ';
    terms += term;
  });
  return terms;
}

std::string search_query(std::string_view valid_utf8) {
  const std::string normalized = normalizer::instance().for_matching(valid_utf8);
  const std::string_view text(normalized);
  std::string query;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string_view::npos) end = text.size();
    std::string phrase;
    std::size_t count = 0;
    std::string_view only;
    for_each_term(text.substr(start, end - start), [&](std::string_view term) {
      if (count++ > 0) phrase += ' ';
      phrase += term;
      only = term;
    });
    // A lone Han character is too common to search for; every other word must occur as a phrase.
    if (count > 1 || (count == 1 && !lone_han_character(only))) {
      if (!query.empty()) query += " AND ";
      // Appended piece by piece: `"\"" + string` trips GCC 12's false -Wrestrict (bug 105651).
      query += '"';
      query += phrase;  // terms hold no quotes: only letters, digits and Han
      query += '"';
    }
    start = end + 1;
  }
  return query;
}

}  // namespace intake::text
