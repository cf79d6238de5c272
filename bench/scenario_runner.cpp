#include "bench/scenario_runner.h"

#include "bench/bench_identity.h"

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <functional>
#include <thread>

#include "bench/bench_identity.h"
#include "bench/process_stats.h"
#include "bench/webhook_conversation.h"

namespace intake::bench {
namespace {

namespace asio = boost::asio;
using clock_type = std::chrono::steady_clock;

constexpr const char* wechat_token = "intakebenchtoken";
constexpr std::size_t connect_window_per_thread = 64;  // connections being set up at once, per client thread
constexpr auto reply_grace = std::chrono::seconds(10);  // after the window: a turn still unanswered is a missing reply
constexpr auto idle_connect_limit = std::chrono::seconds(120);  // connecting and greeting the idle owners

// Polls until done() (cheap: a few hundred wake-ups a second on the main thread only).
bool wait_until(const std::function<bool()>& done, clock_type::duration limit) {
  const auto deadline = clock_type::now() + limit;
  while (!done()) {
    if (clock_type::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

std::string describe(std::exception_ptr failure) {
  try {
    std::rethrow_exception(failure);
  } catch (const std::exception& error) {
    return error.what();
  } catch (...) {
    return "unknown exception";
  }
}

double median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const auto n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

// Local date and time, for the report.
std::string timestamp(const char* format = "%Y-%m-%d %H:%M:%S") {
  char text[64];
  const std::time_t now = std::time(nullptr);
  std::strftime(text, sizeof text, format, std::localtime(&now));
  return text;
}

double mb(long kb) { return static_cast<double>(kb) / 1024.0; }

void print_run_header() {
  std::printf("  %-4s %-5s %9s %8s %8s %8s %8s %7s %12s %12s %10s\n", "run", "srv", "turns/s", "p50 ms", "p99 ms", "p999 ms", "max ms",
              "errors", "srv µs/turn", "cli µs/turn", "srv peak MB");
}

void print_run_row(unsigned pair, const scenario_runner::run_result& r) {
  std::printf("  %-4u %-5s %9.0f %8.2f %8.2f %8.2f %8.1f %7llu %12.1f %12.1f %10.1f\n", pair, r.server.c_str(), r.turns_per_second, r.p50_ms,
              r.p99_ms, r.p999_ms, r.max_ms, static_cast<unsigned long long>(r.errors), r.server_cpu_us_per_turn, r.client_cpu_us_per_turn,
              mb(r.server_peak_rss_kb));
  std::fflush(stdout);
}

}  // namespace

scenario_runner::scenario_runner(bench_options options)
    : options_(std::move(options)),
      pool_(options_.client_threads),
      bot_script_(owner_script::standard_round()),
      echo_script_(owner_script::standard_round()),
      frames_(ws_conversation::message_frames(echo_script_)),
      message_ids_(static_cast<std::uint64_t>(std::time(nullptr)) * 1000000) {
  if (options_.wrong_expectation) bot_script_.break_one_expectation();
  std::string pattern = (std::filesystem::temp_directory_path() / "intake-bench-XXXXXX").string();
  if (!mkdtemp(pattern.data())) throw std::runtime_error("cannot create a temporary directory");
  temp_dir_ = pattern;
}

scenario_runner::~scenario_runner() {
  if (options_.keep_temp) {
    std::printf("kept %s (databases and server logs)\n", temp_dir_.c_str());
    return;
  }
  std::error_code ignored;
  std::filesystem::remove_all(temp_dir_, ignored);
}

std::string scenario_runner::prefix(const std::string& what) { return what + std::to_string(++run_number_); }

std::unique_ptr<child_server> scenario_runner::start_server(server_kind kind, const std::string& tag) {
  const std::string log = (temp_dir_ / (tag + ".log")).string();
  if (kind == server_kind::echo)
    return std::make_unique<child_server>("bench_ws_echo", std::vector<std::string>{options_.bin_dir + "/bench_ws_echo", "--listen", "127.0.0.1:0"},
                                          std::map<std::string, std::string>{}, log);
  const std::string db = (temp_dir_ / (tag + ".db")).string();
  return std::make_unique<child_server>(
      "intake serve",
      std::vector<std::string>{options_.bin_dir + "/intake", "serve", "--listen", "127.0.0.1:0", "--db", db, "--data-dir", options_.data_dir},
      std::map<std::string, std::string>{{"INTAKE_WECHAT_TOKEN", wechat_token}, {"INTAKE_WS_IDENTITY_SECRET", identity_secret}}, log);
}

template <class Conversation>
void scenario_runner::connect_all(std::vector<std::shared_ptr<Conversation>>& conversations, unsigned short port, run_stats& stats) {
  const asio::ip::tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), port);
  std::atomic<std::size_t> workers{0};
  const std::size_t threads = pool_.size();
  for (std::size_t shard = 0; shard < threads; ++shard) {
    auto next = std::make_shared<std::size_t>(shard);  // conversation i lives on client thread i % threads
    for (std::size_t w = 0; w < connect_window_per_thread; ++w) {
      ++workers;
      asio::co_spawn(
          pool_.context(shard),
          [&conversations, next, threads, endpoint, &stats]() -> asio::awaitable<void> {
            while (*next < conversations.size()) {
              auto conversation = conversations[*next];
              *next += threads;
              co_await conversation->connect(endpoint, stats);
            }
          },
          [&workers, &stats](std::exception_ptr failure) {
            if (failure) stats.error("client exception", describe(failure));
            --workers;
          });
    }
  }
  wait_until([&] { return workers.load() == 0; }, std::chrono::hours(1));
}

template <class Conversation>
void scenario_runner::close_all(std::vector<std::shared_ptr<Conversation>>& conversations) {
  std::atomic<std::size_t> left{conversations.size()};
  for (std::size_t i = 0; i < conversations.size(); ++i)
    asio::post(pool_.context(i), [conversation = std::move(conversations[i]), &left]() mutable {
      conversation->close();
      conversation.reset();  // destroyed on its own thread
      --left;
    });
  wait_until([&] { return left.load() == 0; }, std::chrono::minutes(1));
  conversations.clear();
}

template <class Conversation>
scenario_runner::run_result scenario_runner::timed_run(std::vector<std::shared_ptr<Conversation>>& conversations, child_server& server,
                                                       run_stats& stats, double warmup_seconds, double measure_seconds) {
  const auto from = clock_type::now() + std::chrono::duration_cast<clock_type::duration>(std::chrono::duration<double>(warmup_seconds));
  const auto to = from + std::chrono::duration_cast<clock_type::duration>(std::chrono::duration<double>(measure_seconds));
  stats.set_window(from, to);
  stats.reset_stop();
  std::atomic<std::size_t> live{conversations.size()};
  for (std::size_t i = 0; i < conversations.size(); ++i)
    asio::co_spawn(pool_.context(i), conversations[i]->drive(stats), [&live, &stats](std::exception_ptr failure) {
      if (failure) stats.error("client exception", describe(failure));
      --live;
    });
  std::this_thread::sleep_until(from);
  const auto server_before = server.sample();
  const double client_before = own_cpu_seconds();
  std::this_thread::sleep_until(to);
  const auto server_after = server.sample();
  const double client_after = own_cpu_seconds();
  stats.request_stop();
  if (!wait_until([&] { return live.load() == 0; }, reply_grace)) {
    // Turns still unanswered: close their connections, which counts each as a missing reply.
    for (std::size_t i = 0; i < conversations.size(); ++i)
      asio::post(pool_.context(i), [conversation = conversations[i]] { conversation->close(); });
    wait_until([&] { return live.load() == 0; }, std::chrono::minutes(1));
  }

  run_result result;
  result.turns = stats.measured_turns();
  result.turns_per_second = static_cast<double>(result.turns) / measure_seconds;
  auto latencies = stats.merged_latencies();
  result.p50_ms = latencies.percentile_ms(0.5);
  result.p99_ms = latencies.percentile_ms(0.99);
  result.p999_ms = latencies.percentile_ms(0.999);
  result.max_ms = latencies.percentile_ms(1.0);
  const double turns = std::max<double>(1, static_cast<double>(result.turns));
  result.server_cpu_us_per_turn = (server_after.cpu_seconds - server_before.cpu_seconds) * 1e6 / turns;
  result.client_cpu_us_per_turn = (client_after - client_before) * 1e6 / turns;
  result.server_peak_rss_kb = server_after.peak_rss_kb;
  result.server_rss_kb = server_after.rss_kb;
  if (!server.alive()) stats.error("server died", server.name() + " " + server.exit_note());
  result.errors = stats.errors();
  errors_ += result.errors;
  return result;
}

void scenario_runner::report_errors(const run_stats& stats) {
  if (stats.errors() == 0) return;
  std::printf("       errors:");
  for (const auto& [kind, count] : stats.errors_by_kind()) std::printf(" %s ×%llu;", kind.c_str(), static_cast<unsigned long long>(count));
  std::printf("\n");
  for (const auto& detail : stats.error_details()) std::printf("       - %s\n", detail.c_str());
  std::fflush(stdout);
}

void scenario_runner::report_server_log(const child_server& server, const std::string& log_path) {
  std::ifstream in(log_path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);)
    if (line.find("channel ") == std::string::npos && line.find("WebSocket on /ws") == std::string::npos &&
        line.find("shutting down") == std::string::npos)
      lines.push_back(line);  // anything but the start-up and shutdown notes
  if (lines.empty()) return;
  std::printf("  %s wrote %zu line(s) to standard error, e.g.:\n", server.name().c_str(), lines.size());
  for (std::size_t i = 0; i < lines.size() && i < 5; ++i) std::printf("    %s\n", lines[i].c_str());
}

std::vector<std::shared_ptr<ws_conversation>> scenario_runner::ws_conversations(server_kind kind, std::size_t count, const std::string& what) {
  std::vector<std::shared_ptr<ws_conversation>> list;
  list.reserve(count);
  const std::string owner = prefix(what);
  for (std::size_t i = 0; i < count; ++i)
    list.push_back(std::make_shared<ws_conversation>(pool_.context(i), i % pool_.size(), script_for(kind), frames_, kind, owner + "-" + std::to_string(i)));
  return list;
}

scenario_runner::run_result scenario_runner::measured_ws_run(child_server& server, server_kind kind, std::size_t count, const std::string& label,
                                                             unsigned pair, hostile_clients* beside) {
  run_stats stats(pool_.size());
  auto list = ws_conversations(kind, count, "owner");
  connect_all(list, server.port(), stats);
  if (beside) beside->start();
  auto result = timed_run(list, server, stats, options_.warmup_seconds, options_.seconds);
  if (beside) beside->stop();
  close_all(list);
  result.server = label;
  print_run_row(pair, result);
  report_errors(stats);
  return result;
}

void scenario_runner::concurrent_scenario(std::size_t conversations) {
  std::printf("\n== %s  %zu concurrent conversations over /ws: %d pairs of %d s runs (%.1f s warm-up each), echo then bot ==\n",
              timestamp().c_str(), conversations, options_.pairs, options_.seconds, options_.warmup_seconds);
  const std::string tag = "ws" + std::to_string(conversations);
  auto echo = start_server(server_kind::echo, tag + "-echo");
  auto bot = start_server(server_kind::bot, tag + "-bot");
  print_run_header();
  std::vector<double> ratios, bot_p99;
  for (int pair = 1; pair <= options_.pairs; ++pair) {
    double echo_rate = 0;
    for (auto kind : {server_kind::echo, server_kind::bot}) {
      auto& server = kind == server_kind::bot ? *bot : *echo;
      const auto result = measured_ws_run(server, kind, conversations, kind == server_kind::bot ? "bot" : "echo", static_cast<unsigned>(pair));
      if (kind == server_kind::echo) echo_rate = result.turns_per_second;
      else {
        ratios.push_back(echo_rate > 0 ? result.turns_per_second / echo_rate : 0);
        bot_p99.push_back(result.p99_ms);
      }
    }
  }
  std::printf("  bot ÷ echo per pair:");
  for (double r : ratios) std::printf(" %.3f", r);
  std::printf("; median %.3f", median(ratios));
  if (conversations == 100)
    std::printf(" (target ≥ 0.40: %s); bot p99 median %.2f ms (target < 10 ms: %s)", median(ratios) >= 0.40 ? "met" : "NOT met",
                median(bot_p99), median(bot_p99) < 10 ? "met" : "NOT met");
  std::printf("\n");
  echo->stop();
  bot->stop();
  report_server_log(*bot, (temp_dir_ / (tag + "-bot.log")).string());
}

void scenario_runner::idle_scenario() {
  const std::size_t idle = options_.idle_conversations, active = options_.idle_active;
  std::printf("\n== %s  %zu idle conversations (hello answered, then silent) + %zu active over /ws, %d s measured ==\n",
              timestamp().c_str(), idle, active, options_.seconds);
  std::printf("  %-5s %9s %10s %10s %10s %12s %9s %8s %8s %8s %7s %10s\n", "srv", "idle conn", "connect s", "RSS bef MB", "RSS aft MB",
              "KB per idle", "turns/s", "p50 ms", "p99 ms", "p999 ms", "errors", "srv peak MB");
  std::vector<double> per_idle_kb;
  for (auto kind : {server_kind::echo, server_kind::bot}) {
    const std::string tag = std::string("idle-") + (kind == server_kind::bot ? "bot" : "echo");
    auto server = start_server(kind, tag);
    run_stats warmup(pool_.size()), connecting(pool_.size()), measured(pool_.size());
    auto active_list = ws_conversations(kind, active, "active");
    connect_all(active_list, server->port(), warmup);
    timed_run(active_list, *server, warmup, 0, std::max(1.0, options_.warmup_seconds));  // warm the server up (caches, allocator); not reported
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    const auto before = server->sample();

    auto idle_list = ws_conversations(kind, idle, "idle");
    std::atomic<std::size_t> parked{0};
    const auto connect_started = clock_type::now();
    {
      const asio::ip::tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), server->port());
      std::atomic<std::size_t> workers{0};
      const std::size_t threads = pool_.size();
      for (std::size_t shard = 0; shard < threads; ++shard) {
        auto next = std::make_shared<std::size_t>(shard);
        for (std::size_t w = 0; w < connect_window_per_thread; ++w) {
          ++workers;
          asio::co_spawn(
              pool_.context(shard),
              [&idle_list, next, threads, endpoint, &connecting, &parked]() -> asio::awaitable<void> {
                while (*next < idle_list.size() && !connecting.stopping()) {
                  auto conversation = idle_list[*next];
                  *next += threads;
                  if (!co_await conversation->connect(endpoint, connecting)) continue;
                  if (!co_await conversation->greet(connecting)) continue;
                  ++parked;
                  asio::co_spawn(co_await asio::this_coro::executor, conversation->park(), [&parked](std::exception_ptr) { --parked; });
                }
              },
              [&workers, &connecting](std::exception_ptr failure) {
                if (failure) connecting.error("client exception", describe(failure));
                --workers;
              });
        }
      }
      if (!wait_until([&] { return workers.load() == 0; }, idle_connect_limit)) {
        // Greetings still unanswered: stop connecting and close them, which counts each as an error.
        connecting.request_stop();
        for (std::size_t i = 0; i < idle_list.size(); ++i)
          asio::post(pool_.context(i), [conversation = idle_list[i]] { conversation->close(); });
        wait_until([&] { return workers.load() == 0; }, std::chrono::minutes(1));
      }
    }
    const double connect_seconds = std::chrono::duration<double>(clock_type::now() - connect_started).count();
    const std::size_t connected = parked.load();
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    const auto after = server->sample();

