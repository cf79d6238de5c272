// The province-scale benchmark of issue 27: builds a campaign's database through the product's own
// storage and measures the staff views and the owners' turns beside them (province_scenario.h).
//   bench_province [--reports N[,N…]] [--keep] [--build-only] [--work-dir DIR] [--seed N] [--owners N]
//                  [--pause-ms N] [--seconds N] [--calls N] [--timeout S] [--skip-cli] [--skip-index-loss]
//                  [--bin-dir DIR] [--data-dir DIR]
// Databases stay in the work directory (default: beside the executable, province/), one per size,
// for --keep. Exit status 0 when every view answered and every turn was right, 1 otherwise, 2 on a
// usage error.
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench/province_builder.h"
#include "bench/province_scenario.h"

namespace {

constexpr const char* usage =
    "usage: bench_province [--reports N[,N...]] [--keep] [--build-only] [--work-dir DIR] [--seed N] [--owners N] [--pause-ms N]\n"
    "                      [--seconds N] [--calls N] [--timeout S] [--skip-cli] [--skip-index-loss] [--bin-dir DIR] [--data-dir DIR]";

std::vector<std::size_t> sizes_from(const std::string& list) {
  std::vector<std::size_t> sizes;
  std::stringstream in(list);
  for (std::string item; std::getline(in, item, ',');) {
    const std::size_t size = std::stoul(item);
    if (size == 0 || size > 10'000'000) throw std::invalid_argument("--reports: between 1 and 10,000,000");
    sizes.push_back(size);
  }
  if (sizes.empty()) throw std::invalid_argument("--reports needs a number");
  return sizes;
}

}  // namespace

int main(int argc, char** argv) {
  intake::bench::province_scenario::settings options;
  std::vector<std::size_t> sizes{1000};
  bool build_only = false;
  try {
    for (int i = 1; i < argc; ++i) {
      const std::string arg = argv[i];
      auto value = [&]() -> std::string {
        if (i + 1 >= argc) throw std::invalid_argument(arg + " needs a value");
        return argv[++i];
      };
      auto number = [&] { return std::stoi(value()); };
      if (arg == "--reports") sizes = sizes_from(value());
      else if (arg == "--keep") options.keep = true;
      else if (arg == "--build-only") build_only = true;
      else if (arg == "--work-dir") options.work_dir = value();
      else if (arg == "--seed") options.seed = std::stoull(value());
      else if (arg == "--owners") options.owners = static_cast<std::size_t>(number());
      else if (arg == "--pause-ms") options.pause_ms = number();
      else if (arg == "--seconds") options.phase_seconds = number();
      else if (arg == "--calls") options.calls = number();
      else if (arg == "--timeout") options.timeout_seconds = number();
      else if (arg == "--skip-cli") options.skip_cli = true;
      else if (arg == "--skip-index-loss") options.skip_index_loss = true;
      else if (arg == "--bin-dir") options.bin_dir = value();
      else if (arg == "--data-dir") options.data_dir = value();
      else throw std::invalid_argument("unknown option " + arg);
    }
    if (options.owners < 1 || options.phase_seconds < 1 || options.calls < 1 || options.timeout_seconds < 1 || options.pause_ms < 0)
      throw std::invalid_argument("--owners, --seconds, --calls and --timeout must be positive, --pause-ms not negative");
  } catch (const std::exception& error) {
    std::fprintf(stderr, "bench_province: %s\n%s\n", error.what(), usage);
    return 2;
  }
  if (options.bin_dir.empty()) options.bin_dir = std::filesystem::read_symlink("/proc/self/exe").parent_path().string();
  if (options.data_dir.empty()) options.data_dir = INTAKE_SOURCE_DIR;
  if (options.work_dir.empty()) options.work_dir = options.bin_dir + "/province";
  std::signal(SIGPIPE, SIG_IGN);

  int status = 0;
  try {
    for (const std::size_t reports : sizes) {
      options.reports = reports;
      if (build_only) {
        std::filesystem::create_directories(options.work_dir);
        intake::bench::province_builder::settings build;
        build.db_path = options.work_dir + "/province-" + std::to_string(reports) + ".db";
        build.data_dir = options.data_dir;
        build.reports = reports;
        build.seed = options.seed;
        std::cout << "== building " << build.db_path << std::endl;
        intake::bench::province_builder(build).build(std::cout);
        continue;
      }
      status |= intake::bench::province_scenario(options).run();
    }
  } catch (const std::exception& error) {
    std::cout.flush();
    std::fprintf(stderr, "bench_province: %s\n", error.what());
    return 1;
  }
  return status;
}
