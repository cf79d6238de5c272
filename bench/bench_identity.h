// The identity secret the load benchmark gives `intake serve`, and the signed hello its simulated
// owners send (as an operator's app would: bot/server/ws_identity.h).
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "bot/channels/hex_digest.h"

namespace intake::bench {

inline constexpr const char* identity_secret = "intake-bench-identity-secret-0123456789abcdef";

inline nlohmann::json signed_hello(const std::string& user) {
  return {{"type", "hello"}, {"user", user}, {"user_hash", channels::hmac_sha256_hex(identity_secret, user)}};
}

}  // namespace intake::bench
