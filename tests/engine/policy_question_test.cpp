#include <catch2/catch.hpp>

#include "bot/engine/definition_loader.h"
#include "bot/engine/dialogue_engine.h"
#include "bot/engine/match_text.h"
#include "tests/support/test_data.h"

using namespace intake;
using engine::conversation_mode;

namespace {

struct chat {
  explicit chat(const engine::bot_definition& definition = testing::shipped_definition()) : engine(definition) {}
  engine::dialogue_engine engine;
  engine::conversation_state state;
  std::int64_t now = testing::test_epoch_ms;

  engine::turn_result say(const std::string& text) {
    auto result = engine.step(state, {engine::inbound::kind::text, "owner", "terminal", text}, {now, {}, {}});
    state = result.state;
    now += 1000;
    return result;
  }
  static bool has(const engine::turn_result& result, const std::string& key) {
    for (const auto& msg : result.messages)
      if (msg.key == key) return true;
    return false;
  }
  static const engine::event* event(const engine::turn_result& result, const std::string& type) {
    for (const auto& e : result.events)
      if (e.type == type) return &e;
    return nullptr;
  }
};

}  // namespace

TEST_CASE("A confident policy answer carries its source and is recorded as answered", "[engine][faq]") {
  chat c;
  c.say("3");
  CHECK(c.state.mode == conversation_mode::faq);
  auto answer = c.say("社保能不能缓缴");
  REQUIRE(chat::has(answer, "faq.answer"));
  CHECK(chat::has(answer, "faq.source"));
  REQUIRE(chat::event(answer, "faq_answered"));
  CHECK(chat::event(answer, "faq_answered")->payload["entry_id"] == "gxb14-06-social-insurance");
}

TEST_CASE("A question no curated entry covers is answered with the notice's own sentence and its source", "[engine][faq]") {
  chat c;
  c.say("政策咨询");
  auto answer = c.say("有没有协会给大家提供免费阅读服务");
  REQUIRE(chat::has(answer, "faq.quote"));
  CHECK_FALSE(chat::has(answer, "faq.answer"));
  CHECK(chat::has(answer, "faq.source_untitled"));  // the news report has no 文号
  REQUIRE(chat::event(answer, "faq_answered"));
  const std::string quoted = chat::event(answer, "faq_answered")->payload["entry_id"];
  CHECK(quoted.rfind("mzb-passage-", 0) == 0);
  const auto* entry = testing::shipped_definition().faq->find(quoted);
  REQUIRE(entry);
  CHECK(entry->answer.find("免费阅读服务") != std::string::npos);
  // A curated entry still wins where one fits.
  CHECK(chat::event(c.say("社保能不能缓缴"), "faq_answered")->payload["entry_id"] == "gxb14-06-social-insurance");
}

TEST_CASE("Every sentence of the notices' passages is loaded with its document and article", "[engine][faq]") {
  const auto& base = *testing::shipped_definition().faq;
  const auto* first = base.find("jx1-passage-1-1");
  REQUIRE(first);
  CHECK(first->quoted);
  CHECK(first->article == "第一条");
  CHECK(first->document->doc_number == "赣中小领字〔2020〕1号");
  CHECK(first->questions == std::vector<std::string>{"强化统筹指导责任"});
  const auto* eighteenth = base.find("jx1-passage-18-2");
  REQUIRE(eighteenth);
  CHECK(eighteenth->answer.find("诉求反映渠道") != std::string::npos);
  const auto* ninth = base.find("fgw175-passage-9-1");
  REQUIRE(ninth);
  CHECK(ninth->article == "第九条");
  CHECK(base.find("jx1-passage-19-1") == nullptr);
}

TEST_CASE("Jiangxi-only answers say where they apply", "[engine][faq]") {
  chat c;
  c.say("政策咨询");
  auto answer = c.say("江西电价有优惠吗");
  REQUIRE(chat::event(answer, "faq_answered"));
  CHECK(chat::event(answer, "faq_answered")->payload["entry_id"].get<std::string>().rfind("jx1-", 0) == 0);
  CHECK(chat::has(answer, "faq.scope_jiangxi"));
}

TEST_CASE("Close calls are offered as numbered suggestions that a number selects", "[engine][faq]") {
  chat c;
  c.say("3");
  auto offered = c.say("房租能減免嗎");
  REQUIRE(chat::has(offered, "faq.suggest"));
  REQUIRE(c.state.faq_suggestions.size() == 3);
  CHECK(offered.choices.size() == 3);
  const std::string second = c.state.faq_suggestions[1];
  auto picked = c.say("2");
  REQUIRE(chat::event(picked, "faq_answered"));
  CHECK(chat::event(picked, "faq_answered")->payload["entry_id"] == second);
  CHECK(c.state.faq_suggestions.empty());
  // Nothing to pick from any more: a number is the main menu's (2 查询办理进度), as the owner
  // leaves policy questions.
  c.say("2");
  CHECK(c.state.mode == engine::conversation_mode::progress);
}

TEST_CASE("A question the notices do not cover is declined plainly and recorded", "[engine][faq]") {
  chat c;
  c.say("3");
  auto declined = c.say("怎么注册一家公司");
  CHECK(chat::has(declined, "faq.declined"));
  CHECK_FALSE(chat::has(declined, "faq.answer"));
  REQUIRE(chat::event(declined, "faq_unanswered"));
  CHECK(chat::event(declined, "faq_unanswered")->payload["question"] == "怎么注册一家公司");
}

