#include <catch2/catch.hpp>

#include "bot/text/search_terms.h"

using namespace intake::text;

TEST_CASE("Chinese text is indexed as overlapping bigrams, other words as words", "[text][search]") {
  CHECK(search_terms("社保缓缴") == "社保 保缓 缓缴");
  CHECK(search_terms("電話 13800138000，ABC公司") == "电话 13800138000 abc 公司");
  CHECK(search_terms("我") == "我");
  CHECK(search_terms("") == "");
}

TEST_CASE("A search query asks for every word as a phrase of its bigrams", "[text][search]") {
  CHECK(search_query("社保") == "\"社保\"");
  CHECK(search_query("缓缴期限 银行") == "\"缓缴 缴期 期限\" AND \"银行\"");
  CHECK(search_query("貸款") == "\"贷款\"");
  CHECK(search_query("我") == "");           // a lone character matches everything
  CHECK(search_query("\" OR x*") == "\"or\" AND \"x\"");  // FTS syntax never passes through
  CHECK(search_query("138") == "\"138\"");
}
