// A minimal HTTP/1.1 client for end-to-end tests against `intake serve` on 127.0.0.1. Every
// operation is bounded by a deadline (Beast applies tcp_stream timeouts to asynchronous operations
// only, so the client runs them asynchronously on its own io_context); a timeout throws
// boost::system::system_error like any other failure.
#pragma once
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <optional>
#include <string>

namespace intake::testing {

using string_request = boost::beast::http::request<boost::beast::http::string_body>;
using string_response = boost::beast::http::response<boost::beast::http::string_body>;

// Runs the asynchronous operation(s) started on `io` to completion; throws their error.
inline void run_until_done(boost::asio::io_context& io, const boost::system::error_code& result) {
  io.restart();
  io.run();
  if (result) throw boost::system::system_error(result);
}

// One connection: connect first, send later (tests that release many requests together connect all
// of them before the barrier). Not thread-safe; one per thread.
class http_connection {
 public:
  explicit http_connection(unsigned short port, std::chrono::milliseconds deadline = std::chrono::seconds(10))
      : stream_(io_), deadline_(deadline) {
    stream_.expires_after(deadline_);
    boost::system::error_code result = boost::asio::error::would_block;
    stream_.async_connect(boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port),
                          [&](boost::system::error_code error) { result = error; });
    run_until_done(io_, result);
  }

  string_response send(boost::beast::http::verb verb, const std::string& target, const std::string& body = "",
                       const std::string& bearer = "") {
    namespace http = boost::beast::http;
    string_request request{verb, target, 11};
    request.set(http::field::host, "127.0.0.1");
    request.set(http::field::content_type, bearer.empty() ? "text/xml" : "application/json");
    if (!bearer.empty()) request.set(http::field::authorization, "Bearer " + bearer);
    request.body() = body;
    request.prepare_payload();
    stream_.expires_after(deadline_);
    boost::system::error_code result = boost::asio::error::would_block;
    http::async_write(stream_, request, [&](boost::system::error_code error, std::size_t) { result = error; });
    run_until_done(io_, result);
    string_response response;
    result = boost::asio::error::would_block;
    http::async_read(stream_, buffer_, response, [&](boost::system::error_code error, std::size_t) { result = error; });
    run_until_done(io_, result);
    return response;
  }

  boost::beast::tcp_stream& stream() { return stream_; }

 private:
  boost::asio::io_context io_;
  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  std::chrono::milliseconds deadline_;
};

inline string_response http_request(unsigned short port, boost::beast::http::verb verb, const std::string& target,
                                    const std::string& body = "", const std::string& bearer = "") {
  return http_connection(port).send(verb, target, body, bearer);
}

// The value of an unlabelled sample in Prometheus text ("intake_active_connections 3"), if present.
inline std::optional<double> metric_value(const std::string& metrics, const std::string& name) {
  for (std::size_t at = metrics.find(name + " "); at != std::string::npos; at = metrics.find(name + " ", at + 1))
    if (at == 0 || metrics[at - 1] == '\n') return std::stod(metrics.substr(at + name.size() + 1));
  return std::nullopt;
}

}  // namespace intake::testing
