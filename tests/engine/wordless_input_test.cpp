// Messages made only of emoji or punctuation: answered as answers that cannot be used, or matched by
// their pictographs where an option lists them (👍 at a yes/no question); never as "nothing received".
#include <catch2/catch.hpp>

#include "tests/support/engine_chat.h"

using namespace intake;
using engine::conversation_mode;
using testing::engine_chat;

namespace {

const std::vector<std::string> emoji_messages{"👍", "😭😭😭", "👍🏽", "🙆\u200D♀\uFE0F", "👨\u200D👩\u200D👧", "❤\uFE0F", "🎉🎉", "。。。"};

}  // namespace

TEST_CASE("Emoji at the menu are not understood, never 'nothing received'", "[engine][wordless]") {
  for (const auto& emoji : emoji_messages) {
    INFO(emoji);
    engine_chat c;
    c.say("你好");
    auto reply = c.say(emoji);
    CHECK_FALSE(engine_chat::has(reply, "input.empty"));
    CHECK(engine_chat::has(reply, "menu.not_understood"));
    CHECK(engine_chat::has(reply, "menu.prompt"));
    CHECK(reply.events.empty());  // not recorded as an unanswered policy question
  }
}

TEST_CASE("A message with nothing visible still gets 'nothing received'", "[engine][wordless]") {
  for (const std::string blank : {"", " ", "\u3000\u3000", "\t\r", "\u200B", "\uFE0F"}) {
    engine_chat c;
    c.say("1");
    auto reply = c.say(blank);
    CHECK(engine_chat::has(reply, "input.empty"));
    CHECK(c.state.step == "company_name");
  }
}

TEST_CASE("Emoji in the form get each question's own reason and count as an invalid answer", "[engine][wordless]") {
  engine_chat c;
  c.say("1");
  auto name = c.say("😭😭😭");
  CHECK(engine_chat::has(name, "error.text.no_words"));
  CHECK(engine_chat::has(name, "form.question"));
  CHECK(c.state.step == "company_name");
  CHECK(c.state.invalid_attempts == 1);
  CHECK(c.state.answers.empty());
  CHECK(engine_chat::has(c.say("？？？"), "error.text.no_words"));  // punctuation is no name either
  auto third = c.say("👍");
  CHECK(engine_chat::has(third, "form.strikes"));  // the third unusable answer brings the help, as any other

  c.say_all({"测试餐饮有限公司", "91110000600037341L"});
  REQUIRE(c.state.step == "province");
  CHECK(engine_chat::has(c.say("👍"), "error.province.none"));
  c.say_all({"江西", "南昌市"});
  REQUIRE(c.state.step == "industry");
  CHECK(engine_chat::has(c.say("🍜"), "error.choice.none"));
  c.say("8");
  REQUIRE(c.state.step == "employees");
  CHECK(engine_chat::has(c.say("👍"), "error.count.not_a_number"));
  CHECK(c.state.step == "employees");
}

TEST_CASE("A thumbs up answers yes at a yes/no question, a thumbs down no", "[engine][wordless]") {
  for (const std::string yes : {"👍", "👍🏻", "👍👍👍", "👌", "✅", "✔\uFE0F", "🙆", "🙆\u200D♂\uFE0F", "🆗"}) {
    INFO(yes);
    engine_chat c;
    c.say_all({"1", "测试餐饮有限公司", "取消"});
    REQUIRE(c.state.mode == conversation_mode::confirm_cancel);
    auto reply = c.say(yes);
    CHECK(engine_chat::has(reply, "cancel.done"));
    CHECK(c.state.answers.empty());
  }
  for (const std::string no : {"👎", "👎🏿", "❌", "🙅\u200D♀\uFE0F"}) {
    INFO(no);
    engine_chat c;
    c.say_all({"1", "测试餐饮有限公司", "取消"});
    auto reply = c.say(no);
    CHECK(engine_chat::has(reply, "cancel.kept"));
    CHECK(c.state.answers.size() == 1);
  }
  engine_chat c;
  c.say_all({"1", "测试餐饮有限公司", "取消"});
  auto crying = c.say("😭");
  CHECK(engine_chat::has(crying, "cancel.not_understood"));
  CHECK(c.state.mode == conversation_mode::confirm_cancel);
}

TEST_CASE("Emoji in the summary, progress and policy questions get those places' own answers", "[engine][wordless]") {
  engine_chat c;
  c.say_all(testing::report_opening);
  c.say_all(testing::report_rest_after_opening);
  REQUIRE(c.state.mode == conversation_mode::summary);
  auto summary = c.say("👍");
  CHECK(engine_chat::has(summary, "summary.not_understood"));
  CHECK(c.submitted.empty());  // a thumbs up does not submit a report

  c.say_all({"菜单", "3"});
  REQUIRE(c.state.mode == conversation_mode::faq);
  auto policy = c.say("😭😭");
  CHECK(engine_chat::keys(policy) == std::vector<std::string>{"faq.prompt"});
  CHECK(policy.events.empty());

  c.say_all({"菜单", "2"});
  CHECK(engine_chat::has(c.say("👍"), "progress.not_understood"));
}

TEST_CASE("Emoji in English get the same answers in English", "[engine][wordless]") {
  engine_chat c("en");
  c.say("report");
  auto name = c.say("😭");
  CHECK(c.text(name).rfind("Please answer this question in words.", 0) == 0);
  c.say_all({"Acme Trading Co.", "cancel"});
  auto yes = c.say("👍");
  CHECK(c.text(yes).rfind("The report has been cancelled", 0) == 0);
}
