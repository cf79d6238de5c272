// Runs the scenarios of the load benchmark (issue 6) and prints a table per scenario: it starts the
// servers itself (intake serve on a fresh SQLite file in a temporary directory, and bench_ws_echo),
// alternates echo and bot runs so the ratio holds while the machine drifts, samples the servers'
// memory and CPU time from /proc, and stops everything at the end (the temporary directory too).
// Not thread-safe; one at a time.
#pragma once
#include <atomic>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "bench/bench_options.h"
#include "bench/child_server.h"
#include "bench/client_pool.h"
#include "bench/hostile_clients.h"
#include "bench/owner_script.h"
#include "bench/run_stats.h"
#include "bench/ws_conversation.h"

namespace intake::bench {

class scenario_runner {
 public:
  explicit scenario_runner(bench_options options);
  ~scenario_runner();
  scenario_runner(const scenario_runner&) = delete;
  scenario_runner& operator=(const scenario_runner&) = delete;

  // Every selected scenario; returns 0 when every reply was right, 1 otherwise.
  int run();

  struct run_result {
    std::string server;
    std::uint64_t turns = 0;            // replies received inside the measuring window
    double turns_per_second = 0;
    double p50_ms = 0, p99_ms = 0, p999_ms = 0, max_ms = 0;
    std::uint64_t errors = 0;
    double server_cpu_us_per_turn = 0;
    double client_cpu_us_per_turn = 0;
    long server_peak_rss_kb = 0;
    long server_rss_kb = 0;
  };

 private:
  void concurrent_scenario(std::size_t conversations);
  void idle_scenario();
  void webhook_scenario();
  void hostile_scenario();
  std::unique_ptr<child_server> start_server(server_kind kind, const std::string& tag);
  // `count` new owners over /ws for `kind`'s server, named after `what` and this run.
  std::vector<std::shared_ptr<ws_conversation>> ws_conversations(server_kind kind, std::size_t count, const std::string& what);
  // One measured run of `count` new owners over /ws, its row printed under `label`; `beside`, when
  // given, is started once they are connected and stopped after the window.
  run_result measured_ws_run(child_server& server, server_kind kind, std::size_t count, const std::string& label, unsigned pair,
                             hostile_clients* beside = nullptr);
  template <class Conversation>
  run_result timed_run(std::vector<std::shared_ptr<Conversation>>& conversations, child_server& server, run_stats& stats,
                       double warmup_seconds, double measure_seconds);
  template <class Conversation>
  void connect_all(std::vector<std::shared_ptr<Conversation>>& conversations, unsigned short port, run_stats& stats);
  template <class Conversation>
  void close_all(std::vector<std::shared_ptr<Conversation>>& conversations);
  void report_errors(const run_stats& stats);
  void report_server_log(const child_server& server, const std::string& log_path);
  std::string prefix(const std::string& what);
  const owner_script& script_for(server_kind kind) const { return kind == server_kind::bot ? bot_script_ : echo_script_; }

  bench_options options_;
  std::filesystem::path temp_dir_;
  client_pool pool_;
  owner_script bot_script_, echo_script_;
  std::vector<std::string> frames_;  // the same texts for both; only the bot's expectations may differ
  std::atomic<std::uint64_t> message_ids_;
  std::uint64_t errors_ = 0;
  unsigned run_number_ = 0;
};

}  // namespace intake::bench
