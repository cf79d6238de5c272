// The optional question (希望得到的帮助) is skipped by the ways owners say "nothing", in Chinese and
// English, with the particles and thanks they add; anything else is the answer.
#include <catch2/catch.hpp>

#include "tests/support/engine_chat.h"

using namespace intake;
using engine::conversation_mode;
using testing::engine_chat;

namespace {

// An owner at the optional question, every earlier question answered.
engine_chat at_optional_question(const std::string& locale = "zh-CN") {
  engine_chat c(locale);
  c.say_all(testing::report_opening);
  c.say_all({"8", "10", "5", "800", "2", "1 2", "20", "3", "店里没有客人，工人回不来"});
  REQUIRE(c.state.step == "help_wanted");
  return c;
}

}  // namespace

TEST_CASE("无, 没有, 不填, 不用了, 没了 and their kin skip an optional question", "[engine][skip]") {
  for (const char* skip : {"无", "跳过", "没有", "暂无", "不填", "不用了", "不用填", "没了", "无了", "没有了", "没有。", "没有了。", "不用了！",
                           "不需要了", "没有啦", "没有呢", "暂时没有", "没什么", "没啥", "嗯，没有", "没有，谢谢", "不用了谢谢", "嗯嗯 不用了 谢谢",
                           "无需", "空着吧", "None", "none.", "no", "No thanks", "nothing, thank you", "N/A", "skip", "not needed"}) {
    INFO(skip);
    engine_chat c = at_optional_question();
    auto reply = c.say(skip);
    CHECK(c.state.step == "contact_name");
    REQUIRE(c.state.answers.contains("help_wanted"));
    CHECK(c.state.answers["help_wanted"].is_null());
    CHECK_FALSE(engine_chat::has(reply, "error.text.too_short"));
  }
}

TEST_CASE("An answer that only begins with a skip word is the answer", "[engine][skip]") {
  for (const char* answer : {"没有资金，希望银行续贷", "不用上门，电话联系即可", "no rent for three months"}) {
    INFO(answer);
    engine_chat c = at_optional_question();
    c.say(answer);
    CHECK(c.state.answers["help_wanted"] == answer);
  }
}

TEST_CASE("A skip word does not skip a question that must be answered", "[engine][skip]") {
  engine_chat c;
  c.say_all({"1", "测试餐饮有限公司", "91110000600037341L", "江西"});
  REQUIRE(c.state.step == "city");
  c.say("没有");
  // A required free-text question takes it as its answer (staff will see it); only optional ones skip.
  CHECK(c.state.answers["city"] == "没有");
}

TEST_CASE("不填了 is the cancel command, which asks first, even at an optional question", "[engine][skip]") {
  engine_chat c = at_optional_question();
  auto reply = c.say("不填了");
  CHECK(engine_chat::has(reply, "cancel.confirm"));
  c.say("否");
  CHECK(c.state.step == "help_wanted");
  c.say("不填");
  CHECK(c.state.step == "contact_name");
}

TEST_CASE("The summary shows a skipped answer as none, in each language", "[engine][skip]") {
  engine_chat c = at_optional_question("en");
  c.say("no thanks");
  c.say("Zhang San");
  auto summary = c.say("13800138000");
  REQUIRE(c.state.mode == conversation_mode::summary);
  CHECK(c.state.answers["help_wanted"].is_null());
  CHECK(c.text(summary).find("14. Help wanted: none\n") != std::string::npos);
}
