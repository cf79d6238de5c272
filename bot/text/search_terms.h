// Search terms for full-text search over Chinese text with SQLite FTS5's unicode61 tokenizer, which
// does not split Chinese: text is normalised (full-width, case, Traditional) and every run of Han
// characters becomes its overlapping bigrams ("社保缓缴" → "社保 保缓 缓缴"); other words stay words.
// A query word becomes an FTS5 phrase of its own bigrams, so it matches exactly where the word
// occurs. Pure; thread-safe; never throws except std::bad_alloc.
#pragma once
#include <string>
#include <string_view>

namespace intake::text {

// Space-separated terms to index for `valid_utf8`.
std::string search_terms(std::string_view valid_utf8);

// An FTS5 MATCH expression requiring every word of `query` (space-separated) to occur; empty when
// the query has nothing searchable (a word needs two Han characters or one letter or digit).
std::string search_query(std::string_view valid_utf8);

}  // namespace intake::text
