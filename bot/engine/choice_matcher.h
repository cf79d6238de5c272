// Finds which option(s) of a set an owner meant: by number, by the option's words in any language,
// or by a close paraphrase ("做餐饮的" → 住宿和餐饮业). Pure; thread-safe; never throws.
#pragma once
#include <string>
#include <vector>

#include "bot/engine/bot_definition.h"

namespace intake::engine {

struct choice_match {
  enum class outcome { matched, ambiguous, none };
  outcome result = outcome::none;
  std::vector<const option*> options;  // matched: one; ambiguous: the candidates
};

struct multi_choice_match {
  std::vector<const option*> options;  // in the set's order, no duplicates
  std::vector<std::string> unknown;    // parts of the answer that matched nothing
};

class choice_matcher {
 public:
  // `form` is match_form() of the answer.
  static choice_match match_one(const option_set& set, const std::string& form);
  // Several options at once: "1 3 5", "1、3、5", "资金和用工", "缺钱 招不到人".
  static multi_choice_match match_many(const option_set& set, const std::string& form);
  // Fills an option's derived matching forms from its match_forms; call after setting them.
  static void index(option& opt);
  // Fills the set's words index from its options' forms; call once every option is indexed.
  static void index(option_set& set);
};

}  // namespace intake::engine
