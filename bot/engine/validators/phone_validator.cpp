#include "bot/engine/validators/phone_validator.h"

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>

namespace intake::engine {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Separators people put between digit groups. Full-width forms are already half-width after
// normalisation; the em and en dashes of Chinese input methods are not, so they are listed.
constexpr std::string_view kMultiByteDashes[] = {"\xE2\x80\x94", "\xE2\x80\x93"};  // — –

struct digit_string {
  std::string digits;
  bool plus = false;  // a leading '+' (international prefix)
};

// The digits of `text`, or nullopt when it holds anything but digits, separators, one pair of
// parentheses, and a '+' before the first digit.
std::optional<digit_string> extract_digits(std::string_view text) {
  digit_string out;
  int open = 0;
  int close = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (is_digit(c)) {
      out.digits += c;
      ++i;
      continue;
    }
    if (c == ' ' || c == '-') {
      ++i;
      continue;
    }
    if (c == '(') {
      if (open > 0) return std::nullopt;
      ++open;
      ++i;
      continue;
    }
    if (c == ')') {
      if (close > 0 || open == 0) return std::nullopt;
      ++close;
      ++i;
      continue;
    }
    if (c == '+') {
      if (out.plus || !out.digits.empty()) return std::nullopt;
      out.plus = true;
      ++i;
      continue;
    }
    bool matched = false;
    for (std::string_view dash : kMultiByteDashes) {
      if (text.substr(i, dash.size()) == dash) {
        i += dash.size();
        matched = true;
        break;
      }
    }
    if (!matched) return std::nullopt;
  }
  if (open != close || out.digits.empty()) return std::nullopt;
  return out;
}

// Starts 1[3-9]: the shape of a mainland mobile number.
bool looks_like_mobile(std::string_view d) { return d.size() >= 2 && d[0] == '1' && d[1] >= '3' && d[1] <= '9'; }

validation_result format_error() { return validation_result::reject("error.phone.format"); }

}  // namespace

validation_result validate_phone(std::string_view normalized) {
  const std::optional<digit_string> parsed = extract_digits(normalized);
  if (!parsed) return format_error();

  std::string number = parsed->digits;
  bool international = false;
  if (parsed->plus) {
    if (!number.starts_with("86")) return format_error();  // only mainland numbers
    number.erase(0, 2);
    international = true;
  } else if (number.starts_with("0086")) {
    number.erase(0, 4);
    international = true;
  } else if (number.size() >= 12 && number.size() <= 14 && number.starts_with("86") &&
             looks_like_mobile(std::string_view(number).substr(2))) {
    number.erase(0, 2);  // 8613800138000: country code without + or 00
  }

  if (international) {
    if (number.empty()) return format_error();
    // In international form a landline drops the trunk 0 of its area code: +86 791 86123456.
    if (!looks_like_mobile(number) && number[0] != '0') number.insert(number.begin(), '0');
  }

  if (number[0] == '1') {
    if (!looks_like_mobile(number)) return format_error();
    if (number.size() != 11) return validation_result::reject("error.phone.mobile_length", {{"digits", number.size()}});
    return validation_result::accept(number);
  }

  if (number[0] == '0') {
    if (number.size() < 3) return format_error();
    std::size_t area_length = 0;
    if (number[1] == '1') {
      if (number[2] != '0') return format_error();  // 010 is the only area code starting 01
      area_length = 3;
    } else if (number[1] == '2') {
      area_length = 3;  // 020–029
    } else if (number[1] >= '3' && number[1] <= '9') {
      area_length = 4;
    } else {
      return format_error();
    }
    const std::size_t local_length = number.size() - std::min(area_length, number.size());
    if (local_length < 7 || local_length > 8) return format_error();
    return validation_result::accept(number.substr(0, area_length) + "-" + number.substr(area_length));
  }

  if (!international && number.size() >= 7 && number.size() <= 8) return validation_result::reject("error.phone.no_area_code");
  return format_error();
}

}  // namespace intake::engine
