// What the next turn of a recent conversation will read, kept in memory after each committed turn:
// the parsed state, the owner's reports and pending notifications, and the replies to their latest
// platform deliveries. Reading them from SQLite was a fifth of a turn's CPU under load (a reader's
// page cache is cold after every commit of the writer). It is safe because every change to those
// inputs raises the conversation's revision (storage/migrations/006_revision.sql) and a turn is
// committed only on the revision it read: a turn prepared from a cached entry that another process
// or staff made stale is refused by storage and prepared again from the database.
// Bounded (2,048 entries by default, ~1 KB each: 10,000 idle connections must stay under 150 MB in
// all): when full, an arbitrary entry makes room, and its owner's next turn reads storage. Thread-safety: all methods may be called from
// any thread.
#pragma once
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "bot/engine/conversation_state.h"
#include "storage/records.h"

namespace intake::runtime {

struct cached_conversation {
  std::int64_t revision = storage::no_conversation_revision;
  engine::conversation_state state;
  std::vector<storage::report_record> reports;               // newest first, as storage reads them
  std::vector<storage::notification_record> notifications;  // undelivered, oldest first
  // The latest platform deliveries answered (key, reply), so a retry gets the same reply without a read.
  std::vector<std::pair<std::string, std::string>> recent_deliveries;

  static constexpr std::size_t max_recent_deliveries = 8;
};

class conversation_cache {
 public:
  explicit conversation_cache(std::size_t max_entries = 2048) : max_entries_(max_entries == 0 ? 1 : max_entries) {}

  std::optional<cached_conversation> find(const std::string& user_id) {
    std::lock_guard lock(mutex_);
    auto found = entries_.find(user_id);
    if (found == entries_.end()) return std::nullopt;
    return found->second;
  }

  void remember(const std::string& user_id, cached_conversation conversation) {
    std::lock_guard lock(mutex_);
    auto found = entries_.find(user_id);
    if (found != entries_.end()) {
      found->second = std::move(conversation);
      return;
    }
    if (entries_.size() >= max_entries_) entries_.erase(entries_.begin());
    entries_.emplace(user_id, std::move(conversation));
  }

  void forget(const std::string& user_id) {
    std::lock_guard lock(mutex_);
    entries_.erase(user_id);
  }

  std::size_t size() {
    std::lock_guard lock(mutex_);
    return entries_.size();
  }

 private:
  const std::size_t max_entries_;
  std::mutex mutex_;
  std::unordered_map<std::string, cached_conversation> entries_;
};

}  // namespace intake::runtime
