#include "bot/server/ws_identity.h"

#include "bot/channels/hex_digest.h"
#include "bot/channels/wechat_signature.h"

namespace intake::server {
namespace {

constexpr const char* anonymous_prefix = "anon:";
constexpr std::size_t resume_token_bytes = 32;
constexpr std::size_t anonymous_id_bytes = 16;

ws_session_grant refused(const char* code, const char* message) {
  ws_session_grant grant;
  grant.error_code = code;
  grant.error_message = message;
  return grant;
}

}  // namespace

std::string ws_identity::user_hash(const std::string& secret, const std::string& user) { return channels::hmac_sha256_hex(secret, user); }

ws_session_grant ws_identity::establish(const client_frame& hello, std::int64_t now_ms) {
  if (hello.resume_token && !hello.user.empty())
    return refused("bad_hello", "send either \"user\" with \"user_hash\", or \"resume_token\", not both");
  if (hello.resume_token) {
    auto owner = tokens_.use_resume_token(channels::sha256_hex(*hello.resume_token), now_ms, now_ms + token_lifetime_ms_);
    if (!owner)
      return refused("bad_resume_token",
                     "this resume token is unknown, expired or signed out; send hello without it to start a new conversation");
    return {*owner, *hello.resume_token, now_ms + token_lifetime_ms_, "", ""};
  }
  if (!hello.user.empty()) {
    if (secret_.empty())
      return refused("identity_not_configured", "this server does not accept signed user ids; send hello without \"user\"");
    if (hello.user.rfind(anonymous_prefix, 0) == 0) return refused("bad_hello", "user ids beginning with \"anon:\" are reserved");
    std::string claimed_hash = hello.user_hash.value_or("");
    for (char& c : claimed_hash)
      if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
    if (!channels::constant_time_equal(claimed_hash, user_hash(secret_, hello.user)))
      return refused("bad_user_hash", "\"user_hash\" must be HMAC-SHA256 of \"user\" with the server's identity secret, in hex");
    return {"ws:" + hello.user, "", 0, "", ""};
  }
  ws_session_grant grant;
  grant.user_id = std::string("ws:") + anonymous_prefix + channels::random_hex(anonymous_id_bytes);
  grant.resume_token = channels::random_hex(resume_token_bytes);
  grant.expires_at_ms = now_ms + token_lifetime_ms_;
  tokens_.save_resume_token(channels::sha256_hex(grant.resume_token), grant.user_id, now_ms, grant.expires_at_ms);
  return grant;
}

}  // namespace intake::server
