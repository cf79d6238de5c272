#include "bot/engine/validators/credit_code_validator.h"

#include <array>
#include <cstddef>
#include <string>
#include <vector>

namespace intake::engine {
namespace {

// GB 32100-2015 code character set: digits and upper-case letters without I, O, Z, S, V.
constexpr std::string_view kCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY";
constexpr std::array<int, 17> kWeights = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

// Length in bytes of the UTF-8 sequence that starts with `lead`. Input is valid UTF-8, but a
// defensive 1 keeps a stray byte from stalling the loop.
std::size_t sequence_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead & 0xE0) == 0xC0) return 2;
  if ((lead & 0xF0) == 0xE0) return 3;
  if ((lead & 0xF8) == 0xF0) return 4;
  return 1;
}

char ascii_upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

// The code points of `text` (each as its UTF-8 bytes, ASCII upper-cased), without spaces and dashes.
std::vector<std::string> code_characters(std::string_view text) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t len = sequence_length(static_cast<unsigned char>(text[i]));
    if (i + len > text.size()) len = text.size() - i;
    std::string_view cp = text.substr(i, len);
    i += len;
    if (cp == " " || cp == "-") continue;
    std::string ch(cp);
    if (ch.size() == 1) ch[0] = ascii_upper(ch[0]);
    out.push_back(std::move(ch));
  }
  return out;
}

}  // namespace

validation_result validate_credit_code(std::string_view normalized) {
  const std::vector<std::string> chars = code_characters(normalized);
  if (chars.size() != 18) return validation_result::reject("error.credit_code.length", {{"length", chars.size()}});

  std::array<int, 18> values{};
  for (std::size_t i = 0; i < chars.size(); ++i) {
    const std::string& ch = chars[i];
    const std::size_t index = ch.size() == 1 ? kCharset.find(ch[0]) : std::string_view::npos;
    if (index == std::string_view::npos) {
      return validation_result::reject("error.credit_code.character", {{"position", i + 1}, {"character", ch}});
    }
    values[i] = static_cast<int>(index);
  }

  int sum = 0;
  for (std::size_t i = 0; i < kWeights.size(); ++i) sum += values[i] * kWeights[i];
  const int check = (31 - sum % 31) % 31;
  if (values[17] != check) return validation_result::reject("error.credit_code.check");

  std::string code;
  for (const std::string& ch : chars) code += ch;
  return validation_result::accept(code);
}

}  // namespace intake::engine
