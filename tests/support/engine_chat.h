// One owner talking to the engine with the shipped flows, as the runtime would drive it but without
// storage: the state is kept between turns and submitted reports are remembered.
#pragma once
#include <algorithm>
#include <string>
#include <vector>

#include "bot/engine/dialogue_engine.h"
#include "tests/support/test_data.h"

namespace intake::testing {

struct engine_chat {
  engine::dialogue_engine engine;
  engine::conversation_state state;
  std::vector<engine::report_status> reports;
  std::vector<engine::event> submitted;
  std::int64_t now = test_epoch_ms;

  explicit engine_chat(std::string locale = "zh-CN") : engine_chat(shipped_definition(), std::move(locale)) {}
  // `definition` must outlive the chat.
  explicit engine_chat(const engine::bot_definition& definition, std::string locale = "zh-CN") : engine(definition) {
    state.locale = std::move(locale);
  }

  engine::turn_result say(const std::string& text) {
    auto result = engine.step(state, {engine::inbound::kind::text, "owner", "terminal", text}, {now, reports, {}});
    state = result.state;
    now += 1000;
    for (const auto& event : result.events) {
      if (event.type != "report_submitted") continue;
      submitted.push_back(event);
      reports.insert(reports.begin(), {event.payload["ticket"], "new", event.payload["created_at_ms"], "公司", "", event.payload["flow"], nullptr, ""});
    }
    return result;
  }

  void say_all(const std::vector<std::string>& texts) {
    for (const auto& text : texts) say(text);
  }

  static std::vector<std::string> keys(const engine::turn_result& result) {
    std::vector<std::string> found;
    for (const auto& msg : result.messages) found.push_back(msg.key);
    return found;
  }

  static bool has(const engine::turn_result& result, const std::string& key) {
    const auto found = keys(result);
    return std::find(found.begin(), found.end(), key) != found.end();
  }

  static const engine::message* find(const engine::turn_result& result, const std::string& key) {
    for (const auto& msg : result.messages)
      if (msg.key == key) return &msg;
    return nullptr;
  }

  // The reply as the owner reads it.
  std::string text(const engine::turn_result& result) const { return engine.definition().messages.render(state.locale, result.messages); }
};

// The answers that take the report from the menu to its fifth question (industry), and those that
// complete it from there with 用工 and 资金 as difficulties.
inline const std::vector<std::string> report_opening{"1", "测试餐饮有限公司", "91110000600037341L", "江西", "南昌市"};
inline const std::vector<std::string> report_rest_after_opening{"8", "10", "5", "800", "2", "1 2", "20", "3", "店里没有客人，工人回不来", "无", "张三",
                                                               "13800138000"};

}  // namespace intake::testing
