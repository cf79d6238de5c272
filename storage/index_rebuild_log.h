// The log of a long catch-up of the transcript index (a lost index file rebuilt from millions of
// lines takes minutes): a line when it starts, then one each tenth of the way or half a minute,
// whichever comes first, and one when it is done. A line per batch would be thousands; none would
// leave an operator to wonder why search says "rebuilding".
// Not thread-safe (the index thread alone uses it). Never throws but bad_alloc.
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <iostream>

#include "storage/records.h"

namespace intake::storage {

class index_rebuild_log {
 public:
  using clock_type = std::chrono::steady_clock;

  explicit index_rebuild_log(std::ostream& out = std::cerr, std::chrono::seconds every = std::chrono::seconds(30),
                             std::function<clock_type::time_point()> now = clock_type::now)
      : out_(out), every_(every), now_(std::move(now)) {}

  // A catch-up of lines after `indexed` up to `newest` begins.
  void started(std::int64_t indexed, std::int64_t newest) {
    started_at_ = last_logged_at_ = now_();
    last_logged_tenth_ = tenth(indexed, newest);
    out_ << "intake: rebuilding the transcript index: " << indexed << " of " << newest << " lines indexed (" << percent(indexed, newest)
         << " %); search answers from the indexed part meanwhile\n";
    out_.flush();
  }

  // The index now holds the lines up to `indexed` of `newest`.
  void advanced(std::int64_t indexed, std::int64_t newest) {
    const auto now = now_();
    const int reached = tenth(indexed, newest);
    if (reached <= last_logged_tenth_ && now - last_logged_at_ < every_) return;
    last_logged_at_ = now;
    last_logged_tenth_ = reached;
    out_ << "intake: rebuilding the transcript index: " << indexed << " of " << newest << " lines indexed (" << percent(indexed, newest) << " %)\n";
    out_.flush();
  }

  void finished(std::int64_t newest) {
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(now_() - started_at_).count();
    out_ << "intake: the transcript index is rebuilt: " << newest << " lines, in " << seconds << " s\n";
    out_.flush();
  }


 private:
  static int percent(std::int64_t indexed, std::int64_t newest) { return index_progress{indexed, newest}.percent(); }
  static int tenth(std::int64_t indexed, std::int64_t newest) { return percent(indexed, newest) / 10; }

  std::ostream& out_;
  const std::chrono::seconds every_;
  const std::function<clock_type::time_point()> now_;
  clock_type::time_point started_at_{};
  clock_type::time_point last_logged_at_{};
  int last_logged_tenth_ = 0;
};

}  // namespace intake::storage
