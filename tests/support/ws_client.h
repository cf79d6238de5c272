// A WebSocket client of /ws for end-to-end tests (the JSON protocol in the README). Every operation
// is bounded by a deadline: it runs asynchronously on the client's own io_context with a tcp_stream
// timeout, because Beast's timeouts do not apply to synchronous calls. Failures and timeouts throw
// boost::system::system_error. Not thread-safe; one client per thread.
#pragma once
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/support/http_client.h"

namespace intake::testing {

class ws_client {
 public:
  using stream_type = boost::beast::websocket::stream<boost::beast::tcp_stream>;

  // `receive_buffer`: SO_RCVBUF in bytes (small values make a client that never reads fill up fast).
  explicit ws_client(unsigned short port, int receive_buffer = 0) : ws_(io_) {
    namespace asio = boost::asio;
    auto& socket = boost::beast::get_lowest_layer(ws_).socket();
    socket.open(asio::ip::tcp::v4());
    if (receive_buffer) socket.set_option(asio::socket_base::receive_buffer_size(receive_buffer));
    boost::beast::get_lowest_layer(ws_).expires_after(std::chrono::seconds(10));
    boost::system::error_code result = asio::error::would_block;
    boost::beast::get_lowest_layer(ws_).async_connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port),
                                                      [&](boost::system::error_code error) { result = error; });
    run_until_done(io_, result);
    boost::beast::get_lowest_layer(ws_).expires_after(std::chrono::seconds(10));
    result = asio::error::would_block;
    ws_.async_handshake("127.0.0.1", "/ws", [&](boost::system::error_code error) { result = error; });
    run_until_done(io_, result);
  }

  void send(const nlohmann::json& frame) { send_raw(frame.dump()); }

  void send_raw(const std::string& text, std::chrono::milliseconds deadline = std::chrono::seconds(10)) {
    boost::beast::get_lowest_layer(ws_).expires_after(deadline);
    boost::system::error_code result = boost::asio::error::would_block;
    ws_.async_write(boost::asio::buffer(text), [&](boost::system::error_code error, std::size_t) { result = error; });
    run_until_done(io_, result);
  }

  nlohmann::json receive(std::chrono::milliseconds deadline = std::chrono::seconds(10)) {
    boost::beast::flat_buffer buffer;
    boost::beast::get_lowest_layer(ws_).expires_after(deadline);
    boost::system::error_code result = boost::asio::error::would_block;
    ws_.async_read(buffer, [&](boost::system::error_code error, std::size_t) { result = error; });
    run_until_done(io_, result);
    return nlohmann::json::parse(boost::beast::buffers_to_string(buffer.data()));
  }

  nlohmann::json say(const std::string& text, const std::string& id = "m") {
    send({{"type", "message"}, {"text", text}, {"id", id}});
    return receive();
  }

  stream_type& stream() { return ws_; }

 private:
  boost::asio::io_context io_;
  stream_type ws_;
};

}  // namespace intake::testing
