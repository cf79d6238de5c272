// Small helpers for comparing what an owner typed with option words. Pure; thread-safe.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace intake::engine {

// normalizer::for_matching, then every punctuation or symbol character becomes a space, spaces
// collapsed and trimmed: "好的！" → "好的", "1、3、5" → "1 3 5", "Start-over" → "start over".
std::string match_form(std::string_view valid_utf8);

// Whether a match form holds a word: anything besides the spaces, "?" and "&" that match_form keeps.
// A message made only of emoji or punctuation has none.
bool has_words(std::string_view form);

// The pictographs of a message (emoji and other symbols), each reduced to its base character: skin
// tones, variation selectors, keycap marks and tags dropped, a joined sequence (ZWJ) cut to its
// first member, and a repeated pictograph kept once: "👍🏽👍" → "👍", "🙆‍♀️" → "🙆", "😭😭😭" → "😭".
// Letters, digits and punctuation are left out. For matching messages without words (has_words).
std::string symbol_form(std::string_view valid_utf8);

// `form` with one filler word taken from its start, or else from its end, and the spaces there
// trimmed; `form` itself when neither end holds one. ASCII fillers count only as whole words. Both
// lists hold match forms: "嗯 没有了" → "没有了" → "没有", "no thanks" → "no".
std::string_view without_one_filler(std::string_view form, const std::vector<std::string>& prefixes, const std::vector<std::string>& suffixes);

// `form` without any spaces: "start over" → "startover", "138 0013 8000" → "13800138000".
std::string without_spaces(std::string_view form);

// How policy questions are grouped for staff, and found again once staff have reviewed one: the
// words of a match form alone, at most 500 characters (怎么注册公司？ and 怎么注册公司 are one question).
std::string question_group(std::string_view form);

// True when every byte is ASCII.
bool is_ascii(std::string_view text);

// The bytes of the UTF-8 character starting at `at` as one number, and their count in `length`: a
// key for indexing words by their first character (not a code point).
std::uint32_t character_key(std::string_view text, std::size_t at, std::size_t& length);

// True when `needle` occurs in `haystack`; an ASCII needle must stand as whole words.
bool contains_term(std::string_view haystack, std::string_view needle);

}  // namespace intake::engine
