// Words indexed by their first character, to find which of hundreds of words occur in a short text
// with one lookup per character of the text instead of one search of the text per word. Matching is
// byte for byte; in valid UTF-8 a word can only match where a character starts, so looking at
// character starts finds every occurrence a plain substring search would.
// Immutable once filled; thread-safe for readers.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "bot/engine/match_text.h"

namespace intake::engine {

template <typename Payload>
class first_character_index {
 public:
  // A word added twice is reported twice; an empty word is never found, so it is not kept.
  void add(std::string word, Payload payload) {
    if (word.empty()) return;
    std::size_t length = 0;
    const std::uint32_t key = character_key(word, 0, length);
    by_first_character_[key].emplace_back(std::move(word), std::move(payload));
  }

  // Calls visit(payload) for every occurrence of every word in `text` (valid UTF-8), by position.
  template <typename Visit>
  void for_each_occurrence(std::string_view text, Visit&& visit) const {
    for (std::size_t at = 0, length = 0; at < text.size(); at += length) {
      const auto starting = by_first_character_.find(character_key(text, at, length));
      if (starting == by_first_character_.end()) continue;
      for (const auto& [word, payload] : starting->second)
        if (text.compare(at, word.size(), word) == 0) visit(payload);
    }
  }

 private:
  std::unordered_map<std::uint32_t, std::vector<std::pair<std::string, Payload>>> by_first_character_;
};

}  // namespace intake::engine
