// Fuzzes the Chinese number parser (bot/text/chinese_number.h): on the bytes as they come (when
// they are valid UTF-8) and on their normalised form, which is what the validators pass it. A number
// it accepts is finite and not negative (it accepts no sign).
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "bot/text/chinese_number.h"
#include "bot/text/normalizer.h"
#include "bot/text/utf8.h"
#include "tests/fuzz/fuzz_check.h"

using namespace intake::text;

namespace {

void check(std::string_view text) {
  if (const auto value = parse_number(text)) FUZZ_CHECK(std::isfinite(*value) && *value >= 0);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  if (is_valid_utf8(bytes)) check(bytes);
  check(normalizer::instance().for_matching(sanitize_utf8(bytes)));
  return 0;
}
