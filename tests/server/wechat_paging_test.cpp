#include <catch2/catch.hpp>

#include "bot/server/wechat_endpoint.h"
#include "bot/text/utf8.h"

using intake::server::wechat_endpoint;

TEST_CASE("A short reply is one page", "[server][wechat]") {
  auto [first, rest] = wechat_endpoint::page("短回复", 2048, "（更多）");
  CHECK(first == "短回复");
  CHECK(rest.empty());
}

TEST_CASE("A long reply breaks at a line end within 2048 bytes and ends with the hint", "[server][wechat]") {
  std::string text;
  for (int i = 0; i < 100; ++i) text += "第" + std::to_string(i) + "行：内容内容内容\n";
  auto [first, rest] = wechat_endpoint::page(text, 2048, "（回复“更多”）");
  CHECK(first.size() <= 2048);
  CHECK(first.ends_with("\n（回复“更多”）"));
  CHECK(intake::text::is_valid_utf8(first));
  CHECK(first.substr(0, first.size() - std::string("\n（回复“更多”）").size()) + "\n" + rest == text);
}

TEST_CASE("A long reply without line ends is never cut inside a character", "[server][wechat]") {
  std::string text;
  for (int i = 0; i < 1000; ++i) text += "长";
  auto [first, rest] = wechat_endpoint::page(text, 2048, "…");
  CHECK(first.size() <= 2048);
  CHECK(intake::text::is_valid_utf8(first));
  CHECK(intake::text::is_valid_utf8(rest));
  CHECK(first.substr(0, first.size() - 4) + rest == text);
}
