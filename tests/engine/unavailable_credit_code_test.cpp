// An owner without a 统一社会信用代码 (a 个体户 not yet registered, a licence being renewed) says so,
// and the report goes on with an empty code that the summary shows as to be added.
#include <catch2/catch.hpp>

#include "tests/support/engine_chat.h"

using namespace intake;
using engine::conversation_mode;
using testing::engine_chat;

namespace {

engine_chat at_credit_code(const std::string& locale = "zh-CN") {
  engine_chat c(locale);
  c.say_all({"1", "南昌小吃店"});
  REQUIRE(c.state.step == "credit_code");
  return c;
}

}  // namespace

TEST_CASE("没有, 暂无, 还没办, 在办理中 … are accepted as no credit code yet", "[engine][credit_code]") {
  for (const char* none : {"没有", "暂无", "还没办", "没有代码", "在办理中", "无", "没有。", "没有呢", "个体户，还没有办营业执照", "执照正在换证",
                           "营业执照还在办理", "还没注册", "不知道", "None", "no", "not yet", "I don't have one", "being renewed", "N/A"}) {
    INFO(none);
    engine_chat c = at_credit_code();
    auto reply = c.say(none);
    CHECK(c.state.step == "province");
    REQUIRE(c.state.answers.contains("credit_code"));
    CHECK(c.state.answers["credit_code"] == "");
    const auto keys = engine_chat::keys(reply);
    REQUIRE(keys.size() >= 2);
    CHECK(keys[0] == "report.credit_code.unavailable_ack");
    CHECK(keys[1] == "form.question");
    CHECK(c.state.invalid_attempts == 0);
  }
}

TEST_CASE("A mistyped code is still a mistyped code, not a missing one", "[engine][credit_code]") {
  engine_chat c = at_credit_code();
  auto reply = c.say("9111000060003734");
  CHECK(engine_chat::has(reply, "error.credit_code.length"));
  CHECK(c.state.step == "credit_code");
  CHECK_FALSE(c.state.answers.contains("credit_code"));
  c.say("有的，稍等");
  CHECK(c.state.step == "credit_code");
}

TEST_CASE("The summary shows a missing code as to be added, and 修改 replaces it either way", "[engine][credit_code]") {
  engine_chat c = at_credit_code();
  c.say("暂无");
  c.say_all({"江西", "南昌市"});
  c.say_all(testing::report_rest_after_opening);
  REQUIRE(c.state.mode == conversation_mode::summary);
  auto edit = c.say("改代码");
  CHECK(c.state.step == "credit_code");
  CHECK(c.text(edit).find("当前答案：暂无（待补充）。") != std::string::npos);
  auto summary = c.say("91110000600037341L");
  CHECK(c.state.mode == conversation_mode::summary);
  CHECK(c.state.answers["credit_code"] == "91110000600037341L");
  CHECK(c.text(summary).find("2. 统一社会信用代码：91110000600037341L\n") != std::string::npos);

  c.say("修改 2");
  auto back = c.say("还在办理中");
  CHECK(c.state.answers["credit_code"] == "");
  CHECK(c.text(back).find("2. 统一社会信用代码：暂无（待补充）\n") != std::string::npos);
  CHECK(engine_chat::has(back, "report.credit_code.unavailable_ack"));
}

TEST_CASE("A report without a credit code is submitted with an empty one", "[engine][credit_code]") {
  engine_chat c = at_credit_code();
  c.say("没有");
  c.say_all({"江西", "南昌市"});
  c.say_all(testing::report_rest_after_opening);
  c.say("确认");
  REQUIRE(c.submitted.size() == 1);
  CHECK(c.submitted[0].payload["answers"]["credit_code"] == "");
}

TEST_CASE("In English a missing code is acknowledged and shown as none yet", "[engine][credit_code]") {
  engine_chat c = at_credit_code("en");
  auto reply = c.say("we don't have one yet");
  CHECK(c.text(reply).rfind("Fine: the code can be added later", 0) == 0);
  c.say_all({"Jiangxi", "Nanchang"});
  c.say_all(testing::report_rest_after_opening);
  REQUIRE(c.state.mode == conversation_mode::summary);
  auto summary = c.say("edit 2");
  CHECK(c.text(summary).find("Current answer: none yet (to be added).") != std::string::npos);
}

TEST_CASE("A policy question that mentions having no licence is answered as a question", "[engine][credit_code]") {
  engine_chat c = at_credit_code();
  auto reply = c.say("没有营业执照的话，社保可以缓缴吗？");
  CHECK(engine_chat::has(reply, "faq.answer"));
  CHECK(c.state.step == "credit_code");
  CHECK_FALSE(c.state.answers.contains("credit_code"));
}
