#include <catch2/catch.hpp>

#include "bot/engine/choice_matcher.h"
#include "bot/engine/match_text.h"
#include "tests/support/test_data.h"

using namespace intake;
using engine::choice_match;
using engine::choice_matcher;
using engine::match_form;

namespace {

std::string one(const std::string& set, const std::string& answer) {
  auto match = choice_matcher::match_one(testing::shipped_definition().options(set), match_form(answer));
  return match.result == choice_match::outcome::matched ? match.options.front()->value : "";
}

std::vector<std::string> many(const std::string& answer, std::vector<std::string>* unknown = nullptr) {
  auto match = choice_matcher::match_many(testing::shipped_definition().options("difficulties"), match_form(answer));
  std::vector<std::string> values;
  for (const auto* opt : match.options) values.push_back(opt->value);
  if (unknown) *unknown = match.unknown;
  return values;
}

}  // namespace

TEST_CASE("Provinces are found by full name, short name, one-character abbreviation and pinyin", "[engine][choice]") {
  CHECK(one("provinces", "江西省") == "江西省");
  CHECK(one("provinces", "江西") == "江西省");
  CHECK(one("provinces", "赣") == "江西省");
  CHECK(one("provinces", "jiangxi") == "江西省");
  CHECK(one("provinces", "JiangXi") == "江西省");
  CHECK(one("provinces", "江西省南昌市") == "江西省");
  CHECK(one("provinces", "內蒙古") == "内蒙古自治区");  // Traditional input
  CHECK(one("provinces", "广西壮族自治区") == "广西壮族自治区");
  CHECK(one("provinces", "shanxi") == "山西省");
  CHECK(one("provinces", "shaanxi") == "陕西省");
  CHECK(one("provinces", "沪") == "上海市");
  CHECK(one("provinces", "黔") == "贵州省");
  CHECK(one("provinces", "hong kong") == "香港特别行政区");
  CHECK(one("provinces", "火星") == "");
  CHECK(one("provinces", "1") == "");  // the province list is not numbered
}

TEST_CASE("Industries are chosen by number, section letter, name or the owner's own words", "[engine][choice]") {
  CHECK(one("industries", "8") == "H");
  CHECK(one("industries", "八") == "H");
  CHECK(one("industries", "h") == "H");
  CHECK(one("industries", "H") == "H");
  CHECK(one("industries", "住宿和餐饮业") == "H");
  CHECK(one("industries", "做餐饮的") == "H");
  CHECK(one("industries", "开饭店的") == "H");
  CHECK(one("industries", "我们是做衣服的工厂") == "C");
  CHECK(one("industries", "跑运输") == "G");
  CHECK(one("industries", "养猪的") == "A");
  CHECK(one("industries", "restaurant") == "H");
  CHECK(one("industries", "制造") == "C");
  CHECK(one("industries", "21") == "");
  CHECK(one("industries", "不好说") == "");
}

TEST_CASE("Menu options accept numbers, their words and close paraphrases", "[engine][choice]") {
  CHECK(one("main_menu", "1") == "report");
  CHECK(one("main_menu", "１") == "report");
  CHECK(one("main_menu", "反映困难诉求") == "report");
  CHECK(one("main_menu", "我要反映一下困难") == "report");
  CHECK(one("main_menu", "查一下办理进度") == "progress");
  CHECK(one("main_menu", "2") == "progress");
  CHECK(one("main_menu", "check progress") == "progress");
  CHECK(one("main_menu", "3") == "faq");
  CHECK(one("main_menu", "政策咨询") == "faq");
  CHECK(one("main_menu", "4") == "human");
  CHECK(one("main_menu", "5") == "labour_needs");
  CHECK(one("main_menu", "6") == "financing_needs");
  CHECK(one("main_menu", "7") == "");
}

TEST_CASE("Several difficulties are read from numbers with any separator or from names", "[engine][choice]") {
  CHECK(many("1 3 5") == std::vector<std::string>{"用工", "原材料", "物流运输"});
  CHECK(many("1、3、5") == std::vector<std::string>{"用工", "原材料", "物流运输"});
  CHECK(many("1,3") == std::vector<std::string>{"用工", "原材料"});
  CHECK(many("１，３") == std::vector<std::string>{"用工", "原材料"});
  CHECK(many("资金和用工") == std::vector<std::string>{"用工", "资金"});
  CHECK(many("缺钱，招不到人") == std::vector<std::string>{"用工", "资金"});
  CHECK(many("房租 订单") == std::vector<std::string>{"房租", "订单市场"});
  CHECK(many("funding, rent and workers") == std::vector<std::string>{"用工", "资金", "房租"});
  CHECK(many("3 3 3") == std::vector<std::string>{"原材料"});
  std::vector<std::string> unknown;
  CHECK(many("1 13", &unknown) == std::vector<std::string>{"用工"});
  CHECK(unknown == std::vector<std::string>{"13"});
}

TEST_CASE("A copied option set matches through its own options", "[engine][choice]") {
  // The words index holds positions, not pointers, so a copy does not point into the original.
  engine::option_set copy = testing::shipped_definition().options("industries");
  auto match = choice_matcher::match_one(copy, match_form("做餐饮的"));
  REQUIRE(match.result == choice_match::outcome::matched);
  CHECK(match.options.front() == &copy.options[7]);
  auto exact = choice_matcher::match_one(copy, match_form("住宿和餐饮业"));
  REQUIRE(exact.result == choice_match::outcome::matched);
  CHECK(exact.options.front() == &copy.options[7]);
}

TEST_CASE("Words are found anywhere in the answer, the longest deciding", "[engine][choice]") {
  // 江西 inside a longer sentence, at its start, at its end; with spaces typed between characters.
  CHECK(one("provinces", "我们在江西南昌") == "江西省");
  CHECK(one("provinces", "江西的企业") == "江西省");
  CHECK(one("provinces", "在 江 西") == "江西省");
  // Two provinces named: ambiguous unless one name is longer.
  auto both = choice_matcher::match_one(testing::shipped_definition().options("provinces"), match_form("江西和湖南"));
  CHECK(both.result == choice_match::outcome::ambiguous);
  CHECK(both.options.size() == 2);
}
