// Fuzzes the WeChat callback XML parser (bot/channels/wechat_xml.h) with arbitrary bodies, and the
// passive reply writer with what was parsed and with the raw bytes: a reply must always parse back.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "bot/channels/wechat_xml.h"
#include "tests/fuzz/fuzz_check.h"

using namespace intake::channels;

namespace {

// A reply is well-formed XML with an <xml> root whatever its values. The one refusal allowed is a
// value that spells <!DOCTYPE or <!ENTITY, which the parser refuses even inside CDATA.
void check_reply_parses(const std::string& reply, std::string_view msg_type) {
  const auto back = parse_wechat_xml(reply, reply.size());
  FUZZ_CHECK(back.error == xml_error::none || back.error == xml_error::doctype);
  if (back.error == xml_error::none) FUZZ_CHECK(back.message && back.message->msg_type == msg_type);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  const auto parsed = parse_wechat_xml(body);
  FUZZ_CHECK(parsed.message.has_value() == (parsed.error == xml_error::none));
  if (parsed.message) {
    const auto& message = *parsed.message;
    check_reply_parses(render_text_reply(message.from_user, message.to_user, message.create_time, message.content), "text");
    (void)to_string(parsed.error);
  }
  check_reply_parses(render_text_reply("user", "account", 1, body), "text");
  check_reply_parses(render_encrypted_reply(body, "signature", 1, body), "");
  return 0;
}
