// Contact telephone numbers in mainland China: mobiles and landlines with an area code.
// Pure; thread-safe; never throws.
#pragma once
#include <string_view>
#include "bot/engine/validation_result.h"

namespace intake::engine {

// `normalized` is normalizer::for_matching output. Accepts a mobile (11 digits starting 13–19, with
// spaces, dashes, a +86 / 0086 / 86 prefix) → "13800138000", or a landline with area code
// (0791-86123456, 0791 86123456, (0791)86123456, 079186123456, 010-12345678; 3-digit area codes are
// 010 and 02x, the rest have 4 digits; local part 7–8 digits) → "0791-86123456".
// Rejects with:
//   error.phone.mobile_length {digits}   looks like a mobile (starts with 1) but has the wrong length
//   error.phone.no_area_code  {}         7–8 digits only: a landline without its area code
//   error.phone.format        {}         anything else
validation_result validate_phone(std::string_view normalized);

}  // namespace intake::engine