    auto result = timed_run(active_list, *server, measured, 0.5, options_.seconds);
    const std::size_t still_connected = parked.load();
    close_all(active_list);
    close_all(idle_list);
    wait_until([&] { return parked.load() == 0; }, std::chrono::minutes(1));
    const double kb_per_idle = connected ? static_cast<double>(after.rss_kb - before.rss_kb) / static_cast<double>(connected) : 0;
    if (kind == server_kind::bot) per_idle_kb.push_back(kb_per_idle);
    std::printf("  %-5s %9zu %10.2f %10.1f %10.1f %12.2f %9.0f %8.2f %8.2f %8.2f %7llu %10.1f\n", kind == server_kind::bot ? "bot" : "echo",
                connected, connect_seconds, mb(before.rss_kb), mb(after.rss_kb), kb_per_idle, result.turns_per_second, result.p50_ms,
                result.p99_ms, result.p999_ms, static_cast<unsigned long long>(result.errors + connecting.errors() + warmup.errors()),
                mb(result.server_peak_rss_kb));
    errors_ += connecting.errors();  // timed_run counted the others
    report_errors(warmup);
    report_errors(connecting);
    report_errors(measured);
    if (still_connected != connected)
      std::printf("       %zu of the %zu idle connections were closed during the run\n", connected - still_connected, connected);
    std::fflush(stdout);
    server->stop();
    if (kind == server_kind::bot) report_server_log(*server, (temp_dir_ / (tag + ".log")).string());
  }
  if (!per_idle_kb.empty())
    std::printf("  bot: %zu idle conversations cost %.1f MB RSS (target < 150 MB: %s)\n", idle,
                per_idle_kb[0] * static_cast<double>(idle) / 1024.0, per_idle_kb[0] * static_cast<double>(idle) / 1024.0 < 150 ? "met" : "NOT met");
}

