#include <catch2/catch.hpp>

#include <limits>

#include "bot/text/json_writer.h"

using intake::text::json_writer;
using nlohmann::json;

namespace {

std::string written(const json& document) { return json_writer().document(document).take(); }

}  // namespace

TEST_CASE("The JSON writer writes what nlohmann's dump writes", "[text][json]") {
  const json documents[] = {
      json::object(),
      json::array(),
      json{{"b", 1}, {"a", {1, 2.5, -3, true, false, nullptr}}, {"c", json::object()}},
      json{{"text", "南昌小吃店 \"引号\" \\ 换行\n制表\t\b\f\r\x01\x1f\x7f"}, {"empty", ""}},
      json{{"answers", {{"employees", 1200}, {"funding_gap_wan", 120.0}, {"ratio", 0.1}, {"skipped", nullptr}}}},
      json{{"big", std::numeric_limits<std::int64_t>::min()}, {"unsigned", std::numeric_limits<std::uint64_t>::max()}},
      json{{"nested", {{"deep", {{"deeper", {json::array(), json::object(), "x"}}}}}}},
  };
  for (const auto& document : documents) CHECK(written(document) == document.dump());
}

TEST_CASE("Floats stay floats and read back equal, and NaN and infinities are null", "[text][json]") {
  for (double number : {120.0, 0.1, 1e15, 1e21, -2.5e-7, 1.7976931348623157e308, 5e-324, 0.0}) {
    const json back = json::parse(written(json(number)));
    CHECK(back.is_number_float());
    CHECK(back.get<double>() == number);
  }
  CHECK(written(json(std::numeric_limits<double>::quiet_NaN())) == "null");
  CHECK(written(json(-std::numeric_limits<double>::infinity())) == "null");
}

TEST_CASE("Invalid UTF-8 in a string becomes U+FFFD instead of an exception", "[text][json]") {
  json_writer out;
  out.begin_object().key("text").value(std::string_view("ok\xff\xc3(end")).end_object();
  CHECK(out.text() == "{\"text\":\"ok\xef\xbf\xbd\xef\xbf\xbd(end\"}");
  CHECK(json::parse(out.text())["text"] == "ok\xef\xbf\xbd\xef\xbf\xbd(end");
}

TEST_CASE("Invalid UTF-8 found after escapes and Chinese leaves the members written before it as they were", "[text][json]") {
  // The string is checked and escaped in one pass: what it wrote before the bad byte is taken back
  // and the string written again repaired, not appended to.
  json_writer out;
  out.begin_object().key("a").value("x\n").key("text").value(std::string_view("换行\n\"引号\"\xff尾\xe4\xb8")).end_object();
  CHECK(out.text() == "{\"a\":\"x\\n\",\"text\":\"换行\\n\\\"引号\\\"\xef\xbf\xbd尾\xef\xbf\xbd\"}");
  CHECK(json::parse(out.text())["text"] == "换行\n\"引号\"\xef\xbf\xbd尾\xef\xbf\xbd");
}

TEST_CASE("Members and elements are separated by commas at every depth", "[text][json]") {
  json_writer out;
  out.begin_object().key("a").begin_array().value(1).value("two").begin_object().end_object().end_array().key("b").value(true).end_object();
  CHECK(out.text() == R"({"a":[1,"two",{}],"b":true})");
}

TEST_CASE("Characters to escape are found wherever they fall among long runs of plain text", "[text][json]") {
  // Plain bytes are passed over eight at a time; an escape must be found at every offset in such a
  // block, next to Chinese text too.
  for (const std::string& special : {std::string("\""), std::string("\\"), std::string("\n"), std::string(1, '\0'), std::string("\x1f"), std::string("\x7f")}) {
    for (std::size_t before = 0; before < 20; ++before) {
      const std::string text = std::string(before, 'a') + "贷款" + special + std::string(before % 9, 'b') + special + "还款计划";
      CAPTURE(before, special);
      CHECK(written(json(text)) == json(text).dump());
    }
  }
}

TEST_CASE("Runs of three-byte characters are checked as strictly as any other UTF-8", "[text][json]") {
  // Chinese is passed over a character at a time with one four-byte load: the leads whose second
  // byte is bounded (E0: no overlong forms; ED: no surrogates), a character cut short, and a bad byte
  // right after such a run must still be caught, at every offset and at the very end of the text.
  const std::string valid[] = {"\xe0\xa0\x80", "\xed\x9f\xbf", "\xef\xbf\xbd", "\xe4\xb8\xad", "\xc3\xa9", "\xf0\x9f\x98\x80"};
  const std::string invalid[] = {"\xe0\x80\xaf", "\xed\xa0\x80", "\xe4\xb8", "\xe4", "\xe4\x41\x80", "\xff", "\x80"};
  for (std::size_t run = 0; run < 6; ++run) {
    std::string chinese;
    for (std::size_t i = 0; i < run; ++i) chinese += "贷";
    for (const auto& piece : valid) {
      for (const std::string& after : {std::string(), std::string("款"), std::string("a"), std::string("\"")}) {
        const std::string text = chinese + piece + after;
        CAPTURE(run, text);
        CHECK(written(json(text)) == json(text).dump());
      }
    }
    for (const auto& piece : invalid) {
      for (const std::string& after : {std::string(), std::string("款"), std::string("a")}) {
        const std::string text = chinese + piece + after;
        CAPTURE(run, text);
        const std::string out = written(json(std::string_view(text)));
        CHECK(out.find("\xef\xbf\xbd") != std::string::npos);  // repaired, not copied
        CHECK_NOTHROW(json::parse(out));
      }
    }
  }
}
