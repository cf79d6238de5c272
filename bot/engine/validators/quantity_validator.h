// Head counts and amounts of money as owners type them (35, ３５, 三十五人, 约200, 一千二, 1.2万, 1200000元).
// Pure; thread-safe; never throw. Built on text::parse_number.
#pragma once
#include <cstdint>
#include <string_view>
#include "bot/engine/validation_result.h"

namespace intake::engine {

// A whole number of people between min and max inclusive. Strips approximations (约, 大约, 大概,
// 差不多, 将近, 接近, 左右, 上下, 多) and units (人, 个, 名, 位, 个人). Accepts → integer.
// Rejects with:
//   error.count.not_a_number {}     nothing that reads as a number
//   error.count.not_integer  {}     a fraction of a person
//   error.count.too_small    {min}
//   error.count.too_large    {max}
validation_result validate_count(std::string_view normalized, std::int64_t min, std::int64_t max);

// An amount of money, answered in 万元 (ten thousand yuan). A bare number means 万元 (50 → 50);
// 万/万元/w → 万元 (五十万 → 50, 1.2万 → 1.2); 元/块/块钱 → divided by 10 000 (1200000元 → 120);
// 亿 → ×10 000 (1.5亿 → 15000); 千/k with 元 → yuan. Accepts → number of 万元 rounded to 4 decimals.
// Rejects with:
//   error.money.not_a_number {}
//   error.money.not_positive {}          zero or less
//   error.money.too_large    {max}       more than max_wan; the message suggests adding the unit 元
validation_result validate_money_wan(std::string_view normalized, double max_wan);

}  // namespace intake::engine
