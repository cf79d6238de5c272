#include "bot/text/quantity_phrase.h"

#include <catch2/catch.hpp>

#include <string>
#include <string_view>

#include "bot/text/normalizer.h"

using intake::text::find_quantity;

namespace {

struct phrasing {
  std::string_view said;
  std::string_view low, high;
  bool vague = false;
  bool yuan = false;
};

auto find(std::string_view said) { return find_quantity(intake::text::normalizer::instance().for_matching(said)); }

void check(const phrasing& p) {
  INFO(p.said);
  const auto found = find(p.said);
  REQUIRE(found);
  CHECK(found->low == p.low);
  CHECK(found->high == p.high);
  CHECK(found->is_range() == !p.high.empty());
  CHECK(found->vague == p.vague);
  CHECK(found->yuan == p.yuan);
}

}  // namespace

TEST_CASE("A figure is found among the words around it", "[text][quantity]") {
  for (const phrasing& p : std::initializer_list<phrasing>{
           {"缺10个服务员", "10", ""},
           {"35", "35", ""},
           {"三十五人", "三十五", ""},
           {"我们一共有35个员工", "35", ""},
           {"一共三十五个人", "三十五", ""},  // 一共 is no 一
           {"员工35人", "35", ""},
           {"第一批返岗20人", "20", ""},
           {"一个人", "一", ""},
           {"一万一", "一万一", ""},          // though it holds 万一
           {"we need 10 workers", "10", ""},  // no 万 in 10w…
           {"50 workers", "50", ""},
           {"１２", "12", ""},
       })
    check(p);
}

TEST_CASE("About-words leave a figure as it is", "[text][quantity]") {
  for (const phrasing& p : std::initializer_list<phrasing>{
           {"50左右", "50", ""},
           {"大概100万", "100万", ""},
           {"约 200", "200", ""},
           {"差不多50名", "50", ""},
           {"将近100位", "100", ""},
           {"about 50", "50", ""},
           {"around 200 people", "200", ""},
           {"50 or so", "50", ""},
       })
    check(p);
}

TEST_CASE("Ranges: two numbers joined, or two neighbouring digits", "[text][quantity]") {
  for (const phrasing& p : std::initializer_list<phrasing>{
           {"现在还缺三四十个车工", "三十", "四十"},
           {"大概二三十万", "二十万", "三十万"},
           {"七八个", "七", "八"},
           {"两三个", "两", "三"},
           {"三五个人", "三", "五"},
           {"十一二个", "十一", "十二"},
           {"一两百", "一百", "两百"},
           {"两三千", "两千", "三千"},
           {"一百二三十", "一百二十", "一百三十"},
           {"三万四五千", "三万四千", "三万五千"},
           {"30到40个", "30", "40"},
           {"30人到40人", "30", "40"},
           {"三十到四十", "三十", "四十"},
           {"30-40", "30", "40"},
           {"30~40人", "30", "40"},
           {"30～40", "30", "40"},
           {"30至40", "30", "40"},
           {"30或40个", "30", "40"},
           {"30到40万", "30万", "40万"},  // the first end takes the second's 万
           {"3到4千万", "3千万", "4千万"},
           {"1到1.5万", "1万", "1.5万"},
           {"5000到1万", "5000", "1万"},  // …only when it is the smaller number
           {"30万到40万", "30万", "40万"},
           {"about 30 to 40", "30", "40"},
           {"between 30 and 40 people", "30", "40"},
           {"30 or 40", "30", "40"},
       })
    check(p);
}

TEST_CASE("Floors and bounds are vague figures", "[text][quantity]") {
  for (const phrasing& p : std::initializer_list<phrasing>{
           {"二十多个", "二十", "", true},
           {"十来个", "十", "", true},
           {"大概三十来个", "三十", "", true},
           {"200多人", "200", "", true},
           {"300余人", "300", "", true},
           {"十几", "十", "", true},
           {"二十几个", "二十", "", true},
           {"三十多万", "三十万", "", true},
           {"十几万", "十万", "", true},
           {"50万多", "50万", "", true},
           {"50人以上", "50", "", true},
           {"超过100人", "100", "", true},
           {"不到10个", "10", "", true},
           {"more than 20", "20", "", true},
           {"over 100", "100", "", true},
           {"20+", "20", "", true},
           {"20-odd", "20", "", true},
       })
    check(p);
}

TEST_CASE("Units of money are spelt out and 元 is noticed", "[text][quantity]") {
  for (const phrasing& p : std::initializer_list<phrasing>{
           {"50w", "50万", ""},
           {"50 w", "50万", ""},
           {"5k元", "5千", "", false, true},
           {"1.5w元", "1.5万", "", false, true},
           {"约 50 万元", "50万", "", false, true},
           {"1,200,000元", "1,200,000", "", false, true},
           {"3000块钱", "3000", "", false, true},
           {"人民币50万元", "50万", "", false, true},
           {"5000元到8000元", "5000", "8000", false, true},
       })
    check(p);
}

TEST_CASE("What is not one quantity is not found", "[text][quantity]") {
  for (std::string_view said : {"", "很多", "不知道", "人", "abc", "几十", "几个", "好几十个", "数十人", "35 40", "三十五和四十", "-5", "负5",
                                "80%", "百分之八十", "三成", "3个月", "3月10号", "2020年", "十分钟", "下午3点", "一个都不缺", "一个人也没有",
                                "缺3个车间30个人", "万元", "上百人"}) {
    INFO(said);
    CHECK_FALSE(find(said));
  }
}

TEST_CASE("Ill-formed UTF-8 finds nothing", "[text][quantity]") {
  CHECK_FALSE(find_quantity("\xff" "35"));
}
