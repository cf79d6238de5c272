#include "bot/server/staff_event_stream.h"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http.hpp>
#include <charconv>
#include <chrono>

namespace intake::server {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

constexpr auto poll_interval = std::chrono::milliseconds(250);
constexpr auto keep_alive_interval = std::chrono::seconds(15);
constexpr auto write_deadline = std::chrono::seconds(10);

// The id a reconnecting client last saw, if it sent a plausible one.
std::int64_t last_event_id(const http_request& request, std::int64_t newest) {
  const auto header = request["Last-Event-ID"];
  std::int64_t id = 0;
  const auto [end, error] = std::from_chars(header.data(), header.data() + header.size(), id);
  if (header.empty() || error != std::errc() || end != header.data() + header.size() || id < 0 || id > newest) return newest;
  return id;
}

struct stream_count {
  staff_event_feed& feed;
  explicit stream_count(staff_event_feed& f) : feed(f) { feed.subscribe(); }
  ~stream_count() { feed.unsubscribe(); }
};

}  // namespace

asio::awaitable<void> run_staff_event_stream(beast::tcp_stream& stream, const http_request& request, const request_target& target,
                                             server_context& context, const asio::ip::address& client) {
  boost::system::error_code error;
  auto admitted = context.api->admit(request, target, client);
  if (auto* refusal = std::get_if<http_response>(&admitted)) {
    refusal->keep_alive(false);
    co_await http::async_write(stream, *refusal, asio::redirect_error(asio::use_awaitable, error));
    co_return;
  }
  staff_event_feed& feed = context.staff_events;
  if (feed.subscribers() >= staff_event_stream_limit) {
    context.metrics.rejected("too_many_event_streams");
    http_response busy{http::status::service_unavailable, request.version()};
    busy.set(http::field::content_type, "application/json");
    busy.set(http::field::retry_after, "30");
    busy.keep_alive(false);
    busy.body() = R"({"error":"too many event streams are open; try again later"})";
    busy.prepare_payload();
    co_await http::async_write(stream, busy, asio::redirect_error(asio::use_awaitable, error));
    co_return;
  }
  stream_count counted(feed);
  std::int64_t seen = last_event_id(request, feed.newest());
  // The body runs until the connection closes: no length, no chunking, nothing after it.
  std::string out =
      "HTTP/1.1 200 OK\r\nServer: intake\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\n"
      "X-Accel-Buffering: no\r\nConnection: close\r\n\r\n: intake staff events\n\n";
  auto last_write = std::chrono::steady_clock::now();
  asio::steady_timer timer(co_await asio::this_coro::executor);
  for (;;) {
    for (const auto& event : feed.after(seen)) {
      out += "id: " + std::to_string(event.id) + "\nevent: " + event.type + "\ndata: " + event.json + "\n\n";
      seen = event.id;
    }
    if (out.empty() && std::chrono::steady_clock::now() - last_write >= keep_alive_interval) out = ": keep-alive\n\n";
    if (!out.empty()) {
      stream.expires_after(write_deadline);
      co_await asio::async_write(stream, asio::buffer(out), asio::redirect_error(asio::use_awaitable, error));
      if (error) co_return;  // the client left, or stopped reading
      out.clear();
      last_write = std::chrono::steady_clock::now();
    }
    timer.expires_after(poll_interval);
    co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, error));
    if (error) co_return;
  }
}

}  // namespace intake::server
