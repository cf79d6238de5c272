#include "bot/server/http_session.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <optional>
#include <string_view>
#include <vector>

#include "bot/server/server_context.h"
#include "bot/server/staff_event_stream.h"
#include "bot/server/websocket_session.h"
#include "bot/text/utf8.h"

namespace intake::server {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

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

asio::awaitable<staff_response> route(const http_request& request, server_context& context, const asio::ip::address& client) {
  const request_target target = parse_target(request.target());
  if (!text::is_valid_utf8(target.path)) {
    context.metrics.rejected("bad_path");
    co_return text_response(request.version(), request.keep_alive(), http::status::bad_request, "the path is not valid UTF-8\n");
  }
  if (target.path == "/healthz") {
    if (context.health.writable()) co_return text_response(request.version(), request.keep_alive(), http::status::ok, "ok\n");
    co_return text_response(request.version(), request.keep_alive(), http::status::service_unavailable, "database not writable\n");
  }
  if (target.path == "/metrics")
    co_return text_response(request.version(), request.keep_alive(), http::status::ok, context.metrics.render(context.store.search_index_progress()),
                            "text/plain; version=0.0.4; charset=utf-8");
  if (target.path.rfind("/api/", 0) == 0) {
    // On the staff threads: a query that takes seconds must not stop the owners on this I/O thread.
    co_return co_await asio::co_spawn(
        context.staff_work, [&]() -> asio::awaitable<staff_response> { co_return context.api->handle(request, target, client); },
        asio::use_awaitable);
  }
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

// RFC 9112 §6.3: a request whose last transfer coding is not chunked has no length that can be
// trusted; reading on would take its body for the next request (request smuggling). Beast reads such
// a request as one without a body, so the framing is checked here. HTTP/1.0 has no transfer codings
// (§6.1). Another coding before chunked is one this server cannot undo: 501.
std::optional<http::status> refused_transfer_coding(const http_request& request) {
  if (request.count(http::field::transfer_encoding) == 0) return std::nullopt;
  std::vector<std::string> codings;
  const auto [first, last] = request.equal_range(http::field::transfer_encoding);
  for (auto field = first; field != last; ++field) {
    const std::string_view value = field->value();
    for (std::size_t start = 0; start <= value.size();) {
      const std::size_t comma = std::min(value.find(',', start), value.size());
      std::string_view coding = value.substr(start, comma - start);
      coding = coding.substr(0, coding.find(';'));  // parameters
      while (!coding.empty() && (coding.front() == ' ' || coding.front() == '\t')) coding.remove_prefix(1);
      while (!coding.empty() && (coding.back() == ' ' || coding.back() == '\t')) coding.remove_suffix(1);
      if (!coding.empty()) codings.emplace_back(coding);
      start = comma + 1;
    }
  }
  if (request.version() < 11 || codings.empty() || !beast::iequals(codings.back(), "chunked")) return http::status::bad_request;
  if (codings.size() > 1) return http::status::not_implemented;
  return std::nullopt;
}

// The deadline covers each piece of the reply, not the whole: a long export to a slow client is
// written as long as it keeps moving, and a client that stops reading is dropped.
// A HEAD answer says what GET would send, Content-Length included, and sends no body.
template <class Body>
asio::awaitable<void> write_with_progress_deadline(beast::tcp_stream& stream, http::response<Body>& response, bool header_only,
                                                   std::chrono::seconds progress, boost::system::error_code& error) {
  http::response_serializer<Body> serializer{response};
  if (header_only) {
    stream.expires_after(progress);
    co_await http::async_write_header(stream, serializer, asio::redirect_error(asio::use_awaitable, error));
    co_return;
  }
  do {
    stream.expires_after(progress);
    co_await http::async_write_some(stream, serializer, asio::redirect_error(asio::use_awaitable, error));
  } while (!error && !serializer.is_done());
}

}  // namespace

asio::awaitable<void> run_http_session(beast::tcp_stream stream, server_context& context) {
  // Opened by the listener, which counts the connection before it gets here (http_server.cpp).
  struct closed_on_exit {
    server_metrics& metrics;
    ~closed_on_exit() { metrics.connection_closed(); }
  } guard{context.metrics};
  boost::system::error_code no_peer;
  const asio::ip::address client = stream.socket().remote_endpoint(no_peer).address();  // unspecified if gone already
  beast::flat_buffer buffer;
  for (;;) {
    http::request_parser<http::string_body> parser;
    parser.body_limit(context.config.max_body_bytes);
    parser.header_limit(max_header_bytes);
    stream.expires_after(std::chrono::seconds(context.config.request_read_seconds));
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
      context.client_log.note(too_large ? "HTTP request refused (too large)" : "HTTP request refused (malformed)", error.message());
      auto response = status_response(11, false, too_large ? http::status::payload_too_large : http::status::bad_request);
      co_await http::async_write(stream, response, asio::redirect_error(asio::use_awaitable, error));
      co_return;
    }
    http_request request = parser.release();
    if (const auto refusal = refused_transfer_coding(request)) {
      context.metrics.rejected("bad_transfer_encoding");
      context.client_log.note("HTTP request refused (transfer coding)", "Transfer-Encoding does not end in chunked, or is not supported");
      auto response = status_response(11, false, *refusal);
      co_await http::async_write(stream, response, asio::redirect_error(asio::use_awaitable, error));
      co_return;
    }
    if (beast::websocket::is_upgrade(request)) {
      if (parse_target(request.target()).path != "/ws") {
        auto response = status_response(request.version(), false, http::status::not_found);
        co_await http::async_write(stream, response, asio::redirect_error(asio::use_awaitable, error));
        co_return;
      }
      auto session = std::make_shared<websocket_session>(std::move(stream), context.config, context.dispatcher, context.metrics,
                                                         context.sessions, *context.identity, context.client_log);
      co_await session->run(std::move(request));
      co_return;
    }
    if (const auto target = parse_target(request.target()); target.path == "/api/events" && request.method() == http::verb::get) {
      co_await run_staff_event_stream(stream, request, target, context, client);
      co_return;
    }
    staff_response response;
    try {
      response = co_await route(request, context, client);
    } catch (const std::exception& failure) {
      context.client_log.note("request failed", failure.what());
      response = status_response(request.version(), false, http::status::internal_server_error);
    }
    const bool head = request.method() == http::verb::head;
    const auto progress = std::chrono::seconds(context.config.write_progress_seconds);
    bool keep_alive = false;
    if (auto* text = std::get_if<http_response>(&response)) {
      keep_alive = text->keep_alive();
      co_await write_with_progress_deadline(stream, *text, head, progress, error);
    } else {
      auto& file = std::get<file_response>(response);
      keep_alive = file.keep_alive();
      co_await write_with_progress_deadline(stream, file, head, progress, error);
    }
    if (error || !keep_alive) co_return;
  }
}

}  // namespace intake::server
