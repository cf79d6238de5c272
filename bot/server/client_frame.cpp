#include "bot/server/client_frame.h"

#include "bot/text/json_object_reader.h"
#include "bot/text/utf8.h"

namespace intake::server {
namespace {

client_frame invalid(std::string code, std::string message, std::string id = "") {
  client_frame frame;
  frame.error_code = std::move(code);
  frame.error_message = std::move(message);
  frame.id = std::move(id);
  return frame;
}

}  // namespace

client_frame parse_client_frame(std::string_view data, bool said_hello) {
  if (!text::is_valid_utf8(data)) return invalid("invalid_utf8", "frames must be valid UTF-8");
  // Only the top level's strings matter here; a document of maps cost more than the rest of the read.
  const text::json_object_reader document(data);
  const std::string* type = document.string_member("type");
  if (!document.is_object() || !type) return invalid("bad_json", "expected a JSON object with a \"type\"");
  const std::string* id_member = document.string_member("id");
  std::string id = id_member ? *id_member : "";
  if (*type == "hello") {
    client_frame frame;
    frame.type = client_frame::kind::hello;
    if (const std::string* user = document.string_member("user")) {
      if (!text::is_printable_identifier(*user, max_ws_user_id_bytes))
        return invalid("bad_hello", "\"user\" must be 1 to 128 bytes with no control characters", std::move(id));
      frame.user = *user;
    }
    for (auto [name, target] : {std::pair{"user_hash", &frame.user_hash}, std::pair{"resume_token", &frame.resume_token}}) {
      const std::string* value = document.string_member(name);
      if (!value) continue;
      if (!text::is_printable_identifier(*value, max_ws_credential_bytes))
        return invalid("bad_hello", std::string("\"") + name + "\" must be 1 to 128 printable bytes", std::move(id));
      *target = *value;
    }
    frame.id = std::move(id);
    if (const std::string* locale = document.string_member("locale")) frame.locale = *locale;
    return frame;
  }
  if (*type == "message") {
    if (!said_hello) return invalid("no_hello", "send {\"type\":\"hello\"} first", std::move(id));
    const std::string* text = document.string_member("text");
    if (!text) return invalid("bad_message", "message needs \"text\": a string", std::move(id));
    client_frame frame;
    frame.type = client_frame::kind::message;
    frame.id = std::move(id);
    frame.text = *text;
    return frame;
  }
  if (*type == "ping") {
    client_frame frame;
    frame.type = client_frame::kind::ping;
    frame.id = std::move(id);
    return frame;
  }
  return invalid("unknown_type", "type must be hello, message or ping", std::move(id));
}

}  // namespace intake::server
