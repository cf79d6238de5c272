#include <catch2/catch.hpp>

#include "tests/support/engine_chat.h"

using namespace intake;
using namespace intake::testing;

TEST_CASE("退出登录 on the web chat signs out, also while waiting for staff, and elsewhere there is nothing to sign out of", "[engine]") {
  engine_chat chat;
  auto step = [&](const std::string& channel, const std::string& text) {
    auto result = chat.engine.step(chat.state, {engine::inbound::kind::text, "owner", channel, text}, {chat.now, chat.reports, {}});
    chat.state = result.state;
    chat.now += 1000;
    return result;
  };
  auto signed_out = [](const engine::turn_result& result) {
    return std::any_of(result.events.begin(), result.events.end(), [](const engine::event& e) { return e.type == "signed_out"; });
  };
  step("websocket", "1");
  auto bye = step("websocket", "退出登录");
  CHECK(signed_out(bye));
  CHECK(engine_chat::has(bye, "session.signed_out"));
  CHECK(signed_out(step("websocket", "log out")));
  step("websocket", "人工");
  CHECK(signed_out(step("websocket", "退出登录")));  // not passed on to staff as a message

  auto wechat = step("wechat", "退出登录");
  CHECK_FALSE(signed_out(wechat));
  CHECK(engine_chat::has(wechat, "session.sign_out_not_needed"));
  CHECK_FALSE(signed_out(step("websocket", "退出")));  // that word cancels; it does not sign out
}
