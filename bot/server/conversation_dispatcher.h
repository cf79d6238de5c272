// Runs turns on a pool of worker threads and hands their records to the group committer; the reply
// is delivered (on the caller's executor) only once its turn is committed. Turns of one conversation
// run one after another in arrival order, commit included, so a turn always reads the state its
// predecessor wrote; different conversations run in parallel. Only conversations with a turn in
// flight take memory here: an idle one costs nothing. Thread-safety: async_turn may be called from
// any thread.
#pragma once
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "bot/runtime/group_committer.h"
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
  conversation_dispatcher(runtime::turn_runner& runner, runtime::group_committer& committer, server_metrics& metrics, int threads)
      : runner_(runner), committer_(committer), metrics_(metrics), pool_(static_cast<std::size_t>(threads)) {}

  template <class CompletionToken>
  auto async_turn(turn_request request, CompletionToken&& token) {
    return boost::asio::async_initiate<CompletionToken, void(runtime::rendered_reply)>(
        [this](auto handler, turn_request request) {
          // Handlers may be move-only; std::function wants a copyable target.
          auto shared_handler = std::make_shared<decltype(handler)>(std::move(handler));
          queued_turn turn{std::move(request), [shared_handler](runtime::rendered_reply reply) {
                             auto executor = boost::asio::get_associated_executor(*shared_handler);
                             boost::asio::post(executor, [shared_handler, reply = std::move(reply)]() mutable {
                               (*shared_handler)(std::move(reply));
                             });
                           }};
          enqueue(std::move(turn));
        },
        token, std::move(request));
  }

  // Waits for the turns already queued to be committed and answered; used at shutdown.
  void drain() { pool_.join(); }

 private:
  struct queued_turn {
    turn_request request;
    std::function<void(runtime::rendered_reply)> deliver;
  };
  // A conversation with a turn in flight, and the turns that arrived meanwhile.
  struct busy_conversation {
    std::deque<queued_turn> waiting;
  };

  void enqueue(queued_turn turn) {
    {
      std::lock_guard lock(mutex_);
      auto [found, idle] = busy_.try_emplace(turn.request.in.user_id);
      if (!idle) {
        found->second.waiting.push_back(std::move(turn));
        return;
      }
    }
    start(std::move(turn));
  }

  void start(queued_turn turn) {
    boost::asio::post(pool_, [this, turn = std::move(turn)]() mutable { run(std::move(turn)); });
  }

  void run(queued_turn turn) {
    const auto started = std::chrono::steady_clock::now();
    runtime::prepared_turn prepared = runner_.prepare(turn.request.in, turn.request.locale, turn.request.delivery_key);
    if (!prepared.record) {
      finish(std::move(turn), std::move(prepared.reply), started);
      return;
    }
    // The tracked executor keeps the pool "busy" until the commit's outcome is handled, so drain()
    // does not return with turns still waiting for the committer.
    auto shared_turn = std::make_shared<queued_turn>(std::move(turn));
    auto shared_reply = std::make_shared<runtime::rendered_reply>(std::move(prepared.reply));
    committer_.submit(std::move(*prepared.record),
                      [this, shared_turn, shared_reply, started,
                       work = boost::asio::prefer(pool_.get_executor(), boost::asio::execution::outstanding_work.tracked)](bool kept) {
                        runtime::rendered_reply reply =
                            kept ? std::move(*shared_reply) : runner_.failure_reply(shared_reply->locale);
                        reply.committed = kept;
                        finish(std::move(*shared_turn), std::move(reply), started);
                      });
  }

  // Delivers the reply and starts the conversation's next turn, if one is waiting.
  void finish(queued_turn turn, runtime::rendered_reply reply, std::chrono::steady_clock::time_point started) {
    if (reply.duplicate) metrics_.duplicate_delivery();
    metrics_.turn_done(turn.request.in.channel, std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    const std::string user_id = turn.request.in.user_id;
    turn.deliver(std::move(reply));
    std::optional<queued_turn> next;
    {
      std::lock_guard lock(mutex_);
      auto found = busy_.find(user_id);
      if (found->second.waiting.empty()) {
        busy_.erase(found);
      } else {
        next.emplace(std::move(found->second.waiting.front()));
        found->second.waiting.pop_front();
      }
    }
    if (next) start(std::move(*next));
  }

  runtime::turn_runner& runner_;
  runtime::group_committer& committer_;
  server_metrics& metrics_;
  boost::asio::thread_pool pool_;
  std::mutex mutex_;
  std::unordered_map<std::string, busy_conversation> busy_;
};

}  // namespace intake::server
