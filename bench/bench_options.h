// Command line of bench_load:
//   bench_load [--scenario 100|1000|idle|webhook|hostile|all] [--seconds N] [--pairs N] [--warmup S]
//              [--client-threads N] [--idle N] [--hostile-active N] [--wrong-expectation] [--keep-temp] [--bin-dir DIR]
//              [--data-dir DIR]
// Plain value; parse_bench_options() throws std::invalid_argument with a usage line.
#pragma once
#include <string>

namespace intake::bench {

struct bench_options {
  std::string scenario = "all";
  int seconds = 5;                       // measured time of one run
  int pairs = 3;                         // echo/bot run pairs per throughput scenario
  double warmup_seconds = 1;             // each run drives this long before measuring
  std::size_t client_threads = 1;
  std::size_t idle_conversations = 10000;
  std::size_t idle_active = 100;
  std::size_t webhook_conversations = 100;
  std::size_t hostile_active = 100;      // the ordinary owners of the hostile scenario
  bool wrong_expectation = false;        // check the checker: one expected fragment the bot never says
  bool keep_temp = false;                // keep the temporary directory (databases, server logs) and print it
  std::string bin_dir;                   // intake and bench_ws_echo; default: next to bench_load
  std::string data_dir;                  // flows/ and locales/; default: the source tree
  std::string command;                   // the command line as given, for the report
};

bench_options parse_bench_options(int argc, char** argv);

}  // namespace intake::bench
