// The staff HTTP API under /api/: reports (filters, pagination), one report in full, status changes,
// replies to owners, transcripts, search, statistics, the handoff queue and the review of unanswered
// policy questions, as JSON, and the list's reports as a download (GET /api/reports/export: json, csv
// or xlsx). Every request needs
// "Authorization: Bearer TOKEN" of a configured staff member (stored as SHA-256, compared in constant
// time); the member's name is what the history records. No or a wrong token → 401 and nothing else.
// Phone numbers and credit codes are masked except in one report's page and in exports, and both are
// written to the access log. An address whose requests failed authentication 10 times in a minute
// gets 429 for the rest of it (login_throttle.h). Path segments and query values must be valid UTF-8
// (else 400). Called on the staff threads (http_session.cpp), never on an owner's I/O thread.
// Thread-safety: handle() may run on any thread.
#pragma once
#include <atomic>
#include <optional>
#include <string>
#include <variant>

#include <boost/asio/ip/address.hpp>
#include <boost/beast/http/file_body.hpp>

#include "bot/server/client_error_log.h"
#include "bot/server/login_throttle.h"
#include "bot/server/query_string.h"
#include "bot/server/server_config.h"
#include "bot/server/wechat_endpoint.h"
#include "storage/conversation_store.h"
#include "bot/runtime/staff_desk.h"
#include "storage/resume_token_store.h"

namespace intake::server {

// An export is written to a file first and sent from it: neither side holds it in memory, the read
// of the database ends before a slow client starts downloading (a long read would keep SQLite from
// recycling its WAL), and the client learns the size from Content-Length.
using file_response = boost::beast::http::response<boost::beast::http::file_body>;
using staff_response = std::variant<http_response, file_response>;

class staff_api {
 public:
  // `faq` may be null (no knowledge base): the question reviews then answer 404.
  staff_api(const server_config& config, storage::conversation_store& store, storage::resume_token_store& tokens, server_metrics& metrics,
            client_error_log& log, const engine::knowledge_base* faq, const runtime::case_rules& rules)
      : config_(config), store_(store), tokens_(tokens), metrics_(metrics), log_(log), faq_(faq), rules_(rules) {}

  // `client` is the address the request came from, for the throttling of failed logins.
  staff_response handle(const http_request& request, const request_target& target, const boost::asio::ip::address& client);

  // The staff member a request comes from, or the answer that refuses it (throttled, no or a wrong
  // token, a query that is not UTF-8): what every staff route checks first, streams included.
  std::variant<std::string, http_response> admit(const http_request& request, const request_target& target,
                                                 const boost::asio::ip::address& client);

  // SHA-256 of a token, lower-case hex: what goes into the configuration's token_sha256.
  static std::string hash_token(const std::string& token);

 private:
  std::optional<std::string> authenticate(const http_request& request) const;
  staff_response route(const http_request& request, const request_target& target, const std::string& actor);
  // The list's filters, with due=overdue|today turned into arrival windows (case_rules.h).
  runtime::report_query query_with_due(const request_target& target, std::int64_t now_ms) const;
  // A report's JSON with its deadline: "due" (null for a returned or closed case) and "overdue".
  nlohmann::ordered_json with_due(nlohmann::ordered_json item, const storage::report_record& report, std::int64_t now_ms) const;
  staff_response export_download(const http_request& request, const request_target& target, runtime::staff_desk& desk, const std::string& actor);

  // An export takes a core while it is written: two at a time leave the other staff calls room.
  static constexpr int max_exports_at_once = 2;
  std::atomic<int> exports_running_{0};

  const server_config& config_;
  storage::conversation_store& store_;
  storage::resume_token_store& tokens_;
  server_metrics& metrics_;
  client_error_log& log_;
  const engine::knowledge_base* faq_;
  const runtime::case_rules& rules_;
  login_throttle failed_logins_;
};

}  // namespace intake::server
