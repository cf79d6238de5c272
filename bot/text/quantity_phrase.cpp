#include "bot/text/quantity_phrase.h"

#include <algorithm>
#include <array>
#include <vector>

#include "bot/text/chinese_digit.h"
#include "bot/text/chinese_number.h"
#include "bot/text/utf8_decode.h"

namespace intake::text {
namespace {

using std::u32string;
using std::u32string_view;

bool is_ascii_digit(char32_t c) { return c >= U'0' && c <= U'9'; }
bool is_ascii_letter(char32_t c) { return c >= U'a' && c <= U'z'; }

// The value of a Chinese digit 1–9, 0 for anything else: the digits that make ranges like 三四十.
int nonzero_chinese_digit(char32_t c) { return std::max(detail::chinese_digit(c), 0); }

bool is_digit(char32_t c) { return is_ascii_digit(c) || detail::chinese_digit(c) >= 0; }

// 百 and up: what 多, 余 or 几 may stand before inside a number (三十多万, 十几万), and what a range's
// second end may lend its first (30到40万).
bool is_large_unit(char32_t c) {
  return c == U'百' || c == U'佰' || c == U'千' || c == U'仟' || c == U'万' || c == U'亿';
}

bool is_numeral(char32_t c) {
  return is_digit(c) || is_large_unit(c) || c == U'十' || c == U'拾' || c == U'廿' || c == U'卅' || c == U'卌';
}

// After a number: it is more than that (二十多, 三百余) or about that (十来个).
bool is_approximation_mark(char32_t c) { return c == U'多' || c == U'余' || c == U'来'; }

// Words that hold numerals without being numbers. Masked where their numerals do not touch another.
constexpr std::array<u32string_view, 17> not_numbers = {U"一共", U"一起", U"一些", U"一下", U"一直", U"一般", U"一样", U"一定", U"一半",
                                                        U"一部分", U"一点儿", U"一点点", U"统一", U"万一", U"十分", U"唯一", U"第一"};

// Units between a number and what follows it; 元 and 块 say an amount is in yuan.
constexpr std::array<u32string_view, 5> people_units = {U"个人", U"个", U"人", U"名", U"位"};
constexpr std::array<u32string_view, 4> yuan_units = {U"块钱", U"元钱", U"元", U"块"};

// What follows a number that counts neither people nor money: a share, a multiple, a time or date.
constexpr std::array<u32string_view, 16> not_quantity_followers = {U"成", U"倍", U"年", U"月", U"号", U"日", U"天", U"岁",
                                                                   U"点", U"时", U"小时", U"分", U"秒", U"周", U"星期", U"次"};

// 一 that counts nobody: 一个都不缺, 一个人也没有.
constexpr std::array<u32string_view, 4> none_at_all = {U"都不", U"都没", U"也不", U"也没"};

// Between the two ends of a range (spaces are gone by then: "30 to 40" is 30to40).
constexpr std::array<u32string_view, 12> range_joiners = {U"到", U"至", U"-", U"~", U"〜", U"—", U"–", U"或者", U"或", U"to", U"or", U"and"};

// Words that make a figure a bound or a floor (spaces are gone: "more than" is morethan).
constexpr std::array<u32string_view, 25> bound_words = {U"以上", U"以下", U"以内", U"不到",   U"不足",     U"少于",   U"低于",
                                                        U"超过", U"多于", U"高于", U"至少",   U"最多",     U"不少于", U"不超过",
                                                        U"morethan", U"over", U"atleast", U"lessthan", U"under", U"fewerthan",
                                                        U"atmost", U"upto", U"+", U"odd", U"plus"};

// Before a number: a sign, or 数 (数十, "several tens", is no figure).
constexpr std::array<char32_t, 4> refused_before = {U'-', U'+', U'负', U'数'};

bool starts_with_at(const u32string& text, std::size_t at, u32string_view word) {
  return at <= text.size() && u32string_view(text).substr(at).starts_with(word);
}

// The length of the first of `words` found at `at`, 0 if none.
template <std::size_t N>
std::size_t word_at(const u32string& text, std::size_t at, const std::array<u32string_view, N>& words) {
  for (u32string_view word : words)
    if (starts_with_at(text, at, word)) return word.size();
  return 0;
}

// Decodes valid UTF-8 and drops every space except one between two ASCII digits, so that "35 40" stays
// two numbers while "约 200", "50 万" and "30 to 40" read as one phrase.
std::optional<u32string> code_points_without_spaces(std::string_view text) {
  u32string out;
  out.reserve(text.size());
  for (std::size_t pos = 0; pos < text.size();) {
    const auto seq = detail::decode_utf8(text, pos);
    if (!seq.valid) return std::nullopt;
    pos += seq.length;
    if (seq.code_point != U' ') {
      out += seq.code_point;
      continue;
    }
    const bool digit_before = !out.empty() && is_ascii_digit(out.back());
    const bool digit_after = pos < text.size() && is_ascii_digit(static_cast<unsigned char>(text[pos]));
    if (digit_before && digit_after) out += U' ';
  }
  return out;
}

std::string to_utf8(u32string_view text) {
  std::string out;
  for (char32_t c : text) detail::append_utf8(out, c);
  return out;
}

struct number_span {
  std::size_t begin = 0;       // where the number starts in the text
  std::size_t after_unit = 0;  // after the number, its marks (多, 来 …) and the unit that follows (个, 人, 元 …)
  u32string number;                // as parse_number reads it
  bool vague = false;
  bool yuan = false;
};

class phrase_reader {
 public:
  explicit phrase_reader(u32string text) : text_(std::move(text)), masked_(text_.size(), false) {}

