#include "bench/client_pool.h"

namespace intake::bench {

client_pool::client_pool(std::size_t threads) {
  for (std::size_t i = 0; i < threads; ++i) {
    contexts_.push_back(std::make_unique<boost::asio::io_context>(1));
    guards_.push_back(boost::asio::make_work_guard(*contexts_.back()));
  }
  for (auto& context : contexts_) threads_.emplace_back([&io = *context] { io.run(); });
}

client_pool::~client_pool() {
  guards_.clear();
  for (auto& context : contexts_) context->stop();
  for (auto& thread : threads_) thread.join();
}

}  // namespace intake::bench
