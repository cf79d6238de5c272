#include "bot/engine/validators/quantity_validator.h"

#include <cmath>
#include <array>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>

#include "bot/text/chinese_number.h"

namespace intake::engine {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Drops every space except one between two ASCII digits ("35 40" stays two numbers and fails to
// parse; "约 200" and "50 万" become "约200" and "50万").
std::string drop_spaces(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == ' ') {
      const bool digit_before = !out.empty() && is_digit(out.back());
      const bool digit_after = i + 1 < text.size() && is_digit(text[i + 1]);
      if (digit_before && digit_after) out += ' ';
      continue;
    }
    out += text[i];
  }
  return out;
}

// Removes one of `words` from the front of `text`; true if one was removed. Comparing bytes is
// safe for UTF-8: a whole-character pattern can only match on character boundaries.
bool strip_prefix(std::string& text, std::span<const std::string_view> words) {
  for (std::string_view w : words) {
    if (text.starts_with(w)) {
      text.erase(0, w.size());
      return true;
    }
  }
  return false;
}

bool strip_suffix(std::string& text, std::span<const std::string_view> words) {
  for (std::string_view w : words) {
    if (text.ends_with(w)) {
      text.erase(text.size() - w.size());
      return true;
    }
  }
  return false;
}

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  for (std::size_t pos = text.find(from); pos != std::string::npos; pos = text.find(from, pos + to.size())) {
    text.replace(pos, from.size(), to);
  }
}

// Words around a number that only say it is approximate. Longer words come first so that 大约 is
// not read as 大 + 约.
constexpr std::array<std::string_view, 11> kApproxPrefixes = {
    "差不多", "大约", "大概", "将近", "接近", "一共", "总共", "约", "共", "有", "近"};
constexpr std::array<std::string_view, 5> kApproxSuffixes = {"左右", "上下", "多", "余", "来"};

constexpr std::array<std::string_view, 5> kPeopleUnits = {"个人", "人", "个", "名", "位"};

constexpr std::array<std::string_view, 1> kVagueDigit = {"几"};  // 二十几 → 20

// Neutral currency words: they name the currency, not the unit.
constexpr std::array<std::string_view, 3> kCurrencyWords = {"人民币", "rmb", "\xC2\xA5" /* ¥ */};
// Units that say the amount is in yuan.
constexpr std::array<std::string_view, 4> kYuanUnits = {"块钱", "元钱", "元", "块"};

// The largest magnitude characters of a Chinese number; 多/余/来 right before one of them is an
// approximation inside the number (三十多万 → 三十万).
constexpr std::array<std::string_view, 4> kMagnitudes = {"万", "亿", "千", "百"};

std::optional<double> parse_finite(const std::string& text) {
  if (text.empty()) return std::nullopt;
  const std::optional<double> value = text::parse_number(text);
  if (!value || !std::isfinite(*value)) return std::nullopt;
  return value;
}

nlohmann::json number_arg(double value) {
  if (std::trunc(value) == value && std::fabs(value) < 9e15) return static_cast<std::int64_t>(value);
  return value;
}

}  // namespace

validation_result validate_count(std::string_view normalized, std::int64_t min, std::int64_t max) {
  std::string text = drop_spaces(normalized);
  for (bool changed = true; changed;) {
    changed = strip_prefix(text, kApproxPrefixes) || strip_suffix(text, kApproxSuffixes) ||
              strip_suffix(text, kPeopleUnits) || strip_suffix(text, kVagueDigit);
  }

  const std::optional<double> value = parse_finite(text);
  if (!value) return validation_result::reject("error.count.not_a_number");
  if (std::trunc(*value) != *value) return validation_result::reject("error.count.not_integer");
  if (*value < static_cast<double>(min)) return validation_result::reject("error.count.too_small", {{"min", min}});
  if (*value > static_cast<double>(max)) return validation_result::reject("error.count.too_large", {{"max", max}});
  return validation_result::accept(static_cast<std::int64_t>(*value));
}

validation_result validate_money_wan(std::string_view normalized, double max_wan) {
  std::string text = drop_spaces(normalized);
  bool in_yuan = false;
  for (bool changed = true; changed;) {
    changed = strip_prefix(text, kApproxPrefixes) || strip_prefix(text, kCurrencyWords) ||
              strip_suffix(text, kApproxSuffixes) || strip_suffix(text, kCurrencyWords);
    if (strip_suffix(text, kYuanUnits)) {
      in_yuan = true;
      changed = true;
    }
  }
  // Latin abbreviations: 50w = 50万, 5k = 5千.
  if (text.ends_with('w')) text.replace(text.size() - 1, 1, "万");
  else if (text.ends_with('k')) text.replace(text.size() - 1, 1, "千");
  for (std::string_view approx : {"多", "余", "来"}) {
    for (std::string_view magnitude : kMagnitudes) {
      replace_all(text, std::string(approx) + std::string(magnitude), magnitude);
    }
  }
  // 万 or 亿 in the number means it was written out in full (五十万 = 500 000 元), and so does a
  // trailing 千 (5千, 5k = 5 000 元): nobody counts 万元 in thousands.
  if (text.find("万") != std::string::npos || text.find("亿") != std::string::npos || text.ends_with("千")) in_yuan = true;

  const std::optional<double> value = parse_finite(text);
  if (!value) return validation_result::reject("error.money.not_a_number");
  const double wan = std::round((in_yuan ? *value / 10000.0 : *value) * 10000.0) / 10000.0;
  if (!(wan > 0)) return validation_result::reject("error.money.not_positive");
  if (wan > max_wan) return validation_result::reject("error.money.too_large", {{"max", number_arg(max_wan)}});
  return validation_result::accept(wan);
}

}  // namespace intake::engine