  std::optional<quantity_phrase> read() {
    if (contains(U"%") || contains(U"‰") || contains(U"百分之")) return std::nullopt;
    mask_words_that_are_not_numbers();
    std::vector<number_span> spans;
    for (std::size_t at = 0; at < text_.size();) {
      if (!numeral_or_vague_digit_at(at)) {
        ++at;
        continue;
      }
      auto span = read_span(at);
      if (!span) return std::nullopt;
      at = span->after_unit;
      spans.push_back(std::move(*span));
      if (spans.size() > 2) return std::nullopt;
    }
    if (spans.empty()) return std::nullopt;
    const std::size_t first = spans.front().begin;
    if (first > 0 && std::find(refused_before.begin(), refused_before.end(), text_[first - 1]) != refused_before.end()) return std::nullopt;

    quantity_phrase phrase;
    phrase.yuan = std::any_of(spans.begin(), spans.end(), [](const number_span& s) { return s.yuan; });
    phrase.vague = std::any_of(spans.begin(), spans.end(), [](const number_span& s) { return s.vague; }) || has_bound_word();
    if (spans.size() == 2) {
      const u32string between = text_.substr(spans[0].after_unit, spans[1].begin - spans[0].after_unit);
      if (std::find(range_joiners.begin(), range_joiners.end(), between) == range_joiners.end()) return std::nullopt;
      phrase.low = to_utf8(with_borrowed_unit(spans[0].number, spans[1].number));
      phrase.high = to_utf8(spans[1].number);
      return phrase;
    }
    const u32string& number = spans[0].number;
    if (const auto split = neighbouring_digits(number)) {
      phrase.low = to_utf8(u32string(number).erase(*split + 1, 1));
      phrase.high = to_utf8(u32string(number).erase(*split, 1));
      return phrase;
    }
    phrase.low = to_utf8(number);
    return phrase;
  }

 private:
  bool contains(u32string_view word) const { return text_.find(word) != u32string::npos; }
  bool numeral_at(std::size_t at) const { return at < text_.size() && !masked_[at] && is_numeral(text_[at]); }
  bool numeral_or_vague_digit_at(std::size_t at) const { return numeral_at(at) || (at < text_.size() && !masked_[at] && text_[at] == U'几'); }

  void mask_words_that_are_not_numbers() {
    for (u32string_view word : not_numbers) {
      for (auto at = text_.find(word); at != u32string::npos; at = text_.find(word, at + 1)) {
        const std::size_t end = at + word.size();
        // 一万一 is a number (11000) though it holds 万一; 二十分钟 is 二十 and 分钟.
        if (is_numeral(word.front()) && at > 0 && is_numeral(text_[at - 1])) continue;
        if (is_numeral(word.back()) && end < text_.size() && is_numeral(text_[end])) continue;
        std::fill(masked_.begin() + static_cast<std::ptrdiff_t>(at), masked_.begin() + static_cast<std::ptrdiff_t>(end), true);
      }
    }
  }

