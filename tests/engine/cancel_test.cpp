#include <catch2/catch.hpp>

#include "tests/support/engine_chat.h"

using namespace intake;
using engine::conversation_mode;
using testing::engine_chat;

namespace {

// An owner who answered two questions and went back to the menu with 菜单.
engine_chat owner_with_parked_draft() {
  engine_chat c;
  c.say_all({"1", "测试餐饮有限公司", "91110000600037341L", "菜单"});
  REQUIRE(c.state.mode == conversation_mode::menu);
  REQUIRE(c.state.answers.size() == 2);
  return c;
}

}  // namespace

TEST_CASE("取消 at the menu asks before it deletes a parked draft", "[engine][cancel]") {
  engine_chat c = owner_with_parked_draft();
  auto asked = c.say("取消");
  CHECK(c.state.mode == conversation_mode::confirm_cancel);
  CHECK(c.state.answers.size() == 2);
  const auto* question = engine_chat::find(asked, "cancel.confirm_draft");
  REQUIRE(question);
  CHECK(question->args["answered"] == 2);
  CHECK(asked.choices.size() == 2);  // yes / no

  SECTION("yes deletes it and stays at the menu") {
    auto done = c.say("是");
    CHECK(engine_chat::has(done, "cancel.done"));
    CHECK(engine_chat::has(done, "menu.prompt"));
    CHECK(c.state.mode == conversation_mode::menu);
    CHECK(c.state.answers.empty());
    CHECK(c.state.flow.empty());
    // A new report starts from the first question, with nothing to resume.
    auto fresh = c.say("1");
    CHECK(engine_chat::has(fresh, "report.intro"));
  }

  SECTION("no keeps it, stays at the menu, and the report resumes where it was") {
    auto kept = c.say("否");
    CHECK(engine_chat::has(kept, "cancel.draft_kept"));
    CHECK_FALSE(engine_chat::has(kept, "cancel.kept"));  // "continue filling in" would be wrong here
    CHECK(engine_chat::has(kept, "menu.prompt"));
    CHECK(c.state.mode == conversation_mode::menu);
    CHECK(c.state.answers.size() == 2);
    auto resumed = c.say("1");
    CHECK(engine_chat::has(resumed, "resume.prompt"));
    c.say("继续");
    CHECK(c.state.step == "province");
  }

  SECTION("anything else asks again in the same words") {
    auto again = c.say("什么");
    CHECK(engine_chat::has(again, "cancel.not_understood_draft"));
    CHECK(engine_chat::has(again, "cancel.confirm_draft"));
    CHECK(c.state.answers.size() == 2);
  }

  SECTION("菜单 leaves the question with the draft kept") {
    auto menu = c.say("菜单");
    CHECK(engine_chat::has(menu, "menu.draft_kept"));
    CHECK(c.state.mode == conversation_mode::menu);
    CHECK(c.state.answers.size() == 2);
  }
}

TEST_CASE("取消 with a parked draft asks from the resume question, progress and policy questions too", "[engine][cancel]") {
  for (const char* elsewhere : {"1", "2", "3"}) {
    INFO(elsewhere);
    engine_chat c = owner_with_parked_draft();
    c.say(elsewhere);
    const conversation_mode was = c.state.mode;
    REQUIRE(was != conversation_mode::menu);
    auto asked = c.say("取消");
    CHECK(engine_chat::has(asked, "cancel.confirm_draft"));
    CHECK(c.state.answers.size() == 2);
    c.say("否");
    CHECK(c.state.mode == was);
    CHECK(c.state.answers.size() == 2);
  }
}

TEST_CASE("取消 at the menu with nothing parked says so and shows the menu", "[engine][cancel]") {
  engine_chat c;
  c.say("你好");
  auto nothing = c.say("取消");
  CHECK(engine_chat::keys(nothing).front() == "cancel.nothing");
  CHECK(engine_chat::has(nothing, "menu.prompt"));
  CHECK(c.state.mode == conversation_mode::menu);
}

TEST_CASE("取消 inside the form still asks in the form's words", "[engine][cancel]") {
  engine_chat c;
  c.say_all({"1", "测试餐饮有限公司"});
  auto asked = c.say("取消");
  CHECK(engine_chat::has(asked, "cancel.confirm"));
  auto kept = c.say("否");
  CHECK(engine_chat::has(kept, "cancel.kept"));
  CHECK(c.state.mode == conversation_mode::form);
  CHECK(c.state.step == "credit_code");
}
