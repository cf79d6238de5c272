#include <catch2/catch.hpp>

#include "bot/server/query_string.h"

using intake::server::parse_target;

TEST_CASE("A path is split into segments before each is decoded, so an encoded slash stays inside its segment", "[server][http]") {
  const auto target = parse_target("/api/transcripts/ws%3Ashop%2F42?q=a%2Fb&x");
  CHECK(target.path == "/api/transcripts/ws:shop/42");
  CHECK(target.segments == std::vector<std::string>{"api", "transcripts", "ws:shop/42"});
  CHECK(target.get("q") == "a/b");
  CHECK(target.get("x").empty());
  CHECK(parse_target("//api//handoffs/%2F/close/").segments == std::vector<std::string>{"api", "handoffs", "/", "close"});
  CHECK(parse_target("/api/%FF%E4").segments.back() == "\xFF\xE4");  // decoded as it is; checked where it is used
  CHECK(parse_target("/a%2").segments.back() == "a%2");                // not an escape: kept
  CHECK(parse_target("").segments.empty());
}
