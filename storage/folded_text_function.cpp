#include "storage/folded_text_function.h"

#include <sqlite3.h>

#include "bot/text/normalizer.h"
#include "bot/text/utf8.h"

namespace intake::storage {
namespace {

void intake_fold(sqlite3_context* context, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return sqlite3_result_null(context);
  const auto* bytes = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
  const std::string_view text(bytes ? bytes : "", static_cast<std::size_t>(sqlite3_value_bytes(argv[0])));
  try {
    const std::string folded = fold_for_filter(text);
    sqlite3_result_text(context, folded.data(), static_cast<int>(folded.size()), SQLITE_TRANSIENT);
  } catch (const std::exception&) {
    sqlite3_result_error_nomem(context);
  }
}

}  // namespace

std::string fold_for_filter(std::string_view text) {
  if (!text::is_valid_utf8(text)) return std::string(text);
  return text::normalizer::instance().for_matching(text);
}

int register_folded_text_function(sqlite3* db) {
  return sqlite3_create_function_v2(db, "intake_fold", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, nullptr, intake_fold,
                                    nullptr, nullptr, nullptr);
}

}  // namespace intake::storage
