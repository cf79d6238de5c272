#include "bot/channels/wechat_cipher.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>

#include "bot/channels/base64.h"
#include "bot/channels/wechat_signature.h"
#include "tests/channels/aes_test_support.h"

using intake::channels::base64_decode;
using intake::channels::base64_encode;
using intake::channels::wechat_cipher;
using intake::channels::wechat_signature;

namespace {

// The wechatpy WeCom vector: token 123456, CorpID wx49f0ab532d5d035a.
constexpr std::string_view key = "kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR";
constexpr std::string_view corp_id = "wx49f0ab532d5d035a";
constexpr std::string_view echostr =
    "4ByGGj+sVCYcvGeQYhaKIk1o0pQRNbRjxybjTGblXrBaXlTXeOo1+bXFXDQQb1o6co6Yh9Bv41n7hOchLF6p+Q==";
constexpr std::string_view echo_plaintext = "5927782489442352469";

std::string raw_key() { return base64_decode(std::string(key) + "=").value(); }

// WXBizMsgCrypt plaintext with an arbitrary length field and padding, encrypted with the real key,
// so the checks after AES can be reached with values no honest sender writes.
std::string craft(std::uint32_t length_field, std::string_view body, std::string_view padding) {
  std::string plain = "0123456789abcdef";
  for (int shift = 24; shift >= 0; shift -= 8) plain += static_cast<char>((length_field >> shift) & 0xFF);
  plain.append(body);
  plain.append(padding);
  const auto k = raw_key();
  return base64_encode(intake::channels::test::aes_256_cbc_encrypt(k, std::string_view(k).substr(0, 16), plain));
}

// n bytes of UTF-8: as many three-byte Chinese characters as fit, then ASCII to make up the count.
std::string chinese_text(std::size_t bytes) {
  static constexpr std::string_view characters[] = {"中", "文", "测", "试", "你", "好"};
  std::string text;
  for (std::size_t i = 0; text.size() + 3 <= bytes; ++i) text += characters[i % std::size(characters)];
  while (text.size() < bytes) text += 'x';
  return text;
}

}  // namespace

TEST_CASE("A malformed EncodingAESKey is refused at construction", "[wechat]") {
  CHECK_NOTHROW(wechat_cipher(key, std::string(corp_id)));
  CHECK_THROWS_AS(wechat_cipher(key.substr(0, 42), ""), std::invalid_argument);
  CHECK_THROWS_AS(wechat_cipher(std::string(key) + "A", ""), std::invalid_argument);
  CHECK_THROWS_AS(wechat_cipher(std::string(key.substr(0, 42)) + "=", ""), std::invalid_argument);
  CHECK_THROWS_AS(wechat_cipher(std::string(key.substr(0, 42)) + "-", ""), std::invalid_argument);
  CHECK_THROWS_AS(wechat_cipher(std::string(key.substr(0, 20)) + " " + std::string(key.substr(21)), ""),
                  std::invalid_argument);
  CHECK_THROWS_AS(wechat_cipher("", ""), std::invalid_argument);
}

TEST_CASE("The key's unused trailing bits are ignored, as Tencent's sample keys need", "[wechat]") {
  // 'R' and 'S' differ only in the low two bits that fall outside the 32 bytes.
  const std::string other_tail = std::string(key.substr(0, 42)) + "S";
  const wechat_cipher cipher(other_tail, std::string(corp_id));
  CHECK(cipher.decrypt(echostr) == std::string(echo_plaintext));
}

TEST_CASE("Encrypt then decrypt round-trips Chinese text of 1, 31, 32, 33 and 5000 bytes", "[wechat][wecom]") {
  const wechat_cipher cipher(key, std::string(corp_id));
  for (std::size_t size : {1u, 31u, 32u, 33u, 5000u}) {
    const auto text = chinese_text(size);
    INFO("message of " << size << " bytes");
    REQUIRE(text.size() == size);
    CHECK(cipher.decrypt(cipher.encrypt(text)) == text);
    CHECK(cipher.decrypt(cipher.encrypt(text, "aaaabbbbccccdddd")) == text);
  }
  CHECK(cipher.decrypt(cipher.encrypt("")) == std::string());
  CHECK(cipher.decrypt(cipher.encrypt("😀 emoji, four bytes each 🀄")) == "😀 emoji, four bytes each 🀄");
}

