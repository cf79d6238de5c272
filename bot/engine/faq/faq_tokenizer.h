// Turns a policy question into the features the knowledge base is searched by: Han character
// bigrams (ICU's dictionary splits domain words such as 社保, 缓缴, 复工 into single characters),
// ICU word tokens, English words, and synonym concepts ("@社保" for 社保, 社会保险, 五险 …), after
// fixing common homophone typos (代款 → 贷款) and adding the Chinese terms of English phrases.
// Thread-safety: immutable after construction; features() may be called from any thread (each thread
// keeps its own ICU BreakIterator). Never throws for any valid UTF-8.
#pragma once
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "bot/engine/first_character_index.h"

namespace intake::engine {

struct faq_lexicon {
  std::map<std::string, std::vector<std::string>> synonyms;  // canonical → variants (normalised)
  std::vector<std::pair<std::string, std::string>> typos;    // wrong → right, longest first
  std::vector<std::pair<std::string, std::vector<std::string>>> english;  // phrase → Chinese terms, longest first
  // Words owners wrap a question in (就是, 然后, 听说): no pair of characters inside one is searched by.
  std::set<std::string> filler_bigrams;
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
  // The same, and in `unknown_pairs` the pairs made of two one-character words: ICU's dictionary
  // knows no word there, as with a typo (水收 for 税收).
  std::vector<std::string> features(std::string_view text, std::set<std::string>* unknown_pairs) const;

  // The text as searched: normalised, typos fixed, English phrases' Chinese terms appended.
  std::string prepare(std::string_view text) const;

 private:
  struct concept_form {
    std::string form;       // as compared: stemmed English words, or Chinese as it is
    std::string canonical;  // the feature is "@" + canonical
    bool ascii = false;     // looked for word by word in the English form of the text
  };

  // A pair of Han characters is searched by unless it is a filler's, holds a particle or is a figure.
  bool keeps_bigram(const std::string& bigram) const;

  faq_lexicon lexicon_;
  std::vector<concept_form> concept_forms_;  // longest first; a longer form hides the shorter inside it
  // Chinese forms without spaces, found through their first character rather than by searching the
  // text once for each of the hundreds of forms. Payload: the form's index in concept_forms_.
  first_character_index<std::size_t> chinese_forms_;
  std::vector<std::size_t> always_searched_;  // Chinese forms with a space: a found form's space can complete them
  std::vector<std::size_t> english_forms_;
};

}  // namespace intake::engine
