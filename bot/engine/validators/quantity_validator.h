// Head counts and amounts of money as owners say them (35, ３５, 三十五人, 约200, 一千二, 1.2万, 1200000元,
// 缺10个服务员, 现在还缺三四十个车工, 大概二三十万, about 30 to 40). Pure; thread-safe; never throw. Built on
// text::find_quantity, which finds the number among the words, and text::parse_number.
//
// A figure given as such, approximate or not (35, 约200, 50左右, 大概100万), is accepted. A range
// (三四十, 30到40万) or a floor or bound (二十多, 十来个, 十几, 50以上, more than 20) is returned as an
// estimate (validation_result::estimate) for the owner to confirm: a range as its middle (三四十 →
// 35, 二三十万 → 25), a floor or bound as the figure said (二十多 → 20).
#pragma once
#include <cstdint>
#include <string_view>
#include "bot/engine/validation_result.h"

namespace intake::engine {

// A whole number of people between min and max inclusive; a range's middle rounded half up.
// Accepts (or estimates) → integer. Rejects with:
//   error.count.not_a_number {}     nothing that reads as one number of people (also 几十, 3个月, 80%,
//                                   35 40, an amount in 元)
//   error.count.not_integer  {}     a fraction of a person
//   error.count.too_small    {min}
//   error.count.too_large    {max}
validation_result validate_count(std::string_view normalized, std::int64_t min, std::int64_t max);

// An amount of money, answered in 万元 (ten thousand yuan). A bare number means 万元 (50 → 50);
// 万/万元/w → 万元 (五十万 → 50, 1.2万 → 1.2); 元/块/块钱 → divided by 10 000 (1200000元 → 120);
// 亿 → ×10 000 (1.5亿 → 15000); 千/k with 元 → yuan. Both ends of a range take one unit. Accepts (or
// estimates) → number of 万元 rounded to 4 decimals. Rejects with:
//   error.money.not_a_number {}
//   error.money.not_positive {}          zero or less
//   error.money.too_large    {max}       more than max_wan; the message suggests adding the unit 元
validation_result validate_money_wan(std::string_view normalized, double max_wan);

// A figure in a unit the flow names and the owner need not say (吨, 个月, 平方米): taken as said, with
// `decimals` places; ranges and bounds are estimates as above. An amount in 元 is no such figure.
// Rejects with:
//   error.number.not_a_number {}
//   error.number.too_small    {min}
//   error.number.too_large    {max}
validation_result validate_number(std::string_view normalized, double min, double max, int decimals);

}  // namespace intake::engine
