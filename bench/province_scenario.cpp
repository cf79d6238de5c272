#include "bench/province_scenario.h"

#include <algorithm>
#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sys/resource.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include "bench/bench_identity.h"
#include "bench/child_server.h"
#include "bench/client_pool.h"
#include "bench/owner_script.h"
#include "bench/province_builder.h"
#include "bench/run_stats.h"
#include "bench/staff_client.h"
#include "bench/ws_conversation.h"
#include "bot/channels/hex_digest.h"

namespace intake::bench {
namespace {

namespace asio = boost::asio;
namespace fs = std::filesystem;
using clock_type = std::chrono::steady_clock;

constexpr const char* staff_token = "intake-bench-province-staff-token-0123456789";
constexpr const char* search_word = "社保";
// Turns in flight when a phase ends get this long to be answered before their connections are cut.
constexpr auto reply_grace = std::chrono::seconds(120);

bool wait_until(const std::function<bool()>& done, clock_type::duration limit) {
  const auto deadline = clock_type::now() + limit;
  while (!done()) {
    if (clock_type::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

double median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const std::size_t middle = values.size() / 2;
  return values.size() % 2 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
}

std::string seconds_text(double seconds) {
  char text[32];
  if (seconds < 0.1) std::snprintf(text, sizeof text, "%.4f s", seconds);
  else if (seconds < 10) std::snprintf(text, sizeof text, "%.2f s", seconds);
  else std::snprintf(text, sizeof text, "%.0f s", seconds);
  return text;
}

std::string ms_text(double ms) {
  char text[32];
  if (ms >= 1000) std::snprintf(text, sizeof text, "%.2f s", ms / 1000);
  else std::snprintf(text, sizeof text, "%.1f ms", ms);
  return text;
}

struct timed_view {
  std::string name, result;  // result: the median, or why there is none
  bool ok = false;
};

struct command_result {
  int status = -1;  // -1: killed at the time limit or by a signal
  double seconds = 0;
  long peak_rss_kb = 0;
};

// Runs a command with its output to /dev/null and its errors to `log`, bounded by `limit`.
command_result run_command(const std::vector<std::string>& argv, const std::string& log, std::chrono::seconds limit) {
  std::vector<char*> args;
  for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  command_result result;
  const auto start = clock_type::now();
  const pid_t pid = fork();
  if (pid < 0) return result;
  if (pid == 0) {
    const int null = open("/dev/null", O_WRONLY);
    const int err = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (null >= 0) dup2(null, STDOUT_FILENO);
    if (err >= 0) dup2(err, STDERR_FILENO);
    execv(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  bool done = false;
  while (!done) {
    if (wait4(pid, &status, WNOHANG, &usage) == pid) {
      done = true;
    } else if (clock_type::now() - start > limit) {
      kill(pid, SIGKILL);
      wait4(pid, &status, 0, &usage);
      done = true;
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  result.seconds = std::chrono::duration<double>(clock_type::now() - start).count();
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.peak_rss_kb = usage.ru_maxrss;
  return result;
}

struct phase_result {
  std::uint64_t turns = 0, errors = 0, unfinished = 0;
  double turns_per_second = 0, p50_ms = 0, p99_ms = 0, max_ms = 0;
  std::vector<double> staff_seconds;
  std::size_t staff_failed = 0;
  std::string first_error;
};

// The machine is shared: its load is printed with the figures, which it moves.
std::string load_average() {
  std::ifstream in("/proc/loadavg");
  std::string one, five, fifteen;
  in >> one >> five >> fifteen;
  return one.empty() ? "unknown" : one + " " + five + " " + fifteen;
}

}  // namespace

province_scenario::province_scenario(settings options) : options_(std::move(options)) {}

int province_scenario::run() {
  fs::create_directories(options_.work_dir);
  const std::string tag = "province-" + std::to_string(options_.reports);
  const std::string db = (fs::path(options_.work_dir) / (tag + ".db")).string();
  const std::string log = (fs::path(options_.work_dir) / (tag + ".log")).string();
  const std::string config = (fs::path(options_.work_dir) / "staff-config.json").string();
  // Owners of this run are new users even in a kept database: the script expects a first report.
  const std::string owner_prefix =
      tag + "-" + std::to_string(std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count());
  const std::vector<std::string> db_files{db, db + "-wal", db + "-shm", db + "-index", db + "-index-wal", db + "-index-shm"};
  int failures = 0;

  std::cout << "== " << options_.reports << " reports (" << db << "), load average " << load_average() << std::endl;
  if (options_.keep && fs::exists(db)) {
    std::cout << "  reusing the database (--keep)" << std::endl;
  } else {
    for (const auto& file : db_files) fs::remove(file);
    std::cout << "  building through the product's storage" << std::endl;
    province_builder::settings build;
    build.db_path = db;
    build.data_dir = options_.data_dir;
    build.reports = options_.reports;
    build.seed = options_.seed;
    province_builder(build).build(std::cout);
  }
  {
    std::ofstream out(config);
    out << nlohmann::json{{"staff", {{{"name", "bench-staff"}, {"token_sha256", channels::sha256_hex(staff_token)}}}}}.dump() << '\n';
  }

  auto start_server = [&] {
    return std::make_unique<child_server>(
        "intake serve", std::vector<std::string>{options_.bin_dir + "/intake", "serve", "--config", config, "--listen", "127.0.0.1:0", "--db", db, "--data-dir",
                                                 options_.data_dir},
        std::map<std::string, std::string>{{"INTAKE_WS_IDENTITY_SECRET", identity_secret}}, log);
  };
  const auto timeout = std::chrono::seconds(options_.timeout_seconds);
  auto server = start_server();
  staff_client staff(server->port(), staff_token);
  if (!wait_until([&] { return staff.get("/healthz", std::chrono::seconds(5)).status == 200; }, std::chrono::seconds(60))) {
    std::cout << "  the server did not answer /healthz within a minute; see " << log << std::endl;
    return 1;
  }

  std::vector<timed_view> views;
  auto time_view = [&](const std::string& name, const std::string& target) {
    timed_view view{name, "", false};
    std::vector<double> seconds;
    staff_reply reply;
    for (int call = 0; call < options_.calls; ++call) {
      reply = staff.get(target, timeout);
      if (reply.status != 200) break;
      seconds.push_back(reply.seconds);
      if (reply.seconds > options_.slow_seconds) break;
    }
    if (reply.status == 200) {
      view.ok = true;
      view.result = seconds_text(median(seconds)) + (seconds.size() > 1 ? "" : " (1 call)");
    } else {
      view.result = reply.status ? "HTTP " + std::to_string(reply.status) + " after " + seconds_text(reply.seconds)
                                 : "no reply after " + seconds_text(reply.seconds) + " (" + reply.error + ")";
      ++failures;
    }
    std::cout << "  " << name << ": " << view.result << ", " << reply.bytes << " bytes" << std::endl;
    views.push_back(view);
    return reply;
  };

  // The staff views. Ticket of the newest report for the one-report page.
  time_view("`GET /api/stats`", "/api/stats");
  const auto first_page = time_view("`GET /api/reports?page=1&per_page=50`", "/api/reports?page=1&per_page=50");
  time_view("`GET /api/reports?page=100&per_page=50`", "/api/reports?page=100&per_page=50");
  time_view("`GET /api/reports?status=accepted&province=江西省&difficulty=资金`",
            "/api/reports?status=accepted&province=" + staff_client::url_encode("江西省") + "&difficulty=" + staff_client::url_encode("资金"));
  time_view(std::string("`GET /api/search?q=") + search_word + "`", "/api/search?q=" + staff_client::url_encode(search_word));
  std::string ticket;
  std::string stored_reports = "?";  // a kept database has the reports of earlier runs' owners too
  try {
    const auto page = nlohmann::json::parse(first_page.body);
    // The list counts up to a bound (total_exact false beyond it).
    stored_reports = (page.value("total_exact", true) ? "" : "more than ") + std::to_string(page.value("total", std::int64_t{-1}));
    if (!page["reports"].empty()) ticket = page["reports"][0].value("ticket", "");
  } catch (const std::exception&) {
  }
  if (!ticket.empty()) time_view("`GET /api/reports/TICKET` (one report, its history and transcript)", "/api/reports/" + ticket);
  time_view("`GET /api/handoffs`", "/api/handoffs");
  // Downloads last: the server's peak memory before and after them shows what an export costs it.
  const long peak_before_exports_kb = server->sample().peak_rss_kb;
  time_view("`GET /api/reports/export?format=csv` (download)", "/api/reports/export?format=csv&flow=report");
  time_view("`GET /api/reports/export?format=xlsx` (download)", "/api/reports/export?format=xlsx");
  const std::string export_memory = "server peak RSS " + std::to_string(peak_before_exports_kb / 1024) + " MiB before the downloads, " +
                                    std::to_string(server->sample().peak_rss_kb / 1024) + " MiB after";
  std::cout << "  " << export_memory << std::endl;

  // Owners over /ws, paced, alone and beside one staff member calling a view once a second.
  auto owners_phase = [&](const std::string& label, const std::function<std::string(std::size_t)>& staff_target) {
    phase_result result;
    const owner_script script = owner_script::standard_round();
    const auto frames = ws_conversation::message_frames(script);
    auto pool = std::make_unique<client_pool>(1);
    run_stats stats(1);
    std::vector<std::shared_ptr<ws_conversation>> owners;
    for (std::size_t i = 0; i < options_.owners; ++i) {
      owners.push_back(std::make_shared<ws_conversation>(pool->context(0), 0, script, frames, server_kind::bot,
                                                         owner_prefix + "-" + label + "-" + std::to_string(i)));
      owners.back()->set_pause(std::chrono::milliseconds(options_.pause_ms));
    }
    const asio::ip::tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), server->port());
    std::atomic<std::size_t> connected{0}, live{0};
    for (auto& owner : owners)
      asio::co_spawn(pool->context(0), owner->connect(endpoint, stats), [&connected](std::exception_ptr, bool) { ++connected; });
    wait_until([&] { return connected.load() == owners.size(); }, std::chrono::seconds(30));

    const auto from = clock_type::now() + std::chrono::seconds(1);  // the first round's greetings are not measured
    const auto to = from + std::chrono::seconds(options_.phase_seconds);
    stats.set_window(from, clock_type::time_point::max());  // a turn answered after the phase still counts
    for (auto& owner : owners) {
      if (owner->broken()) continue;
      ++live;
      asio::co_spawn(pool->context(0), owner->drive(stats), [&live, &stats](std::exception_ptr failure) {
        if (failure) stats.error("client exception", "drive threw");
        --live;
      });
    }
    std::atomic<bool> staff_stop{false};
    std::thread staff_thread;
    if (staff_target)
      staff_thread = std::thread([&] {
        staff_client clerk(server->port(), staff_token);
        for (std::size_t call = 0; !staff_stop.load(); ++call) {
          const auto started = clock_type::now();
          const auto reply = clerk.get(staff_target(call), timeout);
          if (reply.status == 200) result.staff_seconds.push_back(reply.seconds);
          else ++result.staff_failed;
          while (!staff_stop.load() && clock_type::now() < started + std::chrono::seconds(1)) std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
      });
    std::this_thread::sleep_until(to);
    stats.request_stop();
    staff_stop = true;
    if (!wait_until([&] { return live.load() == 0; }, reply_grace)) {
      result.unfinished = live.load();
      for (auto& owner : owners) asio::post(pool->context(0), [owner] { owner->close(); });
      wait_until([&] { return live.load() == 0; }, std::chrono::seconds(30));
    }
    if (staff_thread.joinable()) staff_thread.join();
    std::atomic<bool> closed{false};
    asio::post(pool->context(0), [&owners, &closed] {
      for (auto& owner : owners) owner->close();
      owners.clear();  // destroyed on their own thread
      closed = true;
    });
    wait_until([&] { return closed.load(); }, std::chrono::seconds(30));
    pool.reset();

    result.turns = stats.measured_turns();
    result.turns_per_second = static_cast<double>(result.turns) / options_.phase_seconds;
    auto latencies = stats.merged_latencies();
    result.p50_ms = latencies.percentile_ms(0.5);
    result.p99_ms = latencies.percentile_ms(0.99);
    result.max_ms = latencies.percentile_ms(1.0);
    result.errors = stats.errors();
    const auto details = stats.error_details();
    if (!details.empty()) result.first_error = details.front();
    if (result.errors || result.unfinished) ++failures;
    std::cout << "  owners " << label << ": " << result.turns << " turns (" << static_cast<int>(result.turns_per_second) << "/s), p50 "
              << ms_text(result.p50_ms) << ", p99 " << ms_text(result.p99_ms) << ", max " << ms_text(result.max_ms) << ", " << result.errors
              << " errors";
    if (result.unfinished) std::cout << ", " << result.unfinished << " owners cut off waiting";
    if (staff_target)
      std::cout << "; staff: " << result.staff_seconds.size() << " calls, median " << seconds_text(median(result.staff_seconds)) << ", "
                << result.staff_failed << " failed";
    std::cout << std::endl;
    if (!result.first_error.empty()) std::cout << "    first error: " << result.first_error << std::endl;
    return result;
  };
  const auto alone = owners_phase("alone", nullptr);
  const auto with_stats = owners_phase("stats", [](std::size_t) { return std::string("/api/stats"); });
  const auto with_pages = owners_phase("paging", [](std::size_t call) { return "/api/reports?per_page=50&page=" + std::to_string(call % 20 + 1); });
  // A download is written on a staff thread while the owners go on (one after another, each as soon
  // as the one before is sent).
  const auto with_export = owners_phase("export", [](std::size_t) { return std::string("/api/reports/export?format=csv&flow=report"); });

  std::string cli_stats = "skipped", cli_export = "skipped";
  if (!options_.skip_cli) {
    auto describe = [&](const command_result& result) {
      if (result.status != 0) ++failures;
      return result.status == 0 ? seconds_text(result.seconds) + ", " + std::to_string(result.peak_rss_kb / 1024) + " MiB peak RSS"
                                : "failed (status " + std::to_string(result.status) + ") after " + seconds_text(result.seconds);
    };
    cli_stats = describe(run_command({options_.bin_dir + "/intake", "stats", "--db", db}, log, timeout));
    std::cout << "  intake stats: " << cli_stats << std::endl;
    const std::string xlsx = (fs::path(options_.work_dir) / (tag + ".xlsx")).string();
    fs::remove(xlsx);
    cli_export = describe(run_command({options_.bin_dir + "/intake", "reports", "export", "--format", "xlsx", "--output", xlsx, "--db", db}, log, timeout));
    std::cout << "  intake reports export --format xlsx: " << cli_export << std::endl;
    fs::remove(xlsx);
  }
  server->stop();
  server.reset();

  // A lost index file: set aside (and put back afterwards, so that --keep reuses the database whole).
  std::string lost_index = "skipped";
  if (!options_.skip_index_loss) {
    for (const std::string suffix : {"-index", "-index-wal", "-index-shm"})
      if (fs::exists(db + suffix)) fs::rename(db + suffix, db + suffix + ".saved");
    const auto start = clock_type::now();
    try {
      auto restarted = start_server();
      const double ready = std::chrono::duration<double>(clock_type::now() - start).count();
      staff_client clerk(restarted->port(), staff_token);
      const auto first = clerk.get("/api/search?q=" + staff_client::url_encode(search_word), timeout);
      const auto second = clerk.get("/api/search?q=" + staff_client::url_encode(search_word), timeout);
      if (first.status != 200 || second.status != 200) ++failures;
      lost_index = "ready " + seconds_text(ready) + "; first search " +
                   (first.status == 200 ? seconds_text(first.seconds) : "failed (" + std::to_string(first.status) + " " + first.error + ")") + ", second " +
                   (second.status == 200 ? seconds_text(second.seconds) : "failed");
      restarted->stop();
    } catch (const std::exception& e) {
      ++failures;
      lost_index = std::string("the server did not start: ") + e.what();
    }
    for (const std::string suffix : {"-index", "-index-wal", "-index-shm"}) {
      fs::remove(db + suffix);
      if (fs::exists(db + suffix + ".saved")) fs::rename(db + suffix + ".saved", db + suffix);
    }
    std::cout << "  search after the index file is lost: " << lost_index << std::endl;
  }

  auto owners_cell = [](const phase_result& phase) {
    std::string cell = ms_text(phase.p50_ms) + " / " + ms_text(phase.p99_ms) + " (" + std::to_string(static_cast<int>(phase.turns_per_second)) + " turns/s";
    if (phase.errors) cell += ", " + std::to_string(phase.errors) + " errors";
    if (phase.unfinished) cell += ", " + std::to_string(phase.unfinished) + " cut off";
    return cell + ")";
  };
  auto staff_cell = [](const phase_result& phase) {
    return "; staff call median " + seconds_text(median(phase.staff_seconds)) + " ×" + std::to_string(phase.staff_seconds.size()) +
           (phase.staff_failed ? ", " + std::to_string(phase.staff_failed) + " failed" : "");
  };
  std::cout << "\n| " << options_.reports << " reports (" << stored_reports << " stored at the start; " << options_.owners << " owners, "
            << options_.pause_ms << " ms pause; load average " << load_average() << ") | |\n|---|---|\n";
  for (const auto& view : views) std::cout << "| " << view.name << " | " << view.result << " |\n";
  std::cout << "| `intake stats` | " << cli_stats << " |\n";
  std::cout << "| `intake reports export --format xlsx` | " << cli_export << " |\n";
  std::cout << "| server memory and the downloads | " << export_memory << " |\n";
  std::cout << "| search after the index file is lost | " << lost_index << " |\n";
  std::cout << "| owners' turns p50 / p99 alone | " << owners_cell(alone) << " |\n";
  std::cout << "| … while one staff member loads stats once a second | " << owners_cell(with_stats) << staff_cell(with_stats) << " |\n";
  std::cout << "| … while one staff member pages the list once a second | " << owners_cell(with_pages) << staff_cell(with_pages) << " |\n";
  std::cout << "| … while one staff member downloads the CSV export | " << owners_cell(with_export) << staff_cell(with_export) << " |\n"
            << std::endl;
  return failures ? 1 : 0;
}

}  // namespace intake::bench
