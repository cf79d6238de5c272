#include "bot/engine/faq/faq_tokenizer.h"

#include <unicode/brkiter.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <memory>
#include <set>

#include "bot/engine/match_text.h"
#include "bot/text/normalizer.h"

namespace intake::engine {
namespace {

// Bigrams that carry no topic: question words and pronouns found in every question.
const std::set<std::string> stop_words{"the", "a", "an", "of", "to", "for", "in", "on", "is", "are", "can", "i", "we", "my",
                                       "our", "do", "does", "how", "what", "will", "be", "it", "and", "or", "with", "any",
                                       "there", "me", "you", "your", "us", "get", "have", "has", "should", "about", "from",
                                       "at", "by", "if", "this", "that", "能不能", "可不可以", "有没有", "怎么办", "是不是",
                                       "为什么", "怎么样", "会不会", "要不要", "行不行", "什么样"};

// Particles that attach to any word (贴息吗, 缓缴的, 复工了) and make bigrams that mean nothing.
bool has_particle(const std::string& bigram) {
  for (const char* particle : {"的", "了", "吗", "呢", "吧", "啊", "呀", "嘛", "么"})
    if (bigram.find(particle) != std::string::npos) return true;
  return false;
}

// Figures are the owner's context (俩月, 三个, 万多), never what a question is about: a pair of
// characters that are both numerals or measure words is not searched by.
bool is_quantity_character(std::string_view character) {
  static constexpr std::string_view quantity_characters = "零一二三四五六七八九十百千万亿两俩几多个月年天周岁号";  // three bytes each
  const std::size_t at = quantity_characters.find(character);
  return character.size() == 3 && at != std::string_view::npos && at % 3 == 0;
}

bool is_quantity_pair(std::string_view bigram) {
  return bigram.size() == 6 && is_quantity_character(bigram.substr(0, 3)) && is_quantity_character(bigram.substr(3));
}

// True when the text holds no ASCII letter, so no English form can match.
bool is_ascii_free(const std::string& text) {
  for (unsigned char c : text)
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return false;
  return true;
}

bool is_han(UChar32 c) {
  UErrorCode status = U_ZERO_ERROR;
  return uscript_getScript(c, &status) == USCRIPT_HAN;
}

void replace_all(std::string& text, const std::string& from, const std::string& to) {
  if (from.empty()) return;
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) text.replace(at, from.size(), to);
}

}  // namespace

std::string stem_english(std::string word) {
  auto ends = [&](std::string_view tail) { return word.size() >= tail.size() + 2 && word.ends_with(tail); };
  if (ends("ies")) return word.substr(0, word.size() - 3) + "y";
  if (ends("ses") || ends("xes") || ends("ches") || ends("shes")) return word.substr(0, word.size() - 2);
  if (ends("ing")) return word.substr(0, word.size() - 3);
  if (ends("ed")) return word.substr(0, word.size() - 2);
  if (word.size() > 3 && word.ends_with('s') && !word.ends_with("ss")) word.pop_back();
  return word;
}

std::string stem_english_words(std::string_view form) {
  std::string out, word;
  auto flush = [&] {
    if (word.empty()) return;
    if (!out.empty()) out += ' ';
    out += is_ascii(word) ? stem_english(word) : word;
    word.clear();
  };
  for (char c : form) {
    if (c == ' ') flush();
    else word += c;
  }
  flush();
  return out;
}

namespace {

icu::BreakIterator& word_breaker() {
  thread_local std::unique_ptr<icu::BreakIterator> breaker = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> created(icu::BreakIterator::createWordInstance(icu::Locale("zh"), status));
    return U_FAILURE(status) ? nullptr : std::move(created);
  }();
  return *breaker;
}

}  // namespace

faq_tokenizer::faq_tokenizer(faq_lexicon lexicon) : lexicon_(std::move(lexicon)) {
  // English forms are compared stemmed, word by word; stem them once here rather than per question.
  auto add = [&](const std::string& form, const std::string& canonical) {
    const bool ascii = is_ascii(form);
    concept_forms_.push_back({ascii ? stem_english_words(match_form(form)) : form, canonical, ascii});
  };
  for (const auto& [canonical, variants] : lexicon_.synonyms) {
    add(canonical, canonical);
    for (const auto& variant : variants) add(variant, canonical);
  }
  std::sort(concept_forms_.begin(), concept_forms_.end(), [](const auto& a, const auto& b) { return a.form.size() > b.form.size(); });
  for (std::size_t i = 0; i < concept_forms_.size(); ++i) {
    const concept_form& entry = concept_forms_[i];
    if (entry.ascii) {
      english_forms_.push_back(i);
    } else if (entry.form.find(' ') != std::string::npos) {
      // A form that matched turns into a space, which can complete such a form where the text had none.
      always_searched_.push_back(i);
    } else {
      chinese_forms_.add(entry.form, i);
    }
  }
}

