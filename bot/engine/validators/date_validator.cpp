#include "bot/engine/validators/date_validator.h"

#include <array>
#include <chrono>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "bot/text/chinese_number.h"

namespace intake::engine {
namespace {

using namespace std::chrono;

constexpr std::int64_t china_offset_ms = 8LL * 3600 * 1000;

sys_days china_day_of(std::int64_t unix_ms) { return floor<days>(sys_time<milliseconds>{milliseconds{unix_ms + china_offset_ms}}); }

std::string iso(sys_days day) {
  const year_month_day ymd{day};
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return text;
}

struct relative_word {
  std::string_view word;
  int offset;
};
constexpr std::array<relative_word, 12> relative_words{{{"大后天", 3},
                                                        {"大前天", -3},
                                                        {"今天", 0},
                                                        {"今日", 0},
                                                        {"明天", 1},
                                                        {"明日", 1},
                                                        {"后天", 2},
                                                        {"昨天", -1},
                                                        {"前天", -2},
                                                        {"today", 0},
                                                        {"tomorrow", 1},
                                                        {"yesterday", -1}}};

// Splits the text into the numbers it holds, in order, reading each run of digits or Chinese
// numerals as one number; 年 月 日 号 - / . and spaces separate them. Anything else ends the date.
std::optional<std::vector<int>> date_parts(std::string_view text, bool& has_year_mark) {
  std::vector<int> parts;
  std::string run;
  auto flush = [&]() -> bool {
    if (run.empty()) return true;
    const auto value = text::parse_number(run);
    run.clear();
    if (!value || *value < 0 || *value > 9999 || static_cast<double>(static_cast<int>(*value)) != *value) return false;
    parts.push_back(static_cast<int>(*value));
    return true;
  };
  static const std::vector<std::string_view> separators{"年", "月", "日", "号", "-", "/", ".", " "};
  static const std::vector<std::string_view> numerals{"零", "〇", "一", "二", "两", "三", "四", "五", "六", "七", "八", "九", "十", "廿", "卅"};
  for (std::size_t at = 0; at < text.size();) {
    const char c = text[at];
    if (c >= '0' && c <= '9') {
      run += c;
      ++at;
      continue;
    }
    bool matched = false;
    for (const auto numeral : numerals)
      if (text.substr(at).starts_with(numeral)) {
        run += numeral;
        at += numeral.size();
        matched = true;
        break;
      }
    if (matched) continue;
    for (const auto separator : separators)
      if (text.substr(at).starts_with(separator)) {
        if (separator == "年") has_year_mark = true;
        if (!flush()) return std::nullopt;
        at += separator.size();
        matched = true;
        break;
      }
    if (!matched) return std::nullopt;
  }
  if (!flush()) return std::nullopt;
  return parts;
}

std::optional<sys_days> civil(int y, int m, int d) {
  const year_month_day date{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
  if (y < 1900 || y > 2200 || !date.ok()) return std::nullopt;
  return sys_days{date};
}

// Words around a date that do not change it: 大概, 是, 在, 左右.
std::string_view without_hedges(std::string_view text) {
  static const std::vector<std::string_view> prefixes{"大概", "大约", "预计", "计划", "应该是", "是", "在", "约"};
  static const std::vector<std::string_view> suffixes{"左右", "前后", "之前", "以前", "开始", "那天", "吧"};
  for (bool changed = true; changed;) {
    changed = false;
    for (const auto p : prefixes)
      if (text.starts_with(p)) {
        text.remove_prefix(p.size());
        changed = true;
      }
    for (const auto s : suffixes)
      if (text.ends_with(s)) {
        text.remove_suffix(s.size());
        changed = true;
      }
    while (text.starts_with(' ')) (text.remove_prefix(1), changed = true);
    while (text.ends_with(' ')) (text.remove_suffix(1), changed = true);
  }
  return text;
}

}  // namespace

validation_result validate_date(std::string_view normalized, std::int64_t today_ms, std::int64_t days_before, std::int64_t days_after) {
  const sys_days today = china_day_of(today_ms);
  const std::string_view text = without_hedges(normalized);
  std::optional<sys_days> found;
  for (const auto& relative : relative_words)
    if (text == relative.word) found = today + days{relative.offset};
  if (!found) {
    bool has_year_mark = false;
    const auto parts = date_parts(text, has_year_mark);
    if (parts && parts->size() == 3) {
      found = civil((*parts)[0], (*parts)[1], (*parts)[2]);
    } else if (parts && parts->size() == 2 && !has_year_mark) {
      // 3月10日 without a year: this year's, or else the next or last year's that the step allows
      // (said in December about a March deadline, it is next March).
      const int this_year = static_cast<int>(year_month_day{today}.year());
      for (const int year : {this_year, this_year + 1, this_year - 1}) {
        const auto candidate = civil(year, (*parts)[0], (*parts)[1]);
        if (!candidate) break;
        if (!found) found = candidate;
        if (*candidate >= today - days{days_before} && *candidate <= today + days{days_after}) {
          found = candidate;
          break;
        }
      }
    }
  }
  if (!found) return validation_result::reject("error.date.not_a_date");
  if (*found < today - days{days_before}) return validation_result::reject("error.date.too_early", {{"earliest", iso(today - days{days_before})}});
  if (*found > today + days{days_after}) return validation_result::reject("error.date.too_late", {{"latest", iso(today + days{days_after})}});
  return validation_result::accept(iso(*found));
}

}  // namespace intake::engine
