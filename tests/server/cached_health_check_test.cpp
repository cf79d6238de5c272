#include <catch2/catch.hpp>

#include <stdexcept>

#include "bot/server/cached_health_check.h"

using intake::server::cached_health_check;
using namespace std::chrono_literals;

TEST_CASE("The health probe runs at most once a second, and its failures are kept as long as its successes", "[server][health]") {
  int probes = 0;
  bool failing = false;
  auto now = cached_health_check::clock_type::time_point{} + 100s;
  cached_health_check health([&] {
    ++probes;
    if (failing) throw std::runtime_error("disk full");
  }, 1s, [&] { return now; });
  for (int i = 0; i < 1000; ++i) CHECK(health.writable());
  CHECK(probes == 1);
  failing = true;
  now += 999ms;
  CHECK(health.writable());  // still the answer of a moment ago
  CHECK(probes == 1);
  now += 1ms;
  CHECK_FALSE(health.writable());
  CHECK_FALSE(health.writable());
  CHECK(probes == 2);
  failing = false;
  now += 1s;
  CHECK(health.writable());
  CHECK(probes == 3);
}
