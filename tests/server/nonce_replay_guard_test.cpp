#include <catch2/catch.hpp>

#include "bot/server/nonce_replay_guard.h"

using intake::server::nonce_replay_guard;
using verdict = nonce_replay_guard::verdict;

TEST_CASE("A signed timestamp and nonce carry one message: the same again is a retry, another is a replay", "[server][replay]") {
  nonce_replay_guard guard;
  const std::int64_t now = 1700000000;
  CHECK(guard.check("1700000000", "123", now + 300, "<xml>a</xml>", now) == verdict::first_use);
  CHECK(guard.check("1700000000", "123", now + 300, "<xml>a</xml>", now + 10) == verdict::same_delivery);
  CHECK(guard.check("1700000000", "123", now + 300, "<xml>b</xml>", now + 10) == verdict::replayed);
  CHECK(guard.check("1700000000", "124", now + 300, "<xml>b</xml>", now + 10) == verdict::first_use);  // another nonce
  CHECK(guard.check("1700000001", "123", now + 301, "<xml>b</xml>", now + 10) == verdict::first_use);  // another timestamp
  // No pair is taken for another, whatever their characters.
  CHECK(guard.check("17", "00 x", now + 300, "<xml>c</xml>", now) == verdict::first_use);
  CHECK(guard.check("17 00", "x", now + 300, "<xml>d</xml>", now) == verdict::first_use);
}

TEST_CASE("Nonces are forgotten when their timestamp leaves the window, and beyond the capacity the soonest to expire goes",
          "[server][replay]") {
  nonce_replay_guard guard(3);
  CHECK(guard.check("100", "a", 400, "m", 100) == verdict::first_use);
  CHECK(guard.check("90", "b", 390, "m", 100) == verdict::first_use);
  CHECK(guard.check("110", "c", 410, "m", 100) == verdict::first_use);
  CHECK(guard.size() == 3);
  CHECK(guard.check("120", "d", 420, "m", 100) == verdict::first_use);  // full: "b" (expires at 390) goes
  CHECK(guard.size() == 3);
  CHECK(guard.check("90", "b", 390, "other", 100) == verdict::first_use);   // forgotten; taken again, "a" (400) goes
  CHECK(guard.check("100", "a", 400, "other", 100) == verdict::first_use);  // forgotten; taken again, "b" (390) goes
  CHECK(guard.check("120", "d", 420, "other", 100) == verdict::replayed);
  CHECK(guard.check("120", "d", 420, "m", 415) == verdict::same_delivery);
  // At 421 every entry has expired (the latest at 420); the table empties.
  CHECK(guard.check("421", "e", 721, "m", 421) == verdict::first_use);
  CHECK(guard.size() == 1);
}
