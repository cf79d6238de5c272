// Finds the quantity in what an owner says about a head count or an amount: 缺10个服务员, 现在还缺三四十个车工,
// 大概二三十万, 二十多个, 十来个, 50左右, about 30 to 40. It only finds and delimits the number; what
// the unit makes of it (元 or 万元, people) is the validators' business (quantity_validator.h).
// Pure functions; thread-safe; never throw.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace intake::text {

struct quantity_phrase {
  // The number as written, ready for parse_number: its magnitude kept (三十, 30万, 1.2万), the Latin
  // abbreviations spelt out (50w → 50万, 5k → 5千), approximation marks removed (二十多 → 二十).
  std::string low;
  // A range's other end in the same form (三四十 → 三十 and 四十, 30到40万 → 30万 and 40万); empty for
  // a single figure.
  std::string high;
  bool yuan = false;   // 元, 块, 块钱 or 元钱 follows a number
  // The figure is only a bound or a floor: 二十多, 三百余, 十来个, 十几, 50以上, 不到10, more than 20,
  // 20+. "About" words (约, 大概, 左右, 差不多, about, around) do not make a figure vague.
  bool vague = false;

  bool is_range() const { return !high.empty(); }
};

// `normalized` is normalizer::for_matching output. Words around the number are ignored (缺, 个, 车工,
// we need … workers). Returns nullopt when there is no number, or when what is there is not one
// quantity: two numbers that are not a range (35 40, 三十五和四十, 3月10号), a sign (-5), a share
// (80%, 百分之八十, 三成), a time or date (3个月, 10号, 2020年), 几 standing for a digit at the front
// (几十), or 一 that counts nobody (一个都不缺, 一个也没有).
// Ranges: two numbers joined by 到 / 至 / - / ~ / 或 / to / or / and, or two neighbouring digits
// (三四十, 十一二, 一两百, 二三十万, 三五个); the first end takes the second's magnitude when it has
// none and is smaller (30到40万 → 30万).
std::optional<quantity_phrase> find_quantity(std::string_view normalized);

}  // namespace intake::text
