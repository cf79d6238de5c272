// Where the resume tokens of anonymous WebSocket visitors are kept, as their SHA-256 only
// (migrations/011_resume_tokens.sql). Implementations: sqlite_store.
// Error style: every method throws storage_error; nothing is half-written when it does.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace intake::storage {

class resume_token_store {
 public:
  virtual ~resume_token_store() = default;

  virtual void save_resume_token(const std::string& token_sha256, const std::string& user_id, std::int64_t now_ms,
                                 std::int64_t expires_at_ms) = 0;
  // The conversation a token resumes, if the token exists, is not revoked and has not expired at
  // `now_ms`; its expiry then moves on to `extended_to_ms`.
  virtual std::optional<std::string> use_resume_token(const std::string& token_sha256, std::int64_t now_ms, std::int64_t extended_to_ms) = 0;
  // Revokes every live token of a conversation; returns how many.
  virtual int revoke_resume_tokens(const std::string& user_id, std::int64_t now_ms) = 0;
};

}  // namespace intake::storage