  // The number starting at `at`, the marks and unit after it; nullopt when it cannot be a quantity.
  std::optional<number_span> read_span(std::size_t at) {
    number_span span;
    span.begin = at;
    while (at < text_.size()) {
      const char32_t c = text_[at];
      if (numeral_or_vague_digit_at(at)) {
        span.number += c;
        ++at;
        continue;
      }
      const bool between_numerals = !span.number.empty() && numeral_at(at + 1) && !masked_[at];
      if (between_numerals && (c == U'.' || c == U'点')) {
        span.number += c;
        ++at;
        continue;
      }
      if (between_numerals && c == U',' && is_ascii_digit(span.number.back()) && is_ascii_digit(text_[at + 1])) {
        span.number += c;
        ++at;
        continue;
      }
      if (between_numerals && is_approximation_mark(c) && is_large_unit(text_[at + 1])) {  // 三十多万
        span.vague = true;
        ++at;
        continue;
      }
      break;
    }
    while (at < text_.size() && !masked_[at] && is_approximation_mark(text_[at])) {  // 二十多, 十来, 50万多
      span.vague = true;
      ++at;
    }
    // 50w, 5k: the Latin abbreviations of 万 and 千, when no word goes on after them (50workers).
    if (at < text_.size() && (text_[at] == U'w' || text_[at] == U'k') && !(at + 1 < text_.size() && is_ascii_letter(text_[at + 1]))) {
      span.number += text_[at] == U'w' ? U'万' : U'千';
      ++at;
    }
    // 几 stands for an unknown digit: after a unit it makes a floor (十几 → 十, 十几万 → 十万); first
    // it makes no figure at all (几十, 几个).
    if (span.number.front() == U'几') return std::nullopt;
    if (std::all_of(span.number.begin(), span.number.end(), is_large_unit)) return std::nullopt;  // 万元, 上百
    if (std::erase(span.number, U'几') > 0) span.vague = true;

    std::size_t unit = word_at(text_, at, yuan_units);
    if (unit) {
      span.yuan = true;
    } else {
      unit = word_at(text_, at, people_units);
    }
    span.after_unit = at + unit;
    const std::size_t follower = starts_with_at(text_, at, U"个") ? at + 1 : at;  // 3个月 as well as 3月
    if (word_at(text_, follower, not_quantity_followers)) return std::nullopt;
    const bool one = span.number == U"一" || span.number == U"1";
    if (one && word_at(text_, span.after_unit, none_at_all)) return std::nullopt;
    return span;
  }

  bool has_bound_word() const {
    for (std::size_t at = 0; at < text_.size(); ++at)
      if (!masked_[at] && word_at(text_, at, bound_words)) return true;
    return false;
  }

  // 三四十, 十一二, 一两百, 三五: two digits side by side that say "this or that", not one digit after
  // another (一二三 is 123). Returns the position of the first of them.
  static std::optional<std::size_t> neighbouring_digits(const u32string& number) {
    for (std::size_t i = 0; i + 1 < number.size(); ++i) {
      const int a = nonzero_chinese_digit(number[i]);
      const int b = nonzero_chinese_digit(number[i + 1]);
      if (!a || !b || !(b == a + 1 || (a == 3 && b == 5))) continue;
      if (i > 0 && is_digit(number[i - 1])) continue;
      if (i + 2 < number.size() && is_digit(number[i + 2])) continue;
      return i;
    }
    return std::nullopt;
  }

  // 30到40万: the first end is 30万, as the owner meant; 5000到1万 keeps its 5000.
  static u32string with_borrowed_unit(const u32string& low, const u32string& high) {
    std::size_t unit_start = high.size();
    while (unit_start > 0 && is_large_unit(high[unit_start - 1])) --unit_start;
    if (unit_start == high.size() || unit_start == 0 || (!low.empty() && is_large_unit(low.back()))) return low;
    const auto low_value = parse_number(to_utf8(low));
    const auto high_mantissa = parse_number(to_utf8(u32string_view(high).substr(0, unit_start)));
    if (!low_value || !high_mantissa || *low_value >= *high_mantissa) return low;
    return low + high.substr(unit_start);
  }

  u32string text_;
  std::vector<bool> masked_;
};

}  // namespace

std::optional<quantity_phrase> find_quantity(std::string_view normalized) {
  auto text = code_points_without_spaces(normalized);
  if (!text) return std::nullopt;
  return phrase_reader(std::move(*text)).read();
}

}  // namespace intake::text
