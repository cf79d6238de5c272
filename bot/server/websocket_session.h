// One WebSocket connection on /ws, speaking the small JSON protocol documented in the README:
//   → {"type":"hello","locale":"zh-CN"}  (or with "resume_token", or "user" and "user_hash":
//     ws_identity.h)                                 ← {"type":"reply", …, "session":{…}} (greeting or resume)
//   → {"type":"message","text":"…","id":"…"}        ← {"type":"reply","in_reply_to":"…","text":"…","options":[…]}
//   ← {"type":"error","code":"…","message":"…"} for a malformed frame; the connection survives it.
//   ← {"type":"push","text":"…"} when staff change a report's status or reply.
// Limits: frame size, idle timeout with pings, a time limit on each message once its first byte is in
// (drop_if_stalled, called by a sweep), a bounded write queue (a client that stops reading is
// disconnected: its socket is closed, as a close frame could not get through its full buffer).
// Each connection runs on one I/O thread (io_context_pool.h). Not copyable.
#pragma once
#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <deque>
#include <memory>
#include <string>

#include "bot/server/client_error_log.h"
#include "bot/server/conversation_dispatcher.h"
#include "bot/server/message_deadline_policy.h"
#include "bot/server/server_config.h"
#include "bot/server/session_registry.h"
#include "bot/server/ws_identity.h"

namespace intake::server {

class websocket_session : public std::enable_shared_from_this<websocket_session> {
 public:
  websocket_session(boost::beast::tcp_stream stream, const server_config& config, conversation_dispatcher& dispatcher,
                    server_metrics& metrics, session_registry& registry, ws_identity& identity, client_error_log& client_log);

  // Sends a message the owner did not ask for (a status change, a staff reply). Any thread.
  void push(runtime::rendered_reply reply);

  // Closes the connection if a message has been arriving for longer than the configured limit. Any
  // thread; the close happens on the connection's thread.
  void drop_if_stalled(std::int64_t now_ms);

  // Completes the handshake for `upgrade` and serves the connection until it closes.
  boost::asio::awaitable<void> run(boost::beast::http::request<boost::beast::http::string_body> upgrade);

 private:
  boost::asio::awaitable<void> read_loop();
  void enqueue(std::string frame);
  void write_front();
  void send_error(const std::string& code, const std::string& message, const std::string& in_reply_to = "");
  void send_reply(const runtime::rendered_reply& reply, const std::string& in_reply_to, const ws_session_grant* grant = nullptr);
  // The conversation named by a hello, or an error frame sent and false.
  bool take_identity(const client_frame& hello);
  void sign_out();

  using watched_stream = boost::beast::basic_stream<boost::asio::ip::tcp, boost::asio::any_io_executor, message_deadline_policy>;
  message_deadline_policy& deadline() { return boost::beast::get_lowest_layer(ws_).rate_policy(); }
  // A message has been arriving for longer than ws_message_timeout_seconds. Any thread.
  bool message_overdue(std::int64_t now_ms);
  // Counts `reason` as a refusal and closes the socket (a close frame might never get through).
  void drop(const char* reason);

  boost::beast::websocket::stream<watched_stream> ws_;
  const server_config& config_;
  conversation_dispatcher& dispatcher_;
  server_metrics& metrics_;
  session_registry& registry_;
  ws_identity& identity_;
  client_error_log& client_log_;
  std::deque<std::string> outbox_;  // the front is being written while writing_
  bool writing_ = false;
  bool closing_ = false;
  std::string user_id_;  // set by hello
  std::optional<std::string> locale_;
};

}  // namespace intake::server