void scenario_runner::webhook_scenario() {
  const std::size_t conversations = options_.webhook_conversations;
  std::printf("\n== %s  WeChat webhook, plain mode: %zu owners, signed POST /wechat over keep-alive HTTP, %d pairs of %d s runs; "
              "ceiling: bare Beast HTTP ==\n",
              timestamp().c_str(), conversations, options_.pairs, options_.seconds);
  auto echo = start_server(server_kind::echo, "webhook-echo");
  auto bot = start_server(server_kind::bot, "webhook-bot");
  print_run_header();
  std::vector<double> ratios;
  for (int pair = 1; pair <= options_.pairs; ++pair) {
    double echo_rate = 0;
    for (auto kind : {server_kind::echo, server_kind::bot}) {
      auto& server = kind == server_kind::bot ? *bot : *echo;
      run_stats stats(pool_.size());
      std::vector<std::shared_ptr<webhook_conversation>> list;
      const std::string owner = prefix("oBench");
      for (std::size_t i = 0; i < conversations; ++i)
        list.push_back(std::make_shared<webhook_conversation>(pool_.context(i), i % pool_.size(), script_for(kind), kind,
                                                              owner + "-" + std::to_string(i), wechat_token, message_ids_));
      connect_all(list, server.port(), stats);
      auto result = timed_run(list, server, stats, options_.warmup_seconds, options_.seconds);
      close_all(list);
      result.server = kind == server_kind::bot ? "bot" : "http";
      print_run_row(static_cast<unsigned>(pair), result);
      report_errors(stats);
      if (kind == server_kind::echo) echo_rate = result.turns_per_second;
      else ratios.push_back(echo_rate > 0 ? result.turns_per_second / echo_rate : 0);
    }
  }
  std::printf("  bot ÷ bare HTTP per pair:");
  for (double r : ratios) std::printf(" %.3f", r);
  std::printf("; median %.3f\n", median(ratios));
  echo->stop();
  bot->stop();
  report_server_log(*bot, (temp_dir_ / "webhook-bot.log").string());
}

