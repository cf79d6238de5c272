// The parsed conversation state last written for each recent conversation. A turn reads the stored
// JSON anyway; when it is exactly the JSON this process wrote, the parsed copy is used instead of
// parsing it again (parsing was a sixth of a turn's CPU under load). Comparing the text keeps it
// correct whatever else wrote in between. Bounded: when full, an arbitrary entry makes room.
// Thread-safety: all methods may be called from any thread.
#pragma once
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "bot/engine/conversation_state.h"

namespace intake::runtime {

class state_cache {
 public:
  explicit state_cache(std::size_t max_entries = 4096) : max_entries_(max_entries) {}

  std::optional<engine::conversation_state> find(const std::string& user_id, const std::string& stored_json) {
    std::lock_guard lock(mutex_);
    auto found = entries_.find(user_id);
    if (found == entries_.end() || found->second.json != stored_json) return std::nullopt;
    return found->second.state;
  }

  void remember(const std::string& user_id, const std::string& json, const engine::conversation_state& state) {
    std::lock_guard lock(mutex_);
    auto found = entries_.find(user_id);
    if (found == entries_.end()) {
      if (entries_.size() >= max_entries_) entries_.erase(entries_.begin());
      entries_.emplace(user_id, entry{json, state});
      return;
    }
    found->second.json = json;
    found->second.state = state;
  }

  std::size_t size() {
    std::lock_guard lock(mutex_);
    return entries_.size();
  }

 private:
  struct entry {
    std::string json;
    engine::conversation_state state;
  };
  const std::size_t max_entries_;
  std::mutex mutex_;
  std::unordered_map<std::string, entry> entries_;
};

}  // namespace intake::runtime
