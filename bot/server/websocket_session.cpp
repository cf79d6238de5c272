#include "bot/server/websocket_session.h"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>
#include <nlohmann/json.hpp>

#include "bot/engine/ticket.h"
#include "bot/server/client_frame.h"
#include "bot/text/json_writer.h"

namespace intake::server {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using nlohmann::json;

}  // namespace

websocket_session::websocket_session(beast::tcp_stream stream, const server_config& config, conversation_dispatcher& dispatcher,
                                     server_metrics& metrics, session_registry& registry, ws_identity& identity,
                                     client_error_log& client_log)
    : ws_(watched_stream(stream.release_socket())),
      config_(config),
      dispatcher_(dispatcher),
      metrics_(metrics),
      registry_(registry),
      identity_(identity),
      client_log_(client_log) {}

asio::awaitable<void> websocket_session::run(beast::http::request<beast::http::string_body> upgrade) {
  auto self = shared_from_this();
  beast::get_lowest_layer(ws_).expires_never();  // the websocket stream keeps its own timeouts
  websocket::stream_base::timeout timeouts = websocket::stream_base::timeout::suggested(beast::role_type::server);
  timeouts.idle_timeout = std::chrono::seconds(config_.ws_idle_timeout_seconds);
  timeouts.keep_alive_pings = true;
  ws_.set_option(timeouts);
  ws_.read_message_max(config_.max_ws_frame_bytes);
  // A client's control frame is its payload, a 2-byte header and a 4-byte mask (payloads are < 126).
  ws_.control_callback([this](websocket::frame_type, beast::string_view payload) { deadline().control_frame_done(6 + payload.size()); });
  try {
    co_await ws_.async_accept(upgrade, asio::use_awaitable);
  } catch (const boost::system::system_error&) {
    co_return;
  }
  registry_.connect(self);
  try {
    co_await read_loop();
  } catch (const boost::system::system_error& error) {
    if (error.code() != websocket::error::closed && error.code() != asio::error::operation_aborted &&
        error.code() != beast::error::timeout && error.code() != asio::error::eof && error.code() != asio::error::connection_reset)
      client_log_.note("websocket connection failed", error.code().message());
  }
  closing_ = true;
  registry_.disconnect(this);
  if (!user_id_.empty()) registry_.remove(user_id_, this);
}

bool websocket_session::message_overdue(std::int64_t now_ms) {
  const std::int64_t started = deadline().started_ms();
  return started != 0 && now_ms - started > std::int64_t{config_.ws_message_timeout_seconds} * 1000;
}

void websocket_session::drop_if_stalled(std::int64_t now_ms) {
  if (!message_overdue(now_ms)) return;
  asio::post(ws_.get_executor(), [self = shared_from_this()] {
    // Checked again on the connection's thread: the message may have been completed meanwhile.
    if (self->closing_ || !self->message_overdue(message_deadline_policy::now_ms())) return;
    self->drop("ws_message_timeout");
  });
}

void websocket_session::drop(const char* reason) {
  metrics_.rejected(reason);
  closing_ = true;
  boost::system::error_code ignored;
  beast::get_lowest_layer(ws_).socket().close(ignored);
}

asio::awaitable<void> websocket_session::read_loop() {
  beast::flat_buffer buffer;
  for (;;) {
    buffer.clear();
    boost::system::error_code read_error;
    co_await ws_.async_read(buffer, asio::redirect_error(asio::use_awaitable, read_error));
    if (read_error == websocket::error::message_too_big) {
      metrics_.rejected("ws_frame_too_big");
      websocket::close_reason reason(websocket::close_code::too_big, "frame too big");
      boost::system::error_code ignored;
      co_await ws_.async_close(reason, asio::redirect_error(asio::use_awaitable, ignored));
      co_return;
    }
    if (read_error) throw boost::system::system_error(read_error);
    deadline().message_done();
    if (!ws_.got_text()) {
      send_error("binary_frame", "send text frames with JSON");
      continue;
    }
    const client_frame frame = parse_client_frame(beast::buffers_to_string(buffer.data()), !user_id_.empty());
    if (frame.type == client_frame::kind::invalid) {
      if (frame.error_code == "invalid_utf8" || frame.error_code == "bad_json") metrics_.rejected("ws_" + frame.error_code);
      send_error(frame.error_code, frame.error_message, frame.id);
      continue;
    }
    if (frame.type == client_frame::kind::hello) {
      ws_session_grant grant;
      try {
        grant = identity_.establish(frame, runtime::turn_runner::system_now_ms());
      } catch (const std::exception&) {
        send_error("unavailable", "the service cannot start a conversation right now; send hello again in a moment", frame.id);
        continue;
      }
      if (!grant.granted()) {
        metrics_.rejected("ws_" + grant.error_code);
        send_error(grant.error_code, grant.error_message, frame.id);
        continue;
      }
      if (!user_id_.empty()) registry_.remove(user_id_, this);  // a second hello switches conversation
      user_id_ = grant.user_id;
      registry_.add(user_id_, shared_from_this());
      if (frame.locale) locale_ = frame.locale;
      turn_request request{{engine::inbound::kind::session_start, user_id_, "websocket", ""}, locale_, ""};
      auto reply = co_await dispatcher_.async_turn(std::move(request), asio::use_awaitable);
      send_reply(reply, frame.id, &grant);
      continue;
    }
    if (frame.type == client_frame::kind::message) {
      turn_request request{{engine::inbound::kind::text, user_id_, "websocket", frame.text}, std::nullopt, ""};
      auto reply = co_await dispatcher_.async_turn(std::move(request), asio::use_awaitable);
      send_reply(reply, frame.id);
      // Signed out (退出登录): the conversation's tokens are revoked; this connection speaks for
      // nobody until it says hello again.
      if (reply.signed_out && reply.committed) sign_out();
      continue;
    }
    enqueue(json{{"type", "pong"}, {"in_reply_to", frame.id}}.dump());
  }
}

