#include "bot/text/utf8.h"

#include <catch2/catch.hpp>

#include <string>
#include <string_view>

using intake::text::count_code_points;
using intake::text::find_invalid_utf8;
using intake::text::is_valid_utf8;
using intake::text::sanitize_utf8;
using intake::text::truncate_code_points;
using namespace std::string_view_literals;

namespace {

constexpr auto npos = std::string_view::npos;

std::string repeat(std::string_view piece, std::size_t min_bytes) {
  std::string out;
  while (out.size() < min_bytes) out += piece;
  return out;
}

}  // namespace

TEST_CASE("Well-formed UTF-8 of every length is accepted", "[text][utf8]") {
  CHECK(is_valid_utf8(""));
  CHECK(is_valid_utf8("plain ascii"));
  CHECK(is_valid_utf8("贷款到期还不上怎么办"));
  CHECK(is_valid_utf8("你好👋🏽世界"));
  CHECK(is_valid_utf8("\xC2\x80"));                // U+0080, smallest two-byte
  CHECK(is_valid_utf8("\xE0\xA0\x80"));            // U+0800, smallest three-byte
  CHECK(is_valid_utf8("\xED\x9F\xBF"));            // U+D7FF, just below the surrogates
  CHECK(is_valid_utf8("\xEE\x80\x80"));            // U+E000, just above them
  CHECK(is_valid_utf8("\xEF\xBF\xBF"));            // U+FFFF is a noncharacter but well-formed
  CHECK(is_valid_utf8("\xF0\x90\x80\x80"));        // U+10000
  CHECK(is_valid_utf8("\xF4\x8F\xBF\xBF"));        // U+10FFFF, the last code point
}

TEST_CASE("An embedded NUL byte is valid UTF-8", "[text][utf8]") {
  const auto with_nul = "a\0b"sv;
  REQUIRE(with_nul.size() == 3);
  CHECK(find_invalid_utf8(with_nul) == npos);
  CHECK(sanitize_utf8(with_nul) == std::string(with_nul));
  CHECK(count_code_points(with_nul) == 3);
}

TEST_CASE("Ill-formed UTF-8 is reported at the offset where it starts", "[text][utf8]") {
  CHECK(find_invalid_utf8("ab\xFF") == 2);                // stray FF
  CHECK(find_invalid_utf8("\x80") == 0);                  // lone continuation byte
  CHECK(find_invalid_utf8("你\xE4\xBD") == 3);            // truncated three-byte sequence
  CHECK(find_invalid_utf8("\xE4\xBD" "a") == 0);          // interrupted sequence
  CHECK(find_invalid_utf8("\xC0\xAF") == 0);              // overlong '/'
  CHECK(find_invalid_utf8("\xC1\xBF") == 0);              // overlong two-byte
  CHECK(find_invalid_utf8("\xE0\x80\xAF") == 0);          // overlong three-byte
  CHECK(find_invalid_utf8("\xF0\x80\x80\xAF") == 0);      // overlong four-byte
  CHECK(find_invalid_utf8("x\xED\xA0\x80") == 1);         // surrogate U+D800
  CHECK(find_invalid_utf8("\xED\xBF\xBF") == 0);          // surrogate U+DFFF
  CHECK(find_invalid_utf8("\xF4\x90\x80\x80") == 0);      // U+110000, above the last code point
  CHECK(find_invalid_utf8("\xF5\x80\x80\x80") == 0);      // lead byte that can never occur
  CHECK(find_invalid_utf8("\xF0\x9F\x98") == 0);          // emoji cut short
  CHECK_FALSE(is_valid_utf8("\xFE"));
}

TEST_CASE("Sanitising replaces each maximal ill-formed subpart with one U+FFFD", "[text][utf8]") {
  CHECK(sanitize_utf8("ok 你好") == "ok 你好");
  CHECK(sanitize_utf8("a\xFF" "b") == "a\uFFFD" "b");
  CHECK(sanitize_utf8("a\xE4\xBD" "b") == "a\uFFFD" "b");
  CHECK(sanitize_utf8("a\xE4\xBD") == "a\uFFFD");
  CHECK(sanitize_utf8("\xC0\xAF") == "\uFFFD\uFFFD");
  CHECK(sanitize_utf8("\xED\xA0\x80") == "\uFFFD\uFFFD\uFFFD");
  CHECK(sanitize_utf8("\xF4\x90\x80\x80") == "\uFFFD\uFFFD\uFFFD\uFFFD");
  CHECK(is_valid_utf8(sanitize_utf8("\x80\xBF\xF8\xE0\x80\xF0\x9F")));
}

TEST_CASE("Code points are counted as a reader would count characters", "[text][utf8]") {
  CHECK(count_code_points("") == 0);
  CHECK(count_code_points("abc") == 3);
  CHECK(count_code_points("贷款") == 2);
  CHECK(count_code_points("你好👋🏽世界") == 6);
  CHECK(count_code_points("🇨🇳中国") == 4);
}