// The same owners with and without hostile clients beside them, alternated: what the hostile ones
// cost the others is the difference, and the p99 target applies to the runs with them.
void scenario_runner::hostile_scenario() {
  const std::size_t conversations = options_.hostile_active;
  hostile_clients::settings hostile;
  std::printf("\n== %s  %zu concurrent conversations over /ws, alone and beside hostile clients (%d that never read, sending %d "
              "messages a second until dropped and replaced; %d that send a byte every %d ms; %d connections a second opened and dropped): %d pairs of %d s runs ==\n",
              timestamp().c_str(), conversations, hostile.never_readers, hostile.never_reader_messages_per_second, hostile.tricklers, hostile.trickle_byte_interval_ms,
              hostile.storm_connections_per_second, options_.pairs, options_.seconds);
  auto bot = start_server(server_kind::bot, "hostile-bot");
  print_run_header();
  std::vector<double> quiet_p99, hostile_p99;
  long rss_after_first_quiet_kb = 0;
  for (int pair = 1; pair <= options_.pairs; ++pair) {
    for (bool with_hostiles : {false, true}) {
      std::unique_ptr<hostile_clients> hostiles;
      if (with_hostiles) hostiles = std::make_unique<hostile_clients>(bot->port(), hostile, prefix("hostile"));
      const auto result = measured_ws_run(*bot, server_kind::bot, conversations, with_hostiles ? "+hst" : "bot", static_cast<unsigned>(pair), hostiles.get());
      (with_hostiles ? hostile_p99 : quiet_p99).push_back(result.p99_ms);
      if (!with_hostiles && pair == 1) rss_after_first_quiet_kb = result.server_rss_kb;
      if (hostiles) {
        const hostile_clients::counts last = hostiles->totals();
        std::printf("       hostile clients: never-readers sent %llu frames and were dropped %llu times; tricklers got %llu replies; "
                    "%llu connections opened and dropped; %llu could not be opened or upgraded\n",
                    static_cast<unsigned long long>(last.never_reader_frames), static_cast<unsigned long long>(last.never_readers_dropped),
                    static_cast<unsigned long long>(last.trickled_replies), static_cast<unsigned long long>(last.storm_connections),
                    static_cast<unsigned long long>(last.failures));
      }
    }
  }
  const long rss_end_kb = bot->sample().rss_kb;
  std::printf("  p99 median alone %.2f ms, beside hostile clients %.2f ms (target < 10 ms: %s); server RSS %.1f MB after the first "
              "run alone, %.1f MB at the end\n",
              median(quiet_p99), median(hostile_p99), median(hostile_p99) < 10 ? "met" : "NOT met", mb(rss_after_first_quiet_kb), mb(rss_end_kb));
  bot->stop();
  report_server_log(*bot, (temp_dir_ / "hostile-bot.log").string());
}

