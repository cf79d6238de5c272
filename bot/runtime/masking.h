// Masks personal data for lists and logs: 13800138000 → 138****8000, 0791-86123456 → 0791-****3456,
// 91360100MA35G2XX05 → 913601**********05. Pure; thread-safe; never throws except std::bad_alloc.
#pragma once
#include <string>
#include <string_view>

namespace intake::runtime {

std::string mask_phone(std::string_view phone);
std::string mask_credit_code(std::string_view code);

}  // namespace intake::runtime
