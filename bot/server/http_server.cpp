#include "bot/server/http_server.h"

#include "bot/runtime/staff_desk.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <algorithm>
#include <set>
#include <nlohmann/json.hpp>
#include <iostream>
#include <sys/resource.h>

#include "bot/engine/ticket.h"
#include "bot/runtime/masking.h"
#include "bot/runtime/turn_runner.h"
#include "bot/text/utf8.h"
#include "bot/server/http_session.h"
#include "bot/server/io_context_pool.h"
#include "bot/server/server_context.h"
#include "bot/server/websocket_session.h"
#include "storage/repeated_failure_log.h"

namespace intake::server {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

constexpr auto push_poll_interval = std::chrono::milliseconds(500);
// How long the listener waits after an accept failed for want of descriptors or memory.
constexpr auto accept_retry_pause = std::chrono::milliseconds(100);
// Descriptors the server needs besides its connections: the database files, the I/O threads' epoll
// and event descriptors, the standard streams.
constexpr rlim_t descriptors_besides_connections = 64;

// Each connection holds a descriptor. Many systems start a process with a soft limit of 1024 and a
// far higher hard limit, so the soft one is raised as far as max_connections needs, and a limit
// that still falls short is said at start-up rather than found out under load.
void provide_descriptors(std::size_t max_connections) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  const rlim_t wanted = static_cast<rlim_t>(max_connections) + descriptors_besides_connections;
  if (limit.rlim_cur < wanted && limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max == RLIM_INFINITY ? wanted : std::min(wanted, limit.rlim_max);
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  if (limit.rlim_cur < wanted)
    std::cerr << "intake: only " << limit.rlim_cur << " file descriptors (ulimit -n) for max_connections " << max_connections
              << ": at most about " << (limit.rlim_cur > descriptors_besides_connections ? limit.rlim_cur - descriptors_besides_connections : 0)
              << " connections can be open; beyond that new ones wait until others close\n";
}

}  // namespace

struct http_server::impl {
  server_config config;
  const engine::bot_definition& definition;
  storage::conversation_store& store;
  server_metrics metrics;
  session_registry sessions;
  runtime::turn_runner runner;
  runtime::group_committer committer;
  conversation_dispatcher dispatcher;
  client_error_log client_log;
  cached_health_check health{[this] { store.check_writable(); }};
  asio::thread_pool staff_work{static_cast<std::size_t>(config.staff_threads)};
  staff_event_feed staff_events;
  server_context context;
  io_context_pool io_pool{config.threads};
  asio::io_context& io = io_pool.main();
  tcp::acceptor acceptor{io};
  storage::repeated_failure_log accept_failures{"accepting connections"};

  impl(server_config cfg, const engine::bot_definition& def, const runtime::case_rules& rules, storage::conversation_store& st,
       storage::resume_token_store& tokens)
      : config(std::move(cfg)),
        definition(def),
        store(st),
        runner(def, st, runtime::turn_runner::system_now_ms),
        committer(st, runtime::group_committer::default_max_batch, [this] { dispatcher.hand_over_committed(); }),
        dispatcher(runner, committer, metrics),
        context{config, def, st, dispatcher, metrics, sessions, nullptr, nullptr,
                std::make_unique<staff_api>(config, st, tokens, metrics, client_log, def.faq.get(), rules), client_log, health,
                std::make_unique<ws_identity>(config.ws_identity_secret, config.ws_resume_token_days, tokens), staff_work, staff_events} {
    if (config.wechat.enabled())
      context.wechat = std::make_unique<wechat_endpoint>(wechat_endpoint::platform::official_account, config.wechat, config, def, st,
                                                         dispatcher, metrics, client_log);
    if (config.wecom.enabled())
      context.wecom = std::make_unique<wechat_endpoint>(wechat_endpoint::platform::wecom, config.wecom, config, def, st, dispatcher, metrics,
                                                        client_log);
  }

  // Staff act from another process (the CLI) or the API; new notifications for owners connected over
  // WebSocket are pushed within a poll interval, as a turn on the owner's own I/O thread.
  asio::awaitable<void> push_loop() {
    asio::steady_timer timer(co_await asio::this_coro::executor);
    // Nobody is connected yet: what is pending now waits for each owner's next message, as it always
    // may. Starting at 0 read every notification ever written, on this I/O thread and under the
    // writer's lock (0.6 s at 300,000 reports, bench/RESULTS.md).
    std::int64_t seen = -1;
    for (;;) {
      try {
        if (seen < 0) seen = store.newest_notification_id();
        auto [users, newest] = store.users_with_new_notifications(seen);
        seen = newest;
        for (const auto& user : users) {
          auto live = sessions.sessions_of(user);
          if (live.empty()) continue;  // delivered with the owner's next message instead
          turn_request request{{engine::inbound::kind::notify, user, "websocket", ""}, std::nullopt, ""};
          auto reply = co_await dispatcher.async_turn(std::move(request), asio::use_awaitable);
          if (!reply.committed) continue;
          for (const auto& session : live) session->push(reply);
        }
      } catch (const std::exception& error) {
        std::cerr << "intake: notification push: " << error.what() << '\n';
      }
      timer.expires_after(push_poll_interval);
      boost::system::error_code ignored;
      co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
      if (ignored == asio::error::operation_aborted) co_return;
    }
  }

