// Fuzzes WXBizMsgCrypt decryption (bot/channels/wechat_cipher.h) and base64 (bot/channels/base64.h)
// with the WeCom test key, so inputs get past AES into unpadding and the length and receive-id checks.
// The first byte picks what the rest is:
//   0  a base64 <Encrypt> value, decrypted as received (the base64 path and everything after it)
//   1  a decrypted plaintext (random16 || length || message || receive id || padding, cut to whole
//      AES blocks): encrypted with the raw key and no padding of its own, then decrypted
//   2  bytes for base64: encode/decode round trips, and decoding the bytes as text
//   3  a message: encrypt then decrypt must give it back
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "bot/channels/base64.h"
#include "bot/channels/wechat_cipher.h"
#include "tests/channels/aes_test_support.h"
#include "tests/fuzz/fuzz_check.h"

using namespace intake::channels;

namespace {

// The wechatpy WeCom vector (tests/channels/wechat_cipher_test.cpp).
constexpr std::string_view encoding_aes_key = "kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR";
constexpr std::string_view corp_id = "wx49f0ab532d5d035a";

const wechat_cipher& checked_cipher() {
  static const wechat_cipher cipher(encoding_aes_key, std::string(corp_id));
  return cipher;
}

const wechat_cipher& unchecked_cipher() {  // empty receive id: WeCom AI-bot callbacks
  static const wechat_cipher cipher(encoding_aes_key, "");
  return cipher;
}

const std::string& raw_key() {
  static const std::string key = base64_decode(std::string(encoding_aes_key) + "=").value();
  return key;
}

void decrypt_both(std::string_view base64) {
  std::string error;
  const auto checked = checked_cipher().decrypt(base64, &error);
  FUZZ_CHECK(checked.has_value() == error.empty());
  const auto unchecked = unchecked_cipher().decrypt(base64);
  if (checked) FUZZ_CHECK(unchecked && *unchecked == *checked);  // the id check only ever refuses more
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 4) {
    case 0:
      decrypt_both(rest);
      break;
    case 1: {
      const std::string_view plain = rest.substr(0, rest.size() / 16 * 16);
      if (plain.empty()) break;
      const std::string_view iv = std::string_view(raw_key()).substr(0, 16);
      decrypt_both(base64_encode(intake::channels::test::aes_256_cbc_encrypt(raw_key(), iv, plain)));
      break;
    }
    case 2: {
      const std::string encoded = base64_encode(rest);
      FUZZ_CHECK(encoded.size() == (rest.size() + 2) / 3 * 4);
      const auto decoded = base64_decode(encoded);
      FUZZ_CHECK(decoded && *decoded == rest);
      if (const auto as_text = base64_decode(rest)) {
        FUZZ_CHECK(as_text->size() <= rest.size() / 4 * 3);
        FUZZ_CHECK(base64_decode(base64_encode(*as_text)) == *as_text);
      }
      break;
    }
    default: {
      const std::string_view random16 = "0123456789abcdef";
      const std::string encrypted = checked_cipher().encrypt(rest, random16);
      const auto back = checked_cipher().decrypt(encrypted);
      FUZZ_CHECK(back && *back == rest);
      const auto unchecked_back = unchecked_cipher().decrypt(unchecked_cipher().encrypt(rest, random16));
      FUZZ_CHECK(unchecked_back && *unchecked_back == rest);
      break;
    }
  }
  return 0;
}
