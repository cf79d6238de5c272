#include "bot/text/normalizer.h"

#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "bot/text/utf8.h"

using intake::text::normalizer;
using namespace std::string_view_literals;

namespace {

const normalizer& norm() { return normalizer::instance(); }

std::string repeat(std::string_view piece, std::size_t count) {
  std::string out;
  out.reserve(piece.size() * count);
  for (std::size_t i = 0; i < count; ++i) out += piece;
  return out;
}

}  // namespace

TEST_CASE("The normalizer is one shared instance", "[text][normalizer]") {
  CHECK(&normalizer::instance() == &normalizer::instance());
}

TEST_CASE("Traditional Chinese is matched as Simplified", "[text][normalizer]") {
  CHECK(norm().for_matching("貸款到期還不上怎麼辦") == "贷款到期还不上怎么办");
  CHECK(norm().for_matching("稅費減免") == "税费减免");
  CHECK(norm().for_matching("臺灣") == "台湾");
  CHECK(norm().for_matching("復工") == "复工");
  CHECK(norm().for_matching("稅費減免怎麼申請？") == "税费减免怎么申请?");
}

TEST_CASE("Simplified Chinese passes through matching unchanged", "[text][normalizer]") {
  CHECK(norm().for_matching("贷款到期还不上怎么办") == "贷款到期还不上怎么办");
  CHECK(norm().for_matching("我们公司复工以后招不到工人") == "我们公司复工以后招不到工人");
}

TEST_CASE("to_simplified converts code points and changes nothing else", "[text][normalizer]") {
  CHECK(norm().to_simplified("貸款到期還不上怎麼辦") == "贷款到期还不上怎么办");
  CHECK(norm().to_simplified("稅費減免") == "税费减免");
  CHECK(norm().to_simplified("臺灣 裡 後 髮") == "台湾 里 后 发");
  CHECK(norm().to_simplified("復工") == "复工");
  CHECK(norm().to_simplified("臺灣\u3000ＡＢ  x") == "台湾\u3000ＡＢ  x");
  CHECK(norm().to_simplified("") == "");
  CHECK(norm().to_simplified("👋🏽 abc") == "👋🏽 abc");
}

TEST_CASE("Full-width letters and digits become lower-case ASCII for matching", "[text][normalizer]") {
  CHECK(norm().for_matching("９１３６０１００ＭＡ３５Ｇ２ＸＸＸ") == "91360100ma35g2xxx");
  CHECK(norm().for_matching("１３８００１３８０００") == "13800138000");
  CHECK(norm().for_matching("貸款ＡＢＣ１２３號，稅費減免？") == "贷款abc123号,税费减免?");
  CHECK(norm().for_matching("①②③") == "123");
  CHECK(norm().for_matching("Straße") == "strasse");
}

TEST_CASE("Display form folds width but keeps case, script and Chinese punctuation", "[text][normalizer]") {
  CHECK(norm().for_display("９１３６０１００ＭＡ３５Ｇ２ＸＸＸ") == "91360100MA35G2XXX");
  CHECK(norm().for_display("你好，世界！（测试）、。") == "你好，世界！（测试）、。");
  CHECK(norm().for_display("臺灣 Ｃｏ. Ltd") == "臺灣 Co. Ltd");
  CHECK(norm().for_display("ABC Trading") == "ABC Trading");
}

TEST_CASE("Ideographic spaces collapse to one ASCII space and are trimmed", "[text][normalizer]") {
  CHECK(norm().for_matching("贷款\u3000到期") == "贷款 到期");
  CHECK(norm().for_matching("\u3000\u3000贷款\u3000\u3000\u3000到期\u3000") == "贷款 到期");
  CHECK(norm().for_display("\u3000公司名称\u3000") == "公司名称");
}

TEST_CASE("Every run of white space becomes a single space", "[text][normalizer]") {
  CHECK(norm().for_matching("  a \t\n b  ") == "a b");
  CHECK(norm().for_matching("line one\r\nline two") == "line one line two");
  CHECK(norm().for_matching("a\u00A0\u2003\u2028\u0085b") == "a b");
  CHECK(norm().for_display("a \u3000\t b") == "a b");
  CHECK(norm().for_matching(" \t\u3000\n") == "");
  CHECK(norm().for_display("") == "");
}

