// Runs turns and hands their records to the group committer; the reply is delivered only once its
// turn is committed. A turn is prepared (read + engine step) on the executor of the one who asked,
// i.e. the connection's own I/O thread: a turn's CPU work is tens of microseconds, and
// handing it to a separate worker pool cost two more thread switches per turn than the work itself
// (measured). Turns of one conversation run one after another in arrival order, commit included, so
// a turn always reads the state its predecessor wrote; different conversations run in parallel.
// Only conversations with a turn in flight take memory here: an idle one costs nothing.
// Thread-safety: all methods may be called from any thread.
#pragma once
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "bot/runtime/group_committer.h"
#include "bot/runtime/turn_runner.h"
#include "bot/server/executor_handoff.h"
#include "bot/server/server_metrics.h"

namespace intake::server {

struct turn_request {
  engine::inbound in;
  std::optional<std::string> locale;
  std::string delivery_key;
};

class conversation_dispatcher {
 public:
  conversation_dispatcher(runtime::turn_runner& runner, runtime::group_committer& committer, server_metrics& metrics)
      : runner_(runner), committer_(committer), metrics_(metrics) {}

  template <class CompletionToken>
  auto async_turn(turn_request request, CompletionToken&& token) {
    return boost::asio::async_initiate<CompletionToken, void(runtime::rendered_reply)>(
        [this](auto handler, turn_request request) {
          boost::asio::any_io_executor executor = boost::asio::get_associated_executor(handler);
          // Handlers may be move-only; std::function wants a copyable target.
          auto shared_handler = std::make_shared<decltype(handler)>(std::move(handler));
          queued_turn turn{std::move(request), executor,
                           [shared_handler](runtime::rendered_reply reply) { (*shared_handler)(std::move(reply)); }};
          enqueue(std::move(turn));
        },
        token, std::move(request));
  }

  // From now on new turns are answered "not kept, send again" at once (shutting down).
  void stop_accepting() {
    std::lock_guard lock(mutex_);
    accepting_ = false;
  }
  // No turn in flight or waiting.
  bool idle() {
    std::lock_guard lock(mutex_);
    return busy_.empty();
  }
  // The committer calls this after each group: the replies and next turns it left go out.
  void hand_over_committed() { handoff_.hand_over(); }

 private:
  struct queued_turn {
    turn_request request;
    boost::asio::any_io_executor executor;  // where the turn is prepared and answered
    std::function<void(runtime::rendered_reply)> deliver;  // to be called on `executor`
  };
  // A conversation with a turn in flight, and the turns that arrived meanwhile.
  struct busy_conversation {
    std::deque<queued_turn> waiting;
  };

  void enqueue(queued_turn turn) {
    {
      std::lock_guard lock(mutex_);
      if (accepting_) {
        auto [found, idle] = busy_.try_emplace(turn.request.in.user_id);
        if (!idle) {
          found->second.waiting.push_back(std::move(turn));
          return;
        }
      }
      if (!accepting_) {
        boost::asio::post(turn.executor, [deliver = std::move(turn.deliver),
                                          reply = runner_.failure_reply(turn.request.locale.value_or(engine::catalog::default_locale))]() mutable {
          deliver(std::move(reply));
        });
        return;
      }
    }
    start(std::move(turn));
  }

  void start(queued_turn turn) {
    auto executor = turn.executor;
    boost::asio::post(executor, [this, turn = std::make_shared<queued_turn>(std::move(turn))] { run(std::move(*turn), std::chrono::steady_clock::now(), 0); });
  }

  // `attempt` > 0: the previous preparation was stale; read the conversation from storage this time.
  void run(queued_turn turn, std::chrono::steady_clock::time_point started, int attempt) {
    runtime::prepared_turn prepared = runner_.prepare(turn.request.in, turn.request.locale, turn.request.delivery_key, attempt);
    if (!prepared.record) {
      finish(std::move(turn), std::move(prepared.reply), started);
      return;
    }
    auto shared_turn = std::make_shared<queued_turn>(std::move(turn));
    auto shared_prepared = std::make_shared<runtime::prepared_turn>(std::move(prepared));
    storage::turn_record record = std::move(*shared_prepared->record);
    // The committer only hands the outcome back, staged with the rest of its group for each I/O
    // thread (executor_handoff.h); the turn is settled on its connection's thread. Settled on the
    // committer, every turn of a group took the conversation cache's, the metrics' and the
    // dispatcher's locks there, which the I/O threads hold too, and the next group waited behind the
    // slowest of them. The conversation's next turn starts only once it is settled, so it still
    // reads what this one left.
    committer_.submit(std::move(record), [this, shared_turn, shared_prepared, started, attempt](storage::commit_outcome outcome) {
      handoff_.stage(shared_turn->executor,
                     [this, shared_turn, shared_prepared, started, attempt, outcome] { settle(shared_turn, shared_prepared, started, attempt, outcome); });
    });
  }

  // On the connection's thread, once the committer has kept the turn or not.
  void settle(const std::shared_ptr<queued_turn>& shared_turn, const std::shared_ptr<runtime::prepared_turn>& shared_prepared,
              std::chrono::steady_clock::time_point started, int attempt, storage::commit_outcome outcome) {
    using fate = runtime::turn_runner::turn_fate;
    const fate decided = runner_.settle(shared_turn->request.in, std::move(shared_prepared->after), outcome, attempt);
    if (decided == fate::prepare_again) {
      metrics_.stale_turn();
      run(std::move(*shared_turn), started, attempt + 1);
      return;
    }
    const bool kept = decided == fate::kept;
    runtime::rendered_reply reply = kept ? std::move(shared_prepared->reply) : runner_.failure_reply(shared_prepared->reply.locale);
    reply.committed = kept;
    finish(std::move(*shared_turn), std::move(reply), started);
  }

  // On the connection's thread: delivers the reply and starts the conversation's next turn, if one
  // is waiting.
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
  std::mutex mutex_;
  bool accepting_ = true;
  std::unordered_map<std::string, busy_conversation> busy_;
  executor_handoff handoff_;
};

}  // namespace intake::server
