// The WeChat Official Account (/wechat: plain, compatible and safe mode) and WeCom (/wecom: always
// encrypted) callbacks: URL verification, signature and timestamp checks, XML in, the conversation
// turn, and the passive reply out in the matching mode. Retried deliveries are answered from the
// delivery log without being processed again. Replies over the 2048-byte limit are paged: the rest
// waits for 更多. Error responses carry a status and a short fixed text, never internal details.
// With an AES key the Official Account is in safe mode and a plaintext POST is refused, unless the
// configuration says compatible; a signed (timestamp, nonce) that comes again with another message
// is refused in every mode (nonce_replay_guard.h).
// Thread-safety: handle() may run concurrently on any number of sessions.
#pragma once
#include <boost/asio/awaitable.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <optional>

#include "bot/channels/wechat_cipher.h"
#include "bot/channels/wechat_xml.h"
#include "bot/server/client_error_log.h"
#include "bot/server/conversation_dispatcher.h"
#include "bot/server/nonce_replay_guard.h"
#include "bot/server/query_string.h"
#include "bot/server/server_config.h"

namespace intake::server {

using http_request = boost::beast::http::request<boost::beast::http::string_body>;
using http_response = boost::beast::http::response<boost::beast::http::string_body>;

class wechat_endpoint {
 public:
  enum class platform { official_account, wecom };

  // Throws std::invalid_argument for a malformed AES key.
  wechat_endpoint(platform kind, const wechat_settings& settings, const server_config& config, const engine::bot_definition& definition,
                  storage::conversation_store& store, conversation_dispatcher& dispatcher, server_metrics& metrics,
                  client_error_log& log);

  boost::asio::awaitable<http_response> handle(const http_request& request, const request_target& target);

  // Splits `text` for one passive reply of at most `max_bytes`: the first page (ending with `more_hint`
  // when there is more) and the rest. Breaks at a line end where it can, never inside a character.
  static std::pair<std::string, std::string> page(const std::string& text, std::size_t max_bytes, const std::string& more_hint);

 private:
  http_response verify_url(const http_request& request, const request_target& target);
  boost::asio::awaitable<http_response> receive(const http_request& request, const request_target& target);
  // Counts and logs (rate-limited) the refusal; `detail` is for the log only.
  http_response reject(const http_request& request, boost::beast::http::status status, const std::string& reason,
                       const std::string& detail = "");
  http_response reply(const http_request& request, const channels::wechat_message& message, const std::string& text,
                      const request_target& target, bool encrypted);
  // The timestamp in Unix seconds when it is within the window, else nothing.
  std::optional<std::int64_t> fresh(const std::string& timestamp) const;
  // The signed timestamp and nonce of this request came before with another message.
  bool replayed(const std::string& timestamp, std::int64_t at, const std::string& nonce, const std::string& message);
  std::string user_id(const channels::wechat_message& message) const;

  platform kind_;
  const wechat_settings& settings_;
  const server_config& config_;
  const engine::bot_definition& definition_;
  storage::conversation_store& store_;
  conversation_dispatcher& dispatcher_;
  server_metrics& metrics_;
  client_error_log& log_;
  nonce_replay_guard nonces_;
  std::optional<channels::wechat_cipher> cipher_;
  std::string channel_;  // "wechat" or "wecom"
};

}  // namespace intake::server
