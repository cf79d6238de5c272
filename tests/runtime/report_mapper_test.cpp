#include <catch2/catch.hpp>

#include "bot/runtime/report_mapper.h"

using nlohmann::json;

namespace {

json submitted_payload(json credit_code) {
  return {{"ticket", "R20200301-7K3QXM"},
          {"flow", "report"},
          {"form_id", "1583028000000-1"},
          {"user_id", "owner"},
          {"channel", "terminal"},
          {"created_at_ms", 1583028000000LL},
          {"answers",
           {{"company_name", "南昌小吃店"}, {"credit_code", std::move(credit_code)}, {"province", "江西省"}, {"city", "南昌市"},
            {"industry", "H"}, {"employees", 10}, {"returned_employees", 5}, {"resumption_status", "partial"},
            {"difficulties", {"房租"}}, {"description", "店里没有客人"}, {"help_wanted", nullptr}, {"contact_name", "张三"},
            {"contact_phone", "13800138000"}}},
          {"names", {{"industry", "住宿和餐饮业"}}}};
}

}  // namespace

TEST_CASE("A report submitted without a credit code maps to an empty one", "[runtime][report]") {
  // An owner who has none yet says so in the chat; storage keeps "" and staff see it as lacking.
  const auto report = intake::runtime::report_from_event(submitted_payload(""));
  CHECK(report.credit_code.empty());
  CHECK(report.company_name == "南昌小吃店");
  CHECK(report.industry == "住宿和餐饮业");
  CHECK_FALSE(report.help_wanted);
}

TEST_CASE("A report with a credit code maps it unchanged", "[runtime][report]") {
  CHECK(intake::runtime::report_from_event(submitted_payload("91110000600037341L")).credit_code == "91110000600037341L");
}

TEST_CASE("A payload without the credit code answer is refused", "[runtime][report]") {
  json payload = submitted_payload("");
  payload["answers"].erase("credit_code");
  CHECK_THROWS_AS(intake::runtime::report_from_event(payload), std::invalid_argument);
}
