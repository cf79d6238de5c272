// Connection floods against the real server on 127.0.0.1: over max_connections a new connection is
// closed at once; out of file descriptors (a lowered `ulimit -n`), the listener waits between
// attempts instead of spinning, and the server answers again once descriptors are free.
#include <catch2/catch.hpp>

#include <boost/beast/http.hpp>
#include <cerrno>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include "tests/support/http_client.h"
#include "tests/support/process.h"
#include "tests/support/raw_client_socket.h"
#include "tests/support/server_process.h"

using namespace intake::testing;
namespace http = boost::beast::http;
using clock_type = std::chrono::steady_clock;

namespace {

// True when the server ends the connection (FIN or RST) within the socket's receive timeout.
bool closed_by_server(int fd) {
  char byte;
  const ssize_t got = ::recv(fd, &byte, 1, 0);
  return got == 0 || (got < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
}

std::size_t open_descriptors(pid_t pid) {
  std::size_t count = 0;
  std::error_code error;
  for (std::filesystem::directory_iterator it("/proc/" + std::to_string(pid) + "/fd", error), end; !error && it != end; it.increment(error)) ++count;
  return count;
}

// User and system CPU time of a process so far, in seconds (/proc/PID/stat fields 14 and 15).
double cpu_seconds(pid_t pid) {
  std::ifstream file("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  std::istringstream after_name(stat.substr(stat.rfind(')') + 2));
  std::vector<std::string> fields;
  for (std::string field; after_name >> field;) fields.push_back(field);
  REQUIRE(fields.size() > 12);
  return static_cast<double>(std::stoll(fields[11]) + std::stoll(fields[12])) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

// Retries a request while the server cannot take the connection yet (bounded).
std::optional<string_response> request_within(unsigned short port, const std::string& target, std::chrono::seconds limit) {
  const auto until = clock_type::now() + limit;
  for (;;) {
    try {
      return http_connection(port, std::chrono::seconds(2)).send(http::verb::get, target);
    } catch (const std::exception&) {
      if (clock_type::now() > until) return std::nullopt;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
}

std::size_t occurrences(const std::string& text, const std::string& part) {
  std::size_t count = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++count;
  return count;
}

}  // namespace

TEST_CASE("Over max_connections a new connection is closed at once and counted, and the others are served", "[faults][limits]") {
  scratch_dir dir("limits-connections");
  std::ofstream(dir.file("intake.json")) << R"({"max_connections": 4})";
  server_process server(dir.file("bot.db"), {}, dir.file("intake.json"));
  std::vector<int> held;
  for (int i = 0; i < 4; ++i) {
    held.push_back(connect_loopback(server.port()));
    REQUIRE(held.back() >= 0);
  }
  const int over = connect_loopback(server.port());  // the kernel completes it; the server then closes it
  REQUIRE(over >= 0);
  const auto asked = clock_type::now();
  CHECK(closed_by_server(over));
  CHECK(clock_type::now() - asked < std::chrono::seconds(2));
  ::close(over);

  // One of the four leaves; its place is free again (once the server has seen it go).
  drop_connection(held.back(), false);
  held.pop_back();
  const auto metrics = request_within(server.port(), "/metrics", std::chrono::seconds(5));
  REQUIRE(metrics);
  CHECK(metric_value(metrics->body(), "intake_rejected_requests_total{reason=\"too_many_connections\"}").value_or(0) >= 1);
  CHECK(metric_value(metrics->body(), "intake_active_connections") == 4);  // three held and this request
  for (int fd : held) drop_connection(fd, false);
  const auto health = request_within(server.port(), "/healthz", std::chrono::seconds(5));
  REQUIRE(health);
  CHECK(health->result() == http::status::ok);
}

TEST_CASE("Out of file descriptors the listener backs off instead of spinning, and /healthz answers once descriptors are free",
          "[faults][limits]") {
  scratch_dir dir("limits-descriptors");
  // What the server holds at rest (database files, epoll and event descriptors …): the limit leaves
  // room for a few connections above it.
  std::size_t at_rest = 0;
  {
    server_process probe(dir.file("probe.db"));
    REQUIRE(request_within(probe.port(), "/healthz", std::chrono::seconds(5)));
    at_rest = open_descriptors(probe.pid());
  }
  REQUIRE(at_rest > 0);
  const rlim_t limit = static_cast<rlim_t>(at_rest + 8);
  server_process server(dir.file("bot.db"), {}, "", {dir.file("stderr.log"), limit});
  const pid_t pid = server.pid();
  REQUIRE(request_within(server.port(), "/healthz", std::chrono::seconds(5)));

  // Connections that say nothing: the server holds a descriptor for each until its read deadline
  // (30 s), and the rest wait in the listen queue.
  std::vector<int> clients;
  for (int i = 0; i < 40; ++i) {
    const int fd = connect_loopback(server.port());
    REQUIRE(fd >= 0);
    clients.push_back(fd);
  }
  const auto until = clock_type::now() + std::chrono::seconds(5);
  while (open_descriptors(pid) < limit && clock_type::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  REQUIRE(open_descriptors(pid) >= limit);

  const double cpu_before = cpu_seconds(pid);
  const auto measured_from = clock_type::now();
  std::this_thread::sleep_for(std::chrono::seconds(2));
  const double cpu = cpu_seconds(pid) - cpu_before;
  const double wall = std::chrono::duration<double>(clock_type::now() - measured_from).count();
  INFO("the server used " << cpu << " s of CPU in " << wall << " s with its descriptors used up");
  CHECK(cpu < 0.25 * wall);  // a listener that retried at once would use a whole core

  for (int fd : clients) drop_connection(fd, false);
  const auto health = request_within(server.port(), "/healthz", std::chrono::seconds(10));
  REQUIRE(health);
  CHECK(health->result() == http::status::ok);
  REQUIRE(server.stop() == 0);
  const std::string log = slurp(dir.file("stderr.log"));
  INFO(log);
  CHECK(log.find("file descriptors (ulimit -n)") != std::string::npos);  // said at start-up
  // Some twenty failures a second while the descriptors were used up: a line for the first, one when
  // accepting works again, and perhaps a pair more while the queue drains.
  CHECK(log.find("intake: accepting connections: Too many open files") != std::string::npos);
  CHECK(log.find("intake: accepting connections: working again") != std::string::npos);
  CHECK(occurrences(log, "intake: accepting connections: ") <= 6);
}
