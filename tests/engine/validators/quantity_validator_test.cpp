#include <catch2/catch.hpp>

#include <cstdint>

#include "bot/engine/validators/quantity_validator.h"

using intake::engine::validate_count;
using intake::engine::validate_money_wan;

namespace {

struct count_sample {
  const char* input;
  std::int64_t count;
};

struct money_sample {
  const char* input;
  double wan;
};

constexpr double kMaxWan = 1000000;  // 100 亿元

}  // namespace

TEST_CASE("A head count is accepted in Arabic and Chinese numerals, with units and approximations",
          "[engine][validators]") {
  const count_sample samples[] = {
      {"35", 35},           {"三十五", 35},         {"三十五人", 35},       {"35人", 35},
      {"35 人", 35},        {"35个人", 35},         {"35个", 35},           {"35名", 35},
      {"35位", 35},         {"约200", 200},         {"约 200", 200},        {"大约200人", 200},
      {"大概三十来个", 30}, {"差不多50名", 50},     {"将近100位", 100},     {"接近一百人", 100},
      {"200人左右", 200},   {"200 人 左右", 200},   {"50上下", 50},         {"200多", 200},
      {"200多人", 200},     {"一百多个人", 100},    {"300余人", 300},       {"二十几个", 20},
      {"一千二", 1200},     {"两百", 200},          {"1,200", 1200},        {"十五", 15},
      {"一个人", 1},        {"两个", 2},            {"总共35人", 35},       {"一共三十五个人", 35},
      {"有35人", 35},       {"大概有200人左右", 200},
  };
  for (const count_sample& s : samples) {
    INFO(s.input);
    const auto result = validate_count(s.input, 1, 10000);
    REQUIRE(result.ok());
    CHECK(result.value().is_number_integer());
    CHECK(result.value() == s.count);
  }
}

TEST_CASE("Zero people is accepted when the minimum is zero", "[engine][validators]") {
  for (const char* input : {"0", "零", "0人"}) {
    INFO(input);
    const auto result = validate_count(input, 0, 100);
    REQUIRE(result.ok());
    CHECK(result.value() == 0);
  }
}

TEST_CASE("The bounds of a head count are inclusive", "[engine][validators]") {
  CHECK(validate_count("1", 1, 10).value() == 1);
  CHECK(validate_count("10", 1, 10).value() == 10);
}

TEST_CASE("An answer without a number is not a head count", "[engine][validators]") {
  for (const char* input : {"很多", "", "人", "不知道", "abc", "35 40", "几个", "约", "-5", "三十五和四十"}) {
    INFO(input);
    const auto result = validate_count(input, 1, 10000);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().key == "error.count.not_a_number");
    CHECK(result.error().args == nlohmann::json::object());
  }
}

TEST_CASE("A fraction of a person is rejected", "[engine][validators]") {
  for (const char* input : {"3.5", "三点五", "2.5人", "约3.5"}) {
    INFO(input);
    const auto result = validate_count(input, 1, 10000);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().key == "error.count.not_integer");
    CHECK(result.error().args == nlohmann::json::object());
  }
}

TEST_CASE("A head count below the minimum reports the minimum", "[engine][validators]") {
  const auto zero = validate_count("0", 1, 10000);
  REQUIRE_FALSE(zero.ok());
  CHECK(zero.error().key == "error.count.too_small");
  CHECK(zero.error().args == nlohmann::json{{"min", 1}});

  const auto three = validate_count("三个人", 5, 10000);
  REQUIRE_FALSE(three.ok());
  CHECK(three.error().key == "error.count.too_small");
  CHECK(three.error().args == nlohmann::json{{"min", 5}});
}

TEST_CASE("A head count above the maximum reports the maximum", "[engine][validators]") {
  for (const char* input : {"20000", "两万人", "10001"}) {
    INFO(input);
    const auto result = validate_count(input, 1, 10000);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().key == "error.count.too_large");
    CHECK(result.error().args == nlohmann::json{{"max", 10000}});
  }
}

