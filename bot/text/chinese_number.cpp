#include "bot/text/chinese_number.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <span>
#include <string>
#include <vector>

#include "bot/text/chinese_digit.h"
#include "bot/text/utf8_decode.h"

// Hand-written rather than ICU's spell-out RBNF, which reads 一千二 as 1002, 两万五 as 20005, stops
// after the first character of 二零二零 and knows neither 幺, 廿 nor 1.2万 (see
// the project notes on ICU and Chinese, section 4).
namespace intake::text {
namespace {

using code_points = std::span<const char32_t>;

constexpr double wan = 1e4;
constexpr double yi = 1e8;

double small_unit(char32_t c) {
  switch (c) {
    case U'十': case U'拾': return 10;
    case U'百': case U'佰': return 100;
    case U'千': case U'仟': return 1000;
    default: return 0;
  }
}

double big_unit(char32_t c) {
  switch (c) {
    case U'万': return wan;
    case U'亿': return yi;
    default: return 0;
  }
}

// 廿, 卅 and 卌 are contractions of 二十, 三十 and 四十.
double tens_contraction(char32_t c) {
  switch (c) {
    case U'廿': return 20;
    case U'卅': return 30;
    case U'卌': return 40;
    default: return 0;
  }
}

bool is_ascii_digit(char32_t c) { return c >= U'0' && c <= U'9'; }
bool is_decimal_point(char32_t c) { return c == U'.' || c == U'点'; }
bool is_unit(char32_t c) { return small_unit(c) != 0 || big_unit(c) != 0 || tens_contraction(c) != 0; }

// An ASCII digit run, optionally grouped as 1,200 or 12,345,678; returns the digits only.
std::optional<std::string> ascii_digits(code_points cps) {
  std::string digits;
  std::size_t group = 0;  // digits since the last comma
  bool grouped = false;
  for (char32_t c : cps) {
    if (is_ascii_digit(c)) {
      digits += static_cast<char>(c);
      ++group;
    } else if (c == U',') {
      if (group == 0 || group > 3 || (grouped && group != 3)) return std::nullopt;
      grouped = true;
      group = 0;
    } else {
      return std::nullopt;
    }
  }
  if (digits.empty() || (grouped && group != 3)) return std::nullopt;
  return digits;
}

// A digit-by-digit string in one script: 1200, 1,200, 二零二零, 一二三.
std::optional<std::string> digit_string(code_points cps) {
  if (cps.empty()) return std::nullopt;
  if (is_ascii_digit(cps.front())) return ascii_digits(cps);
  std::string digits;
  for (char32_t c : cps) {
    const int d = detail::chinese_digit(c);
    if (d < 0) return std::nullopt;
    digits += static_cast<char>('0' + d);
  }
  return digits;
}

std::optional<double> to_double(const std::string& decimal) {
  double value = 0;
  const char* end = decimal.data() + decimal.size();
  const auto [ptr, ec] = std::from_chars(decimal.data(), end, value);
  if (ec != std::errc() || ptr != end || !std::isfinite(value)) return std::nullopt;
  return value;
}

struct integer_part {
  std::string digits;           // exact decimal digits, so a fraction can be appended losslessly
  double largest_unit = 1;      // 1 when written digit by digit
};

// Reads a number built with units (三千五百万, 两万五, 3万5千), one token at a time, keeping the
// value as 亿 part + 万 part + section below 万 + a digit still waiting for its unit.
class unit_reader {
 public:
  explicit unit_reader(bool allow_colloquial_tail) : allow_colloquial_tail_(allow_colloquial_tail) {}

