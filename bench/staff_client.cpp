#include "bench/staff_client.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <cctype>

namespace intake::bench {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

}  // namespace

staff_reply staff_client::get(const std::string& target, std::chrono::seconds timeout) const {
  staff_reply reply;
  asio::io_context io(1);
  const auto start = std::chrono::steady_clock::now();
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        beast::tcp_stream stream(io);
        // One deadline for the whole call: connecting, the request and every byte of the reply.
        stream.expires_after(timeout);
        boost::system::error_code error;
        co_await stream.async_connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_),
                                      asio::redirect_error(asio::use_awaitable, error));
        http::request<http::empty_body> request{http::verb::get, target, 11};
        request.set(http::field::host, "127.0.0.1");
        request.set(http::field::authorization, "Bearer " + token_);
        if (!error) co_await http::async_write(stream, request, asio::redirect_error(asio::use_awaitable, error));
        beast::flat_buffer buffer;
        http::response_parser<http::string_body> parser;
        parser.body_limit(boost::none);  // a whole export or statistics may be large
        if (!error) co_await http::async_read(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, error));
        if (error) {
          reply.error = error.message();
          co_return;
        }
        reply.status = static_cast<int>(parser.get().result_int());
        reply.body = std::move(parser.get().body());
        reply.bytes = reply.body.size();
      },
      [&](std::exception_ptr failure) {
        if (!failure) return;
        try {
          std::rethrow_exception(failure);
        } catch (const std::exception& e) {
          reply.error = e.what();
        }
      });
  io.run();
  reply.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return reply;
}

std::string staff_client::url_encode(const std::string& text) {
  static const char* hex = "0123456789ABCDEF";
  std::string encoded;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      encoded += static_cast<char>(c);
    } else {
      encoded += '%';
      encoded += hex[c >> 4];
      encoded += hex[c & 15];
    }
  }
  return encoded;
}

}  // namespace intake::bench