TEST_CASE("Control and format characters are removed", "[text][normalizer]") {
  CHECK(norm().for_matching("贷\x01款\x7F") == "贷款");
  CHECK(norm().for_matching("a\0b"sv) == "ab");
  CHECK(norm().for_display("a\0b"sv) == "ab");
  CHECK(norm().for_display("\uFEFF公司") == "公司");               // byte-order mark
  CHECK(norm().for_display("复\u200B工") == "复工");               // zero-width space
  CHECK(norm().for_display("abc\u202Efed") == "abcfed");          // bidi override
  CHECK(norm().for_display("soft\u00ADhyphen") == "softhyphen");
  CHECK(norm().for_display("贷\u200D款") == "贷款");               // joiner outside an emoji
  CHECK(norm().for_display("hi\U000E0041\U000E0042") == "hi");     // tag characters can hide text
  CHECK(norm().for_matching("a\x1B[31mred") == "a[31mred");
}

TEST_CASE("Removing a control lets the characters around it compose", "[text][normalizer]") {
  CHECK(norm().for_display("e\x01\u0301") == "\u00E9");
  CHECK(norm().for_matching("E\u200B\u0301") == "\u00E9");
}

TEST_CASE("Emoji pass through unchanged", "[text][normalizer]") {
  for (std::string_view emoji : {"你好👋🏽世界"sv, "😀👍"sv, "🇨🇳中国"sv}) {
    INFO(emoji);
    CHECK(norm().for_matching(emoji) == emoji);
    CHECK(norm().for_display(emoji) == emoji);
  }
  // The zero-width joiners inside an emoji sequence are kept for display; NFKC case folding
  // drops them (Default_Ignorable), which matching can afford.
  const std::string family = "👨\u200D👩\u200D👧\u200D👦家庭";
  CHECK(norm().for_display(family) == family);
  CHECK(norm().for_display("👩🏽\u200D💻") == "👩🏽\u200D💻");
  CHECK(norm().for_matching(family) == "👨👩👧👦家庭");
}

TEST_CASE("Normalising twice changes nothing more", "[text][normalizer]") {
  for (std::string_view text : {"貸款到期還不上怎麼辦"sv, " ９１３６ＭＡ\u3000ｘ "sv, "e\x01\u0301 ①℃"sv,
                                "你好，世界！、。"sv, "👨\u200D👩\u200D👧 ok"sv}) {
    INFO(text);
    const std::string matching = norm().for_matching(text);
    const std::string display = norm().for_display(text);
    CHECK(norm().for_matching(matching) == matching);
    CHECK(norm().for_display(display) == display);
    CHECK(intake::text::is_valid_utf8(matching));
    CHECK(intake::text::is_valid_utf8(display));
  }
}

// Found by fuzz_normalizer: the width was folded after NFC, so ｏ + U+0304 came out as o + U+0304,
// which is not NFC and composed to ō on a second pass.
TEST_CASE("A combining mark after a full-width letter composes in the display form", "[text][normalizer]") {
  CHECK(norm().for_display("ｏ\u0304") == "\u014D");
  CHECK(norm().for_display("Ｅ\u0301ｌｌｅ") == "\u00C9lle");
  const std::string display = norm().for_display("e\u0304 ™ ＄ ｌｌｏ\u0304 ™ ＄");
  CHECK(norm().for_display(display) == display);
  CHECK(norm().for_matching("ｏ\u0304") == "\u014D");
}

TEST_CASE("A 100 KB message is normalised completely", "[text][normalizer]") {
  const std::size_t copies = 100 * 1024 / std::string_view("貸款\u3000到期還不上！ＡＢ\x01  ").size() + 1;
  const std::string input = repeat("貸款\u3000到期還不上！ＡＢ\x01  ", copies);
  REQUIRE(input.size() >= 100 * 1024);

  std::string expected = repeat("贷款 到期还不上!ab ", copies);
  expected.pop_back();
  CHECK(norm().for_matching(input) == expected);

  std::string expected_display = repeat("貸款 到期還不上！AB ", copies);
  expected_display.pop_back();
  CHECK(norm().for_display(input) == expected_display);
}

TEST_CASE("The normalizer can be used from several threads at once", "[text][normalizer]") {
  constexpr int thread_count = 4;
  std::vector<std::string> results(thread_count);
  std::vector<std::thread> threads;
  for (int t = 0; t < thread_count; ++t) {
    threads.emplace_back([&results, t] {
      for (int i = 0; i < 200; ++i) results[t] = norm().for_matching("稅費減免　ＡＢＣ");
    });
  }
  for (auto& thread : threads) thread.join();
  for (const auto& result : results) CHECK(result == "税费减免 abc");
}
