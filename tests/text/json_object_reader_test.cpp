#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <string>

#include "bot/text/json_object_reader.h"

using intake::text::json_object_reader;
using nlohmann::json;

namespace {

bool nlohmann_accepts(const std::string& text) { return !json::parse(text, nullptr, false).is_discarded(); }

}  // namespace

TEST_CASE("The object reader takes the top-level string members of a client frame, unescaped", "[text][json]") {
  const json_object_reader frame(R"( {"type": "message", "text": "南昌\"小吃\"\\店\n\u4e2d\ud83d\ude00", "id": "m1", "n": 3,
                                     "nested": {"type": "inner", "list": [1, {"text": "deep"}]}, "flag": true, "nothing": null} )");
  REQUIRE(frame.valid());
  REQUIRE(frame.is_object());
  CHECK(*frame.string_member("type") == "message");
  CHECK(*frame.string_member("text") == "南昌\"小吃\"\\店\n中\xF0\x9F\x98\x80");
  CHECK(*frame.string_member("id") == "m1");
  CHECK(frame.string_member("n") == nullptr);
  CHECK(frame.has_member("n"));
  CHECK(frame.has_member("nested"));
  CHECK(frame.string_member("nested") == nullptr);
  CHECK(frame.has_member("flag"));
  CHECK(frame.has_member("nothing"));
  CHECK_FALSE(frame.has_member("list"));  // nested members are not the top level's
  CHECK_FALSE(frame.has_member("missing"));
}

TEST_CASE("A name given twice counts with its last value, as in nlohmann", "[text][json]") {
  const json_object_reader twice(R"({"type": "hello", "type": "message", "id": "a", "id": 7})");
  REQUIRE(twice.valid());
  CHECK(*twice.string_member("type") == "message");
  CHECK(twice.string_member("id") == nullptr);
  CHECK(twice.has_member("id"));
}

TEST_CASE("The object reader accepts exactly the texts nlohmann accepts", "[text][json]") {
  const std::string texts[] = {
      "{}", "[]", "\"x\"", "0", "-0", "1.5e+3", "1E-400", "true", "null", " \t\r\n{ } ", "\xEF\xBB\xBF{\"a\":1}", "[[[[]]]]",
      R"({"a":[1,2,{"b":[]}],"c":{}})", "123456789012345678901234567890", "{\"\":\"\"}", "\"\\u0000\"", "\"\x7f\"",
      // and refused:
      "", " ", "{", "}", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "[1,]", "[,1]", "{,}", "{\"a\" 1}", "01", "1.", ".5", "+1", "-", "1e",
      "1e+", "--1", "1E400", "-1e999", "tru", "nul", "True", "{'a':1}", "{a:1}", "\"unterminated", "\"\\x\"", "\"\\u12\"",
      "\"\\u12G4\"", "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"", std::string("\"a\x01\""), std::string("\"\x00\"", 3), "\"\xC3\"",
      "\"\xED\xA0\x80\"", "{} {}", "{}x", "\xEF\xBB{}", "\xEF\xBB\xBF", "/* */{}", "[1 2]", "{\"a\":1 \"b\":2}",
      // Built by appending: GCC 12 warns wrongly (-Wrestrict) about operator+ here.
      std::string(300, '[').append(300, ']'), std::string(300, '[').append(299, ']'), std::string("1").append(400, '0'),
      std::string("0.").append(400, '0').append("1"), std::string("0\0\x14-\0\xff", 6), std::string("{\0}", 3),
      std::string("\"a\0\"", 4),
  };
  for (const auto& text : texts) {
    INFO(text);
    const json_object_reader reader(text);
    CHECK(reader.valid() == nlohmann_accepts(text));
    if (reader.valid()) CHECK(reader.is_object() == json::parse(text).is_object());
  }
}

TEST_CASE("A text that is not JSON, or not an object, has no members", "[text][json]") {
  const json_object_reader broken(R"({"type": "message", "text": "x",)");
  CHECK_FALSE(broken.valid());
  CHECK_FALSE(broken.is_object());
  CHECK_FALSE(broken.has_member("type"));
  const json_object_reader list(R"([{"type": "message"}])");
  CHECK(list.valid());
  CHECK_FALSE(list.is_object());
  CHECK_FALSE(list.has_member("type"));
}
