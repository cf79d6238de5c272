#include "bot/engine/match_text.h"

#include <catch2/catch.hpp>

using intake::engine::contains_term;

TEST_CASE("A Chinese term is found with the spaces of both sides left out", "[engine][match]") {
  CHECK(contains_term("我 想 问 贷款", "贷款"));
  CHECK(contains_term("我想问贷 款", "贷款"));
  CHECK(contains_term("我想问贷款", "贷 款"));
  CHECK(contains_term("贷款", "贷款"));
  CHECK(contains_term("  贷款  ", " 贷款 "));
  CHECK_FALSE(contains_term("我想问贷", "贷款"));
  CHECK_FALSE(contains_term("贷", "贷款"));
  CHECK_FALSE(contains_term("", "贷款"));
  // A partial match that fails must not hide a later full one.
  CHECK(contains_term("贷贷 款", "贷款"));
  CHECK(contains_term("社保社 保费", "社保费"));
  CHECK_FALSE(contains_term("社保 社费", "社保费"));
}

TEST_CASE("Needles without anything but spaces, and empty needles", "[engine][match]") {
  CHECK_FALSE(contains_term("贷款", ""));
  CHECK_FALSE(contains_term("贷款", "  "));  // spaces are ASCII: looked for as they are
  CHECK(contains_term("贷 款", " "));
}

TEST_CASE("An ASCII term must stand as a word", "[engine][match]") {
  CHECK(contains_term("how to apply for a loan", "loan"));
  CHECK_FALSE(contains_term("loans are late", "loan"));
  CHECK(contains_term("loans and a loan", "loan"));
  CHECK(contains_term("r&d costs", "r&d"));
}

TEST_CASE("With no space on either side a Chinese term is found as a plain substring", "[engine][match]") {
  CHECK(contains_term("我想问社保费怎么交", "社保费"));
  CHECK(contains_term("社保社保费", "社保费"));
  CHECK_FALSE(contains_term("我想问社保怎么交", "社保费"));
  CHECK_FALSE(contains_term("费保社", "社保费"));
}

TEST_CASE("A match form without anything but spaces, ? and & has no words", "[engine][match]") {
  using intake::engine::has_words;
  using intake::engine::match_form;
  CHECK(has_words(match_form("好的")));
  CHECK(has_words(match_form("ok👍")));
  CHECK(has_words(match_form("1")));
  CHECK_FALSE(has_words(match_form("👍")));
  CHECK_FALSE(has_words(match_form("😭😭😭")));
  CHECK_FALSE(has_words(match_form("。。。")));
  CHECK_FALSE(has_words(match_form("？？")));
  CHECK_FALSE(has_words(""));
}

TEST_CASE("The symbol form keeps each pictograph's base character once", "[engine][match]") {
  using intake::engine::symbol_form;
  CHECK(symbol_form("👍") == "👍");
  CHECK(symbol_form("😭😭😭") == "😭");
  CHECK(symbol_form("👍🏽") == "👍");                             // skin tone
  CHECK(symbol_form("👍🏻👍🏿👍") == "👍");
  CHECK(symbol_form("✔\uFE0F") == "✔");                          // variation selector
  CHECK(symbol_form("🙆\u200D♀\uFE0F") == "🙆");                 // gesture with a gender sign (ZWJ)
  CHECK(symbol_form("👨\u200D👩\u200D👧\u200D👦") == "👨");       // family: the first member stands for it
  CHECK(symbol_form("👍😭") == "👍😭");
  CHECK(symbol_form("👍！！") == "👍");                            // punctuation left out
  CHECK(symbol_form("1\uFE0F\u20E3") == "");                      // a keycap is a digit, not a pictograph
  CHECK(symbol_form("🏳\uFE0F\u200D🌈") == "🏳");
  CHECK(symbol_form("好的👌") == "👌");
  CHECK(symbol_form("。，、") == "");
}

TEST_CASE("One filler word at a time comes off the start, else the end, of an answer", "[engine][match]") {
  using intake::engine::without_one_filler;
  const std::vector<std::string> prefixes{"emm", "嗯", "um"};
  const std::vector<std::string> suffixes{"thank you", "谢谢", "了", "thanks"};
  CHECK(without_one_filler("嗯 没有了", prefixes, suffixes) == "没有了");
  CHECK(without_one_filler("没有了", prefixes, suffixes) == "没有");
  CHECK(without_one_filler("不用了谢谢", prefixes, suffixes) == "不用了");
  CHECK(without_one_filler("no thanks", prefixes, suffixes) == "no");
  CHECK(without_one_filler("nothing thank you", prefixes, suffixes) == "nothing");
  CHECK(without_one_filler("um none", prefixes, suffixes) == "none");
  CHECK(without_one_filler("umbrella", prefixes, suffixes) == "umbrella");  // ASCII fillers are whole words
  CHECK(without_one_filler("nothanks", prefixes, suffixes) == "nothanks");
  CHECK(without_one_filler(" 没有 ", prefixes, suffixes) == "没有");
  CHECK(without_one_filler("了", prefixes, suffixes) == "");
  CHECK(without_one_filler("", prefixes, suffixes) == "");
}
