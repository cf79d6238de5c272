// What the next turn of a recent conversation will read, kept in memory after each committed turn:
// the parsed state, the owner's reports and pending notifications, and the replies to their latest
// platform deliveries. Reading them from SQLite was a fifth of a turn's CPU under load (a reader's
// page cache is cold after every commit of the writer). It is safe because every change to those
// inputs raises the conversation's revision (storage/migrations/006_revision.sql) and a turn is
// committed only on the revision it read: a turn prepared from a cached entry that another process
// or staff made stale is refused by storage and prepared again from the database.
// A turn takes its conversation out of the cache (no copy of the state) and puts the state after it
// back once that is kept; turns of one conversation never overlap, so nobody else looks for it
// meanwhile. Bounded (2,048 entries by default, ~1 KB each: 10,000 idle connections must stay under
// 150 MB in all): when full, the conversation put back longest ago makes room. An arbitrary victim,
// as before, evicted active conversations once new owners kept arriving, and from then on a third of
// the turns read storage again (the benchmark lost 30 % between its first and second run).
// Thread-safety: all methods may be called from any thread.
#pragma once
#include <cstddef>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
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

  // Removes the conversation from the cache and hands it over; remember() puts it back.
  std::optional<cached_conversation> take(const std::string& user_id) {
    std::lock_guard lock(mutex_);
    auto found = index_.find(user_id);
    if (found == index_.end()) return std::nullopt;
    auto entry = found->second;
    index_.erase(found);
    cached_conversation conversation = std::move(entry->second);
    by_recency_.erase(entry);
    return conversation;
  }

  void remember(const std::string& user_id, cached_conversation conversation) {
    std::lock_guard lock(mutex_);
    auto found = index_.find(user_id);
    if (found != index_.end()) {
      found->second->second = std::move(conversation);
      by_recency_.splice(by_recency_.begin(), by_recency_, found->second);
      return;
    }
    if (index_.size() >= max_entries_) {
      index_.erase(by_recency_.back().first);
      by_recency_.pop_back();
    }
    by_recency_.emplace_front(user_id, std::move(conversation));
    index_.emplace(by_recency_.front().first, by_recency_.begin());
  }

  void forget(const std::string& user_id) {
    std::lock_guard lock(mutex_);
    auto found = index_.find(user_id);
    if (found == index_.end()) return;
    by_recency_.erase(found->second);
    index_.erase(found);
  }

  std::size_t size() {
    std::lock_guard lock(mutex_);
    return index_.size();
  }

 private:
  using entry_list = std::list<std::pair<std::string, cached_conversation>>;

  const std::size_t max_entries_;
  std::mutex mutex_;
  entry_list by_recency_;  // most recently remembered first
  std::unordered_map<std::string_view, entry_list::iterator> index_;  // keys view the list's strings
};

}  // namespace intake::runtime