TEST_CASE("A policy question in the middle of the form is answered and the same question asked again", "[engine][faq]") {
  chat c;
  c.say("1");
  c.say("南昌绿源食品有限公司");
  REQUIRE(c.state.step == "credit_code");
  auto answered = c.say("社保可以缓缴吗");
  CHECK(chat::has(answered, "faq.answer"));
  CHECK(chat::has(answered, "faq.back_to_form"));
  CHECK(c.state.step == "credit_code");
  CHECK(c.state.invalid_attempts == 0);
  CHECK(c.state.mode == conversation_mode::form);
  CHECK(c.state.answers.size() == 1);
}

TEST_CASE("A valid answer is never taken for a policy question", "[engine][faq]") {
  chat c;
  c.say("1");
  for (const char* answer : {"南昌绿源食品有限公司", "91110000600037341L", "江西", "南昌市", "8", "10", "5", "800", "2"}) c.say(answer);
  REQUIRE(c.state.step == "difficulties");
  // "资金 房租" is also a fine policy topic, but here it answers the question.
  auto chosen = c.say("资金 房租");
  CHECK_FALSE(chat::has(chosen, "faq.answer"));
  CHECK(c.state.answers["difficulties"] == nlohmann::json::array({"资金", "房租"}));
  c.say("50");
  REQUIRE(c.state.step == "description");
  // A description is free text: a sentence that reads like a question is still the description.
  auto described = c.say("房租减免政策我们一直没享受到，怎么办？");
  CHECK_FALSE(chat::has(described, "faq.answer"));
  CHECK(c.state.answers["description"] == "房租减免政策我们一直没享受到，怎么办？");
}

TEST_CASE("A policy question at the main menu is answered without choosing the menu item first", "[engine][faq]") {
  chat c;
  auto answered = c.say("贷款到期了还不上怎么办？");
  CHECK(chat::has(answered, "faq.answer"));
  CHECK(c.state.mode == conversation_mode::faq);
  auto back = c.say("菜单");
  CHECK(chat::has(back, "menu.prompt"));
  CHECK(c.state.mode == conversation_mode::menu);
}

TEST_CASE("In policy mode the exact words of another menu item leave it, but questions mentioning them do not", "[engine][faq]") {
  chat c;
  c.say("3");
  auto report = c.say("反映困难诉求");
  CHECK(c.state.mode == conversation_mode::form);
  c.say("菜单");
  c.say("3");
  c.say("贷款审批进度能加快吗");
  CHECK(c.state.mode == conversation_mode::faq);
}

TEST_CASE("Thanks after a policy answer are acknowledged and not recorded as a question", "[engine][faq]") {
  chat c;
  c.say("政策咨询");
  c.say("社保能不能缓缴");
  for (const std::string thanks : {"谢谢", "好的！", "谢谢您", "OK", "thanks"}) {
    INFO(thanks);
    auto reply = c.say(thanks);
    CHECK(chat::has(reply, "faq.acknowledged"));
    CHECK_FALSE(chat::event(reply, "faq_unanswered"));
    CHECK(c.state.mode == conversation_mode::faq);
  }
  // A question that merely thanks first is still a question.
  CHECK_FALSE(chat::has(c.say("谢谢，那社保能不能缓缴"), "faq.acknowledged"));
}

TEST_CASE("In policy mode wanting another menu item leaves for it", "[engine][faq]") {
  {
    chat c;
    c.say("政策咨询");
    c.say("社保能不能缓缴");
    c.say("我要反映困难");
    CHECK(c.state.mode == conversation_mode::form);
  }
  {
    chat c;
    c.say("3");
    c.say("社保能不能缓缴");
    c.say("我想查进度");
    CHECK(c.state.mode == conversation_mode::progress);
  }
  {
    chat c;
    c.say("3");
    CHECK(chat::event(c.say("我要人工服务"), "handoff_requested"));
  }
  {
    chat c;
    c.say("3");
    auto asked = c.say("我想了解房租减免政策");  // wanting to know is a policy question
    CHECK(c.state.mode == conversation_mode::faq);
    CHECK_FALSE(chat::has(asked, "faq.acknowledged"));
  }
}

TEST_CASE("A question staff attached to an entry is answered with it, and one marked out of scope is declined and not queued again",
          "[engine][faq]") {
  // A definition of its own: what it learns must not reach the other tests' shared one.
  const auto definition = engine::definition_loader::load_or_throw(testing::source_dir());
  chat c(*definition);
  c.say("政策咨询");
  REQUIRE(chat::event(c.say("怎么注册一家公司"), "faq_unanswered"));
  const auto unknown = definition->faq->learn({{engine::question_group(engine::match_form("怎么注册一家公司？")), "jx1-17-free-cloud"},
                                               {engine::question_group(engine::match_form("天气怎么样")), ""},
                                               {"没有这个条目的问题", "no-such-entry"}});
  REQUIRE(unknown.size() == 1);
  CHECK(unknown[0].entry_id == "no-such-entry");
  auto attached = c.say("怎么注册一家公司");
  REQUIRE(chat::event(attached, "faq_answered"));
  CHECK(chat::event(attached, "faq_answered")->payload["entry_id"] == "jx1-17-free-cloud");
  auto dismissed = c.say("天气怎么样？");
  CHECK(chat::has(dismissed, "faq.declined"));
  CHECK_FALSE(chat::event(dismissed, "faq_unanswered"));
  // The shared definition learned nothing.
  CHECK(testing::shipped_definition().faq->lookup("怎么注册一家公司").outcome == engine::faq_result::decision::declined);
}
