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

}  // namespace intake::runtime