int scenario_runner::run() {
  const auto started = clock_type::now();
  std::printf("intake load benchmark (issue 6) — %s\n", timestamp("%Y-%m-%d %H:%M:%S %z").c_str());
  std::printf("command: %s\n", options_.command.c_str());
  std::printf("machine: %u CPU(s), shared by the client (%zu thread(s)) and the server (2 I/O threads that also prepare turns + 1 committer thread)\n",
              std::thread::hardware_concurrency(), pool_.size());
  std::printf("bot: %s/intake serve, fresh SQLite file per scenario (every turn committed before its reply); ceiling: %s/bench_ws_echo\n",
              options_.bin_dir.c_str(), options_.bin_dir.c_str());
  std::printf("owner round: %zu turns (greeting, the report with 8 invalid answers and 2 corrections, confirm, progress check by "
              "ticket, 3 policy questions), a new user per round; every reply checked%s\n",
              bot_script_.steps().size(), options_.wrong_expectation ? " — WITH ONE WRONG EXPECTATION (--wrong-expectation)" : "");
  std::printf("columns: turns/s and latency over replies received in the window; srv/cli µs/turn = CPU time (user+system) per turn "
              "of server/client; srv peak MB = server VmHWM\n");
  std::fflush(stdout);
  const auto& s = options_.scenario;
  if (s == "100" || s == "all") concurrent_scenario(100);
  if (s == "1000" || s == "all") concurrent_scenario(1000);
  if (s == "idle" || s == "all") idle_scenario();
  if (s == "webhook" || s == "all") webhook_scenario();
  if (s == "hostile" || s == "all") hostile_scenario();
  std::printf("\n%s: %llu error(s); %.0f s in all\n", errors_ ? "FAILED" : "ok", static_cast<unsigned long long>(errors_),
              std::chrono::duration<double>(clock_type::now() - started).count());
  return errors_ ? 1 : 0;
}

}  // namespace intake::bench
