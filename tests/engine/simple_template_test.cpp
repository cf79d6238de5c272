#include <catch2/catch.hpp>

#include <limits>

#include "bot/engine/catalog.h"
#include "bot/engine/simple_template.h"

using intake::engine::catalog;
using intake::engine::message;
using intake::engine::simple_template;
using nlohmann::json;

namespace {

std::string no_nested(const json&) { return "<nested>"; }

}  // namespace

TEST_CASE("Only literal text with {name} placeholders is a simple template", "[engine][catalog]") {
  CHECK(simple_template::parse("您好"));
  CHECK(simple_template::parse("工单 {ticket} 的状态：{status}"));
  CHECK_FALSE(simple_template::parse("{n, number}"));
  CHECK_FALSE(simple_template::parse("{n, plural, one {# item} other {# items}}"));
  CHECK_FALSE(simple_template::parse("it''s {name}"));
  CHECK_FALSE(simple_template::parse("unbalanced {name"));
  CHECK_FALSE(simple_template::parse("stray } brace"));
  CHECK_FALSE(simple_template::parse("empty {}"));
}

TEST_CASE("A simple template renders strings, leaves numbers to ICU and keeps missing arguments visible", "[engine][catalog]") {
  const auto pattern = simple_template::parse("{a}和{b}：{list}{missing}");
  REQUIRE(pattern);
  CHECK(pattern->render(json{{"a", "资金"}, {"b", "房租"}, {"list", json::array({"x"})}}, no_nested, true) == "资金和房租：<nested>{missing}");
  CHECK(pattern->render(json{{"a", 1200}, {"b", -1234567}}, no_nested, true) == "1,200和-1,234,567：{list}{missing}");
  CHECK_FALSE(pattern->render(json{{"a", 1200}, {"b", "房租"}}, no_nested, false));  // a locale that groups otherwise
  CHECK_FALSE(pattern->render(json{{"a", 2.5}, {"b", "房租"}}, no_nested, true));    // fractions: ICU rounds them
  CHECK(pattern->render(json{{"a", true}, {"b", nullptr}}, no_nested, true) == "true和null：{list}{missing}");
}

TEST_CASE("The catalog renders simple patterns exactly as ICU does", "[engine][catalog]") {
  std::vector<intake::engine::load_problem> problems;
  // The same patterns once as they are (simple) and once with an ICU-only apostrophe escape, which
  // makes ICU render them: the two must agree on every argument type, in both shipped languages.
  const std::map<std::string, std::string> patterns{{"simple", "工单{ticket}：{status}（{count}）{nested}{missing}"},
                                                    {"icu", "工单{ticket}：{status}（{count}）{nested}{missing}''"},
                                                    {"inner", "[{x}]"},
                                                    {"common.list_separator", "、"}};
  const auto messages = catalog::from_patterns({{"zh-CN", patterns}, {"en", patterns}}, problems);
  REQUIRE(problems.empty());
  for (const std::string& locale : {std::string("zh-CN"), std::string("en")}) {
    for (const json& count : {json(0), json(7), json(999), json(1000), json(1200), json(-1234567), json(std::numeric_limits<std::int64_t>::max()),
                             json::parse("1200") /* unsigned in the document */, json(120.5), json("12")}) {
      const json args{{"ticket", "R20200301-AAAAAA"}, {"status", "已受理"}, {"count", count}, {"nested", {{"key", "inner"}, {"args", {{"x", "内"}}}}}};
      const std::string simple = messages.render(locale, message{"simple", args});
      const std::string icu = messages.render(locale, message{"icu", args});
      CHECK(simple + "'" == icu);
    }
  }
  const json args{{"ticket", "R1"}, {"status", "已受理"}, {"count", 1200}, {"nested", json::array({"资金", "房租"})}};
  CHECK(messages.render("zh-CN", message{"simple", args}) == "工单R1：已受理（1,200）资金、房租{missing}");
}
