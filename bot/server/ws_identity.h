// Who a WebSocket client is, proven rather than claimed, in the two ways chat widgets do:
//  - an anonymous visitor (the web chat page, a WeChat H5 page) says hello without proof and gets a
//    new conversation under an id the server draws at random ("ws:anon:" and 32 hex digits), with a
//    resume token (256 random bits, kept only as its SHA-256) to reconnect to it later; the token
//    lasts ws_resume_token_days after its last use, and is revoked by staff or by the owner signing
//    out (退出登录);
//  - a user of an operator's own app or site says hello with "user" and "user_hash" =
//    HMAC-SHA256(INTAKE_WS_IDENTITY_SECRET, user) in hex, computed by the operator's server; the
//    conversation is "ws:" + user. Ids beginning "anon:" are the server's own and cannot be claimed.
// Thread-safety: establish() may run on any thread (the store serialises its writes). Throws
// storage_error when storage fails.
#pragma once
#include <cstdint>
#include <string>

#include "bot/server/client_frame.h"
#include "storage/resume_token_store.h"

namespace intake::server {

struct ws_session_grant {
  std::string user_id;        // the conversation; empty when refused
  std::string resume_token;   // anonymous visitors: what to send in the next hello's "resume_token"
  std::int64_t expires_at_ms = 0;
  std::string error_code;     // when refused: bad_user_hash, identity_not_configured, bad_resume_token, bad_hello
  std::string error_message;
  bool granted() const { return !user_id.empty(); }
};

class ws_identity {
 public:
  ws_identity(std::string secret, double resume_token_days, storage::resume_token_store& tokens)
      : secret_(std::move(secret)), token_lifetime_ms_(static_cast<std::int64_t>(resume_token_days * 24 * 3600 * 1000)), tokens_(tokens) {}

  ws_session_grant establish(const client_frame& hello, std::int64_t now_ms);

  // What an operator's server sends as "user_hash" for `user`.
  static std::string user_hash(const std::string& secret, const std::string& user);

 private:
  std::string secret_;
  std::int64_t token_lifetime_ms_;
  storage::resume_token_store& tokens_;
};

}  // namespace intake::server
