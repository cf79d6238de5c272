// The staff HTTP API under /api/: reports (filters, pagination), one report in full, status changes,
// replies to owners, transcripts, search, statistics and the handoff queue, as JSON. Every request
// needs "Authorization: Bearer TOKEN" of a configured staff member (stored as SHA-256, compared in
// constant time); the member's name is what the history records. No or a wrong token → 401 and
// nothing else. Phone numbers and credit codes are masked except in one report's page, and showing
// that page is written to the access log. An address whose requests failed authentication 10 times
// in a minute gets 429 for the rest of it (login_throttle.h). Path segments and query values must be
// valid UTF-8 (else 400). Storage runs inline: staff traffic is light.
// Thread-safety: handle() may run on any thread.
#pragma once
#include <optional>
#include <string>

#include <boost/asio/ip/address.hpp>

#include "bot/server/client_error_log.h"
#include "bot/server/login_throttle.h"
#include "bot/server/query_string.h"
#include "bot/server/server_config.h"
#include "bot/server/wechat_endpoint.h"
#include "storage/conversation_store.h"
#include "storage/resume_token_store.h"

namespace intake::server {

class staff_api {
 public:
  staff_api(const server_config& config, storage::conversation_store& store, storage::resume_token_store& tokens, server_metrics& metrics,
            client_error_log& log)
      : config_(config), store_(store), tokens_(tokens), metrics_(metrics), log_(log) {}

  // `client` is the address the request came from, for the throttling of failed logins.
  http_response handle(const http_request& request, const request_target& target, const boost::asio::ip::address& client);

  // SHA-256 of a token, lower-case hex: what goes into the configuration's token_sha256.
  static std::string hash_token(const std::string& token);

 private:
  std::optional<std::string> authenticate(const http_request& request) const;
  http_response route(const http_request& request, const request_target& target, const std::string& actor);

  const server_config& config_;
  storage::conversation_store& store_;
  storage::resume_token_store& tokens_;
  server_metrics& metrics_;
  client_error_log& log_;
  login_throttle failed_logins_;
};

}  // namespace intake::server
