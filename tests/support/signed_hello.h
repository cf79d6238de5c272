// Hellos for /ws as an operator's app sends them: the user id signed with the identity secret that
// server_process gives every test server (ws_identity.h).
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "bot/server/ws_identity.h"

namespace intake::testing {

inline constexpr const char* test_identity_secret = "test-identity-secret-0123456789abcdef-0123456789";

inline nlohmann::json signed_hello(const std::string& user, nlohmann::json extra = nlohmann::json::object()) {
  nlohmann::json hello{{"type", "hello"}, {"user", user}, {"user_hash", server::ws_identity::user_hash(test_identity_secret, user)}};
  hello.update(extra);
  return hello;
}

}  // namespace intake::testing