  std::optional<integer_part> read(code_points cps) {
    for (std::size_t i = 0; i < cps.size();) {
      const char32_t c = cps[i];
      bool ok = false;
      if (is_ascii_digit(c)) {
        std::size_t end = i;
        while (end < cps.size() && (is_ascii_digit(cps[end]) || cps[end] == U',')) ++end;
        ok = arabic(cps.subspan(i, end - i));
        i = end;
        if (!ok) return std::nullopt;
        continue;
      }
      if (const int d = detail::chinese_digit(c); d > 0) {
        ok = digit(d, 1);
      } else if (d == 0) {
        ok = zero();
      } else if (const double u = small_unit(c); u != 0) {
        ok = small(u);
      } else if (const double t = tens_contraction(c); t != 0) {
        ok = tens(t);
      } else if (const double b = big_unit(c); b != 0) {
        ok = big(b);
      }
      if (!ok) return std::nullopt;
      ++i;
    }
    if (previous_ == token::none || previous_ == token::zero) return std::nullopt;
    const auto rest = close_section(true);
    if (!rest) return std::nullopt;
    const double value = yi_part_ + wan_part_ + *rest;
    std::array<char, 64> buffer{};
    const auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value, std::chars_format::fixed);
    if (ec != std::errc()) return std::nullopt;
    return integer_part{std::string(buffer.data(), end), largest_unit_};
  }

 private:
  enum class token { none, digit, zero, small_unit, big_unit };

  bool arabic(code_points run) {
    const auto digits = ascii_digits(run);
    if (!digits) return false;
    const auto value = to_double(*digits);
    return value && digit(*value, digits->size());
  }

  bool digit(double value, std::size_t width) {
    if (previous_ == token::digit) return false;  // 一二千, 三5千
    pending_ = value;
    pending_width_ = width;
    pending_follows_ = previous_;
    pending_unit_ = unit_before_digit_;
    previous_ = token::digit;
    return true;
  }

  // 零 only marks a skipped place (一百零五, 两千零八), so it sits between a unit and a digit.
  bool zero() {
    if (previous_ != token::small_unit && previous_ != token::big_unit) return false;
    previous_ = token::zero;
    return true;
  }

  bool small(double unit) {
    if (unit >= section_floor_) return false;  // 十百, 三十五十
    double multiplier = 1;                      // a bare 十 is 一十: 十五, 二百十
    if (previous_ == token::digit) {
      if (pending_width_ != 1 || pending_ < 1) return false;  // 12百, 0千
      multiplier = pending_;
    } else if (unit != 10) {
      return false;  // 百万 and 千万 alone are idioms more often than amounts
    }
    section_ += multiplier * unit;
    after_unit(token::small_unit, unit);
    section_floor_ = unit;
    return true;
  }

  bool tens(double value) {
    if (previous_ == token::digit || 10 >= section_floor_) return false;
    section_ += value;
    after_unit(token::small_unit, 10);
    section_floor_ = 10;
    return true;
  }

  bool big(double unit) {
    if (previous_ == token::zero || previous_ == token::none) return false;  // 一千零万, 万
    const auto section = close_section(false);
    if (!section) return false;
    if (unit == wan) {
      if (wan_part_ != 0 || *section <= 0 || *section >= wan) return false;  // 一万二万, 12000万
      wan_part_ = *section * wan;
    } else {
      const double multiplier = wan_part_ + *section;  // 一万亿 is 10^12
      if (yi_part_ != 0 || multiplier <= 0) return false;
      yi_part_ = multiplier * yi;
      wan_part_ = 0;
    }
    section_ = 0;
    section_floor_ = wan;
    after_unit(token::big_unit, unit);
    return true;
  }

  void after_unit(token kind, double unit) {
    previous_ = kind;
    unit_before_digit_ = unit;
    pending_ = 0;
    pending_width_ = 0;
    if (unit > largest_unit_) largest_unit_ = unit;
  }

