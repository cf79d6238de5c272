#include "bench/ws_conversation.h"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/websocket.hpp>
#include <nlohmann/json.hpp>

#include "bench/bench_identity.h"
#include "bench/text_excerpt.h"
#include "bot/text/json_object_reader.h"

namespace intake::bench {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using nlohmann::json;

constexpr const char* placeholder_ticket = "R20200301-7K3QXM";  // echo runs: there is no real ticket

}  // namespace

ws_conversation::ws_conversation(asio::io_context& io, std::size_t shard, const owner_script& script, const std::vector<std::string>& frames,
                                 server_kind server, std::string user_prefix)
    : shard_(shard), script_(script), frames_(frames), server_(server), user_prefix_(std::move(user_prefix)), ws_(io) {}

std::vector<std::string> ws_conversation::message_frames(const owner_script& script) {
  std::vector<std::string> frames;
  for (std::size_t i = 0; i < script.steps().size(); ++i) {
    const auto& step = script.steps()[i];
    frames.push_back(step.what == script_step::kind::message
                         ? json{{"type", "message"}, {"text", step.text}, {"id", "s" + std::to_string(i)}}.dump()
                         : "");
  }
  return frames;
}

asio::awaitable<bool> ws_conversation::connect(asio::ip::tcp::endpoint endpoint, run_stats& stats) {
  boost::system::error_code error;
  auto& socket = beast::get_lowest_layer(ws_).socket();
  co_await socket.async_connect(endpoint, asio::redirect_error(asio::use_awaitable, error));
  if (!error) {
    socket.set_option(asio::ip::tcp::no_delay(true), error);
    websocket::stream_base::timeout timeouts{std::chrono::seconds(10), websocket::stream_base::none(), false};
    ws_.set_option(timeouts);
    ws_.secure_prng(false);  // masking keys need not be unpredictable here; keeps the client cheap
    co_await ws_.async_handshake("127.0.0.1", "/ws", asio::redirect_error(asio::use_awaitable, error));
  }
  if (error) {
    broken_ = true;
    stats.error("connect", error.message());
    co_return false;
  }
  ws_.text(true);
  co_return true;
}

asio::awaitable<void> ws_conversation::drive(run_stats& stats) {
  auto self = shared_from_this();
  boost::asio::steady_timer pause(ws_.get_executor());
  while (!broken_ && !stats.stopping()) {
    if (!co_await turn(stats)) broken_ = true;
    if (pause_.count() > 0 && !broken_) {
      pause.expires_after(pause_);
      boost::system::error_code ignored;
      co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
    }
  }
}

asio::awaitable<bool> ws_conversation::greet(run_stats& stats) {
  auto self = shared_from_this();
  step_ = 0;
  if (!co_await turn(stats)) {
    broken_ = true;
    co_return false;
  }
  co_return step_ == 1;  // the greeting was answered correctly
}

asio::awaitable<void> ws_conversation::park() {
  auto self = shared_from_this();
  for (;;) {
    boost::system::error_code error;
    buffer_.clear();
    co_await ws_.async_read(buffer_, asio::redirect_error(asio::use_awaitable, error));
    if (error) co_return;  // closed at the end of the scenario
  }
}

void ws_conversation::close() {
  if (closed_) return;
  closed_ = true;
  boost::system::error_code ignored;
  beast::get_lowest_layer(ws_).socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  beast::get_lowest_layer(ws_).socket().close(ignored);
}

asio::awaitable<bool> ws_conversation::turn(run_stats& stats) {
  const auto& step = script_.steps()[step_];
  std::string owned;
  const std::string* frame = &frames_[step_];
  std::string id = "s" + std::to_string(step_);
  if (step.what == script_step::kind::greeting) {
    user_ = user_prefix_ + "-" + std::to_string(++round_);
    ticket_.clear();
    id = "h";
    json hello = signed_hello(user_);
    hello["locale"] = "zh-CN";
    hello["id"] = id;
    owned = hello.dump();
    frame = &owned;
  } else if (step.what == script_step::kind::ticket_query) {
    owned = json{{"type", "message"}, {"text", server_ == server_kind::echo ? std::string(placeholder_ticket) : ticket_}, {"id", id}}.dump();
    frame = &owned;
  }

  const auto sent = run_stats::clock::now();
  boost::system::error_code error;
  co_await ws_.async_write(asio::buffer(*frame), asio::redirect_error(asio::use_awaitable, error));
  std::string reply;
  while (!error) {
    buffer_.clear();
    co_await ws_.async_read(buffer_, asio::redirect_error(asio::use_awaitable, error));
    if (error) break;
    reply.assign(static_cast<const char*>(buffer_.data().data()), buffer_.size());
    // Staff pushes are not replies; this benchmark has no staff, but they would not be an error.
    if (server_ == server_kind::bot && reply.find("\"type\":\"push\"") != std::string::npos) continue;
    break;
  }
  if (error) {
    stats.error(closed_ ? "no reply before the run ended" : "connection failed",
                "user ws:" + user_ + " step " + std::to_string(step_) + ": " + error.message());
    co_return false;
  }
  const auto replied = run_stats::clock::now();

  std::string why;
  if (server_ == server_kind::echo) {
    if (reply != *frame) why = "echo differs";
  } else {
    why = check_bot_reply(step, id, reply);
  }
  if (!why.empty()) {
    wrong_reply(stats, why, *frame, reply);
    step_ = 0;  // a new owner starts over
    co_return true;
  }
  stats.turn_done(shard_, sent, replied);
  step_ = (step_ + 1) % script_.steps().size();
  co_return true;
}

std::string ws_conversation::check_bot_reply(const script_step& step, const std::string& id, const std::string& reply) {
  // The whole frame is checked as JSON, but only the top level's strings are kept: building the
  // option buttons, which nothing here checks, was most of the client's work per bot turn.
  const text::json_object_reader frame(reply);
  if (!frame.valid() || !frame.is_object()) return "reply is not a JSON object";
  const std::string* type = frame.string_member("type");
  const std::string* in_reply_to = frame.string_member("in_reply_to");
  if (!type || *type != "reply") return "type is not \"reply\"";
  if (!in_reply_to || *in_reply_to != id) return "in_reply_to is not \"" + id + "\"";
  if (frame.has_member("retry")) return "\"retry\": the turn was not stored";
  const std::string* text_member = frame.string_member("text");
  if (!text_member) return "no text";
  const std::string& text = *text_member;
  for (const auto& fragment : step.expect)
    if (text.find(fragment) == std::string::npos) return "expected “" + fragment + "”";
  if (step.what == script_step::kind::ticket_query && text.find("受理编号 " + ticket_ + "（") == std::string::npos)
    return "expected the ticket " + ticket_;
  if (step.captures_ticket) {
    ticket_ = owner_script::ticket_in(text);
    if (ticket_.empty()) return "no ticket in the submission reply";
  }
  return "";
}

void ws_conversation::wrong_reply(run_stats& stats, const std::string& why, const std::string& sent, const std::string& reply) {
  stats.error("wrong reply", "user ws:" + user_ + " step " + std::to_string(step_) + ": " + why + "\n      sent " + excerpt(sent) +
                                 "\n      got  " + excerpt(reply));
}

}  // namespace intake::bench
