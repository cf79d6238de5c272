#include <catch2/catch.hpp>

#include "bot/engine/validators/phone_validator.h"

using intake::engine::validate_phone;

TEST_CASE("A mobile number is accepted in every common written form", "[engine][validators]") {
  for (const char* input : {"13800138000", "138 0013 8000", "138-0013-8000", "+86 138 0013 8000", "+8613800138000",
                            "+86-138-0013-8000", "008613800138000", "0086 138 0013 8000", "8613800138000",
                            "86 138 0013 8000", "(+86) 13800138000", "138—0013—8000"}) {
    INFO(input);
    const auto result = validate_phone(input);
    REQUIRE(result.ok());
    CHECK(result.value() == "13800138000");
  }
}

TEST_CASE("Mobile numbers with every second digit from 3 to 9 are accepted", "[engine][validators]") {
  for (const char* input : {"13012345678", "14512345678", "15912345678", "16612345678", "17712345678", "18812345678",
                            "19912345678"}) {
    INFO(input);
    const auto result = validate_phone(input);
    REQUIRE(result.ok());
    CHECK(result.value() == input);
  }
}

TEST_CASE("A landline with its area code is accepted and written area-local", "[engine][validators]") {
  struct sample {
    const char* input;
    const char* phone;
  };
  const sample samples[] = {
      {"0791-86123456", "0791-86123456"},
      {"0791 86123456", "0791-86123456"},
      {"(0791)86123456", "0791-86123456"},
      {"(0791) 8612 3456", "0791-86123456"},
      {"079186123456", "0791-86123456"},
      {"010-12345678", "010-12345678"},
      {"01012345678", "010-12345678"},
      {"021-1234567", "021-1234567"},
      {"020 87654321", "020-87654321"},
      {"0755-1234567", "0755-1234567"},
      {"+86 791 86123456", "0791-86123456"},  // international form drops the trunk 0
      {"+86 10 12345678", "010-12345678"},
      {"0086 21 12345678", "021-12345678"},
      {"+86 0791 86123456", "0791-86123456"},
  };
  for (const sample& s : samples) {
    INFO(s.input);
    const auto result = validate_phone(s.input);
    REQUIRE(result.ok());
    CHECK(result.value() == s.phone);
  }
}

TEST_CASE("A mobile-looking number with the wrong number of digits reports how many digits it has",
          "[engine][validators]") {
  struct sample {
    const char* input;
    int digits;
  };
  const sample samples[] = {
      {"1380013800", 10},
      {"138001380000", 12},
      {"138 0013 800", 10},
      {"+86 1380013800", 10},
      {"861380013800", 10},
      {"138", 3},
  };
  for (const sample& s : samples) {
    INFO(s.input);
    const auto result = validate_phone(s.input);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().key == "error.phone.mobile_length");
    CHECK(result.error().args == nlohmann::json{{"digits", s.digits}});
  }
}

TEST_CASE("A 7 or 8 digit number without an area code is rejected as missing its area code",
          "[engine][validators]") {
  for (const char* input : {"86123456", "8612 3456", "8612345", "2345-6789"}) {
    INFO(input);
    const auto result = validate_phone(input);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().key == "error.phone.no_area_code");
    CHECK(result.error().args == nlohmann::json::object());
  }
}

TEST_CASE("Anything else is rejected as a format error", "[engine][validators]") {
  for (const char* input : {"12800138000", "11012345678", "abc", "", " ", "--", "138o0138000", "13800138000 转 123",
                            "+1 650 253 0000", "+44 20 7946 0958", "0791-861234", "0791-861234567", "011-12345678",
                            "001-2345678", "((0791))86123456", "0791)86123456(", "138+00138000", "400-123-4567",
                            "123456", "+86", "0"}) {
    INFO(input);
    const auto result = validate_phone(input);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().key == "error.phone.format");
    CHECK(result.error().args == nlohmann::json::object());
  }
}
