// The load benchmark of issue 6: simulated owners over /ws (100 and 1,000 at once; 10,000 idle with
// 100 active) and over the WeChat webhook, each against intake serve and against a bare Beast server
// built from this repository (the ceiling), alternating, with every reply checked. It starts and
// stops the servers itself; one command does everything (./dev bench):
//   bench_load [--scenario 100|1000|idle|webhook|all] [--seconds N] [--pairs N] [--client-threads N] …
// Exit status 0 when every reply was right, 1 when any was wrong or missing, 2 on a usage error.
#include <csignal>
#include <cstdio>
#include <stdexcept>

#include "bench/bench_options.h"
#include "bench/process_stats.h"
#include "bench/scenario_runner.h"

int main(int argc, char** argv) {
  intake::bench::bench_options options;
  try {
    options = intake::bench::parse_bench_options(argc, argv);
  } catch (const std::invalid_argument& usage) {
    std::fprintf(stderr, "%s\n", usage.what());
    return 2;
  }
  std::signal(SIGPIPE, SIG_IGN);
  intake::bench::raise_open_file_limit();
  try {
    intake::bench::scenario_runner runner(options);
    return runner.run();
  } catch (const std::exception& error) {
    std::fflush(stdout);
    std::fprintf(stderr, "bench_load: %s\n", error.what());
    return 1;
  }
}
