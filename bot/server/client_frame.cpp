#include "bot/server/client_frame.h"

#include <nlohmann/json.hpp>

#include "bot/text/utf8.h"

namespace intake::server {
namespace {

using nlohmann::json;

client_frame invalid(std::string code, std::string message, std::string id = "") {
  client_frame frame;
  frame.error_code = std::move(code);
  frame.error_message = std::move(message);
  frame.id = std::move(id);
  return frame;
}

bool is_string_at(const json& object, const char* key) {
  auto found = object.find(key);
  return found != object.end() && found->is_string();
}

}  // namespace

client_frame parse_client_frame(std::string_view data, bool said_hello) {
  if (!text::is_valid_utf8(data)) return invalid("invalid_utf8", "frames must be valid UTF-8");
  const json document = json::parse(data, nullptr, false);
  if (document.is_discarded() || !document.is_object() || !is_string_at(document, "type"))
    return invalid("bad_json", "expected a JSON object with a \"type\"");
  const std::string type = document.at("type").get<std::string>();
  std::string id = is_string_at(document, "id") ? document.at("id").get<std::string>() : "";
  if (type == "hello") {
    if (!is_string_at(document, "user") || document.at("user").get_ref<const std::string&>().empty() ||
        document.at("user").get_ref<const std::string&>().size() > max_ws_user_id_bytes)
      return invalid("bad_hello", "hello needs \"user\": a non-empty string of at most 128 bytes", std::move(id));
    client_frame frame;
    frame.type = client_frame::kind::hello;
    frame.id = std::move(id);
    frame.user = document.at("user").get<std::string>();
    if (is_string_at(document, "locale")) frame.locale = document.at("locale").get<std::string>();
    return frame;
  }
  if (type == "message") {
    if (!said_hello) return invalid("no_hello", "send {\"type\":\"hello\",\"user\":…} first", std::move(id));
    if (!is_string_at(document, "text")) return invalid("bad_message", "message needs \"text\": a string", std::move(id));
    client_frame frame;
    frame.type = client_frame::kind::message;
    frame.id = std::move(id);
    frame.text = document.at("text").get<std::string>();
    return frame;
  }
  if (type == "ping") {
    client_frame frame;
    frame.type = client_frame::kind::ping;
    frame.id = std::move(id);
    return frame;
  }
  return invalid("unknown_type", "type must be hello, message or ping", std::move(id));
}

}  // namespace intake::server
