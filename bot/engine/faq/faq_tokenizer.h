// Turns a policy question into the features the knowledge base is searched by: Han character
// bigrams (ICU's dictionary splits domain words such as 社保, 缓缴, 复工 into single characters),
// ICU word tokens, English words, and synonym concepts ("@社保" for 社保, 社会保险, 五险 …), after
// fixing common homophone typos (代款 → 贷款) and adding the Chinese terms of English phrases.
// Thread-safety: immutable after construction; features() may be called from any thread (each thread
// keeps its own ICU BreakIterator). Never throws for any valid UTF-8.
#pragma once
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace intake::engine {

struct faq_lexicon {
  std::map<std::string, std::vector<std::string>> synonyms;  // canonical → variants (normalised)
  std::vector<std::pair<std::string, std::string>> typos;    // wrong → right, longest first
  std::vector<std::pair<std::string, std::vector<std::string>>> english;  // phrase → Chinese terms, longest first
};

// A light English stemmer (taxes → tax, paying → pay), applied to both sides of every comparison.
std::string stem_english(std::string word);
// stem_english on every ASCII word of a space-separated form.
std::string stem_english_words(std::string_view form);

class faq_tokenizer {
 public:
  explicit faq_tokenizer(faq_lexicon lexicon);

  // `text` is raw valid UTF-8; the result is sorted and without duplicates.
  std::vector<std::string> features(std::string_view text) const;

  // The text as searched: normalised, typos fixed, English phrases' Chinese terms appended.
  std::string prepare(std::string_view text) const;

 private:
  faq_lexicon lexicon_;
  std::vector<std::pair<std::string, std::string>> concept_forms_;  // form → canonical, longest first
};

}  // namespace intake::engine
