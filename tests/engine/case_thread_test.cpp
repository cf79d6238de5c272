// After staff write about a case, the owner's messages go to that case until they leave it (issue 24).
#include <catch2/catch.hpp>

#include "bot/engine/dialogue_engine.h"
#include "tests/support/test_data.h"

using namespace intake;

namespace {

struct owner_chat {
  engine::dialogue_engine engine{testing::shipped_definition()};
  engine::conversation_state state;
  std::int64_t now = testing::test_epoch_ms;
  std::vector<engine::report_status> reports{{"R20200301-AB2CDE", "accepted", testing::test_epoch_ms - 3600000, "南昌小吃店", "", "report", nullptr, ""},
                                             {"R20200301-FG3HJK", "returned", testing::test_epoch_ms - 7200000, "南昌小吃店", "", "report", nullptr, ""}};

  engine::turn_result say(const std::string& text, std::vector<engine::notice> notices = {}) {
    auto result = engine.step(state, {engine::inbound::kind::text, "owner", "websocket", text}, {now, reports, std::move(notices)});
    state = result.state;
    now += 1000;
    return result;
  }
  // A push: staff acted, the owner said nothing.
  engine::turn_result push(std::vector<engine::notice> notices) {
    auto result = engine.step(state, {engine::inbound::kind::notify, "owner", "websocket", ""}, {now, reports, std::move(notices)});
    state = result.state;
    now += 1000;
    return result;
  }
  static std::vector<std::string> keys(const engine::turn_result& result) {
    std::vector<std::string> found;
    for (const auto& msg : result.messages) found.push_back(msg.key);
    return found;
  }
  static const engine::event* find_event(const engine::turn_result& result, const std::string& type) {
    for (const auto& event : result.events)
      if (event.type == type) return &event;
    return nullptr;
  }
};

engine::notice accepted_with_note(std::int64_t id) { return {id, "status", "R20200301-AB2CDE", "accepted", "请把租赁合同发给我们", "王科长"}; }

}  // namespace

TEST_CASE("An owner's answer to a staff note goes to the case and is acknowledged", "[engine][case_thread]") {
  owner_chat c;
  auto told = c.push({accepted_with_note(1)});
  CHECK(owner_chat::keys(told) == std::vector<std::string>{"notify.status", "notify.note", "case.thread_opened"});
  CHECK(c.state.case_ticket == "R20200301-AB2CDE");

  for (const std::string said : {"好的，谢谢王科长，我下午把材料送过去", "合同怎么发给你们？"}) {
    auto answered = c.say(said);
    CHECK(owner_chat::keys(answered) == std::vector<std::string>{"case.forwarded"});
    const auto* kept = owner_chat::find_event(answered, "case_message");
    REQUIRE(kept);
    CHECK(kept->payload["ticket"] == "R20200301-AB2CDE");
    CHECK(kept->payload["text"] == said);
    CHECK(owner_chat::find_event(answered, "faq_unanswered") == nullptr);  // not a policy question
  }
  // Thanks are understood, and still reach the officer.
  auto thanks = c.say("谢谢");
  CHECK(owner_chat::keys(thanks) == std::vector<std::string>{"case.thanks_forwarded"});
  CHECK(owner_chat::find_event(thanks, "case_message"));
}

TEST_CASE("Menu words leave the thread and a menu item by number or words leaves for that item", "[engine][case_thread]") {
  owner_chat c;
  c.push({accepted_with_note(1)});
  auto menu = c.say("菜单");
  CHECK(owner_chat::keys(menu).front() == "case.thread_left");
  CHECK(c.state.case_ticket.empty());
  CHECK(c.state.mode == engine::conversation_mode::menu);
  CHECK(owner_chat::find_event(menu, "case_message") == nullptr);

  c.push({{2, "staff_reply", "R20200301-AB2CDE", "", "材料收到了吗？", "王科长"}});
  CHECK(c.state.case_ticket == "R20200301-AB2CDE");
  auto form = c.say("1");
  CHECK(c.state.mode == engine::conversation_mode::form);
  CHECK(c.state.case_ticket.empty());
  CHECK(owner_chat::find_event(form, "case_message") == nullptr);

  c.say("菜单");
  c.push({{3, "staff_reply", "R20200301-AB2CDE", "", "还有问题吗？", "王科长"}});
  c.say("我要查询进度");
  CHECK(c.state.mode == engine::conversation_mode::progress);
  CHECK(c.state.case_ticket.empty());
}