TEST_CASE("An amount of money is read in 万元 whatever unit the owner writes", "[engine][validators]") {
  const money_sample samples[] = {
      {"50", 50},
      {"0.5", 0.5},
      {"五十", 50},
      {"五十万", 50},
      {"1.2万", 1.2},
      {"1.2万元", 1.2},
      {"两万五", 2.5},
      {"1200000元", 120},
      {"1,200,000元", 120},
      {"120万元", 120},
      {"120万块", 120},
      {"1.5亿", 15000},
      {"1.5亿元", 15000},
      {"50w", 50},
      {"50 w", 50},
      {"1.5w元", 1.5},
      {"3000块", 0.3},
      {"3000块钱", 0.3},
      {"3000 元", 0.3},
      {"5千元", 0.5},
      {"5k元", 0.5},
      {"大约50万", 50},
      {"约 50 万元", 50},
      {"50万左右", 50},
      {"三十多万", 30},
      {"三百来万", 300},
      {"50多万元", 50},
      {"50万多", 50},
      {"人民币50万元", 50},
      {"50万元人民币", 50},
      {"rmb 50万", 50},
      {"一千二百万", 1200},
      {"一百亿", 1000000},
      {"12345元", 1.2345},
      {"1元", 0.0001},
  };
  for (const money_sample& s : samples) {
    INFO(s.input);
    const auto result = validate_money_wan(s.input, kMaxWan);
    REQUIRE(result.ok());
    REQUIRE(result.value().is_number());
    CHECK(result.value().get<double>() == Approx(s.wan));
  }
}

TEST_CASE("An amount of money is rounded to four decimals of 万元", "[engine][validators]") {
  const auto yuan = validate_money_wan("12345.6元", kMaxWan);
  REQUIRE(yuan.ok());
  CHECK(yuan.value().get<double>() == Approx(1.2346).margin(1e-12));

  const auto wan = validate_money_wan("3.14159", kMaxWan);
  REQUIRE(wan.ok());
  CHECK(wan.value().get<double>() == Approx(3.1416).margin(1e-12));
}

TEST_CASE("An answer without a number is not an amount of money", "[engine][validators]") {
  for (const char* input : {"很多", "", "万元", "元", "不知道", "abc", "-5", "50 60"}) {
    INFO(input);
    const auto result = validate_money_wan(input, kMaxWan);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().key == "error.money.not_a_number");
    CHECK(result.error().args == nlohmann::json::object());
  }
}

TEST_CASE("An amount of zero is rejected as not positive", "[engine][validators]") {
  for (const char* input : {"0", "0元", "零", "零元", "0.00001", "0.4元"}) {
    INFO(input);
    const auto result = validate_money_wan(input, kMaxWan);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().key == "error.money.not_positive");
    CHECK(result.error().args == nlohmann::json::object());
  }
}

TEST_CASE("An amount above the maximum reports the maximum", "[engine][validators]") {
  for (const char* input : {"200亿", "12000000", "1000001"}) {
    INFO(input);
    const auto result = validate_money_wan(input, kMaxWan);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().key == "error.money.too_large");
    CHECK(result.error().args == nlohmann::json{{"max", 1000000}});
  }

  const auto fractional = validate_money_wan("600", 500.5);
  REQUIRE_FALSE(fractional.ok());
  CHECK(fractional.error().key == "error.money.too_large");
  CHECK(fractional.error().args["max"].get<double>() == Approx(500.5));
}

TEST_CASE("A trailing 千 or k means yuan even without 元", "[engine][validators]") {
  for (const char* input : {"5千", "5k", "五千"}) {
    const auto result = validate_money_wan(input, kMaxWan);
    REQUIRE(result.ok());
    CHECK(result.value().get<double>() == Approx(0.5));
  }
}

TEST_CASE("A bare number too large for 万元 fits once the owner adds 元", "[engine][validators]") {
  REQUIRE_FALSE(validate_money_wan("12000000", kMaxWan).ok());
  const auto result = validate_money_wan("12000000元", kMaxWan);
  REQUIRE(result.ok());
  CHECK(result.value().get<double>() == Approx(1200));
}

