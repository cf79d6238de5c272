// Work one thread leaves for others, handed over in one post per destination. The committer finishes
// a group of turns of many connections, which live on a few I/O threads (io_context_pool.h): posting
// each reply on its own cost a lock of the destination's queue and, often, a wake-up of its thread
// per turn; staged and handed over together, it costs that once per thread per group. Work staged
// for one executor runs there in the order it was staged.
// Thread-safety: stage() and hand_over() may be called from any thread.
#pragma once
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/post.hpp>
#include <functional>
#include <mutex>
#include <utility>
#include <vector>

namespace intake::server {

class executor_handoff {
 public:
  void stage(boost::asio::any_io_executor executor, std::function<void()> work) {
    std::lock_guard lock(mutex_);
    staged_.emplace_back(std::move(executor), std::move(work));
  }

  // Posts what was staged: one handler per executor, running its work in order.
  void hand_over() {
    std::vector<std::pair<boost::asio::any_io_executor, std::function<void()>>> staged;
    {
      std::lock_guard lock(mutex_);
      staged.swap(staged_);
    }
    std::vector<bool> taken(staged.size(), false);
    for (std::size_t first = 0; first < staged.size(); ++first) {
      if (taken[first]) continue;
      std::vector<std::function<void()>> work;
      for (std::size_t i = first; i < staged.size(); ++i)
        if (!taken[i] && staged[i].first == staged[first].first) {
          work.push_back(std::move(staged[i].second));
          taken[i] = true;
        }
      boost::asio::post(staged[first].first, [work = std::move(work)] {
        for (const auto& step : work) step();
      });
    }
  }

 private:
  std::mutex mutex_;
  std::vector<std::pair<boost::asio::any_io_executor, std::function<void()>>> staged_;
};

}  // namespace intake::server
