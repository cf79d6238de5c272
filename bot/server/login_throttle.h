// Slows down the guessing of staff tokens on /api: an address whose requests failed authentication
// `max_failures` times within a minute is answered 429 for the rest of that minute, without its
// token being looked at. IPv6 addresses count by their /64, which one subscriber usually holds whole.
// Behind a reverse proxy every client is the proxy's address: X-Forwarded-For is not trusted, as
// anyone can write it.
// The table is bounded: past `capacity` addresses, those whose minute is over go, then the oldest.
// Thread-safety: all methods may be called from any thread. Never throws but bad_alloc.
#pragma once
#include <boost/asio/ip/address.hpp>
#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace intake::server {

class login_throttle {
 public:
  using clock_type = std::chrono::steady_clock;

  static constexpr int default_max_failures = 10;
  static constexpr std::chrono::seconds window{60};
  static constexpr std::size_t default_capacity = 10000;

  explicit login_throttle(int max_failures = default_max_failures, std::size_t capacity = default_capacity)
      : max_failures_(max_failures), capacity_(capacity < 1 ? 1 : capacity) {}

  // How long `address` must wait before it may try again (for Retry-After, at least a second), or
  // nothing when it may try now.
  std::optional<std::chrono::seconds> wait_before_trying(const boost::asio::ip::address& address, clock_type::time_point now);

  // A failed attempt from `address`. True when this failure used up its attempts for the minute.
  bool failed(const boost::asio::ip::address& address, clock_type::time_point now);

  std::size_t addresses() const;

 private:
  struct attempts {
    clock_type::time_point window_start;
    int failures = 0;
  };

  static std::string key_of(const boost::asio::ip::address& address);
  void make_room(clock_type::time_point now);

  const int max_failures_;
  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, attempts> by_address_;
};

}  // namespace intake::server
