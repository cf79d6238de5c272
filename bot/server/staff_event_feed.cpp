#include "bot/server/staff_event_feed.h"

namespace intake::server {

void staff_event_feed::publish(std::string type, std::string json) {
  std::lock_guard lock(mutex_);
  events_.push_back({++newest_, std::move(type), std::move(json)});
  if (events_.size() > kept_events) events_.pop_front();
}

std::vector<staff_event_feed::event> staff_event_feed::after(std::int64_t id) const {
  std::lock_guard lock(mutex_);
  std::vector<event> found;
  for (const auto& e : events_)
    if (e.id > id) found.push_back(e);
  return found;
}

std::int64_t staff_event_feed::newest() const {
  std::lock_guard lock(mutex_);
  return newest_;
}

}  // namespace intake::server
