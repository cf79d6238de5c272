// A day as owners write it: 2026-12-07, 2026/12/7, 2026.12.7, 2026年12月7日, 十二月七号, 12月7日 (this
// year's, or the next or last year's when only that one lies within the step's limits), 12-07, 今天,
// 明天, 后天, 昨天, 前天; 下周一 and 月底 are not read (the owner is asked for the date). Pure; thread-safe; never
// throws.
#pragma once
#include <cstdint>
#include <string_view>

#include "bot/engine/validation_result.h"

namespace intake::engine {

// `today_ms` fixes 今天 and the year of a date without one (China time). Accepts → "YYYY-MM-DD".
// Rejects with:
//   error.date.not_a_date {}          nothing that reads as one day (also 2月30日)
//   error.date.too_early  {earliest}  more than days_before before today
//   error.date.too_late   {latest}    more than days_after after today
validation_result validate_date(std::string_view normalized, std::int64_t today_ms, std::int64_t days_before, std::int64_t days_after);

}  // namespace intake::engine
