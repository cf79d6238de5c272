// The ceiling for the load benchmark: the same stack as `intake serve` (Beast over Asio, the same
// number of I/O threads, one strand per connection, an HTTP read with the same limits before the
// upgrade, the same WebSocket options) with no bot behind it. WebSocket /ws echoes every frame;
// any other POST gets a fixed small XML body over keep-alive HTTP (the webhook ceiling).
//   bench_ws_echo [--listen 127.0.0.1:0] [--threads 2]
// The first line on standard output is "bench_ws_echo: listening on ADDRESS:PORT"; SIGINT/SIGTERM stop it.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <algorithm>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "bench/echo_reply.h"

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

// The limits intake serve applies (bot/server/server_config.h, http_session.cpp).
constexpr std::size_t max_body_bytes = 256 * 1024;
constexpr std::size_t max_header_bytes = 8 * 1024;
constexpr std::size_t max_ws_frame_bytes = 16 * 1024;
constexpr auto read_deadline = std::chrono::seconds(30);
constexpr auto ws_idle_timeout = std::chrono::seconds(600);

class echo_server {
 public:
  echo_server(const std::string& address, unsigned short port, int threads) : threads_(threads), io_(threads), acceptor_(io_) {
    const tcp::endpoint endpoint(asio::ip::make_address(address), port);
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(asio::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(asio::socket_base::max_listen_connections);
  }

  void run() {
    std::cout << "bench_ws_echo: listening on " << acceptor_.local_endpoint().address().to_string() << ':'
              << acceptor_.local_endpoint().port() << std::endl;
    asio::signal_set signals(io_, SIGINT, SIGTERM);
    signals.async_wait([this](const boost::system::error_code& error, int) {
      if (error) return;
      boost::system::error_code ignored;
      acceptor_.close(ignored);
      io_.stop();
    });
    asio::co_spawn(io_, accept_loop(), asio::detached);
    std::vector<std::thread> threads;
    for (int i = 1; i < threads_; ++i) threads.emplace_back([this] { io_.run(); });
    io_.run();
    for (auto& thread : threads) thread.join();
  }

 private:
  asio::awaitable<void> accept_loop() {
    for (;;) {
      boost::system::error_code error;
      tcp::socket socket(asio::make_strand(io_));
      co_await acceptor_.async_accept(socket, asio::redirect_error(asio::use_awaitable, error));
      if (error == asio::error::operation_aborted) co_return;
      if (error) continue;
      auto executor = socket.get_executor();
      asio::co_spawn(executor, session(beast::tcp_stream(std::move(socket))), asio::detached);
    }
  }

  static asio::awaitable<void> session(beast::tcp_stream stream) {
    beast::flat_buffer buffer;
    for (;;) {
      http::request_parser<http::string_body> parser;
      parser.body_limit(max_body_bytes);
      parser.header_limit(max_header_bytes);
      stream.expires_after(read_deadline);
      boost::system::error_code error;
      co_await http::async_read(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, error));
      if (error) co_return;
      auto request = parser.release();
      if (websocket::is_upgrade(request)) {
        co_await echo_websocket(std::move(stream), std::move(request));
        co_return;
      }
      http::response<http::string_body> response{request.method() == http::verb::post ? http::status::ok : http::status::not_found,
                                                 request.version()};
      response.set(http::field::content_type, "text/xml; charset=utf-8");
      response.set(http::field::server, "bench_ws_echo");
      response.keep_alive(request.keep_alive());
      response.body() = request.method() == http::verb::post ? intake::bench::http_echo_body : "";
      response.prepare_payload();
      co_await http::async_write(stream, response, asio::redirect_error(asio::use_awaitable, error));
      if (error || !response.keep_alive()) co_return;
    }
  }

  static asio::awaitable<void> echo_websocket(beast::tcp_stream stream, http::request<http::string_body> upgrade) {
    websocket::stream<beast::tcp_stream> ws(std::move(stream));
    beast::get_lowest_layer(ws).expires_never();
    auto timeouts = websocket::stream_base::timeout::suggested(beast::role_type::server);
    timeouts.idle_timeout = ws_idle_timeout;
    timeouts.keep_alive_pings = true;
    ws.set_option(timeouts);
    ws.read_message_max(max_ws_frame_bytes);
    boost::system::error_code error;
    co_await ws.async_accept(upgrade, asio::redirect_error(asio::use_awaitable, error));
    beast::flat_buffer buffer;
    while (!error) {
      buffer.clear();
      co_await ws.async_read(buffer, asio::redirect_error(asio::use_awaitable, error));
      if (error) break;
      ws.text(ws.got_text());
      co_await ws.async_write(buffer.data(), asio::redirect_error(asio::use_awaitable, error));
    }
  }

  int threads_;
  asio::io_context io_;
  tcp::acceptor acceptor_;
};

}  // namespace

int main(int argc, char** argv) {
  std::string address = "127.0.0.1";
  unsigned short port = 0;
  int threads = 2;  // intake serve's default I/O threads (server_config::threads)
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--listen" && i + 1 < argc) {
      const std::string value = argv[++i];
      const auto colon = value.rfind(':');
      address = value.substr(0, colon);
      port = static_cast<unsigned short>(std::stoi(value.substr(colon + 1)));
    } else if (arg == "--threads" && i + 1 < argc) {
      threads = std::max(1, std::stoi(argv[++i]));
    } else {
      std::cerr << "usage: bench_ws_echo [--listen 127.0.0.1:0] [--threads 2]\n";
      return 2;
    }
  }
  try {
    echo_server server(address, port, threads);
    server.run();
  } catch (const std::exception& error) {
    std::cerr << "bench_ws_echo: " << error.what() << '\n';
    return 1;
  }
  return 0;
}
