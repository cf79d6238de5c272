#include "bot/engine/faq/faq_tokenizer.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

#include "bot/engine/faq/han_pinyin.h"
#include "bot/engine/faq/knowledge_base.h"
#include "tests/support/test_data.h"

using intake::engine::faq_lexicon;
using intake::engine::faq_tokenizer;

namespace {

faq_tokenizer tokenizer_with(std::map<std::string, std::vector<std::string>> synonyms) {
  faq_lexicon lexicon;
  lexicon.synonyms = std::move(synonyms);
  return faq_tokenizer(std::move(lexicon));
}

bool has(const std::vector<std::string>& features, const std::string& feature) {
  return std::find(features.begin(), features.end(), feature) != features.end();
}

}  // namespace

TEST_CASE("Every form of a synonym group gives the group's concept", "[faq][tokenizer]") {
  const auto tokenizer = tokenizer_with({{"社会保险", {"社保", "五险"}}, {"贷款", {"借钱"}}});
  CHECK(has(tokenizer.features("社保怎么交"), "@社会保险"));
  CHECK(has(tokenizer.features("五险能缓缴吗"), "@社会保险"));
  CHECK(has(tokenizer.features("社会保险和借钱"), "@贷款"));
  CHECK(has(tokenizer.features("社会保险和借钱"), "@社会保险"));
  CHECK_FALSE(has(tokenizer.features("工资怎么发"), "@社会保险"));
  // At the very start and the very end of the text, and twice.
  CHECK(has(tokenizer.features("借钱"), "@贷款"));
  CHECK(has(tokenizer.features("我想借钱借钱"), "@贷款"));
}

TEST_CASE("A longer form hides the shorter forms inside it", "[faq][tokenizer]") {
  const auto tokenizer = tokenizer_with({{"社会保险", {}}, {"保险", {"险"}}});
  const auto features = tokenizer.features("社会保险怎么交");
  CHECK(has(features, "@社会保险"));
  CHECK_FALSE(has(features, "@保险"));
  // Where the shorter form also stands on its own, it is found there.
  CHECK(has(tokenizer.features("社会保险和商业保险"), "@保险"));
  CHECK(has(tokenizer.features("保险怎么交"), "@保险"));
}

TEST_CASE("A form with a space is completed by the space a longer form leaves", "[faq][tokenizer]") {
  // 社会保险 is looked for first (longest), becomes a space, and 缓 缴 is then in the text.
  const auto tokenizer = tokenizer_with({{"社会保险", {}}, {"缓缴", {"缓 缴"}}});
  CHECK(has(tokenizer.features("缓社会保险缴"), "@缓缴"));
  CHECK(has(tokenizer.features("缓 缴"), "@缓缴"));
  CHECK_FALSE(has(tokenizer.features("缓一下再缴"), "@缓缴"));
}

TEST_CASE("Chinese forms that start with a Latin letter or digit, and English forms", "[faq][tokenizer]") {
  const auto tokenizer = tokenizer_with({{"股票", {"a股"}}, {"第五代", {"5g网络"}}, {"社会保险", {"social insurance"}}});
  CHECK(has(tokenizer.features("a股能买吗"), "@股票"));
  CHECK(has(tokenizer.features("A股能买吗"), "@股票"));
  CHECK(has(tokenizer.features("5G网络补贴"), "@第五代"));
  CHECK(has(tokenizer.features("How do I pay social insurance?"), "@社会保险"));
  CHECK(has(tokenizer.features("social insurances 怎么交"), "@社会保险"));  // compared stemmed
  CHECK_FALSE(has(tokenizer.features("socialinsurance"), "@社会保险"));  // English forms stand as words
}

TEST_CASE("A Han character's reading has no tones and homophones share it", "[faq][tokenizer]") {
  using intake::engine::han_pinyin;
  CHECK(han_pinyin("税") == "shui");
  CHECK(han_pinyin("水") == "shui");
  CHECK(han_pinyin("购") == han_pinyin("够"));
  CHECK(han_pinyin("a").empty());
  CHECK(han_pinyin("税收").empty());  // one character at a time
  CHECK(han_pinyin("😀").empty());
}

TEST_CASE("Pairs of one-character words are told apart from the dictionary's words", "[faq][tokenizer]") {
  const faq_tokenizer tokenizer(faq_lexicon{});
  std::set<std::string> unknown;
  const auto features = tokenizer.features("水收优惠", &unknown);
  CHECK(has(features, "水收"));
  CHECK(unknown.count("水收"));
  unknown.clear();
  const auto known = tokenizer.features("住房公积金能缓缴吗", &unknown);
  CHECK(has(known, "住房"));
  CHECK(unknown.count("住房") == 0);  // a word of ICU's dictionary: not a typo to repair
}

TEST_CASE("A homophone typed for a word of the knowledge base finds what the word finds, a fillers' run-on too", "[faq][tokenizer]") {
  const auto& base = *intake::testing::shipped_definition().faq;
  const auto right = base.lookup("防疫重点企业能享受哪些税收优惠");
  const auto typed = base.lookup("防疫重点企业能享受哪些水收优惠");
  REQUIRE_FALSE(right.candidates.empty());
  REQUIRE_FALSE(typed.candidates.empty());
  CHECK(typed.candidates.front().entry == right.candidates.front().entry);
  const auto run_on = base.lookup("那个就是防疫重点企业然后能享受哪些税收优惠");
  REQUIRE_FALSE(run_on.candidates.empty());
  CHECK(run_on.candidates.front().entry == right.candidates.front().entry);
}