void websocket_session::sign_out() {
  registry_.remove(user_id_, this);
  user_id_.clear();
}

void websocket_session::send_reply(const runtime::rendered_reply& reply, const std::string& in_reply_to, const ws_session_grant* grant) {
  // Written directly, not through a json document: one reply per turn, and its text is long.
  text::json_writer frame;
  std::size_t size = reply.text.size() + 96;  // the text, the keys and the short values
  for (const auto& choice : reply.choices) size += choice.reply.size() + choice.label.size() + 32;
  frame.reserve(size);
  frame.begin_object();
  frame.key("type").value("reply");
  frame.key("text").value(reply.text);
  frame.key("options").begin_array();
  for (const auto& choice : reply.choices) frame.begin_object().key("reply").value(choice.reply).key("label").value(choice.label).end_object();
  frame.end_array();
  frame.key("locale").value(reply.locale);
  if (!in_reply_to.empty()) frame.key("in_reply_to").value(in_reply_to);
  if (!reply.committed) frame.key("retry").value(true);  // nothing was kept: the client may send the message again
  if (reply.signed_out && reply.committed) frame.key("signed_out").value(true);
  if (grant && !grant->resume_token.empty()) {
    frame.key("session").begin_object();
    frame.key("resume_token").value(grant->resume_token);
    frame.key("expires_at").value(engine::format_iso8601_china(grant->expires_at_ms));
    frame.end_object();
  }
  frame.end_object();
  enqueue(frame.take());
}

void websocket_session::push(runtime::rendered_reply reply) {
  asio::post(ws_.get_executor(), [self = shared_from_this(), reply = std::move(reply)] {
    if (reply.text.empty()) return;
    self->enqueue(json{{"type", "push"}, {"text", reply.text}, {"locale", reply.locale}}.dump());
  });
}

void websocket_session::send_error(const std::string& code, const std::string& message, const std::string& in_reply_to) {
  json frame{{"type", "error"}, {"code", code}, {"message", message}};
  if (!in_reply_to.empty()) frame["in_reply_to"] = in_reply_to;
  enqueue(frame.dump());
}

void websocket_session::enqueue(std::string frame) {
  if (closing_) return;
  if (outbox_.size() >= config_.max_ws_queued_messages) {
    // The client is not reading. Buffering forever would let one client exhaust memory.
    // The frame being written stays until its write completes (aborted by the close).
    outbox_.erase(writing_ ? outbox_.begin() + 1 : outbox_.begin(), outbox_.end());
    drop("ws_slow_consumer");
    return;
  }
  outbox_.push_back(std::move(frame));
  if (!writing_) write_front();
}

// Frames are written one after another from the completion of the previous write, on the
// connection's thread. A writer coroutine woken by a timer, as before, cost a timer cancellation
// and two coroutine switches per reply, and a coroutine frame and a timer per idle connection.
void websocket_session::write_front() {
  writing_ = true;
  ws_.text(true);
  ws_.async_write(asio::buffer(outbox_.front()), [self = shared_from_this()](boost::system::error_code error, std::size_t) {
    self->writing_ = false;
    self->outbox_.pop_front();
    if (error) {
      self->closing_ = true;
      self->outbox_.clear();
      return;
    }
    if (!self->closing_ && !self->outbox_.empty()) self->write_front();
  });
}

}  // namespace intake::server
