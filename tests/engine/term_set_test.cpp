#include "bot/engine/term_set.h"

#include <catch2/catch.hpp>

#include <set>

#include "bot/engine/first_character_index.h"
#include "bot/engine/match_text.h"

using intake::engine::contains_term;
using intake::engine::first_character_index;
using intake::engine::term_set;

TEST_CASE("A term set finds exactly the terms contains_term finds", "[engine][match]") {
  // Chinese with and without spaces on either side, ASCII words and phrases, Chinese words that start
  // with a Latin letter or a digit, terms of spaces only, one letter, and the empty term.
  const std::vector<std::string> terms{"贷款", "贷 款", "社保费", "社保", "怎么", "吗", "how", "loan", "r&d", "hong kong",
                                       "a股", "5g网络", "it", " ", "  ", "h", "", "?", "能不能"};
  const std::vector<std::string> texts{"我想问贷款", "贷 款怎么办", "社保 社费", "社保社 保费", "how to apply for a loan",
                                       "loans are late", "r&d costs", "hong kong", "hongkong", "a股能买吗", "5g网络补贴",
                                       "it行业", "bit行业", "中 文", "中文", "h", "我 h", "能 不 能缓缴", "", "吗", "?"};
  term_set<std::size_t> set;
  for (std::size_t i = 0; i < terms.size(); ++i) set.add(terms[i], i);
  for (const auto& text : texts) {
    std::set<std::size_t> found;
    set.for_each_found(text, [&](std::size_t i) { found.insert(i); });
    for (std::size_t i = 0; i < terms.size(); ++i) {
      INFO("text \"" << text << "\", term \"" << terms[i] << "\"");
      CHECK(found.count(i) == (contains_term(text, terms[i]) ? 1u : 0u));
    }
    term_set<bool> one_by_one;
    for (const auto& term : terms) one_by_one.add(term, true);
    bool any = false;
    for (const auto& term : terms) any = any || contains_term(text, term);
    CHECK(one_by_one.any_found(text) == any);
  }
}

TEST_CASE("A first-character index reports every occurrence, at the start, the end and overlapping", "[engine][match]") {
  first_character_index<int> index;
  index.add("社保", 1);
  index.add("社保费", 2);
  index.add("保费", 3);
  index.add("a", 4);
  std::vector<int> seen;
  index.for_each_occurrence("社保费和社保a", [&](int payload) { seen.push_back(payload); });
  // By position: 社保 and 社保费 at 0, 保费 at 3, 社保 at 12, a at 18.
  CHECK(seen == std::vector<int>{1, 2, 3, 1, 4});
  seen.clear();
  index.for_each_occurrence("", [&](int payload) { seen.push_back(payload); });
  index.for_each_occurrence("社", [&](int payload) { seen.push_back(payload); });  // a word longer than the text
  CHECK(seen.empty());
}

TEST_CASE("An empty word in a first-character index is never found", "[engine][match]") {
  first_character_index<int> index;
  index.add("", 1);
  index.add("社", 2);
  std::vector<int> seen;
  // A NUL character would share the key an empty word's missing first character gives.
  index.for_each_occurrence(std::string_view("\0社保", 7), [&](int payload) { seen.push_back(payload); });
  CHECK(seen == std::vector<int>{2});
}
