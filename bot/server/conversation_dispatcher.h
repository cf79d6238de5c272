// Runs turns on a pool of worker threads. Turns of one conversation run one after another, in arrival
// order, on that conversation's strand; different conversations run in parallel. The completion is
// delivered on the caller's executor. Thread-safety: async_turn may be called from any thread.
#pragma once
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "bot/runtime/turn_runner.h"
#include "bot/server/server_metrics.h"

namespace intake::server {

struct turn_request {
  engine::inbound in;
  std::optional<std::string> locale;
  std::string delivery_key;
};

class conversation_dispatcher {
 public:
  conversation_dispatcher(runtime::turn_runner& runner, server_metrics& metrics, int threads)
      : runner_(runner), metrics_(metrics), pool_(static_cast<std::size_t>(threads)) {}

  template <class CompletionToken>
  auto async_turn(turn_request request, CompletionToken&& token) {
    return boost::asio::async_initiate<CompletionToken, void(runtime::rendered_reply)>(
        [this](auto handler, turn_request request) {
          auto strand = strand_for(request.in.user_id);
          boost::asio::post(strand, [this, request = std::move(request), handler = std::move(handler)]() mutable {
            const auto started = std::chrono::steady_clock::now();
            runtime::rendered_reply reply = runner_.handle(request.in, request.locale, request.delivery_key);
            if (reply.duplicate) metrics_.duplicate_delivery();
            metrics_.turn_done(request.in.channel, std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
            auto executor = boost::asio::get_associated_executor(handler);
            boost::asio::post(executor, [handler = std::move(handler), reply = std::move(reply)]() mutable { handler(std::move(reply)); });
          });
        },
        token, std::move(request));
  }

  // Waits for the turns already queued to finish; used at shutdown.
  void drain() { pool_.join(); }

 private:
  using strand_type = boost::asio::strand<boost::asio::thread_pool::executor_type>;

  strand_type strand_for(const std::string& user_id) {
    std::lock_guard lock(mutex_);
    // Strands are cheap; one per conversation seen since start keeps the ordering guarantee simple.
    auto found = strands_.find(user_id);
    if (found == strands_.end()) found = strands_.emplace(user_id, boost::asio::make_strand(pool_.get_executor())).first;
    return found->second;
  }

  runtime::turn_runner& runner_;
  server_metrics& metrics_;
  boost::asio::thread_pool pool_;
  std::mutex mutex_;
  std::unordered_map<std::string, strand_type> strands_;
};

}  // namespace intake::server
