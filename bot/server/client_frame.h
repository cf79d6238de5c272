// One text frame a WebSocket client sends on /ws, read and checked (the JSON protocol described in
// websocket_session.h and the README): hello, message or ping, or the error to send back.
// Pure function; thread-safe; throws only std::bad_alloc. The session acts on the result.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace intake::server {

struct client_frame {
  enum class kind { hello, message, ping, invalid };
  kind type = kind::invalid;
  std::string id;                     // "id" when it is a string, else empty; echoed as in_reply_to
  std::string user;                   // hello: the "user" field, 1–128 printable bytes, or empty (anonymous)
  std::optional<std::string> user_hash;     // hello: the operator's signature of "user" (ws_identity.h)
  std::optional<std::string> resume_token;  // hello: an anonymous visitor's token from an earlier hello
  std::optional<std::string> locale;  // hello: "locale" when it is a string
  std::string text;                   // message: the "text" field
  // invalid: invalid_utf8, bad_json, bad_hello, no_hello, bad_message or unknown_type, and a message
  // for the client.
  std::string error_code;
  std::string error_message;
};

inline constexpr std::size_t max_ws_user_id_bytes = 128;
inline constexpr std::size_t max_ws_credential_bytes = 128;  // user_hash and resume_token

// `said_hello` tells whether this connection already named its user: a message before that is no_hello.
client_frame parse_client_frame(std::string_view data, bool said_hello);

}  // namespace intake::server