  // The section below 万 plus the digit waiting at its end. A lone digit right after a unit
  // means one place lower (一千二 = 1200, 一百一 = 110); at the very end that also holds after 万
  // and 亿 (两万五 = 25000, 一亿五 = 1.5亿), but before a big unit it does not (一亿五万 = 100050000).
  // After 零 the digit is literal (两千零八 = 2008).
  std::optional<double> close_section(bool at_end) {
    if (previous_ != token::digit) return section_;
    const bool after_unit = pending_follows_ == token::small_unit || pending_follows_ == token::big_unit;
    const bool colloquial = after_unit && pending_width_ == 1 && pending_unit_ > 10 &&
                            (at_end || pending_follows_ == token::small_unit);
    if (colloquial) {
      // 一千二点五 could be 1200.5 or 1002.5; refuse to guess.
      if (at_end && !allow_colloquial_tail_) return std::nullopt;
      return section_ + pending_ * (pending_unit_ / 10);
    }
    // A literal tail must fit below the place it follows (3万5000, not 3万50000).
    if (pending_follows_ != token::none && pending_ >= pending_unit_) return std::nullopt;
    return section_ + pending_;
  }

  bool allow_colloquial_tail_;
  double yi_part_ = 0;
  double wan_part_ = 0;
  double section_ = 0;
  double section_floor_ = wan;  // small units within a section must decrease
  double pending_ = 0;
  std::size_t pending_width_ = 0;
  token pending_follows_ = token::none;
  double pending_unit_ = 0;
  double unit_before_digit_ = 0;
  token previous_ = token::none;
  double largest_unit_ = 1;
};

std::optional<integer_part> parse_integer(code_points cps, bool allow_colloquial_tail) {
  if (cps.empty()) return std::nullopt;
  if (std::ranges::none_of(cps, is_unit)) {
    auto digits = digit_string(cps);
    if (!digits) return std::nullopt;
    return integer_part{std::move(*digits), 1};
  }
  return unit_reader(allow_colloquial_tail).read(cps);
}

// Units that may scale a decimal: 1.2万, 一点五亿, 2.5千. Not 十: nobody writes 1.5十.
int suffix_exponent(char32_t c) {
  switch (c) {
    case U'百': case U'佰': return 2;
    case U'千': case U'仟': return 3;
    case U'万': return 4;
    case U'亿': return 8;
    default: return -1;
  }
}

// integer part, a decimal point, fraction digits in one script, and optionally one unit.
std::optional<double> parse_decimal(code_points whole, code_points fraction) {
  int exponent = 0;
  if (!fraction.empty() && suffix_exponent(fraction.back()) >= 0) {
    exponent = suffix_exponent(fraction.back());
    fraction = fraction.first(fraction.size() - 1);
  }
  if (fraction.empty() || std::ranges::find(fraction, U',') != fraction.end()) return std::nullopt;
  const auto fraction_digits = digit_string(fraction);
  const auto integer = parse_integer(whole, false);
  if (!fraction_digits || !integer) return std::nullopt;
  if (exponent > 0 && integer->largest_unit >= std::pow(10.0, exponent)) return std::nullopt;  // 两万点五万
  // Shift the point in text so 1.1亿 is exactly 110000000, which 1.1 * 1e8 is not.
  return to_double(integer->digits + "." + *fraction_digits + "e" + std::to_string(exponent));
}

}  // namespace

std::optional<double> parse_number(std::string_view normalized) {
  std::vector<char32_t> cps;
  cps.reserve(normalized.size());
  for (std::size_t pos = 0; pos < normalized.size();) {
    const auto seq = detail::decode_utf8(normalized, pos);
    if (!seq.valid) return std::nullopt;
    cps.push_back(seq.code_point);
    pos += seq.length;
  }
  const code_points all(cps);
  const auto point = std::ranges::find_if(all, is_decimal_point);
  if (point == all.end()) {
    const auto integer = parse_integer(all, true);
    if (!integer) return std::nullopt;
    return to_double(integer->digits);
  }
  const auto at = static_cast<std::size_t>(point - all.begin());
  const auto fraction = all.subspan(at + 1);
  if (std::ranges::any_of(fraction, is_decimal_point)) return std::nullopt;  // 1.2.3
  return parse_decimal(all.first(at), fraction);
}

}  // namespace intake::text