TEST_CASE("The ticket of another of the owner's cases moves the thread there", "[engine][case_thread]") {
  owner_chat c;
  c.push({accepted_with_note(1)});
  auto moved = c.say("R20200301-FG3HJK");
  CHECK(owner_chat::keys(moved) == std::vector<std::string>{"case.thread_switched"});
  CHECK(c.state.case_ticket == "R20200301-FG3HJK");
  auto kept = c.say("这个退回的我已经改好了");
  REQUIRE(owner_chat::find_event(kept, "case_message"));
  CHECK(owner_chat::find_event(kept, "case_message")->payload["ticket"] == "R20200301-FG3HJK");
  // Someone else's ticket is just words to the officer.
  auto other = c.say("R20190101-XYZ234");
  REQUIRE(owner_chat::find_event(other, "case_message"));
  CHECK(c.state.case_ticket == "R20200301-FG3HJK");
}

TEST_CASE("A message written before the staff note was seen is not taken as an answer to it", "[engine][case_thread]") {
  owner_chat c;
  // Over WeChat the note arrives with the owner's next message, which was written without it.
  auto turn = c.say("2", {accepted_with_note(1)});
  CHECK(c.state.mode == engine::conversation_mode::progress);
  CHECK(owner_chat::find_event(turn, "case_message") == nullptr);
  const auto keys = owner_chat::keys(turn);
  CHECK(keys[0] == "notify.status");
  CHECK(std::find(keys.begin(), keys.end(), "case.thread_opened") != keys.end());
}

TEST_CASE("A closed case or staff closing the thread returns the owner to the bot", "[engine][case_thread]") {
  owner_chat c;
  c.push({accepted_with_note(1)});
  c.push({{2, "status", "R20200301-AB2CDE", "closed", "已办结", "王科长"}});
  CHECK(c.state.case_ticket.empty());

  c.push({{3, "staff_reply", "R20200301-FG3HJK", "", "请重新核对营业收入", "李"}});
  CHECK(c.state.case_ticket == "R20200301-FG3HJK");
  auto closed = c.push({{4, "thread_closed", "R20200301-FG3HJK", "", "", "李"}});
  CHECK(owner_chat::keys(closed) == std::vector<std::string>{"case.thread_closed"});
  CHECK(c.state.case_ticket.empty());
  auto after = c.say("合同怎么发给你们？");
  CHECK(owner_chat::find_event(after, "case_message") == nullptr);
}

TEST_CASE("A reply to a conversation without a ticket and a status move without a note open no thread", "[engine][case_thread]") {
  owner_chat c;
  c.push({{1, "staff_reply", "", "", "您好，请问还需要帮助吗", "王"}});
  CHECK(c.state.case_ticket.empty());
  c.push({{2, "status", "R20200301-AB2CDE", "in_progress", "", "王"}});
  CHECK(c.state.case_ticket.empty());
  // A return always expects the owner's answer.
  c.push({{3, "status", "R20200301-FG3HJK", "returned", "", "王"}});
  CHECK(c.state.case_ticket == "R20200301-FG3HJK");
}

TEST_CASE("In a form the answers stay the form's, and 人工 and help act as everywhere", "[engine][case_thread]") {
  owner_chat c;
  c.say("1");
  c.say("南昌小吃店", {accepted_with_note(1)});
  CHECK(c.state.case_ticket.empty());  // a note mid-form opens no thread
  auto answer = c.say("91110000600037341L");
  CHECK(owner_chat::find_event(answer, "case_message") == nullptr);
  CHECK(c.state.answers.contains("credit_code"));

  owner_chat d;
  d.push({accepted_with_note(1)});
  auto person = d.say("人工");
  CHECK(owner_chat::keys(person) == std::vector<std::string>{"handoff.requested"});
  auto help = d.say("帮助");
  CHECK(owner_chat::find_event(help, "case_message") == nullptr);
}

