#include <catch2/catch.hpp>

#include "bot/server/login_throttle.h"

using intake::server::login_throttle;
using boost::asio::ip::make_address;
using namespace std::chrono_literals;

TEST_CASE("An address gets 10 failed logins a minute, then waits for the rest of the minute", "[server][throttle]") {
  login_throttle throttle;
  const auto start = login_throttle::clock_type::time_point{} + 1000s;
  const auto address = make_address("203.0.113.7");
  for (int i = 1; i < 10; ++i) {
    CHECK_FALSE(throttle.wait_before_trying(address, start + std::chrono::seconds(i)));
    CHECK_FALSE(throttle.failed(address, start + std::chrono::seconds(i)));
  }
  CHECK(throttle.failed(address, start + 10s));  // the tenth
  CHECK(throttle.wait_before_trying(address, start + 10s) == 51s);  // the minute began at the first failure
  CHECK(throttle.wait_before_trying(address, start + 60500ms) == 1s);
  CHECK_FALSE(throttle.wait_before_trying(make_address("203.0.113.8"), start + 10s));  // others are not held up
  CHECK_FALSE(throttle.wait_before_trying(address, start + 61s));
  CHECK_FALSE(throttle.failed(address, start + 61s));  // a new minute
}

TEST_CASE("IPv4 addresses mapped into IPv6 count as themselves, and IPv6 addresses by their /64", "[server][throttle]") {
  login_throttle throttle(2);
  const auto now = login_throttle::clock_type::time_point{} + 1000s;
  throttle.failed(make_address("::ffff:198.51.100.1"), now);
  CHECK(throttle.failed(make_address("198.51.100.1"), now));
  throttle.failed(make_address("2001:db8:1:2::1"), now);
  CHECK(throttle.failed(make_address("2001:db8:1:2:ffff::9"), now));
  CHECK(throttle.wait_before_trying(make_address("2001:db8:1:2::77"), now));
  CHECK_FALSE(throttle.wait_before_trying(make_address("2001:db8:1:3::1"), now));
}

TEST_CASE("The table of addresses is bounded: past its capacity the finished minutes go, then the oldest", "[server][throttle]") {
  login_throttle throttle(10, 3);
  const auto start = login_throttle::clock_type::time_point{} + 1000s;
  throttle.failed(make_address("10.0.0.1"), start);
  throttle.failed(make_address("10.0.0.2"), start + 1s);
  throttle.failed(make_address("10.0.0.3"), start + 2s);
  throttle.failed(make_address("10.0.0.4"), start + 3s);  // full: the oldest (10.0.0.1) goes
  CHECK(throttle.addresses() == 3);
  throttle.failed(make_address("10.0.0.5"), start + 61500ms);  // 10.0.0.2's minute is over, and only its
  CHECK(throttle.addresses() == 3);
  for (int i = 0; i < 100; ++i) throttle.failed(make_address("10.0.1." + std::to_string(i)), start + 70s);
  CHECK(throttle.addresses() == 3);
}
