// Many terms, each looked for in an answer by contains_term's rules (a Chinese term with the spaces of
// both sides left out, an ASCII term as whole words), answering which occur without calling
// contains_term once per term: Chinese terms through a first_character_index of their forms without
// spaces, ASCII terms only when the answer holds ASCII at all.
// Immutable once filled; thread-safe for readers.
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bot/engine/first_character_index.h"
#include "bot/engine/match_text.h"

namespace intake::engine {

template <typename Payload>
class term_set {
 public:
  // An empty term is never found, as with contains_term.
  void add(const std::string& term, Payload payload) {
    if (term.empty()) return;
    if (!is_ascii(term)) return chinese_.add(without_spaces(term), std::move(payload));
    ascii_.push_back({term, term.find_first_not_of(' ') == std::string::npos, std::move(payload)});
  }

  // Calls visit(payload) for each term found in `form`, possibly more than once for the same term.
  template <typename Visit>
  void for_each_found(std::string_view form, Visit&& visit) const {
    chinese_.for_each_occurrence(without_spaces(form), visit);
    // An ASCII term with a byte other than a space can only occur in an answer that has one too.
    const bool answer_has_ascii = has_ascii_besides_spaces(form);
    for (const auto& term : ascii_)
      if ((answer_has_ascii || term.only_spaces) && contains_term(form, term.text)) visit(term.payload);
  }

  bool any_found(std::string_view form) const {
    bool found = false;
    for_each_found(form, [&](const Payload&) { found = true; });
    return found;
  }

 private:
  struct ascii_term {
    std::string text;
    bool only_spaces = false;
    Payload payload;
  };

  static bool has_ascii_besides_spaces(std::string_view form) {
    for (unsigned char c : form)
      if (c < 0x80 && c != ' ') return true;
    return false;
  }

  first_character_index<Payload> chinese_;
  std::vector<ascii_term> ascii_;
};

}  // namespace intake::engine