TEST_CASE("The thread survives the state's round trip through JSON", "[engine][case_thread]") {
  owner_chat c;
  c.push({accepted_with_note(1)});
  engine::conversation_state back;
  nlohmann::json::parse(engine::to_json_text(c.state)).get_to(back);
  CHECK(back.case_ticket == "R20200301-AB2CDE");
  CHECK(engine::to_json_text(c.state) == nlohmann::json(c.state).dump());
  CHECK(engine::to_json_text(engine::conversation_state{}).find("case_ticket") == std::string::npos);
}

TEST_CASE("A closed case is rated once the owner is free and an unhappy owner may have it handled again", "[engine][rating]") {
  owner_chat c;
  auto closed = c.push({{1, "status", "R20200301-AB2CDE", "closed", "已协调银行放款", "王科长"}});
  const auto keys = owner_chat::keys(closed);
  CHECK(keys.back() == "common.option_line");
  CHECK(std::find(keys.begin(), keys.end(), "rating.ask") != keys.end());
  CHECK(c.state.mode == engine::conversation_mode::rating);

  auto rated = c.say("不满意，银行到现在都没联系我");
  const auto* event = owner_chat::find_event(rated, "case_rated");
  REQUIRE(event);
  CHECK(event->payload["ticket"] == "R20200301-AB2CDE");
  CHECK(event->payload["rating"] == "unsatisfied");
  CHECK(event->payload["comment"] == "不满意，银行到现在都没联系我");
  CHECK(c.state.mode == engine::conversation_mode::confirm_reopen);
  auto reopened = c.say("要");
  REQUIRE(owner_chat::find_event(reopened, "case_reopen_requested"));
  CHECK(owner_chat::find_event(reopened, "case_reopen_requested")->payload["ticket"] == "R20200301-AB2CDE");
  CHECK(c.state.mode == engine::conversation_mode::menu);
  CHECK(c.state.rating_ticket.empty());
}

TEST_CASE("A rating is a number or words and menu words skip it", "[engine][rating]") {
  owner_chat c;
  c.push({{1, "status", "R20200301-AB2CDE", "closed", "", "王"}});
  auto rated = c.say("2");
  REQUIRE(owner_chat::find_event(rated, "case_rated"));
  CHECK(owner_chat::find_event(rated, "case_rated")->payload["rating"] == "basically_satisfied");
  CHECK(owner_chat::find_event(rated, "case_rated")->payload["comment"] == "");
  CHECK(owner_chat::keys(rated).front() == "rating.thanks");

  owner_chat d;
  d.push({{1, "status", "R20200301-AB2CDE", "closed", "", "王"}});
  auto skipped = d.say("菜单");
  CHECK(owner_chat::find_event(skipped, "case_rated") == nullptr);
  CHECK(owner_chat::keys(skipped).front() == "rating.skipped");
  CHECK(d.state.rating_ticket.empty());
  // Not asked in the middle of a form: after it.
  owner_chat e;
  e.say("1");
  e.say("南昌小吃店", {{1, "status", "R20200301-AB2CDE", "closed", "", "王"}});
  CHECK(e.state.mode == engine::conversation_mode::form);
  CHECK(e.state.rating_ticket == "R20200301-AB2CDE");
  e.say("菜单");
  CHECK(e.state.mode == engine::conversation_mode::rating);
}

TEST_CASE("The owner hears where the case was routed and sees it in the progress query", "[engine][routing]") {
  owner_chat c;
  c.reports[0].department = "税务";
  auto told = c.push({{1, "routed", "R20200301-AB2CDE", "", "税务", "王"}});
  CHECK(owner_chat::keys(told) == std::vector<std::string>{"notify.routed"});
  c.say("2");
  auto shown = c.say("R20200301-AB2CDE");
  const auto keys = owner_chat::keys(shown);
  CHECK(std::find(keys.begin(), keys.end(), "progress.department") != keys.end());
}
