// The load client's threads: one io_context per thread (concurrency hint 1, so Asio takes no locks),
// conversations spread over them round-robin; everything a conversation does runs on its own
// thread. Runs until destroyed.
#pragma once
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <memory>
#include <thread>
#include <vector>

namespace intake::bench {

class client_pool {
 public:
  explicit client_pool(std::size_t threads);
  ~client_pool();
  client_pool(const client_pool&) = delete;
  client_pool& operator=(const client_pool&) = delete;

  std::size_t size() const { return contexts_.size(); }
  boost::asio::io_context& context(std::size_t index) { return *contexts_[index % contexts_.size()]; }

 private:
  using guard = boost::asio::executor_work_guard<boost::asio::io_context::executor_type>;
  std::vector<std::unique_ptr<boost::asio::io_context>> contexts_;
  std::vector<guard> guards_;
  std::vector<std::thread> threads_;
};

}  // namespace intake::bench
