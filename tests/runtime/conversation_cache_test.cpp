#include <catch2/catch.hpp>

#include "bot/runtime/conversation_cache.h"

using intake::runtime::cached_conversation;
using intake::runtime::conversation_cache;

namespace {

cached_conversation at_revision(std::int64_t revision) {
  cached_conversation conversation;
  conversation.revision = revision;
  return conversation;
}

}  // namespace

TEST_CASE("The conversation cache hands back what it was told once, and forgets on request", "[runtime][cache]") {
  conversation_cache cache(2);
  cached_conversation conversation;
  conversation.revision = 7;
  conversation.state.step = "city";
  conversation.recent_deliveries.emplace_back("wechat:1", "您好！");
  cache.remember("u1", conversation);
  auto hit = cache.take("u1");
  REQUIRE(hit);
  CHECK(hit->revision == 7);
  CHECK(hit->state.step == "city");
  CHECK(hit->recent_deliveries.at(0).second == "您好！");
  // Taken: the turn holding it puts the state after it back.
  CHECK_FALSE(cache.take("u1"));
  CHECK_FALSE(cache.take("u2"));
  CHECK(cache.size() == 0);

  cache.remember("u1", at_revision(8));
  cache.remember("u1", at_revision(9));
  CHECK(cache.size() == 1);
  CHECK(cache.take("u1")->revision == 9);

  cache.remember("u1", at_revision(10));
  cache.forget("u1");
  cache.forget("never-seen");
  CHECK_FALSE(cache.take("u1"));
  CHECK(cache.size() == 0);
}

TEST_CASE("A full conversation cache gives up the conversation put back longest ago", "[runtime][cache]") {
  conversation_cache cache(3);
  cache.remember("a", at_revision(1));
  cache.remember("b", at_revision(1));
  cache.remember("c", at_revision(1));
  // a's turn runs and is kept: a is now the most recent, b the oldest.
  cache.remember("a", *cache.take("a"));
  cache.remember("c", at_revision(2));  // remembered again in place: c is the most recent
  cache.remember("d", at_revision(1));
  CHECK(cache.size() == 3);
  CHECK_FALSE(cache.take("b"));
  CHECK(cache.take("a"));
  CHECK(cache.take("c")->revision == 2);
  CHECK(cache.take("d"));

  // Many owners passing through never push out one who keeps talking.
  conversation_cache busy(8);
  busy.remember("regular", at_revision(0));
  for (int i = 0; i < 100; ++i) {
    busy.remember("passer-by-" + std::to_string(i), at_revision(0));
    if (i % 4 == 0) {
      auto regular = busy.take("regular");
      REQUIRE(regular);
      ++regular->revision;
      busy.remember("regular", std::move(*regular));
    }
  }
  CHECK(busy.size() == 8);
  CHECK(busy.take("regular")->revision == 25);
}
