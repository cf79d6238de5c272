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
  const catalog messages =
      catalog::from_patterns({{"zh-CN", {{"only.here", "x"}, {"broken", "{oops"}}}, {"en", {{"broken", "fine"}}}}, problems);
  messages.report_untranslated([](const std::string&, const std::string&) { return false; }, problems);
  REQUIRE(problems.size() == 2);
  CHECK(describe(problems[0]) == "locales/zh-CN.json: /messages/broken: message does not compile as ICU MessageFormat (U_UNMATCHED_BRACES); check braces, and write a literal apostrophe as ’ or ''");
  CHECK(describe(problems[1]) == "locales/en.json: /messages/only.here: missing; other locales define this message");
  std::vector<load_problem> allowed;
  messages.report_untranslated([](const std::string& locale, const std::string& key) { return locale == "en" && key == "only.here"; }, allowed);
  CHECK(allowed.empty());
}

TEST_CASE("Both shipped locales define the same messages", "[engine][catalog]") {
  const auto& messages = intake::testing::shipped_definition().messages;
  CHECK(messages.locales() == std::vector<std::string>{"en", "zh-CN"});
}

TEST_CASE("A numbered option set's listing is rendered once per locale, as its lines would be", "[engine][catalog]") {
  const auto& definition = intake::testing::shipped_definition();
  const option_set& menu = definition.options("main_menu");
  REQUIRE(menu.listing);
  for (const auto& locale : definition.messages.locales()) {
    CAPTURE(locale);
    const std::string listing = definition.messages.render(locale, message{"common.option_line", nlohmann::json::object(), menu.listing});
    CHECK(listing == definition.messages.render(locale, menu.line_messages()));
    CHECK(listing.rfind("1. ", 0) == 0);
    CHECK(std::count(listing.begin(), listing.end(), '\n') + 1 == static_cast<long>(menu.options.size()));
  }
  // A locale the listing was not prepared for gets the default locale's text, as keys do.
  CHECK(definition.messages.render("fr", message{"x", nlohmann::json::object(), menu.listing}) ==
        definition.messages.render(catalog::default_locale, menu.line_messages()));
}
