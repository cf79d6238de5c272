#include "bench/bench_options.h"

#include <filesystem>
#include <stdexcept>

namespace intake::bench {

bench_options parse_bench_options(int argc, char** argv) {
  static const std::string usage =
      "usage: bench_load [--scenario 100|1000|idle|webhook|hostile|all] [--seconds N] [--pairs N] [--warmup S] [--client-threads N] "
      "[--idle N] [--hostile-active N] [--wrong-expectation] [--keep-temp] [--bin-dir DIR] [--data-dir DIR]";
  bench_options options;
  for (int i = 0; i < argc; ++i) {
    if (i) options.command += ' ';
    options.command += argv[i];
  }
  auto value = [&](int& i) {
    if (i + 1 >= argc) throw std::invalid_argument(usage);
    return std::string(argv[++i]);
  };
  try {
    for (int i = 1; i < argc; ++i) {
      const std::string arg = argv[i];
      if (arg == "--scenario") options.scenario = value(i);
      else if (arg == "--seconds") options.seconds = std::stoi(value(i));
      else if (arg == "--pairs") options.pairs = std::stoi(value(i));
      else if (arg == "--warmup") options.warmup_seconds = std::stod(value(i));
      else if (arg == "--client-threads") options.client_threads = std::stoul(value(i));
      else if (arg == "--idle") options.idle_conversations = std::stoul(value(i));
      else if (arg == "--hostile-active") options.hostile_active = std::stoul(value(i));
      else if (arg == "--wrong-expectation") options.wrong_expectation = true;
      else if (arg == "--keep-temp") options.keep_temp = true;
      else if (arg == "--bin-dir") options.bin_dir = value(i);
      else if (arg == "--data-dir") options.data_dir = value(i);
      else throw std::invalid_argument(usage);
    }
  } catch (const std::logic_error&) {  // std::stoi and friends, and the usage itself
    throw std::invalid_argument(usage);
  }
  const auto& s = options.scenario;
  if (s != "100" && s != "1000" && s != "idle" && s != "webhook" && s != "hostile" && s != "all") throw std::invalid_argument(usage);
  if (options.seconds < 1 || options.pairs < 1 || options.warmup_seconds < 0 || options.client_threads < 1 || options.client_threads > 8 ||
      options.hostile_active < 1)
    throw std::invalid_argument(usage);
  if (options.bin_dir.empty()) options.bin_dir = std::filesystem::read_symlink("/proc/self/exe").parent_path().string();
  if (options.data_dir.empty()) options.data_dir = INTAKE_SOURCE_DIR;
  return options;
}

}  // namespace intake::bench
