#include "bot/server/http_session.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <iostream>

#include "bot/server/server_context.h"
#include "bot/server/websocket_session.h"

namespace intake::server {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

constexpr auto read_deadline = std::chrono::seconds(30);
constexpr std::size_t max_header_bytes = 8 * 1024;

http_response text_response(unsigned version, bool keep_alive, http::status status, std::string body,
                            const char* type = "text/plain; charset=utf-8") {
  http_response response{status, version};
  response.set(http::field::content_type, type);
  response.set(http::field::server, "intake");
  response.keep_alive(keep_alive);
  response.body() = std::move(body);
  response.prepare_payload();
  return response;
}

http_response status_response(unsigned version, bool keep_alive, http::status status) {
  return text_response(version, keep_alive, status, std::string(http::obsolete_reason(status)) + "\n");
}

asio::awaitable<http_response> route(const http_request& request, server_context& context) {
  const request_target target = parse_target(request.target());
  if (target.path == "/healthz") {
    try {
      context.store.check_writable();
      co_return text_response(request.version(), request.keep_alive(), http::status::ok, "ok\n");
    } catch (const std::exception&) {
      co_return text_response(request.version(), request.keep_alive(), http::status::service_unavailable, "database not writable\n");
    }
  }
  if (target.path == "/metrics")
    co_return text_response(request.version(), request.keep_alive(), http::status::ok, context.metrics.render(),
                            "text/plain; version=0.0.4; charset=utf-8");
  if (target.path.rfind("/api/", 0) == 0) co_return context.api->handle(request, target);
  if (target.path == "/wechat" || target.path == "/wecom") {
    wechat_endpoint* endpoint = target.path == "/wechat" ? context.wechat.get() : context.wecom.get();
    if (!endpoint) {
      context.metrics.rejected("channel_off");
      co_return status_response(request.version(), request.keep_alive(), http::status::not_found);
    }
    co_return co_await endpoint->handle(request, target);
  }
  context.metrics.rejected("not_found");
  co_return status_response(request.version(), request.keep_alive(), http::status::not_found);
}

}  // namespace

asio::awaitable<void> run_http_session(beast::tcp_stream stream, server_context& context) {
  context.metrics.connection_opened();
  struct closed_on_exit {
    server_metrics& metrics;
    ~closed_on_exit() { metrics.connection_closed(); }
  } guard{context.metrics};
  beast::flat_buffer buffer;
  for (;;) {
    http::request_parser<http::string_body> parser;
    parser.body_limit(context.config.max_body_bytes);
    parser.header_limit(max_header_bytes);
    stream.expires_after(read_deadline);
    boost::system::error_code error;
    co_await http::async_read(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, error));
    // A client that leaves, even half-way through a request, is a disconnect, not a bad request.
    if (error == http::error::end_of_stream || error == http::error::partial_message || error == asio::error::eof ||
        error == beast::error::timeout || error == asio::error::connection_reset || error == asio::error::operation_aborted)
      co_return;
    if (error) {
      // Oversize and malformed requests get a status, then the connection closes.
      const bool too_large = error == http::error::body_limit || error == http::error::header_limit;
      context.metrics.rejected(too_large ? "body_too_large" : "bad_http");
      auto response = status_response(11, false, too_large ? http::status::payload_too_large : http::status::bad_request);
      co_await http::async_write(stream, response, asio::redirect_error(asio::use_awaitable, error));
      co_return;
    }
    http_request request = parser.release();
    if (beast::websocket::is_upgrade(request)) {
      if (parse_target(request.target()).path != "/ws") {
        auto response = status_response(request.version(), false, http::status::not_found);
        co_await http::async_write(stream, response, asio::redirect_error(asio::use_awaitable, error));
        co_return;
      }
      auto session = std::make_shared<websocket_session>(std::move(stream), context.config, context.dispatcher, context.metrics,
                                                         context.sessions, *context.identity);
      co_await session->run(std::move(request));
      co_return;
    }
    http_response response;
    try {
      response = co_await route(request, context);
    } catch (const std::exception& failure) {
      std::cerr << "intake: request failed: " << failure.what() << '\n';
      response = status_response(request.version(), false, http::status::internal_server_error);
    }
    const bool keep_alive = response.keep_alive();
    co_await http::async_write(stream, response, asio::redirect_error(asio::use_awaitable, error));
    if (error || !keep_alive) co_return;
  }
}

}  // namespace intake::server
