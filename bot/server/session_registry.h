// The WebSocket sessions open per user, so that what staff do reaches an owner at once, and every open
// connection. Sessions register after hello and are held weakly: a closed session simply disappears.
// Thread-safety: all methods may be called from any thread.
#pragma once
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace intake::server {

class websocket_session;

class session_registry {
 public:
  void add(const std::string& user_id, const std::shared_ptr<websocket_session>& session) {
    std::lock_guard lock(mutex_);
    auto& list = sessions_[user_id];
    std::erase_if(list, [](const auto& weak) { return weak.expired(); });
    list.push_back(session);
  }

  // A session that ends takes its entry (and the user's, if it was the last) with it, so the map holds
  // only connected users however many have come and gone.
  void remove(const std::string& user_id, const websocket_session* session) {
    std::lock_guard lock(mutex_);
    auto found = sessions_.find(user_id);
    if (found == sessions_.end()) return;
    std::erase_if(found->second, [session](const auto& weak) {
      auto live = weak.lock();
      return !live || live.get() == session;
    });
    if (found->second.empty()) sessions_.erase(found);
  }

  // Every open WebSocket connection, greeted or not, for the sweep of stalled messages.
  void connect(const std::shared_ptr<websocket_session>& session) {
    std::lock_guard lock(mutex_);
    connections_.emplace(session.get(), session);
  }
  void disconnect(const websocket_session* session) {
    std::lock_guard lock(mutex_);
    connections_.erase(session);
  }
  std::vector<std::shared_ptr<websocket_session>> connections() {
    std::lock_guard lock(mutex_);
    std::vector<std::shared_ptr<websocket_session>> live;
    live.reserve(connections_.size());
    std::erase_if(connections_, [&live](const auto& entry) {
      auto session = entry.second.lock();
      if (!session) return true;  // ended without saying so: nothing to keep
      live.push_back(std::move(session));
      return false;
    });
    return live;
  }

  std::vector<std::shared_ptr<websocket_session>> sessions_of(const std::string& user_id) {
    std::lock_guard lock(mutex_);
    std::vector<std::shared_ptr<websocket_session>> live;
    auto found = sessions_.find(user_id);
    if (found == sessions_.end()) return live;
    for (const auto& weak : found->second)
      if (auto session = weak.lock()) live.push_back(session);
    if (live.empty()) sessions_.erase(found);
    return live;
  }

 private:
  std::mutex mutex_;
  std::unordered_map<std::string, std::vector<std::weak_ptr<websocket_session>>> sessions_;
  std::unordered_map<const websocket_session*, std::weak_ptr<websocket_session>> connections_;
};

}  // namespace intake::server