TEST_CASE("Padding fills to 32-byte blocks, and an aligned plaintext gets a whole block more", "[wechat]") {
  const wechat_cipher cipher(key, std::string(corp_id));
  for (std::size_t size = 0; size <= 100; ++size) {
    INFO("message of " << size << " bytes");
    const std::string message(size, 'm');
    const auto encrypted = cipher.encrypt(message, "1234567890123456");
    const auto unpadded = 16 + 4 + size + corp_id.size();
    CHECK(base64_decode(encrypted)->size() == (unpadded / 32 + 1) * 32);
    CHECK(cipher.decrypt(encrypted) == message);
  }
}

TEST_CASE("Random encryption differs each time and both decrypt", "[wechat]") {
  const wechat_cipher cipher(key, std::string(corp_id));
  const auto first = cipher.encrypt("hello");
  const auto second = cipher.encrypt("hello");
  CHECK(first != second);
  CHECK(cipher.decrypt(first) == "hello");
  CHECK(cipher.decrypt(second) == "hello");
  CHECK_THROWS_AS(cipher.encrypt("hello", "short"), std::invalid_argument);
  CHECK_THROWS_AS(cipher.encrypt("hello", "1234567890123456X"), std::invalid_argument);
}

TEST_CASE("A wrong receive id is refused, and an empty configured id accepts any", "[wecom]") {
  std::string error;
  CHECK_FALSE(wechat_cipher(key, "wx49f0ab532d5d035b").decrypt(echostr, &error));
  CHECK(error == "receive id mismatch");
  CHECK_FALSE(wechat_cipher(key, "wx49f0ab532d5d035").decrypt(echostr));   // a prefix is not enough
  CHECK_FALSE(wechat_cipher(key, "wx49f0ab532d5d035aa").decrypt(echostr));  // nor is a longer id
  CHECK(wechat_cipher(key, "").decrypt(echostr) == std::string(echo_plaintext));
  CHECK(wechat_cipher(key, std::string(corp_id)).receive_id() == corp_id);
}

TEST_CASE("A wrong key does not decrypt", "[wecom]") {
  const wechat_cipher cipher("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", std::string(corp_id));
  std::string error;
  CHECK_FALSE(cipher.decrypt(echostr, &error));
  CHECK_FALSE(error.empty());
}

TEST_CASE("Tampered ciphertext fails the signature, and a tampered last block fails the padding", "[wecom]") {
  const std::string token = "123456";
  const std::string timestamp = "1411443780";
  const std::string nonce = "437374425";
  const std::string signature = "dd6b9c95b495b3f7e2901bfbc76c664930ffdb96";
  REQUIRE(wechat_signature({token, timestamp, nonce, std::string(echostr)}) == signature);

  // CBC has no integrity of its own: the signature over Encrypt is what catches tampering.
  for (std::size_t i = 0; i + 2 < echostr.size(); ++i) {
    std::string tampered(echostr);
    tampered[i] = tampered[i] == 'A' ? 'B' : 'A';
    INFO("changed character " << i);
    CHECK(wechat_signature({token, timestamp, nonce, tampered}) != signature);
  }

  // Decrypting tampered text anyway never crashes or throws; a changed last block breaks the padding.
  const wechat_cipher cipher(key, std::string(corp_id));
  auto bytes = *base64_decode(echostr);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    auto tampered = bytes;
    tampered[i] = static_cast<char>(tampered[i] ^ 0x01);
    INFO("flipped a bit of byte " << i);
    CHECK_NOTHROW(cipher.decrypt(base64_encode(tampered)));
    if (i >= bytes.size() - 16) {
      std::string error;
      CHECK_FALSE(cipher.decrypt(base64_encode(tampered), &error));
      CHECK(error == "bad padding");
    }
  }
}

