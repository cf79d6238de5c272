// Internal to bot/text: the value of one Chinese digit, shared by the number parser and the phrase
// reader (quantity_phrase.h), so both read the same characters as digits. Pure; never throws.
#pragma once

namespace intake::text::detail {

// Digits as written in a digit-by-digit string (二〇二〇, 幺三八) and before units: 0–9, or -1 for
// anything else. 两 and 幺 are spoken forms of 2 and 1; the capitals (壹贰叁…) are the anti-fraud
// forms used on cheques.
constexpr int chinese_digit(char32_t c) noexcept {
  switch (c) {
    case U'零': case U'〇': return 0;
    case U'一': case U'壹': case U'幺': return 1;
    case U'二': case U'贰': case U'两': return 2;
    case U'三': case U'叁': return 3;
    case U'四': case U'肆': return 4;
    case U'五': case U'伍': return 5;
    case U'六': case U'陆': return 6;
    case U'七': case U'柒': return 7;
    case U'八': case U'捌': return 8;
    case U'九': case U'玖': return 9;
    default: return -1;
  }
}

}  // namespace intake::text::detail
