#include <catch2/catch.hpp>

#include "bot/runtime/state_cache.h"

using intake::engine::conversation_state;
using intake::runtime::state_cache;

TEST_CASE("The state cache answers only for exactly the JSON it was given, and stays bounded", "[runtime][cache]") {
  state_cache cache(2);
  conversation_state state;
  state.step = "city";
  cache.remember("u1", "{\"step\":\"city\"}", state);
  auto hit = cache.find("u1", "{\"step\":\"city\"}");
  REQUIRE(hit);
  CHECK(hit->step == "city");
  CHECK_FALSE(cache.find("u1", "{\"step\":\"province\"}"));  // someone else wrote since: parse that
  CHECK_FALSE(cache.find("u2", "{\"step\":\"city\"}"));

  state.step = "industry";
  cache.remember("u1", "{\"step\":\"industry\"}", state);
  CHECK(cache.find("u1", "{\"step\":\"industry\"}")->step == "industry");
  cache.remember("u2", "{}", state);
  cache.remember("u3", "{}", state);
  CHECK(cache.size() == 2);
}
