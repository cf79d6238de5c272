// /healthz proves the database takes a write by making one (sqlite_store::check_writable). Anyone
// can call /healthz, and a write per call would let them load the writer the turns need; so the
// answer is kept for a second and the database is written at most once a second however often it is
// asked. Callers who arrive while a probe runs wait for its answer rather than probing again.
// Thread-safety: writable() may be called from any thread. Throws only what `probe` throws other
// than std::exception (nothing, for the store's probe).
#pragma once
#include <chrono>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>

namespace intake::server {

class cached_health_check {
 public:
  using clock_type = std::chrono::steady_clock;

  // `probe` returns when the database accepted a write and throws otherwise.
  explicit cached_health_check(std::function<void()> probe, clock_type::duration keep_for = std::chrono::seconds(1),
                               std::function<clock_type::time_point()> now = clock_type::now)
      : probe_(std::move(probe)), keep_for_(keep_for), now_(std::move(now)) {}

  bool writable() {
    std::lock_guard lock(mutex_);
    const auto now = now_();
    if (checked_at_ && now - *checked_at_ < keep_for_) return writable_;
    try {
      probe_();
      writable_ = true;
    } catch (const std::exception&) {
      writable_ = false;
    }
    checked_at_ = now_();  // after the probe: a slow one does not shorten the time its answer is kept
    return writable_;
  }

 private:
  const std::function<void()> probe_;
  const clock_type::duration keep_for_;
  const std::function<clock_type::time_point()> now_;
  std::mutex mutex_;
  std::optional<clock_type::time_point> checked_at_;
  bool writable_ = false;
};

}  // namespace intake::server
