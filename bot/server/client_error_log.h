// Lines on standard error that clients cause: refused webhook requests (bad signatures, bad XML,
// replays …), messages that cannot be decrypted, malformed HTTP, throttled logins, requests that
// failed. Anyone can send a million bad requests, and a line each would fill the log and bury the
// lines that matter, so each kind gets the idea of storage/repeated_failure_log.h: its first line,
// then at most one a minute with how many went unlogged meanwhile.
// Kinds are fixed strings of the server's code, never a client's input, so the table stays small.
// Thread-safety: note() may be called from any thread. Never throws but bad_alloc.
#pragma once
#include <chrono>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "storage/repeated_failure_log.h"

namespace intake::server {

class client_error_log {
 public:
  using clock_type = storage::repeated_failure_log::clock_type;

  explicit client_error_log(std::ostream& out = std::cerr, std::chrono::seconds summary_every = std::chrono::seconds(60),
                            std::function<clock_type::time_point()> now = clock_type::now)
      : out_(out), summary_every_(summary_every), now_(std::move(now)) {}

  // `kind` names the line ("wechat request refused"); `detail` must not carry personal data.
  void note(std::string_view kind, std::string_view detail) { log_of(kind).failed(detail); }

 private:
  storage::repeated_failure_log& log_of(std::string_view kind) {
    std::lock_guard lock(mutex_);
    auto found = logs_.find(kind);
    if (found == logs_.end())
      found = logs_.emplace(std::string(kind), std::make_unique<storage::repeated_failure_log>(std::string(kind), out_, summary_every_, now_)).first;
    return *found->second;  // entries are never removed: the reference stays valid
  }

  std::ostream& out_;
  const std::chrono::seconds summary_every_;
  const std::function<clock_type::time_point()> now_;
  std::mutex mutex_;
  std::map<std::string, std::unique_ptr<storage::repeated_failure_log>, std::less<>> logs_;
};

}  // namespace intake::server
