#include <catch2/catch.hpp>

#include "bot/engine/ticket.h"
#include "tests/support/test_data.h"

using namespace intake::engine;

TEST_CASE("Tickets carry the China date and six unambiguous characters", "[engine][ticket]") {
  const std::string ticket = make_ticket("user", "form-1", intake::testing::test_epoch_ms);
  REQUIRE(ticket.size() == 16);
  CHECK(ticket.rfind("R20200301-", 0) == 0);
  for (char c : ticket.substr(10)) CHECK(std::string("ILOU").find(c) == std::string::npos);
  CHECK(make_ticket("user", "form-2", intake::testing::test_epoch_ms) != ticket);
  CHECK(make_ticket("other", "form-1", intake::testing::test_epoch_ms) != ticket);
  // 23:30 UTC is already the next day in China.
  CHECK(make_ticket("u", "f", 1583019000000LL).rfind("R20200301-", 0) == 0);
  // Drawn again (the first was another report's): another ticket of the same form; draw 0 is the first.
  CHECK(make_ticket("user", "form-1", intake::testing::test_epoch_ms, 0) == ticket);
  const std::string again = make_ticket("user", "form-1", intake::testing::test_epoch_ms, 1);
  CHECK(again.size() == 16);
  CHECK(again.rfind("R20200301-", 0) == 0);
  CHECK(again != ticket);
  CHECK(make_ticket("user", "form-1", intake::testing::test_epoch_ms, 2) != again);
}

TEST_CASE("Tickets are found however the owner types them", "[engine][ticket]") {
  CHECK(find_ticket("r20200301-7k3qxm") == std::optional<std::string>("R20200301-7K3QXM"));
  CHECK(find_ticket("编号是r20200301 7k3qxm谢谢") == std::optional<std::string>("R20200301-7K3QXM"));
  CHECK(find_ticket("r202003017k3qxm") == std::optional<std::string>("R20200301-7K3QXM"));
  CHECK_FALSE(find_ticket("r2020030-7k3qxm"));
  CHECK_FALSE(find_ticket("r20200301-7k3qx"));
  CHECK_FALSE(find_ticket("r20200301-7k3qxmm"));
  CHECK_FALSE(find_ticket("hello"));
}

TEST_CASE("Times are shown in China Standard Time", "[engine][ticket]") {
  CHECK(format_china_time(intake::testing::test_epoch_ms) == "2020-03-01 10:00");
  CHECK(format_iso8601_china(intake::testing::test_epoch_ms) == "2020-03-01T10:00:00+08:00");
}

TEST_CASE("Days typed by staff are read as China days, and nonsense is refused", "[engine][ticket]") {
  CHECK(parse_china_day("2020-03-01") == std::optional<std::int64_t>(1582992000000LL));  // 2020-02-29 16:00 UTC
  CHECK_FALSE(parse_china_day("2020-02-30"));
  CHECK_FALSE(parse_china_day("2020-3-1"));
  CHECK_FALSE(parse_china_day("yesterday"));
  CHECK_FALSE(parse_china_day(""));
}
