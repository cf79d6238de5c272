// The one normalisation pipeline for everything a user types.
// Thread-safety: normalizer::instance() is safe to call from any thread and the returned object is
// immutable; none of its methods take ICU's global transliterator lock (Traditional→Simplified is a
// precomputed per-code-point table). Throws std::runtime_error only if ICU data cannot be loaded.
#pragma once
#include <string>
#include <string_view>

namespace intake::text {

class normalizer {
 public:
  static const normalizer& instance();

  // For matching: NFKC case fold (full-width → half-width, lower case, ①→1), Traditional →
  // Simplified, control characters removed, every run of white space (including U+3000) collapsed
  // to one ASCII space, trimmed. Input must be valid UTF-8.
  std::string for_matching(std::string_view valid_utf8) const;

  // For storing what the user meant to write (a company name, a description): NFC, full-width
  // letters and digits become ASCII, Chinese punctuation such as ，、。 stays, control characters
  // removed, white space (including U+3000) collapsed and trimmed. Traditional stays Traditional.
  std::string for_display(std::string_view valid_utf8) const;

  // Traditional → Simplified, one code point at a time, nothing else changed.
  std::string to_simplified(std::string_view valid_utf8) const;

 private:
  normalizer();
};

}  // namespace intake::text
