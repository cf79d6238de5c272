#include <catch2/catch.hpp>

#include "bot/runtime/conversation_cache.h"

using intake::runtime::cached_conversation;
using intake::runtime::conversation_cache;

TEST_CASE("The conversation cache gives back what it was told, forgets on request and stays bounded", "[runtime][cache]") {
  conversation_cache cache(2);
  cached_conversation conversation;
  conversation.revision = 7;
  conversation.state.step = "city";
  conversation.recent_deliveries.emplace_back("wechat:1", "您好！");
  cache.remember("u1", conversation);
  auto hit = cache.find("u1");
  REQUIRE(hit);
  CHECK(hit->revision == 7);
  CHECK(hit->state.step == "city");
  CHECK(hit->recent_deliveries.at(0).second == "您好！");
  CHECK_FALSE(cache.find("u2"));

  conversation.revision = 8;
  cache.remember("u1", conversation);
  CHECK(cache.find("u1")->revision == 8);
  cache.forget("u1");
  CHECK_FALSE(cache.find("u1"));

  cache.remember("u1", conversation);
  cache.remember("u2", conversation);
  cache.remember("u3", conversation);
  CHECK(cache.size() == 2);
  CHECK(cache.find("u3"));
}