bool faq_tokenizer::keeps_bigram(const std::string& bigram) const {
  return !lexicon_.filler_bigrams.count(bigram) && !has_particle(bigram) && !is_quantity_pair(bigram);
}

std::string faq_tokenizer::prepare(std::string_view raw) const {
  std::string text = text::normalizer::instance().for_matching(raw);
  for (const auto& [wrong, right] : lexicon_.typos) replace_all(text, wrong, right);
  std::string added;
  if (is_ascii_free(text)) return text;
  const std::string spaced = stem_english_words(match_form(text));
  for (const auto& [phrase, terms] : lexicon_.english) {
    if (!contains_term(spaced, phrase)) continue;
    for (const auto& term : terms) added += " " + term;
  }
  return text + added;
}

std::vector<std::string> faq_tokenizer::features(std::string_view raw) const { return features(raw, nullptr); }

std::vector<std::string> faq_tokenizer::features(std::string_view raw, std::set<std::string>* unknown_pairs) const {
  const std::string text = prepare(raw);
  std::set<std::string> found;

  // One pass of ICU word segmentation. Han bigrams are taken inside a word (赣州, 工人) and between
  // neighbouring one-character words, which is how ICU splits domain words it does not know
  // (社|保, 缓|缴, 复|工); a bigram across a word boundary (州厂 in 赣州厂里) is noise.
  icu::BreakIterator& breaker = word_breaker();
  const icu::UnicodeString unicode = icu::UnicodeString::fromUTF8(text);
  breaker.setText(unicode);
  std::string previous_single;  // the last one-character Han word, if it was the previous token
  for (int32_t start = breaker.first(), end = breaker.next(); end != icu::BreakIterator::DONE; start = end, end = breaker.next()) {
    const int32_t status = breaker.getRuleStatus();
    std::string word;
    unicode.tempSubStringBetween(start, end).toUTF8String(word);
    if (status >= UBRK_WORD_LETTER && status < UBRK_WORD_KANA) {  // Latin letters
      previous_single.clear();
      if (word.size() >= 2 && !stop_words.count(word)) found.insert("w:" + stem_english(word));
      continue;
    }
    const int32_t characters = unicode.countChar32(start, end - start);
    if (status < UBRK_WORD_IDEO || !is_han(unicode.char32At(start))) {
      previous_single.clear();
      continue;
    }
    if (characters == 1) {
      if (!previous_single.empty() && keeps_bigram(previous_single + word)) {
        found.insert(previous_single + word);
        if (unknown_pairs) unknown_pairs->insert(previous_single + word);
      }
      previous_single = word;
      continue;
    }
    previous_single.clear();
    std::vector<std::string> chars;
    for (int32_t i = start; i < end; i = unicode.moveIndex32(i, 1)) {
      std::string c;
      icu::UnicodeString(unicode.char32At(i)).toUTF8String(c);
      chars.push_back(c);
    }
    for (std::size_t i = 0; i + 1 < chars.size(); ++i)
      if (keeps_bigram(chars[i] + chars[i + 1])) found.insert(chars[i] + chars[i + 1]);
    if (characters >= 3 && !stop_words.count(word)) found.insert("w:" + word);
  }

  // Concepts: every form of a synonym group counts as the same feature. Replacing a found form by a
  // space never joins characters, so a form without spaces found in what is left of the text occurs
  // in the text itself: the index gives every Chinese form the pass can find.
  std::vector<std::size_t> forms;
  chinese_forms_.for_each_occurrence(text, [&](std::size_t index) { forms.push_back(index); });
  const std::string english = is_ascii_free(text) ? std::string() : stem_english_words(match_form(text));
  if (!english.empty()) forms.insert(forms.end(), english_forms_.begin(), english_forms_.end());
  forms.insert(forms.end(), always_searched_.begin(), always_searched_.end());
  // Back in concept_forms_' order (longest first), each once: a form found twice is listed twice.
  std::sort(forms.begin(), forms.end());
  forms.erase(std::unique(forms.begin(), forms.end()), forms.end());
  std::string rest = text;
  for (std::size_t index : forms) {
    const concept_form& entry = concept_forms_[index];
    if (entry.ascii) {
      if (contains_term(english, entry.form)) found.insert("@" + entry.canonical);
    } else if (rest.find(entry.form) != std::string::npos) {
      found.insert("@" + entry.canonical);
      replace_all(rest, entry.form, " ");  // a longer form hides the shorter forms inside it
    }
  }
  return {found.begin(), found.end()};
}

}  // namespace intake::engine
