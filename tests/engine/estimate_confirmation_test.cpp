// A range or a rough figure (三四十, 二十多, 大概二三十万) is proposed as one figure for the owner to confirm:
// yes records it, no asks the question again, and a figure typed instead is taken as the answer.
#include <catch2/catch.hpp>

#include "bot/engine/conversation_state.h"
#include "tests/support/engine_chat.h"

using namespace intake;
using engine::conversation_mode;
using testing::engine_chat;

namespace {

engine_chat at_employees(const std::string& locale = "zh-CN") {
  engine_chat c(locale);
  c.say_all(testing::report_opening);
  c.say("8");
  REQUIRE(c.state.step == "employees");
  return c;
}

}  // namespace

TEST_CASE("A range is proposed as its middle and recorded on yes", "[engine][estimate]") {
  engine_chat c = at_employees();
  auto proposed = c.say("现在大概三四十个人");
  CHECK(c.state.mode == conversation_mode::confirm_estimate);
  CHECK(c.state.step == "employees");
  CHECK(c.state.pending_answer == 35);
  CHECK_FALSE(c.state.answers.contains("employees"));
  CHECK(c.text(proposed) == "您给的是一个大概的数，按 35 人记录，可以吗？\n1. 是\n2. 否");
  CHECK(proposed.choices.size() == 2);

  auto recorded = c.say("是");
  CHECK(c.state.answers["employees"] == 35);
  CHECK(c.state.mode == conversation_mode::form);
  CHECK(c.state.step == "returned_employees");
  CHECK(c.state.pending_answer.is_null());
  CHECK(engine_chat::has(recorded, "form.question"));
}

TEST_CASE("No asks the question again and records nothing", "[engine][estimate]") {
  engine_chat c = at_employees();
  c.say("二十多个");
  auto declined = c.say("不对");
  CHECK(engine_chat::keys(declined).front() == "form.estimate_declined");
  CHECK(engine_chat::has(declined, "form.question"));
  CHECK(c.state.mode == conversation_mode::form);
  CHECK(c.state.step == "employees");
  CHECK_FALSE(c.state.answers.contains("employees"));
  CHECK(c.state.pending_answer.is_null());
  c.say("23");
  CHECK(c.state.answers["employees"] == 23);
}

TEST_CASE("A figure typed at the confirmation is the answer, and another range is proposed in turn", "[engine][estimate]") {
  engine_chat c = at_employees();
  c.say("三四十");
  auto replaced = c.say("38人");
  CHECK(c.state.answers["employees"] == 38);
  CHECK(c.state.step == "returned_employees");
  CHECK_FALSE(engine_chat::has(replaced, "form.confirm_estimate"));

  c.say("二三十");
  CHECK(c.state.pending_answer == 25);
  auto again = c.say("二十来个");
  CHECK(engine_chat::has(again, "form.confirm_estimate"));
  CHECK(c.state.pending_answer == 20);
  auto unusable = c.say("很多");
  CHECK(engine_chat::has(unusable, "error.count.not_a_number"));
  CHECK(c.state.mode == conversation_mode::form);
  CHECK(c.state.pending_answer.is_null());
}

TEST_CASE("A proposed figure must fit the earlier answers like any other", "[engine][estimate]") {
  engine_chat c = at_employees();
  c.say("30");
  auto too_many = c.say("三四十");
  CHECK(engine_chat::has(too_many, "error.count.more_than_slot"));
  CHECK(c.state.mode == conversation_mode::form);
}

