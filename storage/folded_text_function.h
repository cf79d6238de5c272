// The SQL function intake_fold(text): the text as staff filters compare it (text::normalizer's
// for_matching: Traditional → Simplified, full-width → half-width, case folded, white space
// collapsed). Reports keep folded copies of the fields staff filter and search on, so that an owner
// who wrote 贛州市南康區 is found with 赣州; the owner's own words stay in the other columns.
// Thread-safety: register on each connection; the function itself is pure. Never throws; invalid
// UTF-8 is returned unchanged.
#pragma once
#include <string>
#include <string_view>

struct sqlite3;

namespace intake::storage {

// What intake_fold computes, for the needles staff type.
std::string fold_for_filter(std::string_view text);

// Registers intake_fold(text) on `db`. Returns SQLite's result code.
int register_folded_text_function(sqlite3* db);

}  // namespace intake::storage