  // What staff hear at once (GET /api/events): owners who wrote on a case or ask for a person,
  // whichever process kept the turn. Storage is read only while a stream is open, on a staff thread
  // (the handoff list reads under the writer's lock, which an owner's I/O thread must not wait for).
  asio::awaitable<void> staff_event_poll() {
    asio::steady_timer timer(co_await asio::this_coro::executor);
    bool watching = false;
    std::int64_t seen_message = 0;
    std::set<std::string> waiting;
    for (;;) {
      if (staff_events.subscribers() == 0) {
        watching = false;
      } else {
        co_await asio::co_spawn(staff_work, [&]() -> asio::awaitable<void> { publish_staff_events(watching, seen_message, waiting); co_return; },
                                asio::use_awaitable);
      }
      timer.expires_after(std::chrono::seconds(1));
      boost::system::error_code stopped;
      co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, stopped));
      if (stopped == asio::error::operation_aborted) co_return;
    }
  }

  // One pass of staff_event_poll: what is new since the last (nothing is published on the first,
  // which only learns where things stand).
  void publish_staff_events(bool& watching, std::int64_t& seen_message, std::set<std::string>& waiting) {
    try {
      if (!watching) seen_message = store.newest_case_message_id();
      for (const auto& message : store.owner_case_messages_after(seen_message, 100)) {
        seen_message = message.id;
        nlohmann::ordered_json data{{"ticket", message.ticket},
                                    {"user_id", message.user_id},
                                    {"at", engine::format_iso8601_china(message.at_ms)},
                                    {"text", runtime::mask_in_text(text::truncate_code_points(message.text, 200))}};
        staff_events.publish("case_message", data.dump());
      }
      std::set<std::string> now_waiting;
      for (const auto& w : store.waiting_for_staff()) {
        now_waiting.insert(w.user_id);
        if (watching && !waiting.count(w.user_id))
          staff_events.publish("handoff_requested",
                               nlohmann::ordered_json{{"user_id", w.user_id}, {"since", engine::format_iso8601_china(w.since_ms)}}.dump());
      }
      waiting = std::move(now_waiting);
      watching = true;
    } catch (const std::exception& error) {
      client_log.note("staff events not read", error.what());
    }
  }

  // Staff decide on unanswered policy questions from the console, the API or the CLI (another
  // process): every two seconds, new decisions are taught to the knowledge base.
  asio::awaitable<void> question_review_sync() {
    asio::steady_timer timer(co_await asio::this_coro::executor);
    std::int64_t applied = -1;
    for (;;) {
      try {
        if (const std::int64_t newest = store.newest_question_review_id(); newest != applied) {
          for (const auto& unknown : runtime::apply_question_reviews(store, *definition.faq))
            client_log.note("question review names no entry", "\"" + unknown.group + "\" → " + unknown.entry_id);
          applied = newest;
        }
      } catch (const std::exception& error) {
        client_log.note("question reviews not read", error.what());
      }
      timer.expires_after(std::chrono::seconds(2));
      boost::system::error_code stopped;
      co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, stopped));
      if (stopped == asio::error::operation_aborted) co_return;
    }
  }

  // A client that trickles a message keeps its connection past the idle timeout, since each byte is
  // activity; once a second, connections whose message is overdue are dropped.
  asio::awaitable<void> stalled_message_sweep() {
    asio::steady_timer timer(co_await asio::this_coro::executor);
    for (;;) {
      timer.expires_after(std::chrono::seconds(1));
      boost::system::error_code stopped;
      co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, stopped));
      if (stopped == asio::error::operation_aborted) co_return;
      const std::int64_t now_ms = message_deadline_policy::now_ms();
      for (const auto& session : sessions.connections()) session->drop_if_stalled(now_ms);
    }
  }

  // Turns already under way run to their commit and are answered; then the I/O threads stop.
  asio::awaitable<void> finish_and_stop() {
    asio::steady_timer timer(co_await asio::this_coro::executor);
    while (!dispatcher.idle()) {
      timer.expires_after(std::chrono::milliseconds(5));
      co_await timer.async_wait(asio::use_awaitable);
    }
    committer.stop();
    // A moment for the last replies, posted to their connections, to be written.
    timer.expires_after(std::chrono::milliseconds(50));
    co_await timer.async_wait(asio::use_awaitable);
    io_pool.stop();
  }

  asio::awaitable<void> accept_loop() {
    asio::steady_timer pause(co_await asio::this_coro::executor);
    for (;;) {
      boost::system::error_code error;
      // The new connection lives on one I/O thread, so its reads, writes and timers never race.
      tcp::socket socket(io_pool.next());
      co_await acceptor.async_accept(socket, asio::redirect_error(asio::use_awaitable, error));
      if (error == asio::error::operation_aborted) co_return;
      if (error == asio::error::connection_aborted) continue;  // that client gave up; the next may be waiting
      if (error) {
        // Out of file descriptors (EMFILE, ENFILE) or memory: the pending connection stays queued and
        // the listener stays readable, so accepting again at once would spin at full CPU until a
        // descriptor frees up. Others' connections keep being served meanwhile.
        accept_failures.failed(error.message());
        pause.expires_after(accept_retry_pause);
        co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, error));
        if (error == asio::error::operation_aborted) co_return;
        continue;
      }
      accept_failures.succeeded();
      if (metrics.active_connections() >= config.max_connections) {
        // Closed before a byte is read: a flood of connections costs a descriptor for a moment only.
        metrics.rejected("too_many_connections");
        client_log.note("connection refused", "max_connections (" + std::to_string(config.max_connections) + ") are open");
        socket.close(error);
        continue;
      }
      // A small kernel send buffer: on loopback it would grow to megabytes, and a client that never
      // reads would be served some thousand turns before the write queue noticed.
      socket.set_option(asio::socket_base::send_buffer_size(64 * 1024), error);
      auto executor = socket.get_executor();
      // Counted here, not when the session starts on its thread, so that a burst of connections
      // cannot all pass the check above before any of them is counted. The session uncounts it.
      metrics.connection_opened();
      asio::co_spawn(executor, run_http_session(beast::tcp_stream(std::move(socket)), context), asio::detached);
    }
  }
};

