#include <catch2/catch.hpp>

#include "bot/engine/conversation_state.h"

using nlohmann::json;

TEST_CASE("A conversation state is written exactly as its JSON document dumps", "[text][json][engine]") {
  intake::engine::conversation_state state;
  CHECK(intake::engine::to_json_text(state) == json(state).dump());
  state.mode = intake::engine::conversation_mode::summary;
  state.return_mode = intake::engine::conversation_mode::form;
  state.flow = "difficulty_report";
  state.step = "funding_gap";
  state.answers = {{"company_name", "南昌\"小吃\"店"}, {"employees", 1200}, {"funding_gap_wan", 120.0}, {"help_wanted", nullptr},
                   {"difficulties", {"资金", "房租"}}};
  state.form_id = "f-3";
  state.invalid_attempts = 2;
  state.last_active_ms = 1582992000123;
  state.forms_started = 3;
  state.faq_suggestions = {"004-18", "001-2"};
  state.handoff_since_ms = 1582992000999;
  state.pending_answer = 35;
  CHECK(intake::engine::to_json_text(state) == json(state).dump());
  state.mode = intake::engine::conversation_mode::confirm_estimate;
  state.pending_answer = 12.5;
  const std::string text = intake::engine::to_json_text(state);
  CHECK(text == json(state).dump());
  intake::engine::conversation_state back;
  json::parse(text).get_to(back);
  CHECK(intake::engine::to_json_text(back) == text);
}

TEST_CASE("A state saved before pending answers existed loads with none", "[text][json][engine]") {
  json saved = json(intake::engine::conversation_state{});
  saved.erase("pending_answer");
  const auto state = saved.get<intake::engine::conversation_state>();
  CHECK(state.pending_answer.is_null());
}
