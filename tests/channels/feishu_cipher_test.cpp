#include "bot/channels/feishu_cipher.h"

#include <catch2/catch.hpp>

#include <string>

#include <openssl/evp.h>

#include "bot/channels/base64.h"
#include "tests/channels/aes_test_support.h"

using intake::channels::base64_decode;
using intake::channels::base64_encode;
using intake::channels::feishu_decrypt;

namespace {

constexpr std::string_view doc_key = "test key";
constexpr std::string_view doc_encrypt = "P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=";

// What Feishu sends: base64(iv || AES-256-CBC(SHA-256(key), iv, PKCS#7(plaintext))).
std::string feishu_encrypt(std::string_view key, std::string_view iv16, std::string_view plaintext) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(key.data(), key.size(), digest, &size, EVP_sha256(), nullptr);
  const std::string aes_key(reinterpret_cast<const char*>(digest), size);
  return base64_encode(std::string(iv16) + intake::channels::test::aes_256_cbc_encrypt(aes_key, iv16, plaintext, true));
}

}  // namespace

TEST_CASE("The Feishu documentation example decrypts to hello world", "[feishu]") {
  CHECK(feishu_decrypt(doc_key, doc_encrypt) == "hello world");
}

TEST_CASE("Feishu events of any length round-trip, Chinese JSON included", "[feishu]") {
  const std::string iv = "0123456789abcdef";
  const std::string texts[] = {"", "x", std::string(15, 'a'), std::string(16, 'a'), std::string(17, 'a'),
                               R"({"schema":"2.0","event":{"message":{"content":"{\"text\":\"你好\"}"}}})"};
  for (const auto& text : texts) {
    INFO("plaintext '" << text << "'");
    CHECK(feishu_decrypt("my encrypt key", feishu_encrypt("my encrypt key", iv, text)) == text);
  }
}

TEST_CASE("A wrong Feishu key, tampered or malformed data returns nullopt", "[feishu]") {
  CHECK_FALSE(feishu_decrypt("test kez", doc_encrypt));
  CHECK_FALSE(feishu_decrypt("", doc_encrypt));

  auto bytes = *base64_decode(doc_encrypt);
  bytes.back() = static_cast<char>(bytes.back() ^ 0x01);  // breaks the padding
  CHECK_FALSE(feishu_decrypt(doc_key, base64_encode(bytes)));

  const auto data = *base64_decode(doc_encrypt);
  CHECK_FALSE(feishu_decrypt(doc_key, ""));
  CHECK_FALSE(feishu_decrypt(doc_key, "not base64!"));
  CHECK_FALSE(feishu_decrypt(doc_key, doc_encrypt.substr(0, doc_encrypt.size() - 4)));
  CHECK_FALSE(feishu_decrypt(doc_key, base64_encode(data.substr(0, 16))));        // IV only
  CHECK_FALSE(feishu_decrypt(doc_key, base64_encode(data.substr(0, 31))));        // not block-aligned
  CHECK_FALSE(feishu_decrypt(doc_key, base64_encode(data + std::string(8, 'x'))));
  for (std::size_t size = 0; size <= 96; ++size) {
    CHECK_NOTHROW(feishu_decrypt(doc_key, base64_encode(std::string(size, '\x10'))));
  }
}
