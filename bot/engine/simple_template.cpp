#include "bot/engine/simple_template.h"

#include <charconv>

namespace intake::engine {
namespace {

bool is_name_char(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; }

}  // namespace

std::optional<simple_template> simple_template::parse(std::string_view pattern) {
  if (pattern.find('\'') != std::string_view::npos) return std::nullopt;  // ICU quoting
  simple_template result;
  std::size_t pos = 0;
  while (pos < pattern.size()) {
    const std::size_t open = pattern.find_first_of("{}", pos);
    if (open == std::string_view::npos) {
      result.parts_.push_back({std::string(pattern.substr(pos)), false});
      break;
    }
    if (pattern[open] == '}') return std::nullopt;
    if (open > pos) result.parts_.push_back({std::string(pattern.substr(pos, open - pos)), false});
    const std::size_t close = pattern.find('}', open + 1);
    if (close == std::string_view::npos || close == open + 1) return std::nullopt;
    const std::string_view name = pattern.substr(open + 1, close - open - 1);
    for (char c : name)
      if (!is_name_char(c)) return std::nullopt;  // "{n, number}", "{n, plural, …}", nested braces
    result.parts_.push_back({std::string(name), true});
    pos = close + 1;
  }
  for (const auto& part : result.parts_) {
    if (part.placeholder) ++result.placeholders_;
    else result.literal_bytes_ += part.text.size();
  }
  return result;
}

void simple_template::append_grouped(std::string& out, const nlohmann::json& integer) {
  char digits[24];
  const char* end = std::to_chars(digits, digits + sizeof digits, integer.get<std::int64_t>()).ptr;
  const char* first = digits;
  if (*first == '-') out += *first++;
  const auto count = static_cast<std::size_t>(end - first);
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0 && (count - i) % 3 == 0) out += ',';
    out += first[i];
  }
}

}  // namespace intake::engine
