#include "bot/engine/choice_matcher.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <set>

#include "bot/engine/match_text.h"
#include "bot/text/chinese_number.h"

namespace intake::engine {
namespace {

// Character bigram Dice similarity is the fallback for paraphrases; below this it is a guess.
constexpr double paraphrase_threshold = 0.5;

// A character stands as its character_key (its UTF-8 bytes in 32 bits); two of them, one bigram. A
// lone character is paired with 0xFFFFFFFF, which no UTF-8 bytes make. Numbers, not strings, so that
// the comparison below is one instruction and the bigrams of a form take no allocation each.
std::vector<std::uint64_t> bigrams(const std::string& utf8) {
  std::vector<std::uint32_t> chars;
  for (std::size_t i = 0, length = 0; i < utf8.size(); i += length) {
    const std::uint32_t c = character_key(utf8, i, length);
    if (utf8[i] != ' ') chars.push_back(c);
  }
  std::vector<std::uint64_t> result;
  if (chars.size() == 1) result.push_back(std::uint64_t{chars.front()} << 32 | 0xFFFFFFFFu);
  for (std::size_t i = 0; i + 1 < chars.size(); ++i) result.push_back(std::uint64_t{chars[i]} << 32 | chars[i + 1]);
  std::sort(result.begin(), result.end());
  return result;
}

// Both sorted, as bigrams() returns them: the share of bigrams in common (counted with repeats).
double dice(const std::vector<std::uint64_t>& x, const std::vector<std::uint64_t>& y) {
  if (x.empty() || y.empty()) return 0;
  std::size_t common = 0;
  for (auto a = x.begin(), b = y.begin(); a != x.end() && b != y.end();) {
    if (*a < *b) {
      ++a;
    } else if (*b < *a) {
      ++b;
    } else {
      ++common, ++a, ++b;
    }
  }
  return 2.0 * static_cast<double>(common) / static_cast<double>(x.size() + y.size());
}

const option* by_number(const option_set& set, const std::string& form) {
  if (!set.numbered) return nullptr;
  auto number = text::parse_number(form);
  if (!number || *number != std::floor(*number) || *number < 1 || *number > static_cast<double>(set.options.size())) return nullptr;
  return &set.options[static_cast<std::size_t>(*number) - 1];
}

// The first option (in the set's order) with a word equal to the answer, with or without spaces.
const option* exact_match(const option_set& set, const std::string& form, const std::string& compact) {
  std::size_t first = set.options.size();
  if (auto found = set.words.option_by_form.find(form); found != set.words.option_by_form.end()) first = found->second;
  if (auto found = set.words.option_by_compact.find(compact); found != set.words.option_by_compact.end())
    first = std::min(first, found->second);
  return first < set.options.size() ? &set.options[first] : nullptr;
}

// Options whose words occur in the answer, with the length of the longest such word.
std::vector<std::pair<const option*, std::size_t>> contained(const option_set& set, const std::string& form) {
  std::vector<std::size_t> longest(set.options.size(), 0);
  set.words.words_in_answers.for_each_found(form, [&](const std::pair<std::size_t, std::size_t>& position) {
    const auto [option_index, word_index] = position;
    longest[option_index] = std::max(longest[option_index], set.options[option_index].match_forms[word_index].size());
  });
  std::vector<std::pair<const option*, std::size_t>> found;
  for (std::size_t i = 0; i < set.options.size(); ++i)
    if (longest[i]) found.emplace_back(&set.options[i], longest[i]);
  return found;
}

}  // namespace

choice_match choice_matcher::match_one(const option_set& set, const std::string& form) {
  if (form.empty()) return {};
  if (const option* numbered = by_number(set, form)) return {choice_match::outcome::matched, {numbered}};

  const std::string compact = without_spaces(form);
  if (const option* exact = exact_match(set, form, compact)) return {choice_match::outcome::matched, {exact}};

  auto found = contained(set, form);
  if (!found.empty()) {
    std::size_t longest = 0;
    for (const auto& [opt, length] : found) longest = std::max(longest, length);
    std::vector<const option*> best;
    for (const auto& [opt, length] : found)
      if (length == longest) best.push_back(opt);
    if (best.size() == 1) return {choice_match::outcome::matched, best};
    return {choice_match::outcome::ambiguous, best};
  }

  const option* best = nullptr;
  double best_score = 0, second_score = 0;
  const auto answer_bigrams = bigrams(compact);
  for (const auto& opt : set.options) {
    double score = 0;
    for (const auto& word_bigrams : opt.form_bigrams) score = std::max(score, dice(answer_bigrams, word_bigrams));
    if (score > best_score) {
      second_score = best_score;
      best_score = score;
      best = &opt;
    } else if (score > second_score) {
      second_score = score;
    }
  }
  if (best && best_score >= paraphrase_threshold && best_score > second_score) return {choice_match::outcome::matched, {best}};
  return {};
}

void choice_matcher::index(option& opt) {
  opt.compact_forms.clear();
  opt.form_bigrams.clear();
  for (const auto& word : opt.match_forms) {
    opt.compact_forms.push_back(without_spaces(word));
    opt.form_bigrams.push_back(bigrams(opt.compact_forms.back()));
  }
}

void choice_matcher::index(option_set& set) {
  set.words = {};
  for (std::size_t option_index = 0; option_index < set.options.size(); ++option_index) {
    const option& opt = set.options[option_index];
    for (std::size_t word_index = 0; word_index < opt.match_forms.size(); ++word_index) {
      const std::string& word = opt.match_forms[word_index];
      set.words.option_by_form.emplace(word, option_index);  // keeps the first option's
      set.words.option_by_compact.emplace(opt.compact_forms[word_index], option_index);
      // One-letter words (a code like "h") only count as whole answers, never inside a sentence.
      if (!is_ascii(word) || word.size() >= 2) set.words.words_in_answers.add(word, {option_index, word_index});
    }
  }
}

multi_choice_match choice_matcher::match_many(const option_set& set, const std::string& form) {
  multi_choice_match result;
  std::set<const option*> chosen;
  // Connectives separate choices just like punctuation does.
  static const std::vector<std::string_view> connectives{"以及", "还有", "并且", "另外", "和", "与", "及", "跟"};
  std::string separated;
  separated.reserve(form.size());
  for (std::size_t at = 0; at < form.size();) {
    bool matched = false;
    for (std::string_view connective : connectives) {
      if (form.compare(at, connective.size(), connective) == 0) {
        separated += ' ';
        at += connective.size();
        matched = true;
        break;
      }
    }
    if (!matched) separated += form[at++];
  }
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= separated.size()) {
    std::size_t end = separated.find(' ', start);
    if (end == std::string::npos) end = separated.size();
    if (end > start) parts.push_back(separated.substr(start, end - start));
    start = end + 1;
  }
  // English answers are phrases ("raw materials"), so try the whole answer before its words.
  if (is_ascii(form)) {
    auto whole = contained(set, form);
    if (!whole.empty()) {
      for (const auto& [opt, length] : whole) chosen.insert(opt);
      parts.clear();
    }
  }
  for (const auto& part : parts) {
    if (const option* numbered = by_number(set, part)) {
      chosen.insert(numbered);
      continue;
    }
    auto found = contained(set, part);
    if (!found.empty()) {
      for (const auto& [opt, length] : found) chosen.insert(opt);
      continue;
    }
    auto single = match_one(set, part);
    if (single.result == choice_match::outcome::matched)
      chosen.insert(single.options.front());
    else if (!(is_ascii(part) && part.size() <= 3 && !std::isdigit(static_cast<unsigned char>(part[0]))))
      result.unknown.push_back(part);  // short English glue words ("and", "the") are not answers
  }
  for (const auto& opt : set.options)
    if (chosen.count(&opt)) result.options.push_back(&opt);
  return result;
}

}  // namespace intake::engine
