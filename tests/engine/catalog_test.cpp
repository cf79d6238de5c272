#include <catch2/catch.hpp>

#include "bot/engine/catalog.h"
#include "tests/support/test_data.h"

using namespace intake::engine;

TEST_CASE("Messages render with named arguments, nested messages and lists in the locale's style", "[engine][catalog]") {
  std::vector<load_problem> problems;
  auto messages = catalog::from_patterns(
      {{"zh-CN", {{"hello", "{name}，您好！您有{count, plural, =0 {没有消息} other {#条消息}}。"}, {"a", "甲"}, {"b", "乙"},
                  {"common.list_separator", "、"}, {"pick", "已选：{items}"}, {"plain", "无参数"}}},
       {"en", {{"hello", "Hello {name}, {count, plural, one {# message} other {# messages}}."}, {"a", "A"}, {"b", "B"},
               {"common.list_separator", ", "}, {"pick", "Chosen: {items}"}, {"plain", "no args"}}}},
      problems);
  REQUIRE(problems.empty());
  CHECK(messages.render("zh-CN", message{"hello", {{"name", "张三"}, {"count", 3}}}) == "张三，您好！您有3条消息。");
  CHECK(messages.render("en", message{"hello", {{"name", "Ann"}, {"count", 1}}}) == "Hello Ann, 1 message.");
  const nlohmann::json items = nlohmann::json::array({nested("a"), nested("b"), "丙"});
  CHECK(messages.render("zh-CN", message{"pick", {{"items", items}}}) == "已选：甲、乙、丙");
  CHECK(messages.render("en", message{"pick", {{"items", items}}}) == "Chosen: A, B, 丙");
  CHECK(messages.render("en", message{"plain", {}}) == "no args");
  CHECK(messages.render("en", message{"unknown.key", {}}) == "unknown.key");
}

TEST_CASE("A catalog reports keys missing from one locale and patterns that do not compile", "[engine][catalog]") {
  std::vector<load_problem> problems;
  catalog::from_patterns({{"zh-CN", {{"only.here", "x"}, {"broken", "{oops"}}}, {"en", {{"broken", "fine"}}}}, problems);
  REQUIRE(problems.size() == 2);
  CHECK(describe(problems[0]) == "locales/zh-CN.json: /messages/broken: message does not compile as ICU MessageFormat (U_UNMATCHED_BRACES); check braces, and write a literal apostrophe as ’ or ''");
  CHECK(describe(problems[1]) == "locales/en.json: /messages/only.here: missing; other locales define this message");
}

TEST_CASE("Both shipped locales define the same messages", "[engine][catalog]") {
  const auto& messages = intake::testing::shipped_definition().messages;
  CHECK(messages.locales() == std::vector<std::string>{"en", "zh-CN"});
}
