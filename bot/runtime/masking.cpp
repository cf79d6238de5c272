#include "bot/runtime/masking.h"

namespace intake::runtime {
namespace {

// Keeps `head` and `tail` characters and stars out the middle; short values are starred whole.
std::string keep_ends(std::string_view text, std::size_t head, std::size_t tail) {
  if (text.size() <= head + tail) return std::string(text.size(), '*');
  return std::string(text.substr(0, head)) + std::string(text.size() - head - tail, '*') + std::string(text.substr(text.size() - tail));
}

}  // namespace

std::string mask_phone(std::string_view phone) {
  if (const auto dash = phone.find('-'); dash != std::string_view::npos)
    return std::string(phone.substr(0, dash + 1)) + keep_ends(phone.substr(dash + 1), 0, 4);
  return keep_ends(phone, 3, 4);
}

std::string mask_credit_code(std::string_view code) { return keep_ends(code, 6, 2); }

std::string mask_in_text(std::string_view text) {
  const auto alnum = [](char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); };
  std::string out;
  out.reserve(text.size());
  for (std::size_t at = 0; at < text.size();) {
    if (!alnum(text[at])) {
      out += text[at++];
      continue;
    }
    std::size_t end = at;
    std::size_t digits = 0;
    for (; end < text.size() && alnum(text[end]); ++end)
      if (text[end] >= '0' && text[end] <= '9') ++digits;
    const std::string_view run = text.substr(at, end - at);
    if (digits == run.size() && digits >= 9)
      out += keep_ends(run, 3, 4);  // a mobile number, as mask_phone
    else if (digits == run.size() && digits >= 7)
      out += keep_ends(run, 0, 4);  // a landline's local number
    else if (run.size() == 18 && digits >= 8)
      out += mask_credit_code(run);
    else
      out += run;
    at = end;
  }
  return out;
}

}  // namespace intake::runtime