TEST_CASE("上一步, 帮助, 取消 and 菜单 work at the confirmation", "[engine][estimate]") {
  engine_chat c = at_employees();
  c.say("三四十");
  auto help = c.say("帮助");
  CHECK(engine_chat::has(help, "report.employees.help"));
  CHECK(engine_chat::has(help, "form.confirm_estimate"));
  CHECK(c.state.mode == conversation_mode::confirm_estimate);

  c.say("取消");
  CHECK(c.state.mode == conversation_mode::confirm_cancel);
  CHECK(c.state.pending_answer == 35);  // kept while 取消 asks
  auto kept = c.say("否");
  CHECK(engine_chat::has(kept, "cancel.kept"));
  CHECK(engine_chat::has(kept, "form.confirm_estimate"));
  CHECK(c.state.mode == conversation_mode::confirm_estimate);
  c.say("好");
  CHECK(c.state.answers["employees"] == 35);

  c.say("二三十");
  auto back = c.say("上一步");
  CHECK(c.state.mode == conversation_mode::form);
  CHECK(c.state.step == "returned_employees");
  CHECK(engine_chat::has(back, "form.question"));
  CHECK(c.state.pending_answer.is_null());

  c.say("二三十");
  c.say("菜单");
  CHECK(c.state.mode == conversation_mode::menu);
  CHECK(c.state.pending_answer.is_null());
  c.say_all({"1", "继续"});
  CHECK(c.state.mode == conversation_mode::form);
  CHECK(c.state.step == "returned_employees");
}

TEST_CASE("A thumbs up confirms a figure, and amounts are proposed in 万元", "[engine][estimate]") {
  engine_chat c = at_employees();
  c.say_all({"10", "5", "800", "2", "1 2"});
  REQUIRE(c.state.step == "funding_gap_wan");
  auto proposed = c.say("大概二三十万");
  CHECK(c.text(proposed).rfind("您给的是一个大概的数，按 25 万元记录，可以吗？", 0) == 0);
  c.say("👍");
  CHECK(c.state.answers["funding_gap_wan"] == 25.0);
  REQUIRE(c.state.step == "labor_gap");
  c.say("现在还缺三四十个车工");
  CHECK(c.state.pending_answer == 35);
  c.say("👌");
  CHECK(c.state.answers["labor_gap"] == 35);
}

TEST_CASE("A figure said as such, even with an about-word, is recorded without asking", "[engine][estimate]") {
  engine_chat c = at_employees();
  c.say_all({"10", "5", "800", "2", "1 2"});
  REQUIRE(c.state.step == "funding_gap_wan");
  auto recorded = c.say("大概100万");
  CHECK_FALSE(engine_chat::has(recorded, "form.confirm_estimate"));
  CHECK(c.state.answers["funding_gap_wan"] == 100.0);
  c.say("缺10个服务员");
  CHECK(c.state.answers["labor_gap"] == 10);
  CHECK(c.state.step == "description");
}

TEST_CASE("Editing from the summary with a range confirms, then returns to the summary", "[engine][estimate]") {
  engine_chat c;
  c.say_all(testing::report_opening);
  c.say_all(testing::report_rest_after_opening);
  REQUIRE(c.state.mode == conversation_mode::summary);
  c.say("改缺工");
  c.say("十来个");
  CHECK(c.state.mode == conversation_mode::confirm_estimate);
  auto summary = c.say("是");
  CHECK(c.state.mode == conversation_mode::summary);
  CHECK(c.state.answers["labor_gap"] == 10);
  CHECK(engine_chat::has(summary, "summary.title"));
}

TEST_CASE("In English a range is proposed and confirmed in English", "[engine][estimate]") {
  engine_chat c = at_employees("en");
  auto proposed = c.say("about 30 to 40");
  CHECK(c.text(proposed) == "That is an estimate. Shall I record 35 people?\n1. Yes\n2. No");
  auto declined = c.say("no");
  CHECK(c.text(declined).rfind("Fine, please give a single figure.\n(6/14) How many employees", 0) == 0);
  c.say("between 30 and 40");
  c.say("yes");
  CHECK(c.state.answers["employees"] == 35);
}

TEST_CASE("A conversation waiting for a confirmation survives being saved and loaded", "[engine][estimate]") {
  engine_chat c = at_employees();
  c.say("三四十");
  const std::string saved = engine::to_json_text(c.state);
  CHECK(saved == nlohmann::json(c.state).dump());
  c.state = nlohmann::json::parse(saved).get<engine::conversation_state>();
  CHECK(c.state.mode == conversation_mode::confirm_estimate);
  CHECK(c.state.pending_answer == 35);
  c.say("是");
  CHECK(c.state.answers["employees"] == 35);
}
