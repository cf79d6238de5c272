#include <catch2/catch.hpp>

#include "bot/runtime/report_mapper.h"
#include "tests/support/test_data.h"

using nlohmann::json;
using intake::testing::shipped_definition;

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
            {"difficulties", {"房租", "资金"}}, {"description", "店里没有客人"}, {"help_wanted", nullptr}, {"contact_name", "张三"},
            {"contact_phone", "13800138000"}}},
          {"names", {{"industry", "住宿和餐饮业"}}}};
}

intake::storage::report_record mapped(const json& payload) {
  static const intake::runtime::flow_snapshots versions(shipped_definition());
  return intake::runtime::report_from_event(payload, shipped_definition(), versions);
}

}  // namespace

TEST_CASE("A report submitted without a credit code maps to an empty one", "[runtime][report]") {
  // An owner who has none yet says so in the chat; storage keeps "" and staff see it as lacking.
  const auto report = mapped(submitted_payload(""));
  CHECK(report.credit_code.empty());
  CHECK(report.company_name == "南昌小吃店");
  CHECK(report.industry_code == "H");
  CHECK(report.industry == "住宿和餐饮业");
  CHECK(json::parse(report.answers_json)["help_wanted"].is_null());
}

TEST_CASE("A report with a credit code maps it unchanged", "[runtime][report]") {
  CHECK(mapped(submitted_payload("91110000600037341L")).credit_code == "91110000600037341L");
}

TEST_CASE("A submission keeps its answers as typed and names every option chosen", "[runtime][report]") {
  const auto report = mapped(submitted_payload(""));
  CHECK(report.flow_id == "report");
  CHECK_FALSE(report.flow_version.empty());  // the flow's current version: the payload names none
  const json answers = json::parse(report.answers_json), names = json::parse(report.names_json);
  CHECK(answers["employees"] == 10);
  CHECK(answers["difficulties"] == json{"房租", "资金"});
  // Missing names are the options' names: multiple choices and the province too.
  CHECK(names["difficulties"] == json{"房租", "资金"});
  CHECK(names["industry"] == "住宿和餐饮业");
  CHECK(names["province"] == "江西省");
  using chosen = intake::storage::chosen_option;
  const auto has = [&](const chosen& wanted) {
    for (const auto& c : report.choices)
      if (c.slot == wanted.slot && c.value == wanted.value && c.name == wanted.name) return true;
    return false;
  };
  CHECK(report.choices.size() == 5);  // province, industry, resumption_status, two difficulties
  CHECK(has({"industry", "H", "住宿和餐饮业"}));
  CHECK(has({"difficulties", "资金", "资金"}));
  // Searched: every text answer and the phone.
  CHECK(std::find(report.searchable_texts.begin(), report.searchable_texts.end(), "店里没有客人") != report.searchable_texts.end());
  CHECK(std::find(report.searchable_texts.begin(), report.searchable_texts.end(), "13800138000") != report.searchable_texts.end());
}

TEST_CASE("The version the engine names is kept, and without one the flow's current version", "[runtime][report]") {
  json payload = submitted_payload("");
  payload["flow_version"] = "abc123";
  CHECK(mapped(payload).flow_version == "abc123");
}

TEST_CASE("A flow without a credit code or without any role is stored, and only a malformed payload is refused", "[runtime][report]") {
  json payload = submitted_payload("");
  payload["answers"].erase("credit_code");
  CHECK(mapped(payload).credit_code.empty());
  payload["answers"] = json::object();
  CHECK(mapped(payload).company_name.empty());
  for (const char* field : {"ticket", "form_id", "user_id", "flow", "answers", "created_at_ms"}) {
    json broken = submitted_payload("");
    broken.erase(field);
    CHECK_THROWS_AS(mapped(broken), std::invalid_argument);
  }
  json unknown = submitted_payload("");
  unknown["flow"] = "no-such-flow";
  CHECK_THROWS_AS(mapped(unknown), std::invalid_argument);
}
