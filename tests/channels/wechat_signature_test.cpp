#include "bot/channels/wechat_signature.h"

#include <catch2/catch.hpp>

#include <string>

using intake::channels::constant_time_equal;
using intake::channels::wechat_signature;

TEST_CASE("The signature sorts its parts, so their order does not matter", "[wechat]") {
  const auto expected = wechat_signature({"789", "456", "123"});
  CHECK(expected == "f7c3bc1d808e04732adf679965ccc34ca7ae3441");  // SHA-1 of "123456789"
  CHECK(wechat_signature({"123", "789", "456"}) == expected);
  CHECK(wechat_signature({"456", "123", "789"}) == expected);
}

TEST_CASE("The signature sorts bytes as unsigned, so UTF-8 sorts after ASCII", "[wechat]") {
  // "é" is C3 A9: as signed char it would sort before "z" and the digest would be SHA-1("éz").
  CHECK(wechat_signature({"\xC3\xA9", "z"}) == "fc0f2af8bc6f472f53bc4d39c96b7e9b060bd56f");  // SHA-1("zé")
}

TEST_CASE("The signature is 40 lower-case hex digits, also for no parts", "[wechat]") {
  CHECK(wechat_signature({}) == "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  const auto signature = wechat_signature({"token", "1410685589", "nonce"});
  CHECK(signature.size() == 40);
  CHECK(signature.find_first_not_of("0123456789abcdef") == std::string::npos);
}

TEST_CASE("A wrong signature is refused, whatever differs", "[wechat]") {
  const auto good = wechat_signature({"test", "1410685589", "test"});
  REQUIRE(good == "f21891de399b4e33a1a93c9a7b8a8fffb5a443ff");
  CHECK(constant_time_equal(good, "f21891de399b4e33a1a93c9a7b8a8fffb5a443ff"));
  CHECK_FALSE(constant_time_equal(good, "f21891de399b4e33a1a93c9a7b8a8fffb5a443fe"));  // last digit
  CHECK_FALSE(constant_time_equal(good, "e21891de399b4e33a1a93c9a7b8a8fffb5a443ff"));  // first digit
  CHECK_FALSE(constant_time_equal(good, "F21891DE399B4E33A1A93C9A7B8A8FFFB5A443FF"));  // upper case
  CHECK_FALSE(constant_time_equal(good, "f21891de399b4e33a1a93c9a7b8a8fffb5a443f"));   // one short
  CHECK_FALSE(constant_time_equal(good, good + "0"));                                  // one long
  CHECK_FALSE(constant_time_equal(good, ""));
  // The token is part of the signature: another token, same timestamp and nonce, does not verify.
  CHECK_FALSE(constant_time_equal(wechat_signature({"tesT", "1410685589", "test"}), good));
}

TEST_CASE("Constant-time comparison compares bytes, including NUL and high bytes", "[wechat]") {
  CHECK(constant_time_equal("", ""));
  CHECK(constant_time_equal(std::string_view("a\0b", 3), std::string_view("a\0b", 3)));
  CHECK_FALSE(constant_time_equal(std::string_view("a\0b", 3), std::string_view("a\0c", 3)));
  CHECK(constant_time_equal("\xFF\x80", "\xFF\x80"));
  CHECK_FALSE(constant_time_equal("\xFF\x80", "\xFF\x81"));
}
