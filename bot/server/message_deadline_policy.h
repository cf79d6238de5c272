// A Beast rate policy that limits nothing and notes when the bytes of a WebSocket message begin to
// arrive. The idle timeout alone does not stop a client that trickles a message, a byte now and
// then, since every byte counts as activity; with this, a sweep (http_server) drops a connection
// whose message has been arriving for longer than ws_message_timeout_seconds.
// Thread-safety: the transfer and *_done calls come from the connection's thread; started_ms() may
// be read from any thread.
#pragma once
#include <boost/beast/core/rate_policy.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <limits>

namespace intake::server {

class message_deadline_policy {
 public:
  message_deadline_policy() = default;
  // Beast moves its stream state once while building it (the atomic alone cannot be moved).
  message_deadline_policy(message_deadline_policy&& other) noexcept
      : started_ms_(other.started_ms_.load(std::memory_order_relaxed)), unfinished_bytes_(other.unfinished_bytes_) {}
  message_deadline_policy& operator=(message_deadline_policy&&) = delete;

  // Steady-clock milliseconds when the first byte of the message in progress was read; 0 when no
  // message is in progress.
  std::int64_t started_ms() const noexcept { return started_ms_.load(std::memory_order_relaxed); }

  // A whole message was read.
  void message_done() noexcept {
    started_ms_.store(0, std::memory_order_relaxed);
    unfinished_bytes_ = 0;
  }

  // A whole control frame (ping, pong, close) of `bytes` was read. Only when nothing else was read
  // with it is no message in progress: a pong must not start the clock, nor reset a trickled message.
  void control_frame_done(std::size_t bytes) noexcept {
    if (unfinished_bytes_ <= bytes)
      message_done();
    else
      unfinished_bytes_ -= bytes;
  }

  static std::int64_t now_ms() noexcept {
    const auto since_boot = std::chrono::steady_clock::now().time_since_epoch();
    return std::chrono::duration_cast<std::chrono::milliseconds>(since_boot).count() + 1;  // never 0
  }

 private:
  friend class boost::beast::rate_policy_access;
  static constexpr std::size_t unlimited = (std::numeric_limits<std::size_t>::max)();

  std::size_t available_read_bytes() const noexcept { return unlimited; }
  std::size_t available_write_bytes() const noexcept { return unlimited; }
  void transfer_read_bytes(std::size_t bytes) noexcept {
    if (bytes == 0) return;
    unfinished_bytes_ += bytes;
    if (started_ms_.load(std::memory_order_relaxed) == 0) started_ms_.store(now_ms(), std::memory_order_relaxed);
  }
  void transfer_write_bytes(std::size_t) noexcept {}
  void on_timer() noexcept {}

  std::atomic<std::int64_t> started_ms_{0};
  std::size_t unfinished_bytes_ = 0;
};

}  // namespace intake::server
