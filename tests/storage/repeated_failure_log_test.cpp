// The log of an operation that keeps failing while storage is out (storage/repeated_failure_log.h):
// the first failure, then a line a minute at most, then the recovery.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "storage/repeated_failure_log.h"

using intake::storage::repeated_failure_log;
using namespace std::chrono_literals;

namespace {

std::vector<std::string> lines_of(const std::ostringstream& out) {
  std::vector<std::string> lines;
  std::istringstream in(out.str());
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

struct fake_clock {
  repeated_failure_log::clock_type::time_point now{};
  auto source() {
    return [this] { return now; };
  }
};

}  // namespace

TEST_CASE("A failure repeated every second is logged once, then once a minute with the count, then its recovery", "[storage][failure-log]") {
  std::ostringstream out;
  fake_clock clock;
  repeated_failure_log log("indexing", out, 60s, clock.source());

  log.failed("database or disk is full");
  REQUIRE(lines_of(out) == std::vector<std::string>{"intake: indexing: database or disk is full"});

  for (int second = 1; second < 60; ++second) {  // a retry a second, as the index thread does
    clock.now += 1s;
    log.failed("database or disk is full");
  }
  CHECK(lines_of(out).size() == 1);

  clock.now += 1s;  // a minute after the first line
  log.failed("disk I/O error");
  auto lines = lines_of(out);
  REQUIRE(lines.size() == 2);
  CHECK(lines[1] == "intake: indexing: disk I/O error (59 more failure(s) since the last line)");

  clock.now += 5s;
  log.failed("disk I/O error");
  log.succeeded();
  lines = lines_of(out);
  REQUIRE(lines.size() == 3);
  CHECK(lines[2] == "intake: indexing: working again after 62 failure(s)");

  // Success again says nothing; the next outage starts over with its first failure logged whole.
  log.succeeded();
  CHECK(lines_of(out).size() == 3);
  clock.now += 1s;
  log.failed("database or disk is full");
  lines = lines_of(out);
  REQUIRE(lines.size() == 4);
  CHECK(lines[3] == "intake: indexing: database or disk is full");
}

TEST_CASE("An operation that never fails logs nothing", "[storage][failure-log]") {
  std::ostringstream out;
  repeated_failure_log log("committing turns", out);
  for (int i = 0; i < 1000; ++i) log.succeeded();
  CHECK(out.str().empty());
}

TEST_CASE("Failures and successes from several threads log whole lines and one recovery", "[storage][failure-log]") {
  std::ostringstream out;
  repeated_failure_log log("committing turns", out, 3600s);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&log] {
      for (int i = 0; i < 500; ++i) log.failed("database or disk is full");
    });
  for (auto& thread : threads) thread.join();
  threads.clear();
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&log] {
      for (int i = 0; i < 500; ++i) log.succeeded();
    });
  for (auto& thread : threads) thread.join();
  CHECK(lines_of(out) == std::vector<std::string>{"intake: committing turns: database or disk is full",
                                                  "intake: committing turns: working again after 2000 failure(s)"});
}
