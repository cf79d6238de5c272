#include "bot/text/chinese_number.h"

#include <catch2/catch.hpp>

#include <string>
#include <string_view>

#include "bot/text/normalizer.h"

using intake::text::parse_number;

namespace {

struct example {
  std::string_view text;
  double value;
};

}  // namespace

TEST_CASE("Arabic numbers parse, with thousands separators and decimals", "[text][number]") {
  const example examples[] = {
      {"35", 35}, {"1,200", 1200}, {"1200.5", 1200.5}, {"0", 0}, {"0.5", 0.5},
      {"12,345,678", 12345678}, {"1,200.50", 1200.5}, {"007", 7},
  };
  for (const auto& [text, value] : examples) {
    INFO(text);
    const auto parsed = parse_number(text);
    REQUIRE(parsed);
    CHECK(*parsed == value);
  }
}

TEST_CASE("Chinese numbers with units parse", "[text][number]") {
  const example examples[] = {
      {"三十五", 35},          {"一百零五", 105},       {"两百", 200},         {"十五", 15},
      {"十", 10},              {"二十", 20},            {"一十", 10},          {"壹佰贰拾", 120},
      {"两千零八", 2008},      {"三千五百万", 3.5e7},   {"一万二千", 12000},   {"一万两千", 12000},
      {"一千零五十", 1050},    {"一万零八", 10008},     {"十万", 1e5},         {"一百亿", 1e10},
      {"一亿五千万", 1.5e8},   {"一万亿", 1e12},        {"一亿五万", 100050000}, {"廿五", 25},
      {"卅", 30},              {"一百廿五", 125},       {"玖仟玖佰玖拾玖", 9999},
  };
  for (const auto& [text, value] : examples) {
    INFO(text);
    const auto parsed = parse_number(text);
    REQUIRE(parsed);
    CHECK(*parsed == value);
  }
}

TEST_CASE("A trailing digit after a unit means one place lower, except after 零", "[text][number]") {
  const example examples[] = {
      {"一千二", 1200}, {"两万五", 25000}, {"一百一", 110}, {"一亿五", 1.5e8},
      {"一万二千三", 12300}, {"3万5", 35000}, {"一千二万", 1.2e7},
      {"两千零八", 2008}, {"一百零一", 101},
  };
  for (const auto& [text, value] : examples) {
    INFO(text);
    const auto parsed = parse_number(text);
    REQUIRE(parsed);
    CHECK(*parsed == value);
  }
}

TEST_CASE("Numbers read digit by digit parse as their digits", "[text][number]") {
  const example examples[] = {
      {"二零二零", 2020}, {"二〇二〇", 2020}, {"一二三", 123}, {"幺三八", 138},
      {"零", 0},          {"五", 5},          {"两", 2},
  };
  for (const auto& [text, value] : examples) {
    INFO(text);
    const auto parsed = parse_number(text);
    REQUIRE(parsed);
    CHECK(*parsed == value);
  }
}

TEST_CASE("Decimals and Arabic digits with Chinese units parse", "[text][number]") {
  const example examples[] = {
      {"五点五", 5.5},     {"1.2万", 12000},      {"3万5千", 35000},   {"5千", 5000},
      {"20万", 200000},    {"1.5亿", 1.5e8},      {"1.1亿", 110000000}, {"一点五亿", 1.5e8},
      {"三十五点五", 35.5}, {"三十五点五万", 355000}, {"零点五", 0.5},    {"五点零五", 5.05},
      {"3万5000", 35000},  {"1,200万", 1.2e7},    {"1万2千", 12000},   {"2.5千", 2500},
  };
  for (const auto& [text, value] : examples) {
    INFO(text);
    const auto parsed = parse_number(text);
    REQUIRE(parsed);
    CHECK(*parsed == value);
  }
}

TEST_CASE("Anything that is not exactly one number is rejected", "[text][number]") {
  for (std::string_view text : {
           "", "abc", "-3", "3-5", "1.2.3", "三十五人", "万", "1 2", "负三", "十二个",
           "1,20", "1,2000", ",100", "100,", ".5", "5.", "点五", "五点", "一千零", "零五十",
           "十百", "三十五十", "一二千", "三5千", "12百", "百", "百万", "亿", "一亿万",
           "一万二万", "3万50000", "两万点五万", "一千二点五", "1.2十", "1.2万5千", "1.2,3",
           "1二", "二1", "一千零万", "12000万", "3 万",
       }) {
    INFO(text);
    CHECK_FALSE(parse_number(text));
  }
}

TEST_CASE("Ill-formed UTF-8 and absurdly long numbers are rejected", "[text][number]") {
  CHECK_FALSE(parse_number("3\xFF"));
  CHECK_FALSE(parse_number("\xE4\xBA"));
  CHECK_FALSE(parse_number(std::string(400, '9')));
  const auto long_but_finite = parse_number(std::string(30, '9'));
  REQUIRE(long_but_finite);
  CHECK(*long_but_finite == Approx(1e30));
}

TEST_CASE("Numbers typed in full width or Traditional parse after normalising", "[text][number]") {
  const auto& norm = intake::text::normalizer::instance();
  const example examples[] = {
      {"３万５千", 35000}, {"１，２００", 1200}, {"１２００．５", 1200.5}, {"貳拾", 20},
      {"兩萬五", 25000},   {"一億五", 1.5e8},   {"五點五", 5.5},         {"　三十五　", 35},
  };
  for (const auto& [text, value] : examples) {
    INFO(text);
    const auto parsed = parse_number(norm.for_matching(text));
    REQUIRE(parsed);
    CHECK(*parsed == value);
  }
}