TEST_CASE("A head count said in a sentence is the number in it", "[engine][validators]") {
  const count_sample samples[] = {
      {"缺10个服务员", 10}, {"我们有35个员工", 35}, {"员工一共三十五人", 35}, {"还缺十五个工人", 15},
      {"we need 10 workers", 10}, {"about 50", 50}, {"50左右", 50}, {"around 200 people", 200},
  };
  for (const count_sample& s : samples) {
    INFO(s.input);
    const auto result = validate_count(s.input, 1, 10000);
    REQUIRE(result.ok());
    CHECK_FALSE(result.needs_confirmation());  // a figure said as such is taken as said
    CHECK(result.value() == s.count);
  }
}

TEST_CASE("A range of people is proposed as its middle, rounded half up", "[engine][validators]") {
  const count_sample samples[] = {
      {"现在还缺三四十个车工", 35}, {"三四十", 35}, {"七八个", 8}, {"两三个", 3}, {"三五个人", 4}, {"十一二个", 12},
      {"一两百", 150}, {"30到40个", 35}, {"30-40人", 35}, {"三十到四十", 35}, {"about 30 to 40", 35},
      {"between 30 and 40 people", 35}, {"40到30", 35},
  };
  for (const count_sample& s : samples) {
    INFO(s.input);
    const auto result = validate_count(s.input, 1, 10000);
    REQUIRE(result.ok());
    CHECK(result.needs_confirmation());
    CHECK(result.value() == s.count);
  }
}

TEST_CASE("A floor or a bound of people is proposed as the figure said", "[engine][validators]") {
  const count_sample samples[] = {
      {"十来个", 10}, {"二十多个", 20}, {"二十几个", 20}, {"十几", 10}, {"200多人", 200}, {"300余人", 300},
      {"大概三十来个", 30}, {"50人以上", 50}, {"不到10个", 10}, {"more than 20", 20}, {"20+", 20},
  };
  for (const count_sample& s : samples) {
    INFO(s.input);
    const auto result = validate_count(s.input, 1, 10000);
    REQUIRE(result.ok());
    CHECK(result.needs_confirmation());
    CHECK(result.value() == s.count);
  }
}

TEST_CASE("A range is checked against the bounds by its middle", "[engine][validators]") {
  const auto large = validate_count("八九千", 1, 5000);
  REQUIRE_FALSE(large.ok());
  CHECK(large.error().key == "error.count.too_large");
  CHECK(validate_count("0到1个", 1, 100).ok());  // the middle, 0.5, rounds up to 1
  const auto fraction = validate_count("1.5到3", 1, 100);
  REQUIRE_FALSE(fraction.ok());
  CHECK(fraction.error().key == "error.count.not_integer");
}

TEST_CASE("Dates, shares, money and negations are not head counts", "[engine][validators]") {
  for (const char* input : {"3个月", "80%", "三成", "一个都不缺", "5000元", "几十个", "数十人", "3月10号来了20个"}) {
    INFO(input);
    const auto result = validate_count(input, 0, 10000);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().key == "error.count.not_a_number");
  }
}

TEST_CASE("An amount said in a sentence, or roughly, is read in 万元", "[engine][validators]") {
  struct sample {
    const char* input;
    double wan;
    bool estimate;
  };
  const sample samples[] = {
      {"大概100万", 100, false},      {"缺口有50万左右", 50, false},   {"about 50", 50, false},
      {"大概二三十万", 25, true},     {"二三十万", 25, true},          {"30到40万", 35, true},
      {"30万到40万", 35, true},       {"5000到8000元", 0.65, true},    {"5000到1万", 0.75, true},
      {"1到1.5万", 1.25, true},       {"十几万", 10, true},            {"一百多万", 100, true},
      {"三十多万", 30, true},         {"三百来万", 300, true},         {"50万多", 50, true},
      {"30 to 40", 35, true},         {"more than 20", 20, true},
  };
  for (const sample& s : samples) {
    INFO(s.input);
    const auto result = validate_money_wan(s.input, kMaxWan);
    REQUIRE(result.ok());
    CHECK(result.needs_confirmation() == s.estimate);
    CHECK(result.value().get<double>() == Approx(s.wan));
  }
}
