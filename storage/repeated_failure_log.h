// The log of one operation that fails again and again while storage is out. In a disk-full drill
// the index thread retries every second, the checkpointer at every pass and the committer at every
// group; each logging every failure buried the one line that said what was wrong. This logs the
// first failure, then at most one line a minute (the latest reason, and how many failures went
// unlogged), and one line when the operation works again with the count of failures.
// Thread-safe. succeeded() is one atomic load while nothing fails, for hot paths. Never throws but
// bad_alloc.
#pragma once
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <iostream>
#include <mutex>
#include <string>
#include <string_view>

namespace intake::storage {

class repeated_failure_log {
 public:
  using clock_type = std::chrono::steady_clock;

  // `operation` names what failed in every line ("WAL checkpoint").
  explicit repeated_failure_log(std::string operation, std::ostream& out = std::cerr, std::chrono::seconds summary_every = std::chrono::seconds(60),
                                std::function<clock_type::time_point()> now = clock_type::now)
      : operation_(std::move(operation)), out_(out), summary_every_(summary_every), now_(std::move(now)) {}

  // `reason` must not carry personal data: it is written as it is.
  void failed(std::string_view reason) {
    std::lock_guard lock(mutex_);
    failing_.store(true, std::memory_order_relaxed);
    ++failures_;
    const auto now = now_();
    if (logged_once_ && now - last_logged_ < summary_every_) {
      ++unlogged_;
      return;
    }
    out_ << "intake: " << operation_ << ": " << reason;
    if (unlogged_ > 0) out_ << " (" << unlogged_ << " more failure(s) since the last line)";
    out_ << '\n';
    out_.flush();
    last_logged_ = now;
    logged_once_ = true;
    unlogged_ = 0;
  }

  void succeeded() {
    if (!failing_.load(std::memory_order_relaxed)) return;
    std::lock_guard lock(mutex_);
    if (!failing_.load(std::memory_order_relaxed)) return;  // another thread logged it meanwhile
    out_ << "intake: " << operation_ << ": working again after " << failures_ << " failure(s)\n";
    out_.flush();
    failing_.store(false, std::memory_order_relaxed);
    failures_ = 0;
    unlogged_ = 0;
    logged_once_ = false;
  }

 private:
  const std::string operation_;
  std::ostream& out_;
  const std::chrono::seconds summary_every_;
  const std::function<clock_type::time_point()> now_;
  std::mutex mutex_;
  std::atomic<bool> failing_{false};
  std::uint64_t failures_ = 0;  // since the last success
  std::uint64_t unlogged_ = 0;  // since the last line
  bool logged_once_ = false;
  clock_type::time_point last_logged_{};
};

}  // namespace intake::storage
