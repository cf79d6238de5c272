#include <catch2/catch.hpp>

#include <string>

#include "bot/engine/validators/credit_code_validator.h"

using intake::engine::validate_credit_code;

// Expected check characters were computed independently (python3, GB 32100-2015 weights), not by
// the code under test.

TEST_CASE("A valid credit code is accepted and returned in upper case", "[engine][validators]") {
  struct sample {
    const char* input;
    const char* code;
  };
  const sample samples[] = {
      {"91350100m000100y43", "91350100M000100Y43"},
      {"914403001922038216", "914403001922038216"},
      {"9144030071526726xg", "9144030071526726XG"},
      {"91330100716105852f", "91330100716105852F"},
      {"91110000802100433b", "91110000802100433B"},
      {"91310000ma1fl1234q", "91310000MA1FL1234Q"},
  };
  for (const sample& s : samples) {
    INFO(s.input);
    const auto result = validate_credit_code(s.input);
    REQUIRE(result.ok());
    CHECK(result.value() == s.code);
  }
}

TEST_CASE("A credit code whose weighted sum is a multiple of 31 has check character 0", "[engine][validators]") {
  const auto result = validate_credit_code("913201000000000280");
  REQUIRE(result.ok());
  CHECK(result.value() == "913201000000000280");
}

TEST_CASE("Spaces and dashes inside a credit code are ignored", "[engine][validators]") {
  for (const char* input : {"9135 0100 m000 100y 43", "91350100-m000100y4-3", "913501-00m000-100y43"}) {
    INFO(input);
    const auto result = validate_credit_code(input);
    REQUIRE(result.ok());
    CHECK(result.value() == "91350100M000100Y43");
  }
}

TEST_CASE("A credit code that is not 18 characters long is rejected with its length", "[engine][validators]") {
  struct sample {
    const char* input;
    int length;
  };
  const sample samples[] = {
      {"91350100m000100y4", 17},
      {"91350100m000100y430", 19},
      {"", 0},
      {"9135 0100 m000 100y 4", 17},
      {"91350100mo00100y4", 17},  // length is checked before characters
      {"统一社会信用代码", 8},       // counted in characters, not bytes
  };
  for (const sample& s : samples) {
    INFO(s.input);
    const auto result = validate_credit_code(s.input);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().key == "error.credit_code.length");
    CHECK(result.error().args == nlohmann::json{{"length", s.length}});
  }
}

TEST_CASE("A credit code with a character outside the charset names the first such character", "[engine][validators]") {
  struct sample {
    const char* input;
    int position;
    const char* character;
  };
  const sample samples[] = {
      {"91350100mo00100y43", 10, "O"},  // letter O typed for the digit 0
      {"91350100mo0010sy43", 10, "O"},  // the first bad character wins
      {"i1350100m000100y43", 1, "I"},
      {"91350100m000100y4z", 18, "Z"},
      {"91350100m000100v43", 16, "V"},
      {"91350100号000100y43", 9, "号"},
      {"91350100m000100y4.", 18, "."},
  };
  for (const sample& s : samples) {
    INFO(s.input);
    const auto result = validate_credit_code(s.input);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().key == "error.credit_code.character");
    CHECK(result.error().args == nlohmann::json{{"position", s.position}, {"character", s.character}});
  }
}

TEST_CASE("A credit code with a wrong check character is rejected", "[engine][validators]") {
  for (const char* input : {"91350100m000200y43", "91350100m000100y44", "914403001922038217", "9144030071526726xh"}) {
    INFO(input);
    const auto result = validate_credit_code(input);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().key == "error.credit_code.check");
    CHECK(result.error().args == nlohmann::json::object());
  }
}