TEST_CASE("Truncation never cuts a multi-byte sequence", "[text][utf8]") {
  CHECK(truncate_code_points("你好世界", 2) == "你好");
  CHECK(truncate_code_points("你好世界", 0).empty());
  CHECK(truncate_code_points("你好世界", 4) == "你好世界");
  CHECK(truncate_code_points("你好世界", 100) == "你好世界");
  CHECK(truncate_code_points("a👋b", 2) == "a👋");
  CHECK(truncate_code_points("", 3).empty());
}

TEST_CASE("A 100 KB message is validated and sanitised in full", "[text][utf8]") {
  const std::string big = repeat("贷款到期还不上怎么办？abc 123 👋🏽\n", 100 * 1024);
  REQUIRE(big.size() >= 100 * 1024);
  CHECK(is_valid_utf8(big));
  CHECK(sanitize_utf8(big) == big);

  std::string broken = big;
  broken += "\xE4\xBD";
  CHECK(find_invalid_utf8(broken) == big.size());
  CHECK(sanitize_utf8(broken) == big + "\uFFFD");
  CHECK(truncate_code_points(big, count_code_points(big)) == big);
}

TEST_CASE("Ill-formed bytes after long ASCII runs are found at every alignment", "[text][utf8]") {
  // ASCII is skipped eight bytes at a time; an ill-formed byte must be found wherever it falls in
  // or after such a block, and a sequence that starts in a block's last bytes must still be decoded.
  for (std::size_t prefix = 0; prefix < 24; ++prefix) {
    const std::string ascii(prefix, 'a');
    CAPTURE(prefix);
    CHECK(find_invalid_utf8(ascii + "\xFF" + std::string(9, 'b')) == prefix);
    CHECK(find_invalid_utf8(ascii + "\xE4\xBD") == prefix);  // truncated at the very end
    CHECK(find_invalid_utf8(ascii + "你好" + std::string(prefix, 'c') + "\x80") == prefix + 6 + prefix);
    CHECK(find_invalid_utf8(ascii + "你好" + std::string(9, 'c')) == npos);
  }
}

TEST_CASE("Three-byte sequences are checked in full wherever they fall", "[text][utf8]") {
  for (std::size_t prefix = 0; prefix < 12; ++prefix) {
    const std::string ascii(prefix, 'a');
    CAPTURE(prefix);
    CHECK(find_invalid_utf8(ascii + "\xE4\xBD\x41") == prefix);          // second trail byte not a trail byte
    CHECK(find_invalid_utf8(ascii + "\xE4\x41\xBD") == prefix);          // first trail byte not a trail byte
    CHECK(find_invalid_utf8(ascii + "\xE0\x80\xAF" "abc") == prefix);    // overlong: E0 narrows the first trail byte
    CHECK(find_invalid_utf8(ascii + "\xED\xA0\x80" "abc") == prefix);    // surrogate: so does ED
    CHECK(find_invalid_utf8(ascii + "\xEF\xBF\xBD" "\xE9\xBE\x98") == npos);  // U+FFFD, U+9F98
    CHECK(find_invalid_utf8(ascii + "你" + "\xEF\xBF") == prefix + 3);    // truncated after a good one
  }
}

TEST_CASE("User ids are printable: control characters, separators and bidirectional overrides are refused", "[text]") {
  CHECK(intake::text::is_printable_identifier("shop-42", 128));
  CHECK(intake::text::is_printable_identifier("南昌 小吃店", 128));
  CHECK_FALSE(intake::text::is_printable_identifier("", 128));
  CHECK_FALSE(intake::text::is_printable_identifier(std::string(129, 'a'), 128));
  CHECK_FALSE(intake::text::is_printable_identifier("a\x1b[2Jb", 128));
  CHECK_FALSE(intake::text::is_printable_identifier("a\rb", 128));
  CHECK_FALSE(intake::text::is_printable_identifier("a\x7f", 128));
  CHECK_FALSE(intake::text::is_printable_identifier("a\xc2\x9b" "31m", 128));  // C1 CSI
  CHECK_FALSE(intake::text::is_printable_identifier("evil\xe2\x80\xae" "gpj.exe", 128));  // U+202E
  CHECK_FALSE(intake::text::is_printable_identifier("a\xe2\x80\xa8", 128));  // U+2028
  CHECK_FALSE(intake::text::is_printable_identifier("\xff", 128));
}

TEST_CASE("Text for a terminal shows control characters instead of obeying them", "[text]") {
  using intake::text::escape_for_terminal;
  CHECK(escape_for_terminal("第一行\n\t第二行") == "第一行\n\t第二行");
  CHECK(escape_for_terminal("a\x1b[2Jb") == "a\\x1B[2Jb");
  CHECK(escape_for_terminal("\x1b]8;;http://evil\x07link\x1b]8;;\x07") == "\\x1B]8;;http://evil\\x07link\\x1B]8;;\\x07");
  CHECK(escape_for_terminal("总额\r伪造") == "总额\\x0D伪造");
  CHECK(escape_for_terminal("a\xc2\x9b" "31m") == "a\\x9B31m");
  CHECK(escape_for_terminal("x\xe2\x80\xaey") == "x\\u202Ey");
  CHECK(escape_for_terminal("bad\xff") == "bad\xef\xbf\xbd");
  CHECK(escape_for_terminal("a\nb", "") == "a\\x0Ab");
}
