// The server's I/O threads: one io_context per thread, each run by that thread alone. A connection
// lives on one of them for its whole life, so its handlers never run concurrently and need no strand;
// and the committer can hand a thread the replies of a whole commit group in one post (see
// conversation_dispatcher.h). With one io_context shared by all threads, as before, every reply was
// posted to its connection's strand on its own, and each post could wake the other thread.
// Thread-safety: next() is called by the acceptor only; stop() from any thread.
#pragma once
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <cstddef>
#include <memory>
#include <thread>
#include <vector>

namespace intake::server {

class io_context_pool {
 public:
  explicit io_context_pool(int threads) {
    for (int i = 0; i < (threads < 1 ? 1 : threads); ++i) {
      // Concurrency hint 1: one thread runs each; posts from other threads stay safe.
      contexts_.push_back(std::make_unique<boost::asio::io_context>(1));
      guards_.emplace_back(contexts_.back()->get_executor());
    }
  }
  io_context_pool(const io_context_pool&) = delete;
  io_context_pool& operator=(const io_context_pool&) = delete;

  // Where the listener, signals and the server's own loops run.
  boost::asio::io_context& main() { return *contexts_.front(); }
  // The thread a new connection lives on, in turn.
  boost::asio::io_context& next() { return *contexts_[next_++ % contexts_.size()]; }

  // Runs every context on a thread of its own (the first on the caller's) until stop().
  void run() {
    std::vector<std::thread> threads;
    for (std::size_t i = 1; i < contexts_.size(); ++i) threads.emplace_back([context = contexts_[i].get()] { context->run(); });
    contexts_.front()->run();
    for (auto& thread : threads) thread.join();
  }

  void stop() {
    for (auto& guard : guards_) guard.reset();
    for (auto& context : contexts_) context->stop();
  }

 private:
  std::vector<std::unique_ptr<boost::asio::io_context>> contexts_;
  std::vector<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> guards_;
  std::size_t next_ = 0;
};

}  // namespace intake::server
