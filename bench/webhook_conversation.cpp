#include "bench/webhook_conversation.h"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http.hpp>
#include <chrono>

#include "bench/echo_reply.h"
#include "bench/text_excerpt.h"
#include "bench/wechat_signer.h"

namespace intake::bench {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

constexpr const char* placeholder_ticket = "R20200301-7K3QXM";

// The text of <element><![CDATA[…]]></element>; empty when there is none.
std::string cdata_of(const std::string& xml, const std::string& element) {
  const std::string open = "<" + element + "><![CDATA[", close = "]]></" + element + ">";
  const auto start = xml.find(open);
  if (start == std::string::npos) return "";
  const auto end = xml.find(close, start + open.size());
  if (end == std::string::npos) return "";
  return xml.substr(start + open.size(), end - start - open.size());
}

}  // namespace

webhook_conversation::webhook_conversation(asio::io_context& io, std::size_t shard, const owner_script& script, server_kind server,
                                           std::string open_id_prefix, std::string token, std::atomic<std::uint64_t>& message_ids)
    : shard_(shard),
      script_(script),
      server_(server),
      open_id_prefix_(std::move(open_id_prefix)),
      token_(std::move(token)),
      message_ids_(message_ids),
      stream_(io) {}

asio::awaitable<bool> webhook_conversation::connect(asio::ip::tcp::endpoint endpoint, run_stats& stats) {
  boost::system::error_code error;
  co_await stream_.async_connect(endpoint, asio::redirect_error(asio::use_awaitable, error));
  if (!error) stream_.socket().set_option(asio::ip::tcp::no_delay(true), error);
  if (error) {
    broken_ = true;
    stats.error("connect", error.message());
    co_return false;
  }
  co_return true;
}

asio::awaitable<void> webhook_conversation::drive(run_stats& stats) {
  auto self = shared_from_this();
  while (!broken_ && !stats.stopping())
    if (!co_await turn(stats)) broken_ = true;
}

void webhook_conversation::close() {
  if (closed_) return;
  closed_ = true;
  boost::system::error_code ignored;
  stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  stream_.socket().close(ignored);
}

std::string webhook_conversation::request_body(const script_step& step, const std::string& timestamp) {
  const std::string head = "<xml><ToUserName><![CDATA[gh_bench]]></ToUserName><FromUserName><![CDATA[" + open_id_ +
                           "]]></FromUserName><CreateTime>" + timestamp + "</CreateTime>";
  if (step.what == script_step::kind::greeting)
    return head + "<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event></xml>";
  const std::string text =
      step.what == script_step::kind::ticket_query ? (server_ == server_kind::echo ? std::string(placeholder_ticket) : ticket_) : step.text;
  return head + "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[" + text + "]]></Content><MsgId>" +
         std::to_string(message_ids_.fetch_add(1, std::memory_order_relaxed)) + "</MsgId></xml>";
}

asio::awaitable<bool> webhook_conversation::turn(run_stats& stats) {
  const auto& step = script_.steps()[step_];
  if (step.what == script_step::kind::greeting) {
    open_id_ = open_id_prefix_ + "-" + std::to_string(++round_);
    ticket_.clear();
  }
  const std::string timestamp =
      std::to_string(std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count());
  const std::string nonce = std::to_string(++nonce_) + open_id_;
  http::request<http::string_body> request{
      http::verb::post,
      "/wechat?signature=" + wechat_signature(token_, timestamp, nonce) + "&timestamp=" + timestamp + "&nonce=" + nonce + "&openid=" + open_id_,
      11};
  request.set(http::field::host, "127.0.0.1");
  request.set(http::field::content_type, "text/xml");
  request.keep_alive(true);
  request.body() = request_body(step, timestamp);
  request.prepare_payload();

  const auto sent = run_stats::clock::now();
  boost::system::error_code error;
  co_await http::async_write(stream_, request, asio::redirect_error(asio::use_awaitable, error));
  http::response<http::string_body> response;
  if (!error) co_await http::async_read(stream_, buffer_, response, asio::redirect_error(asio::use_awaitable, error));
  if (error) {
    stats.error(closed_ ? "no reply before the run ended" : "connection failed",
                "OpenID " + open_id_ + " step " + std::to_string(step_) + ": " + error.message());
    co_return false;
  }
  const auto replied = run_stats::clock::now();

  std::string why;
  if (response.result() != http::status::ok)
    why = "HTTP " + std::to_string(response.result_int());
  else if (server_ == server_kind::echo)
    why = response.body() == http_echo_body ? "" : "body differs";
  else
    why = check_bot_reply(step, response.body());
  if (why.empty() && !response.keep_alive()) why = "the server did not keep the connection alive";
  if (!why.empty()) {
    stats.error("wrong reply", "OpenID " + open_id_ + " step " + std::to_string(step_) + ": " + why + "\n      sent " +
                                   excerpt(request.body()) + "\n      got  " + excerpt(response.body()));
    step_ = 0;
    co_return response.keep_alive();
  }
  stats.turn_done(shard_, sent, replied);
  step_ = (step_ + 1) % script_.steps().size();
  co_return true;
}

std::string webhook_conversation::check_bot_reply(const script_step& step, const std::string& body) {
  if (cdata_of(body, "ToUserName") != open_id_) return "reply not addressed to " + open_id_;
  if (cdata_of(body, "MsgType") != "text") return "reply is not a text message";
  const std::string content = cdata_of(body, "Content");
  if (content.empty()) return "no Content";
  for (const auto& fragment : step.expect)
    if (content.find(fragment) == std::string::npos) return "expected “" + fragment + "”";
  if (step.what == script_step::kind::ticket_query && content.find("受理编号 " + ticket_ + "（") == std::string::npos)
    return "expected the ticket " + ticket_;
  if (step.captures_ticket) {
    ticket_ = owner_script::ticket_in(content);
    if (ticket_.empty()) return "no ticket in the submission reply";
  }
  return "";
}

}  // namespace intake::bench
