// Fuzzes text::json_object_reader against nlohmann::json::parse, the reference it replaces on the
// WebSocket path and in the load client: for any bytes, both accept or both refuse; for an accepted
// object, the reader has exactly nlohmann's top-level members, the same ones are strings, and their
// values are equal.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string_view>

#include "bot/text/json_object_reader.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const intake::text::json_object_reader reader(text);
  const nlohmann::json document = nlohmann::json::parse(text, nullptr, false);
  FUZZ_CHECK(reader.valid() == !document.is_discarded());
  if (!reader.valid()) {
    FUZZ_CHECK(!reader.is_object());
    return 0;
  }
  FUZZ_CHECK(reader.is_object() == document.is_object());
  if (!document.is_object()) return 0;
  for (const auto& [name, value] : document.items()) {
    FUZZ_CHECK(reader.has_member(name));
    const std::string* read = reader.string_member(name);
    FUZZ_CHECK((read != nullptr) == value.is_string());
    if (read) FUZZ_CHECK(*read == value.get_ref<const std::string&>());
  }
  // And no member nlohmann does not have: probe the names the text could hold, cheaply, by
  // asking for the empty name and a few the protocol uses.
  for (const char* name : {"", "type", "text", "id", "user", "locale", "retry", "in_reply_to"})
    FUZZ_CHECK(reader.has_member(name) == document.contains(name));
  return 0;
}