http_server::http_server(server_config config, const engine::bot_definition& definition, const runtime::case_rules& rules,
                         storage::conversation_store& store, storage::resume_token_store& resume_tokens)
    : impl_(std::make_unique<impl>(std::move(config), definition, rules, store, resume_tokens)) {}

http_server::~http_server() = default;

void http_server::run(const std::function<void(const std::string&, unsigned short)>& on_listening) {
  auto& s = *impl_;
  provide_descriptors(s.config.max_connections);
  const tcp::endpoint endpoint(asio::ip::make_address(s.config.listen_address), s.config.listen_port);
  s.acceptor.open(endpoint.protocol());
  s.acceptor.set_option(asio::socket_base::reuse_address(true));
  s.acceptor.bind(endpoint);
  s.acceptor.listen(asio::socket_base::max_listen_connections);
  std::cerr << "intake: WeChat Official Account channel " << (s.context.wechat ? "on (/wechat)" : "off (set INTAKE_WECHAT_TOKEN)") << '\n';
  std::cerr << "intake: WeCom channel " << (s.context.wecom ? "on (/wecom)" : "off (set INTAKE_WECOM_TOKEN, _AES_KEY, _CORPID)") << '\n';
  std::cerr << "intake: WebSocket on /ws; health on /healthz; metrics on /metrics; staff API on /api/ (" << s.config.staff.size()
            << " staff token(s))\n";
  on_listening(s.acceptor.local_endpoint().address().to_string(), s.acceptor.local_endpoint().port());

  asio::signal_set signals(s.io, SIGINT, SIGTERM);
  signals.async_wait([&s](const boost::system::error_code& error, int) {
    if (error) return;
    std::cerr << "intake: shutting down: no new connections; finishing the turns in flight\n";
    boost::system::error_code ignored;
    s.acceptor.close(ignored);
    s.dispatcher.stop_accepting();
    asio::co_spawn(s.io, s.finish_and_stop(), asio::detached);
  });
  asio::co_spawn(s.io, s.accept_loop(), asio::detached);
  asio::co_spawn(s.io, s.push_loop(), asio::detached);
  asio::co_spawn(s.io, s.staff_event_poll(), asio::detached);
  asio::co_spawn(s.io, s.stalled_message_sweep(), asio::detached);
  if (s.definition.faq) asio::co_spawn(s.io, s.question_review_sync(), asio::detached);

  s.io_pool.run();
}

}  // namespace intake::server
