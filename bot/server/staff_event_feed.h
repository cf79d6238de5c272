// What staff are told as it happens (issue 24): an owner wrote on a case, an owner asks for a person.
// The server's poller publishes each event once; every staff stream (GET /api/events) reads the ones
// after the last it sent. Only the newest events are kept: a stream that fell further behind skips to
// them (staff reload the inbox, which the events only point at).
// Thread-safety: every method may be called from any thread.
#pragma once
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace intake::server {

class staff_event_feed {
 public:
  static constexpr std::size_t kept_events = 256;

  struct event {
    std::int64_t id = 0;
    std::string type;  // case_message, handoff_requested
    std::string json;  // the event's data, one line
  };

  void publish(std::string type, std::string json);
  // The events after `id`, oldest first.
  std::vector<event> after(std::int64_t id) const;
  std::int64_t newest() const;

  // Streams open now: the poller reads storage only while someone listens.
  void subscribe() { std::lock_guard lock(mutex_); ++subscribers_; }
  void unsubscribe() { std::lock_guard lock(mutex_); --subscribers_; }
  int subscribers() const { std::lock_guard lock(mutex_); return subscribers_; }

 private:
  mutable std::mutex mutex_;
  std::deque<event> events_;
  std::int64_t newest_ = 0;
  int subscribers_ = 0;
};

}  // namespace intake::server
