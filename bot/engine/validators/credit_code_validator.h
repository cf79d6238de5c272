// 统一社会信用代码 (unified social credit code) per GB 32100-2015.
// Pure; thread-safe; never throws.
#pragma once
#include <string_view>
#include "bot/engine/validation_result.h"

namespace intake::engine {

// `normalized` is normalizer::for_matching output (half-width, lower case). Spaces and dashes
// between characters are ignored. Accepts → the 18-character code in upper case (string).
// Rejects with:
//   error.credit_code.length     {length}               not 18 characters
//   error.credit_code.character  {position, character}  a character outside the GB 32100 charset
//                                                       (position is 1-based; I O Z S V are never used)
//   error.credit_code.check      {}                     the 18th (check) character does not match
validation_result validate_credit_code(std::string_view normalized);

}  // namespace intake::engine
