#include "bot/engine/validators/quantity_validator.h"

#include <cmath>
#include <optional>
#include <string>
#include <utility>

#include "bot/text/chinese_number.h"
#include "bot/text/quantity_phrase.h"

namespace intake::engine {
namespace {

std::optional<double> parse_finite(const std::string& text) {
  if (text.empty()) return std::nullopt;
  const std::optional<double> value = text::parse_number(text);
  if (!value || !std::isfinite(*value)) return std::nullopt;
  return value;
}

// The figure of a phrase and of its range's other end, lowest first; nullopt when either is no number.
std::optional<std::pair<double, double>> figures(const text::quantity_phrase& phrase) {
  const std::optional<double> low = parse_finite(phrase.low);
  if (!low) return std::nullopt;
  if (!phrase.is_range()) return std::pair{*low, *low};
  const std::optional<double> high = parse_finite(phrase.high);
  if (!high) return std::nullopt;
  return std::pair{std::min(*low, *high), std::max(*low, *high)};
}

// 万 or 亿 in a number means it was written out in full (五十万 = 500 000 元), and so does a trailing 千
// (5千, 5k = 5 000 元): nobody counts 万元 in thousands.
bool written_in_yuan(const std::string& number) {
  return number.find("万") != std::string::npos || number.find("亿") != std::string::npos || number.ends_with("千");
}

nlohmann::json number_arg(double value) {
  if (std::trunc(value) == value && std::fabs(value) < 9e15) return static_cast<std::int64_t>(value);
  return value;
}

}  // namespace

validation_result validate_count(std::string_view normalized, std::int64_t min, std::int64_t max) {
  const auto phrase = text::find_quantity(normalized);
  const auto range = phrase && !phrase->yuan ? figures(*phrase) : std::nullopt;
  if (!range) return validation_result::reject("error.count.not_a_number");
  const auto [low, high] = *range;
  if (std::trunc(low) != low || std::trunc(high) != high) return validation_result::reject("error.count.not_integer");
  // A range is recorded as its middle, a half rounded up: 三四十 → 35, 两三个 → 3.
  const double value = std::floor((low + high) / 2 + 0.5);
  if (value < static_cast<double>(min)) return validation_result::reject("error.count.too_small", {{"min", min}});
  if (value > static_cast<double>(max)) return validation_result::reject("error.count.too_large", {{"max", max}});
  const auto count = static_cast<std::int64_t>(value);
  if (phrase->is_range() || phrase->vague) return validation_result::estimate(count);
  return validation_result::accept(count);
}

validation_result validate_money_wan(std::string_view normalized, double max_wan) {
  const auto phrase = text::find_quantity(normalized);
  const auto range = phrase ? figures(*phrase) : std::nullopt;
  if (!range) return validation_result::reject("error.money.not_a_number");
  // One unit for both ends of a range: in 5000到1万 the 5000 is yuan too.
  const bool in_yuan = phrase->yuan || written_in_yuan(phrase->low) || written_in_yuan(phrase->high);
  const double middle = (range->first + range->second) / 2;
  const double wan = std::round((in_yuan ? middle / 10000.0 : middle) * 10000.0) / 10000.0;
  if (!(wan > 0)) return validation_result::reject("error.money.not_positive");
  if (wan > max_wan) return validation_result::reject("error.money.too_large", {{"max", number_arg(max_wan)}});
  if (phrase->is_range() || phrase->vague) return validation_result::estimate(wan);
  return validation_result::accept(wan);
}

}  // namespace intake::engine

namespace intake::engine {

validation_result validate_number(std::string_view normalized, double min, double max, int decimals) {
  const auto phrase = text::find_quantity(normalized);
  const auto range = phrase && !phrase->yuan ? figures(*phrase) : std::nullopt;
  if (!range) return validation_result::reject("error.number.not_a_number");
  const double scale = std::pow(10.0, decimals);
  const double value = std::round((range->first + range->second) / 2 * scale) / scale;
  if (value < min) return validation_result::reject("error.number.too_small", {{"min", number_arg(min)}});
  if (value > max) return validation_result::reject("error.number.too_large", {{"max", number_arg(max)}});
  if (phrase->is_range() || phrase->vague) return validation_result::estimate(number_arg(value));
  return validation_result::accept(number_arg(value));
}

}  // namespace intake::engine
