#include <catch2/catch.hpp>

#include "bot/engine/dialogue_engine.h"
#include "tests/support/test_data.h"

using namespace intake;

namespace {

struct chat {
  engine::dialogue_engine engine{testing::shipped_definition()};
  engine::conversation_state state;
  std::int64_t now = testing::test_epoch_ms;

  engine::turn_result say(const std::string& text, std::vector<engine::notice> notices = {}) {
    auto result = engine.step(state, {engine::inbound::kind::text, "owner", "terminal", text}, {now, {}, std::move(notices)});
    state = result.state;
    now += 1000;
    return result;
  }
  static std::vector<std::string> keys(const engine::turn_result& result) {
    std::vector<std::string> found;
    for (const auto& msg : result.messages) found.push_back(msg.key);
    return found;
  }
};

}  // namespace

TEST_CASE("What staff did comes first in the next reply, and is reported as delivered", "[engine][staff]") {
  chat c;
  c.say("1");
  auto reply = c.say("南昌小吃店", {{7, "status", "R1", "accepted", "已受理，请等待联系", "王"}, {8, "staff_reply", "", "", "您好", "王科长"}});
  const auto keys = chat::keys(reply);
  REQUIRE(keys.size() >= 4);
  CHECK(keys[0] == "notify.status");
  CHECK(keys[1] == "notify.note");
  CHECK(keys[2] == "notify.staff_reply");
  CHECK(reply.messages[2].args["actor"] == "王科长");
  CHECK(keys[3] == "form.question");  // and the form goes on
  REQUIRE(reply.events.size() == 1);
  CHECK(reply.events[0].payload["ids"] == nlohmann::json::array({7, 8}));
}

TEST_CASE("An owner asks for a person, talks to staff, and returns to the bot", "[engine][staff]") {
  chat c;
  c.say("1");
  c.say("南昌小吃店");
  auto asked = c.say("人工");
  CHECK(chat::keys(asked) == std::vector<std::string>{"handoff.requested"});
  CHECK(asked.events[0].type == "handoff_requested");
  CHECK(c.state.handoff_since_ms > 0);
  // While staff have it, answers are not taken by the form.
  CHECK(chat::keys(c.say("91110000600037341L")) == std::vector<std::string>{"handoff.waiting"});
  CHECK(c.state.answers.size() == 1);
  auto back = c.say("结束人工");
  CHECK(chat::keys(back).front() == "handoff.ended");
  CHECK(c.state.handoff_since_ms == 0);
  CHECK(c.state.step == "credit_code");
}

TEST_CASE("Staff closing a handoff returns the owner to the bot with their next message", "[engine][staff]") {
  chat c;
  c.say("4");
  REQUIRE(c.state.handoff_since_ms > 0);
  auto reply = c.say("还在吗", {{3, "handoff_closed", "", "", "", "王"}});
  CHECK(chat::keys(reply).front() == "notify.handoff_closed");
  CHECK(c.state.handoff_since_ms == 0);
}
