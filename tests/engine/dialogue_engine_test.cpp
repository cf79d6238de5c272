#include <catch2/catch.hpp>

#include <random>

#include "bot/engine/dialogue_engine.h"
#include "tests/support/test_data.h"

using namespace intake;
using engine::conversation_mode;

namespace {

// Drives the engine like the runtime does, without storage.
struct conversation {
  engine::dialogue_engine engine{testing::shipped_definition()};
  engine::conversation_state state;
  std::vector<engine::report_status> reports;
  std::int64_t now = testing::test_epoch_ms;
  std::vector<engine::event> events;

  engine::turn_result say(const std::string& text) {
    auto result = engine.step(state, {engine::inbound::kind::text, "user-1", "terminal", text}, {now, reports, {}});
    state = result.state;
    now += 1000;
    for (const auto& event : result.events) {
      if (event.type != "report_submitted") continue;
      events.push_back(event);
      reports.insert(reports.begin(), {event.payload["ticket"], "new", event.payload["created_at_ms"], "公司", "", event.payload["flow"], nullptr, ""});
    }
    return result;
  }
  static std::string asked(const engine::turn_result& result) {
    for (const auto& msg : result.messages)
      if (msg.key == "form.question") return msg.args["prompt"]["key"];
    return "";
  }
  bool said(const engine::turn_result& result, const std::string& key) {
    for (const auto& msg : result.messages)
      if (msg.key == key) return true;
    return false;
  }
};

const std::vector<std::string> full_report{"1", "测试餐饮有限公司", "91110000600037341L", "江西", "南昌市", "8", "10", "5", "800", "2", "1 2",
                                           "20", "3", "店里没有客人，工人回不来", "无", "张三", "13800138000"};

}  // namespace

TEST_CASE("A report is submitted exactly once however often it is confirmed", "[engine]") {
  conversation c;
  for (const auto& answer : full_report) c.say(answer);
  REQUIRE(c.state.mode == conversation_mode::summary);
  auto first = c.say("确认");
  CHECK(first.events.size() == 1);
  CHECK(first.events[0].type == "report_submitted");
  CHECK(first.events[0].payload["answers"]["difficulties"] == nlohmann::json::array({"用工", "资金"}));
  CHECK(first.events[0].payload["names"]["industry"] == "住宿和餐饮业");
  for (int i = 0; i < 3; ++i) {
    auto again = c.say("确认");
    CHECK(again.events.empty());
    CHECK(c.said(again, "report.already_submitted"));
  }
  CHECK(c.events.size() == 1);
  CHECK(c.state.answers.empty());
  CHECK(c.state.form_id.empty());
}

TEST_CASE("A conversation survives being saved and loaded at every step", "[engine]") {
  conversation straight, reloaded;
  for (const auto& answer : full_report) {
    auto a = straight.say(answer);
    reloaded.state = nlohmann::json(reloaded.state).get<engine::conversation_state>();
    auto b = reloaded.say(answer);
    REQUIRE(a.messages.size() == b.messages.size());
    for (std::size_t i = 0; i < a.messages.size(); ++i) CHECK(a.messages[i].key == b.messages[i].key);
  }
  CHECK(nlohmann::json(straight.state) == nlohmann::json(reloaded.state));
}

TEST_CASE("After three invalid answers the engine explains instead of asking a fourth time", "[engine]") {
  conversation c;
  c.say("1");
  c.say("测试公司");
  CHECK_FALSE(c.said(c.say("123"), "form.strikes"));
  CHECK_FALSE(c.said(c.say("456"), "form.strikes"));
  auto third = c.say("789");
  CHECK(c.said(third, "form.strikes"));
  CHECK(c.said(third, "report.credit_code.help"));
  CHECK(c.said(third, "form.way_out"));
  CHECK_FALSE(c.said(third, "form.question"));
  auto fourth = c.say("000");
  CHECK(c.said(fourth, "form.way_out"));
  CHECK_FALSE(c.said(fourth, "form.question"));
  auto valid = c.say("91110000600037341L");
  CHECK(c.said(valid, "form.question"));
  CHECK(valid.state.invalid_attempts == 0);
}

TEST_CASE("Changing the difficulties drops or asks for the answers that depend on them", "[engine]") {
  conversation c;
  for (const auto& answer : full_report) c.say(answer);
  CHECK(c.state.answers.contains("funding_gap_wan"));
  c.say("修改 10");
  c.say("7");  // only rent now
  CHECK(c.state.mode == conversation_mode::summary);
  CHECK_FALSE(c.state.answers.contains("funding_gap_wan"));
  CHECK_FALSE(c.state.answers.contains("labor_gap"));
  c.say("改困难类别");
  auto asked = c.say("资金");
  CHECK(c.state.mode == conversation_mode::form);
  CHECK(c.state.step == "funding_gap_wan");
  CHECK(conversation::asked(asked) == "report.funding_gap_wan.prompt");
}

TEST_CASE("Hostile and random input never throws and always gets a reply", "[engine]") {
  conversation c;
  std::mt19937 random(20200301);
  const std::vector<std::string> pool{"1", "2", "确认", "取消", "是", "否", "上一步", "菜单", "帮助", "English", "中文",
                                      "修改 3", "改电话", "我的", "继续", "重新开始", "91110000600037341L", "13800138000",
                                      "江西", "做餐饮的", "三十五", "1 3 5", "无", "", " ", "\xff", "\xe4\xbd", "\x00\x01",
                                      "三四十", "二十多个", "大概二三十万", "暂无", "不用了", "👍", "😭😭", "？？"};
  const auto& catalog = testing::shipped_definition().messages;
  for (int turn = 0; turn < 3000; ++turn) {
    std::string text;
    if (turn % 7 == 3) {
      const int length = static_cast<int>(random() % 64);
      for (int i = 0; i < length; ++i) text += static_cast<char>(random() % 256);
    } else {
      text = pool[random() % pool.size()];
    }
    if (turn % 500 == 0) c.now += 48LL * 3600 * 1000;
    engine::turn_result result;
    REQUIRE_NOTHROW(result = c.say(text));
    REQUIRE_FALSE(result.messages.empty());
    for (const auto& msg : result.messages) REQUIRE(catalog.has(result.state.locale, msg.key));
  }
}

TEST_CASE("A message of 100 KB or of control characters gets a polite reply", "[engine]") {
  conversation c;
  c.say("1");
  auto huge = c.say(std::string(100 * 1024, 'a'));
  CHECK(c.said(huge, "input.too_long"));
  CHECK(c.state.step == "company_name");
  auto controls = c.say("\x01\x02\x07\x1b\x7f");
  CHECK(c.said(controls, "input.empty"));
  auto invalid = c.say("\xc0\xaf公司");
  CHECK(c.said(invalid, "input.invalid_utf8"));
  CHECK(c.state.answers.empty());
}
