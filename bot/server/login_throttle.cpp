#include "bot/server/login_throttle.h"

#include <algorithm>

namespace intake::server {

std::string login_throttle::key_of(const boost::asio::ip::address& address) {
  if (address.is_v4()) return address.to_v4().to_string();
  const auto v6 = address.to_v6();
  if (v6.is_v4_mapped()) return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, v6).to_string();
  auto bytes = v6.to_bytes();
  std::fill(bytes.begin() + 8, bytes.end(), 0);
  return boost::asio::ip::address_v6(bytes).to_string() + "/64";
}

std::optional<std::chrono::seconds> login_throttle::wait_before_trying(const boost::asio::ip::address& address, clock_type::time_point now) {
  std::lock_guard lock(mutex_);
  const auto found = by_address_.find(key_of(address));
  if (found == by_address_.end() || found->second.failures < max_failures_) return std::nullopt;
  const auto window_end = found->second.window_start + window;
  if (now >= window_end) {
    by_address_.erase(found);
    return std::nullopt;
  }
  // Rounded up: a client that waits exactly Retry-After must not be refused again.
  return std::max(std::chrono::ceil<std::chrono::seconds>(window_end - now), std::chrono::seconds(1));
}

bool login_throttle::failed(const boost::asio::ip::address& address, clock_type::time_point now) {
  std::lock_guard lock(mutex_);
  std::string key = key_of(address);
  auto found = by_address_.find(key);
  if (found == by_address_.end()) {
    make_room(now);
    found = by_address_.emplace(std::move(key), attempts{now, 0}).first;
  } else if (now - found->second.window_start >= window) {
    found->second = attempts{now, 0};
  }
  return ++found->second.failures == max_failures_;
}

std::size_t login_throttle::addresses() const {
  std::lock_guard lock(mutex_);
  return by_address_.size();
}

// Only when the table is full, so a scan of it is rare: it fills only while that many addresses fail
// within a minute.
void login_throttle::make_room(clock_type::time_point now) {
  if (by_address_.size() < capacity_) return;
  std::erase_if(by_address_, [now](const auto& entry) { return now - entry.second.window_start >= window; });
  if (by_address_.size() < capacity_) return;
  by_address_.erase(std::min_element(by_address_.begin(), by_address_.end(),
                                     [](const auto& a, const auto& b) { return a.second.window_start < b.second.window_start; }));
}

}  // namespace intake::server