TEST_CASE("Truncated or garbage base64 returns nullopt with a reason, without a crash", "[wechat][wecom]") {
  const wechat_cipher cipher(key, std::string(corp_id));
  const std::string bad_length = "bad length: ciphertext is not a non-zero multiple of 16 bytes";
  const std::pair<std::string, std::string> cases[] = {
      {"", bad_length},
      {"abc", "bad base64"},
      {"!!!!", "bad base64"},
      {"====", "bad base64"},
      {"AB=C", "bad base64"},
      {std::string(echostr.substr(0, echostr.size() - 1)), "bad base64"},
      {std::string(echostr.substr(0, echostr.size() - 4)), bad_length},
      {std::string(echostr.substr(0, 20)) + " " + std::string(echostr.substr(21)), "bad base64"},
      {std::string(echostr) + "\n", "bad base64"},
      {base64_encode(std::string(15, 'x')), bad_length},
      {base64_encode(std::string(17, 'x')), bad_length},
  };
  for (const auto& [input, reason] : cases) {
    INFO("input '" << input << "'");
    std::string error;
    CHECK_FALSE(cipher.decrypt(input, &error));
    CHECK(error == reason);
  }
  // The first 16 bytes alone are a block of the right size but hold no padding that fits.
  CHECK_FALSE(cipher.decrypt(base64_encode(base64_decode(echostr)->substr(0, 16))));
  // Arbitrary blocks of every size up to 128 bytes: no crash, no exception, no message.
  for (std::size_t size = 16; size <= 128; size += 16) {
    CHECK_FALSE(cipher.decrypt(base64_encode(std::string(size, '\x5A'))));
  }
  CHECK_NOTHROW(cipher.decrypt(std::string(1 << 16, '/')));
}

TEST_CASE("Decrypted plaintext is checked: padding, header size, length field", "[wechat][wecom]") {
  const wechat_cipher cipher(key, std::string(corp_id));
  const auto reason = [&](const std::string& encrypted) {
    std::string error;
    const auto plain = cipher.decrypt(encrypted, &error);
    return plain ? "decrypted: " + *plain : error;
  };
  const std::string id(corp_id);
  // 20 + 5 + 18 = 43 bytes, so 21 bytes of padding fill two blocks.
  CHECK(reason(craft(5, "hello" + id, std::string(21, '\x15'))) == "decrypted: hello");
  CHECK(reason(craft(5, "hello" + id, std::string(20, '\x15') + '\x00')) == "bad padding");     // pad value 0
  CHECK(reason(craft(5, "hello" + id, std::string(20, '\x14') + '\x15')) == "bad padding");     // mixed bytes
  CHECK(reason(craft(5, "hello" + id + std::string(10, 'z'), std::string(11, '\x21'))) == "bad padding");  // 33
  CHECK(reason(craft(5, "hello" + id, std::string(21, '\x1E'))) == "bad padding");  // claims more than is there
  // A 16-byte-block unpad would accept this; the 32-byte rule takes 30 bytes of padding here.
  CHECK(reason(craft(12, "hello, world" + id, std::string(30, '\x1E'))) == "decrypted: hello, world");
  CHECK(reason(craft(0xFFFFFFFFu, "hello" + id, std::string(21, '\x15'))) == "length field out of range");
  CHECK(reason(craft(24, "hello" + id, std::string(21, '\x15'))) == "length field out of range");
  // The length field decides where the receive id starts: here the id would be empty.
  CHECK(reason(craft(23, "hello" + id, std::string(21, '\x15'))) == "receive id mismatch");
  CHECK(wechat_cipher(key, "").decrypt(craft(23, "hello" + id, std::string(21, '\x15'))) == "hello" + id);
  CHECK(reason(craft(0, "", std::string(12, '\x0C'))) == "receive id mismatch");
  // Only 16 random bytes + 16 of padding: shorter than the 20-byte header.
  const auto k = raw_key();
  const auto short_plain = std::string(16, 'r') + std::string(16, '\x10');
  CHECK(reason(base64_encode(intake::channels::test::aes_256_cbc_encrypt(k, std::string_view(k).substr(0, 16),
                                                                         short_plain))) ==
        "bad length: plaintext shorter than its header");
  // A 16-byte ciphertext whose padding byte says 32: more than the whole plaintext.
  CHECK(reason(base64_encode(intake::channels::test::aes_256_cbc_encrypt(
            k, std::string_view(k).substr(0, 16), std::string(16, '\x20')))) == "bad padding");
}
