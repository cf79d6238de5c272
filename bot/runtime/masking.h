// Masks personal data for lists and logs: 13800138000 → 138****8000, 0791-86123456 → 0791-****3456,
// 91360100MA35G2XX05 → 913601**********05. Pure; thread-safe; never throws except std::bad_alloc.
#pragma once
#include <string>
#include <string_view>

namespace intake::runtime {

std::string mask_phone(std::string_view phone);
std::string mask_credit_code(std::string_view code);
// What an owner wrote, for lists and live events: every run of seven or more digits (a phone, an ID
// number) and every 18-character run of letters and digits with eight or more digits (a credit
// code) is masked as above; the rest stays. Runs are ASCII: the engine's texts are as typed, and
// full-width digits are left to the views that show a case whole.
std::string mask_in_text(std::string_view text);

}  // namespace intake::runtime
