// Fuzzes UTF-8 handling and the normaliser (bot/text/utf8.h, bot/text/normalizer.h). Arbitrary
// bytes go through the UTF-8 functions; their sanitised form goes through each normalisation, whose
// results must be valid UTF-8, and matching forms must be stable (normalising twice changes nothing).
// The same bytes as a JSON string (bot/text/json_writer.h) must parse back as their sanitised form,
// written exactly as nlohmann writes that.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "bot/text/json_writer.h"
#include "bot/text/normalizer.h"
#include "bot/text/utf8.h"
#include "bot/text/utf8_decode.h"
#include "tests/fuzz/fuzz_check.h"

using namespace intake::text;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const std::size_t invalid_at = find_invalid_utf8(bytes);
  // The fast paths of find_invalid_utf8 must agree with walking the decoder over every sequence.
  std::size_t first_invalid = std::string_view::npos;
  for (std::size_t pos = 0; pos < bytes.size();) {
    const auto seq = intake::text::detail::decode_utf8(bytes, pos);
    if (!seq.valid) {
      first_invalid = pos;
      break;
    }
    pos += seq.length;
  }
  FUZZ_CHECK(invalid_at == first_invalid);
  const std::string valid = sanitize_utf8(bytes);
  FUZZ_CHECK(is_valid_utf8(valid));
  if (invalid_at == std::string_view::npos) FUZZ_CHECK(valid == bytes);
  else FUZZ_CHECK(invalid_at < bytes.size() && valid.compare(0, invalid_at, bytes.substr(0, invalid_at)) == 0);

  const std::size_t code_points = count_code_points(valid);
  FUZZ_CHECK(code_points <= valid.size());
  const std::size_t limit = size == 0 ? 0 : data[0] % 16;
  const std::string_view head = truncate_code_points(valid, limit);
  FUZZ_CHECK(is_valid_utf8(head) && valid.compare(0, head.size(), head) == 0);
  FUZZ_CHECK(count_code_points(head) == std::min(limit, code_points));

  const auto& normalizer = normalizer::instance();
  const std::string matching = normalizer.for_matching(valid);
  FUZZ_CHECK(is_valid_utf8(matching));
  FUZZ_CHECK(normalizer.for_matching(matching) == matching);
  const std::string display = normalizer.for_display(valid);
  FUZZ_CHECK(is_valid_utf8(display));
  FUZZ_CHECK(normalizer.for_display(display) == display);
  const std::string simplified = normalizer.to_simplified(valid);
  FUZZ_CHECK(is_valid_utf8(simplified));

  json_writer json;
  json.begin_object().dynamic_key(bytes).value(bytes).end_object();
  const auto parsed = nlohmann::json::parse(json.text());
  FUZZ_CHECK(parsed.size() == 1 && parsed.begin().key() == valid && parsed.begin().value() == valid);
  nlohmann::json expected = nlohmann::json::object();
  expected[valid] = valid;
  FUZZ_CHECK(json.text() == expected.dump());
  return 0;
}
