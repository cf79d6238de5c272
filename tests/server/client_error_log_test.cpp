#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>

#include "bot/server/client_error_log.h"

using intake::server::client_error_log;
using namespace std::chrono_literals;

namespace {

std::size_t lines(const std::string& text) { return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')); }

}  // namespace

TEST_CASE("What clients cause is logged once per kind, then at most once a minute with the count", "[server][log]") {
  std::ostringstream out;
  auto now = client_error_log::clock_type::time_point{} + 1000s;
  client_error_log log(out, 60s, [&] { return now; });
  for (int i = 0; i < 500; ++i) log.note("wechat request refused (signature)", "answered 403");
  log.note("HTTP request refused (malformed)", "bad method");
  CHECK(out.str() ==
        "intake: wechat request refused (signature): answered 403\n"
        "intake: HTTP request refused (malformed): bad method\n");
  now += 59s;
  log.note("wechat request refused (signature)", "answered 403");
  CHECK(lines(out.str()) == 2);
  now += 1s;
  log.note("wechat request refused (signature)", "answered 403");
  CHECK(lines(out.str()) == 3);
  CHECK(out.str().find("intake: wechat request refused (signature): answered 403 (500 more failure(s) since the last line)\n") != std::string::npos);
}
